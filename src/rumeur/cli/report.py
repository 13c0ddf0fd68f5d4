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
    epilog="Exemples :\n\n  rumeur report                       # rapport.html, en français\n\n"
    "  rumeur report -o report-en.html --lang en --since 2025-09-01",
)
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Fichier HTML à écrire.")] = Path(
        "rapport.html"
    ),
    lang: Annotated[
        str | None, typer.Option(help="fr ou en (par défaut : celle du projet).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Début de la période.")] = None,
    until: Annotated[str | None, typer.Option(help="Fin de la période.")] = None,
    project: ProjectOption = None,
) -> None:
    """Écrit un rapport HTML autonome (lisible hors ligne : pas de CDN, graphiques intégrés)."""
    with open_workspace(project) as ws:
        path = ws.report(output, lang=lang, since=since, until=until)
    console.print(say("report.written", path=path.resolve()))
