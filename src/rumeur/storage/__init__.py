"""Storage: the Store protocol and its embedded DuckDB implementation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rumeur.storage.base import Store
from rumeur.storage.duckdb import DuckDBStore

if TYPE_CHECKING:
    from rumeur.config import Project


def open_store(project: Project, *, read_only: bool = False) -> DuckDBStore:
    """Open (and migrate) the project's store, with its ``[search]`` settings."""
    store = DuckDBStore(project.store_path, read_only=read_only)
    store.search_engine_min_docs = project.search_engine_min
    return store


__all__ = ["DuckDBStore", "Store", "open_store"]
