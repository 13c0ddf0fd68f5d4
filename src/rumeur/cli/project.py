"""``rumeur init``: create a project folder with a commented rumeur.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rumeur import config
from rumeur.cli._common import console
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
) -> None:
    """Create a project: a commented [bold]rumeur.toml[/] to edit (brands, sources...)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / config.CONFIG_NAME
    if target.exists() and not force:
        console.print(f"[yellow]{target} exists already[/]: nothing written (use --force).")
        raise typer.Exit(1)
    target.write_text(config.template(name=name), encoding="utf-8")
    config.load(target)  # the template must always be valid
    console.print(f"Wrote [bold]{target}[/]. Edit the brands, then: rumeur import FILE")
