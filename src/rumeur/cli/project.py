"""``rumeur init``: create a project folder with a commented rumeur.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rumeur.cli._common import JsonOption, ProjectOption, console, emit_json, open_workspace
from rumeur.cli.app import app


@app.command(
    "init",
    epilog="Examples:\n\n"
    "  rumeur init                      # rumeur.toml in the current folder\n\n"
    "  rumeur init veille-telecom --name 'Veille télécom'",
)
def init(
    folder: Annotated[Path, typer.Argument(help="Project folder (created if needed).")] = Path(),
    name: Annotated[str, typer.Option(help="Project name shown in reports.")] = "Ma marque",
    force: Annotated[bool, typer.Option(help="Overwrite an existing rumeur.toml.")] = False,
    project: Annotated[
        Path | None, typer.Option("--project", "-p", help="Same as FOLDER.", show_default=False)
    ] = None,
) -> None:
    """Create a project: a commented rumeur.toml to edit (brands, sources...)."""
    from rumeur import config
    from rumeur.workspace import Workspace

    folder = project if project is not None else folder
    target = folder / config.CONFIG_NAME
    if target.exists() and not force:
        console.print(f"{target} exists already: nothing written (use --force).", style="yellow")
        raise typer.Exit(1)
    Workspace.init(folder, name=name, force=force).close()
    console.print(f"Wrote {target}. Edit the brands, then: rumeur import FILE")


@app.command(
    "retention",
    epilog="Examples:\n\n  rumeur retention --dry-run     # what would be deleted\n\n"
    "  rumeur retention               # delete it (cron it, e.g. nightly)",
)
def retention(
    dry_run: Annotated[bool, typer.Option(help="Count only; delete nothing.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Apply the [retention] settings of rumeur.toml: delete older mentions (with their
    enrichments, aggregates and alerts), raw items and archived files, and quarantined
    rows (defaults: mentions and raw kept forever, quarantine 90 days)."""
    with open_workspace(project) as ws:
        purged = ws.retention(dry_run=dry_run)
    if json_:
        emit_json([{"table": p.table, "cutoff": p.cutoff, "rows": p.rows} for p in purged])
        return
    verb = "would delete" if dry_run else "deleted"
    for p in purged:
        if p.table == "raw archives (orphans)":  # rumeur.storage.retention.ORPHANS
            console.print(f"{p.table}: {verb} {p.rows} file(s) no row points to")
            continue
        when = f"older than {p.cutoff:%Y-%m-%d}" if p.cutoff else "kept forever (0 days)"
        console.print(
            f"{p.table}: {verb} {p.rows} row(s) {when}" if p.cutoff else f"{p.table}: {when}"
        )
