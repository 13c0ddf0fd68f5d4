"""``rumeur audit conduct``: the brand's own behaviour against the public's red lines."""

from __future__ import annotations

from typing import Annotated

import typer

from rumeur.cli._common import JsonOption, ProjectOption, console, emit_json
from rumeur.cli.audit import audit_app


@audit_app.command(
    "conduct",
    epilog="Exemples :\n\n  rumeur audit conduct\n\n"
    "  rumeur audit conduct --brand cerise --since 2025-09-01 --json",
)
def audit_conduct_cmd(
    brand: Annotated[
        str | None,
        typer.Option(
            "--brand",
            "-b",
            help="Id de la marque (par défaut : la première qui n'est pas un concurrent).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Début de la période (fuseau du projet).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Fin de la période (fuseau du projet).")] = None,
    lang: Annotated[
        str | None, typer.Option(help="fr ou en (par défaut : celle du projet).")
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Audite les comptes de la marque : fréquence de publication, messages non sollicités,
    spam sur les murs, part de promotions face à ce que demande le public, copier-coller
    entre réseaux, réponses aux questions et plaintes (taux et délai), données personnelles,
    faux clients. Chaque constat a une gravité, des chiffres et les mentions comme preuves ;
    le score sur 100 montre ses poids."""
    from rumeur.audits.conduct.render import as_text
    from rumeur.workspace import Workspace
    from rumeur.workspace.choices import check

    with Workspace.open(project) as ws:
        language = check("--lang", lang or ws.project.language, ("fr", "en"))
        audit = ws.audit_conduct(brand=brand, since=since, until=until)
        tz = ws.project.timezone
    if json_:
        emit_json(audit.to_dict())
        return
    console.print(as_text(audit, language, tz), markup=False, highlight=False)
