"""Connectors: read public sources (Mastodon, Bluesky, Reddit, YouTube, RSS/Atom feeds)
and receive pushes (webhook); the watcher runs them on a schedule.

One folder per platform (``mastodon/``, ``bluesky/``, ``reddit/``, ``youtube/``,
``rss/``, ``webhook/``), each with its client, its payload types, its normaliser and its
``[[sources]]`` options. See docs/connectors.md for the settings and credentials.

The names below are imported when first used, so that importing one platform's
normaliser (as the file importer does) does not load the watcher and the store.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "Connector": "rumeur.connectors.base",
    "Context": "rumeur.connectors.base",
    "Page": "rumeur.connectors.base",
    "build": "rumeur.connectors.registry",
    "RunResult": "rumeur.connectors.watcher",
    "Watcher": "rumeur.connectors.watcher",
    "collect": "rumeur.connectors.watcher",
}

__all__ = ["Connector", "Context", "Page", "RunResult", "Watcher", "build", "collect"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
