"""``rumeur init``: create a project folder with a commented rumeur.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    emit_json,
    open_workspace,
    say,
    set_lang,
)
from rumeur.cli.app import app
from rumeur.messages import CATALOGUE, project_language


@app.command(
    "init",
    epilog="Exemples :\n\n"
    "  rumeur init                      # rumeur.toml dans le dossier courant\n\n"
    "  rumeur init veille-telecom --name 'Veille télécom'",
)
def init(
    folder: Annotated[Path, typer.Argument(help="Dossier du projet (créé au besoin).")] = Path(),
    name: Annotated[
        str, typer.Option(help="Nom du projet, affiché dans les rapports.")
    ] = "Ma marque",
    force: Annotated[bool, typer.Option(help="Remplace un rumeur.toml existant.")] = False,
    project: Annotated[
        Path | None, typer.Option("--project", "-p", help="Comme FOLDER.", show_default=False)
    ] = None,
) -> None:
    """Crée un projet : un rumeur.toml commenté, à modifier (marques, sources...)."""
    from rumeur import config
    from rumeur.workspace import Workspace

    folder = project if project is not None else folder
    target = folder / config.CONFIG_NAME
    set_lang(project_language(folder))  # an existing project's own language
    if target.exists() and not force:
        console.print(say("init.exists", target=target), style="yellow")
        raise typer.Exit(1)
    Workspace.init(folder, name=name, force=force).close()
    console.print(say("init.done", target=target))


@app.command(
    "retention",
    epilog="Exemples :\n\n  rumeur retention --dry-run     # ce qui serait supprimé\n\n"
    "  rumeur retention               # le supprimer (en tâche planifiée, chaque nuit)",
)
def retention(
    dry_run: Annotated[bool, typer.Option(help="Compte seulement ; ne supprime rien.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Applique la section [retention] de rumeur.toml : supprime les mentions plus anciennes
    (avec leurs enrichissements, agrégats et alertes), les éléments bruts et fichiers archivés,
    et les lignes en quarantaine (par défaut : mentions et bruts gardés sans limite,
    quarantaine 90 jours)."""
    with open_workspace(project) as ws:
        purged = ws.retention(dry_run=dry_run)
    if json_:
        emit_json([{"table": p.table, "cutoff": p.cutoff, "rows": p.rows} for p in purged])
        return
    verb = say("retention.would" if dry_run else "retention.did")
    for p in purged:
        table = say(f"table.{p.table}") if f"table.{p.table}" in CATALOGUE else p.table
        if p.table == "raw archives (orphans)":  # rumeur.storage.retention.ORPHANS
            console.print(say("retention.orphans", table=table, verb=verb, n=p.rows))
        elif p.cutoff:
            console.print(say("retention.older", table=table, verb=verb, n=p.rows,
                              cutoff=f"{p.cutoff:%Y-%m-%d}"))  # fmt: skip
        else:
            console.print(say("retention.forever", table=table))
