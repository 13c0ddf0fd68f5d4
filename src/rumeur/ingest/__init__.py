"""Ingest: read files and collected items into the store (see :mod:`.pipeline`).

The names below load on first use (``import rumeur.ingest.columns`` stays light: the
CLI reads ``--map`` without loading DuckDB)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rumeur.ingest.brands import BrandMatcher
    from rumeur.ingest.pipeline import ImportResult, Ingestor

_LAZY = {
    "BrandMatcher": "rumeur.ingest.brands",
    "ImportResult": "rumeur.ingest.pipeline",
    "Ingestor": "rumeur.ingest.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rumeur.ingest' has no attribute {name!r}")


__all__ = ["BrandMatcher", "ImportResult", "Ingestor"]
