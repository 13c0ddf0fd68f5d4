"""Command-line interface: ``rumeur <command>``; one module per command group."""

from __future__ import annotations

import importlib
import sys

from rumeur.cli.app import app

#: command modules; each attaches its commands to :data:`rumeur.cli.app.app` on import
COMMAND_MODULES = (
    "project",
    "ingest",
    "mentions",
    "report",
    "demo",
    "nlp",
    "collect",
    "metrics",
    "polls",
    "alerts",
    "privacy",
    "audit_site",
    "audit_conduct",
    "audit",
    "labels",
    "server",
)


def _load() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"rumeur.cli.{name}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``rumeur`` script."""
    from rumeur.errors import RumeurError

    _load()
    try:
        app(args=argv, prog_name="rumeur", standalone_mode=True)
    except RumeurError as err:  # errors raised outside Typer's own handling
        from rumeur.cli._common import print_error

        print_error(err)
        sys.exit(err.exit_code)


__all__ = ["app", "main"]
