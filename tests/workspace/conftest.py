"""What the rollup-equality tests (test_dashboard_rollups.py, test_dashboard_voice.py)
share: a project whose store a module fills, its rollups refreshed (:func:`rolled_up`,
called by the module's own ``root`` fixture), and ``ws``, the Workspace over that
``root`` for one test. A module with a ``ws`` of its own keeps it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rumeur import config
from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace


def rolled_up(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    project: Callable[[Path], config.Project],
    fill: Callable[[DuckDBStore], None],
) -> Path:
    """A project made by ``project`` in a new folder ``name``, its store filled by
    ``fill`` then closed, and its rollups refreshed: the project's folder."""
    root = tmp_path_factory.mktemp(name)
    store = DuckDBStore(project(root).store_path)
    try:
        fill(store)
    finally:
        store.close()
    with Workspace.open(root) as ws:
        ws.refresh_rollups()
    return root


@pytest.fixture
def ws(root: Path) -> Iterator[Workspace]:
    with Workspace.open(root) as w:
        yield w
