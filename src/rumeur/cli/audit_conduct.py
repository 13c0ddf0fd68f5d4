"""``rumeur audit conduct``: the brand's own behaviour against the public's red lines."""

from __future__ import annotations

from typing import Annotated

import typer

from rumeur.cli._common import JsonOption, ProjectOption, console, emit_json
from rumeur.cli.audit import audit_app


@audit_app.command(
    "conduct",
    epilog="Examples:\n\n  rumeur audit conduct\n\n"
    "  rumeur audit conduct --brand cerise --since 2025-09-01 --json",
)
def audit_conduct_cmd(
    brand: Annotated[
        str | None,
        typer.Option(
            "--brand", "-b", help="Brand id (default: the first that is not a competitor)."
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Start of the period (project's zone).")] = None,
    until: Annotated[str | None, typer.Option(help="End of the period (project's zone).")] = None,
    lang: Annotated[str | None, typer.Option(help="fr or en (default: the project's).")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Audit the brand's own accounts: posting frequency, unsolicited messages, wall
    spam, share of promotions against what the audience asks for, copy-paste between
    networks, answers to questions and complaints (rate and time), personal data, fake
    customers. Each finding has a severity, figures and the mentions as evidence; the
    0-100 score shows its weights."""
    from rumeur.audits.conduct.render import as_text
    from rumeur.workspace import Workspace

    with Workspace.open(project) as ws:
        language = lang or ws.project.language
        if language not in ("fr", "en"):
            raise typer.BadParameter(f"{language!r}: expected fr or en", param_hint="--lang")
        audit = ws.audit_conduct(brand=brand, since=since, until=until)
        tz = ws.project.timezone
    if json_:
        emit_json(audit.to_dict())
        return
    console.print(as_text(audit, language, tz), markup=False, highlight=False)
