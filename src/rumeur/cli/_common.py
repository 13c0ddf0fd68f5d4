"""Helpers shared by the command modules: console, errors, project loading, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from rumeur import config
from rumeur.errors import RumeurError
from rumeur.ingest.dates import parse_date

if TYPE_CHECKING:
    from rumeur.workspace import Workspace

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


def open_workspace(path: Path | None) -> Workspace:
    """The Workspace of the project named by --project, else of the nearest rumeur.toml."""
    from rumeur.workspace import Workspace

    return Workspace(load_project(path))


def emit_json(data: Any) -> None:
    """Write ``data`` as JSON on stdout (datetimes as ISO 8601)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str, indent=2) + "\n")


def fail(err: RumeurError) -> typer.Exit:
    """Print ``err`` and return the Exit to raise."""
    print_error(err)
    return typer.Exit(err.exit_code)


class Steps:
    """A spinner with the current step's message, started on the first message and
    stopped before a progress bar takes the terminal (rich shows one live display)."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self._status: Any = None

    def say(self, message: str) -> None:
        if self.quiet:
            return
        if self._status is None:
            self._status = console.status(message)
            self._status.start()
        else:
            self._status.update(message)

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


@contextmanager
def enrich_bar(
    *, quiet: bool, steps: Steps | None = None
) -> Iterator[Callable[[str, int, int], None]]:
    """The ``progress`` callback of ``Workspace.enrich``: one bar per enricher, shown
    from the first call (after stopping ``steps``' spinner), none when ``quiet``."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, disable=quiet, transient=False,
    )  # fmt: skip
    tasks: dict[str, TaskID] = {}
    started = False

    def progress(key: str, done: int, total: int) -> None:
        nonlocal started
        if not started:
            if steps is not None:
                steps.stop()
            bar.start()
            started = True
        if key not in tasks:
            tasks[key] = bar.add_task(key, total=total)
        bar.update(tasks[key], completed=done, total=total)

    try:
        yield progress
    finally:
        if started:
            bar.stop()


def date_option(value: str | None, tz: str, option: str) -> datetime | None:
    """A date given on the command line (``--since``...), read in the project's time
    zone; a clear error names the option when it cannot be read."""
    if value is None:
        return None
    parsed = parse_date(value, timezone=tz)
    if parsed is None:
        raise RumeurError(
            f"{option}: cannot read the date {value!r}",
            hint="e.g. 2025-10-01, '2025-10-31 18:00' or '31/10/2025 18:00'",
        )
    return parsed
