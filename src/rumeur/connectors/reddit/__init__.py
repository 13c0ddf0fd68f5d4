"""Reddit (OAuth script app): client (:mod:`.client`), payload types (:mod:`.payloads`),
normaliser (:mod:`.normalise`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.reddit.normalise import thing_row

__all__ = ["RedditConnector", "thing_row"]


def __getattr__(name: str) -> Any:
    if name == "RedditConnector":
        from rumeur.connectors.reddit.client import RedditConnector

        return RedditConnector
    raise AttributeError(name)
