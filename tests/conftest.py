"""Shared fixtures: a real project folder with a real DuckDB store in tmp_path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.testing

from rumeur import config
from rumeur.config import Brand
from rumeur.storage.duckdb import DuckDBStore

DATA = Path(__file__).parent / "data"

if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist's workers get COLUMNS=80 and LINES=24 from execnet; a run in one process
    # has neither. Rich would freeze the CLI's console at 80 columns on its first use and
    # ignore the width a test asks for (CliRunner env): the same environment as one process.
    for _var in ("COLUMNS", "LINES"):
        os.environ.pop(_var, None)


def _shape(app: Any) -> tuple[Any, ...]:
    """What a Typer app holds: its commands and, recursively, its groups' (a command
    module loaded later changes it)."""
    groups = tuple((g.name, _shape(g.typer_instance)) for g in app.registered_groups)
    return (len(app.registered_commands), groups, app.registered_callback is not None)


_COMMANDS: dict[tuple[int, tuple[Any, ...]], Any] = {}
_build = typer.testing._get_command


def _command(app: Any) -> Any:
    """The click command tree of ``app``, built once per shape of the app instead of at
    every ``CliRunner.invoke`` (Typer rebuilds it each time: ~0.07 s of CPU, hundreds of
    times a run). ``rumeur`` itself builds it once per process and runs it once; the tree
    is the same object a repeated ``main()`` would reuse, and it holds no state between
    invocations (each gets a new click Context)."""
    key = (id(app), _shape(app))
    if key not in _COMMANDS:
        _COMMANDS[key] = _build(app)
    return _COMMANDS[key]


typer.testing._get_command = _command  # type: ignore[attr-defined]

#: Fictional operators used across the tests.
BRANDS = (
    Brand(
        id="volta",
        name="Volta Mobile",
        aliases=("Volta",),
        handles=("volta_sav",),
        hashtags=("voltamobile",),
        own_accounts=("volta_sav", "voltamobile"),
    ),
    Brand(
        id="nexa", name="Nexa Télécom", aliases=("Nexa",), handles=("nexa_sav",), competitor=True
    ),
    Brand(id="ondine", name="Ondine", exclude=("ondine des mers",), competitor=True),
)


def write_project(folder: Path) -> Path:
    """``folder`` made a project: a rumeur.toml for the fictional brands, and the test data."""
    (folder / config.CONFIG_NAME).write_text(
        config.template(name="Test", brands=BRANDS), encoding="utf-8"
    )
    for f in DATA.iterdir():
        shutil.copy(f, folder / f.name)
    return folder


def copy_project(built: Path, folder: Path) -> Path:
    """A test's own copy of a project built once for its module (store, raw archives and
    files): copying the files is much cheaper than importing again, and the test may
    write to its copy."""
    shutil.copytree(built, folder, dirs_exist_ok=True)
    return folder


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A project folder with a rumeur.toml for the fictional brands, and the test data."""
    return write_project(tmp_path)


@pytest.fixture
def project(project_dir: Path) -> config.Project:
    return config.load(project_dir)


@pytest.fixture
def store(project: config.Project) -> Iterator[DuckDBStore]:
    s = DuckDBStore(project.store_path)
    yield s
    s.close()
