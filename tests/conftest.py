"""Shared fixtures: a real project folder with a real DuckDB store in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rumeur import config
from rumeur.config import Brand
from rumeur.storage.duckdb import DuckDBStore

DATA = Path(__file__).parent / "data"

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


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A project folder with a rumeur.toml for the fictional brands, and the test data."""
    (tmp_path / config.CONFIG_NAME).write_text(
        config.template(name="Test", brands=BRANDS), encoding="utf-8"
    )
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


@pytest.fixture
def project(project_dir: Path) -> config.Project:
    return config.load(project_dir)


@pytest.fixture
def store(project: config.Project) -> Iterator[DuckDBStore]:
    s = DuckDBStore(project.store_path)
    yield s
    s.close()
