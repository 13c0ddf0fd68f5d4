"""Connectors: read public sources (Mastodon, Bluesky, Reddit, YouTube, RSS/Atom feeds)
and receive pushes (webhook); the watcher runs them on a schedule.

See docs/connectors.md for the ``[[sources]]`` settings and credentials.
"""

from rumeur.connectors.base import Connector, Context, Page
from rumeur.connectors.registry import build
from rumeur.connectors.watcher import RunResult, Watcher, collect

__all__ = ["Connector", "Context", "Page", "RunResult", "Watcher", "build", "collect"]
