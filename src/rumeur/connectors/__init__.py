"""Connectors: read public sources (Mastodon, Bluesky, Reddit, YouTube, RSS/Atom feeds)
and receive pushes (webhook); the watcher runs them on a schedule.

See docs/connectors.md for the ``[[sources]]`` settings and credentials. The names
below load on first use (the HTTP client and DuckDB stay out of ``rumeur --help``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rumeur.connectors.base import Connector, Context, Page
    from rumeur.connectors.registry import build
    from rumeur.connectors.watcher import RunResult, Watcher, collect

_LAZY = {
    "Connector": "rumeur.connectors.base",
    "Context": "rumeur.connectors.base",
    "Page": "rumeur.connectors.base",
    "build": "rumeur.connectors.registry",
    "RunResult": "rumeur.connectors.watcher",
    "Watcher": "rumeur.connectors.watcher",
    "collect": "rumeur.connectors.watcher",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rumeur.connectors' has no attribute {name!r}")


__all__ = ["Connector", "Context", "Page", "RunResult", "Watcher", "build", "collect"]
