"""Helpers shared by the command modules: console, errors, project loading, JSON output."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rumeur.errors import RumeurError

if TYPE_CHECKING:
    from rumeur.config import Project
    from rumeur.numbers import Numbers
    from rumeur.workspace import Workspace

#: C0 and C1 control characters (but newline and tab), DEL, and the bidirectional
#: overrides that can disguise text: shown as escapes, never sent to the terminal raw
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` safe for a terminal: control characters and terminal escapes written as
    visible escapes (``\\x1b``), everything else verbatim."""
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def _safe_console(stderr: bool) -> Any:
    """A console that prints data as it is: no markup read in it (``[/b]``, ``[final]``
    stay), no emoji codes, and control characters neutralised (:func:`clean`)."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(clean(text), **kwargs)

    return SafeConsole(stderr=stderr, highlight=False, markup=False, emoji=False)


class _LazyConsole:
    """The rich console, made on first use (``rumeur --version`` does not load rich)."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Any = None

    @property
    def real(self) -> Any:
        """The rich Console itself (for rich objects that take one: Progress, Live)."""
        if self._console is None:
            self._console = _safe_console(self._stderr)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


console: Any = _LazyConsole(stderr=False)
err_console: Any = _LazyConsole(stderr=True)


def new_table(*columns: Any, **kwargs: Any) -> Any:
    """A rich Table (loaded when a command first draws one)."""
    from rich.table import Table

    return Table(*columns, **kwargs)


def _width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """Characters a rich table of these cells takes with no cell wrapped."""
    cols = list(zip(headers, *rows, strict=True))
    return sum(max(len(x) for c in col for x in str(c).split("\n")) + 3 for col in cols) + 1


def print_figures(headers: Sequence[str], rows: Sequence[Sequence[str]], **kwargs: Any) -> None:
    """Print a table of figures without the terminal wrapping a number in two: French
    groups digits with a narrow no-break space, and rich wraps at any space (``7 098,6``
    came out as ``7`` over ``098,6``). A figure with its interval stays on one line when
    the table fits the terminal; else each interval goes under its figure; else the digits
    are not grouped either."""
    width = console.width
    if _width(headers, rows) > width:
        rows = [[c.replace(" [", "\n[", 1) for c in r] for r in rows]
        if _width(headers, rows) > width:
            rows = [[c.replace("\u202f", "") for c in r] for r in rows]
    table = new_table(*headers, **kwargs)
    for r in rows:
        table.add_row(*r)
    console.print(table)


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        help="Dossier du projet ou son rumeur.toml (par défaut : le rumeur.toml le plus proche).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON, lisible par un programme.")]


#: the language of this run's messages (rumeur.messages.resolve, set when a command
#: line is read: its --lang, else its project's language, else French)
_LANG = ["fr"]


def set_lang(lang: str) -> None:
    _LANG[0] = lang if lang in ("fr", "en") else "fr"


def lang() -> str:
    """The language of this run's messages."""
    return _LANG[0]


def numbers() -> Numbers:
    """Numbers in this run's language, as the report writes them (:mod:`rumeur.numbers`):
    ``32,7 %``, ``1 361 528`` and ``−3,6`` in French, ``32.7%``, ``1,361,528`` in English."""
    from rumeur.numbers import numbers as of_language

    return of_language(_LANG[0])


def estimate(e: Any, *, pct: bool = True, digits: int = 1) -> str:
    """An estimate with its 95 % interval in this run's language: ``33,4 % [32,4 – 34,4]``
    (a share, ``pct``) or ``9,54 [4,04 – 19,37]``; ``—`` when it is undefined. ``e``: an
    ``Estimate`` or its ``to_dict()`` (undefined bounds are ``None`` there)."""
    d = e if isinstance(e, dict) else e.to_dict()
    value, lo, hi = (math.nan if d[k] is None else float(d[k]) for k in ("value", "lo", "hi"))
    return numbers().figure(value, lo, hi, digits, percent=pct)


def say(key: str, **kw: Any) -> str:
    """The catalogue's message ``key`` (rumeur.messages) in this run's language."""
    from rumeur.messages import t

    return t(key, _LANG[0], **kw)


def term(kind: str, key: str) -> str:
    """An identifier of the store (sentiment, quarantine reason...) in this run's
    language (rumeur.messages.term)."""
    from rumeur.messages import term as named

    return named(kind, key, _LANG[0])


def print_error(err: RumeurError) -> None:
    """Print a RumeurError the way every command does: message, then hint, in this
    run's language."""
    message, hint = err.render(_LANG[0])
    err_console.print(say("error", message=message), style="bold red", soft_wrap=True)
    if hint:
        err_console.print(say("hint", hint=hint), style="dim", soft_wrap=True)


def load_project(path: Path | None) -> Project:
    """The project named by --project, else the nearest rumeur.toml."""
    from rumeur import config

    return config.load(path if path is not None else config.find())


def open_workspace(path: Path | None) -> Workspace:
    """The Workspace of the project named by --project, else of the nearest rumeur.toml."""
    from rumeur.workspace import Workspace

    return Workspace(load_project(path))


def emit_json(data: Any) -> None:
    """Write ``data`` as strict JSON on stdout (:mod:`rumeur.jsonout`: datetimes as ISO
    8601, NaN and infinities as null): the one encoder of every ``--json``."""
    from rumeur.jsonout import dumps

    sys.stdout.write(dumps(data) + "\n")


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
            self._status = console.status(clean(message))
            self._status.start()
        else:
            self._status.update(clean(message))

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
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console.real, disable=quiet, transient=False,
    )  # fmt: skip
    tasks: dict[str, TaskID] = {}
    started = False

    def progress(key: str, done: int, total: int) -> None:
        nonlocal started
        if total == 0:
            # nothing to do (the import read it, or a run before with this bar): no bar,
            # and a bar already drawn keeps its count (`rumeur demo`'s second run showed 0/0)
            return
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
