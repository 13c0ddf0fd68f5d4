"""Helpers shared by the command modules: console, errors, project loading, JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from rumeur import config
from rumeur.errors import RumeurError

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        help="Project folder or rumeur.toml (default: the nearest rumeur.toml).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def print_error(err: RumeurError) -> None:
    """Print a RumeurError the way every command does: message, then hint."""
    err_console.print(f"[bold red]Erreur[/]: {err.message}", markup=True, soft_wrap=True)
    if err.hint:
        err_console.print(f"[dim]→ {err.hint}[/]", markup=True, soft_wrap=True)


def load_project(path: Path | None) -> config.Project:
    """The project named by --project, else the nearest rumeur.toml."""
    return config.load(path if path is not None else config.find())


def emit_json(data: Any) -> None:
    """Write ``data`` as JSON on stdout (datetimes as ISO 8601)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str, indent=2) + "\n")


def fail(err: RumeurError) -> typer.Exit:
    """Print ``err`` and return the Exit to raise."""
    print_error(err)
    return typer.Exit(err.exit_code)
