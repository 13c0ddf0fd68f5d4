"""``rumeur audit``: the brand's conduct and trust factors, and the authenticity of what
is said about it, with evidence (``site`` in :mod:`rumeur.cli.audit_site`,
``authenticity`` here)."""

from __future__ import annotations

from typing import Annotated

import typer

from rumeur.cli._common import JsonOption, ProjectOption, console, emit_json, open_workspace
from rumeur.cli.app import app

audit_app = typer.Typer(
    help="Audits avec preuves : la conduite de la marque (conduct), son site (site), les faux "
    "éloges et campagnes coordonnées (authenticity).",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")


@audit_app.command(
    "authenticity",
    epilog="Exemples :\n\n  rumeur audit authenticity --brand nexa\n\n"
    "  rumeur audit authenticity --since 2025-09-01 --json > suspects.json",
)
def authenticity_cmd(
    brand: Annotated[
        list[str] | None, typer.Option("--brand", "-b", help="Id de marque (répétable).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="À partir de cette date (incluse).")] = None,
    until: Annotated[str | None, typer.Option(help="Jusqu'à cette date (exclue).")] = None,
    lang: Annotated[
        str | None, typer.Option(help="fr ou en (par défaut : celle du projet).")
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Faux éloges, campagnes coordonnées, avalanches d'avis : mentions, comptes et campagnes
    suspects au-dessus du seuil par défaut, chacun avec ses raisons. ``--json`` écrit un
    objet {mentions, accounts, campaigns}."""
    from rumeur.audits.authenticity.summary import summary

    with open_workspace(project) as ws:
        result = ws.audit_authenticity(brands=brand or (), since=since, until=until)
        language, tz = ws.project.language, ws.project.timezone
    if json_:
        emit_json(result.to_dict())
        return
    console.print(summary(result, lang or language, tz), markup=False)
