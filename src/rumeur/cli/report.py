"""``rumeur report``: the HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rumeur.cli._common import (
    ProjectOption,
    console,
    open_workspace,
    say,
)
from rumeur.cli.app import app


@app.command(
    "report",
    epilog="Examples:\n\n  rumeur report                       # rapport.html, in French\n\n"
    "  rumeur report -o report-en.html --lang en --since 2025-09-01",
)
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "rapport.html"
    ),
    lang: Annotated[str | None, typer.Option(help="fr or en (default: the project's).")] = None,
    since: Annotated[str | None, typer.Option(help="Start of the period.")] = None,
    until: Annotated[str | None, typer.Option(help="End of the period.")] = None,
    project: ProjectOption = None,
) -> None:
    """Write a self-contained HTML report (works offline: no CDN, charts inline)."""
    with open_workspace(project) as ws:
        path = ws.report(output, lang=lang, since=since, until=until)
    console.print(say("report.written", path=path.resolve()))
