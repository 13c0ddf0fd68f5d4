"""RSS/Atom feeds (news, blogs, Google Alerts, Talkwalker Alerts): client
(:mod:`.client`), normaliser (:mod:`.normalise`). The payload types are feedparser's
entries; the raw payload kept is each item's own XML."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.rss.normalise import entry_row, real_link

__all__ = ["FeedConnector", "entry_row", "real_link"]


def __getattr__(name: str) -> Any:
    if name == "FeedConnector":
        from rumeur.connectors.rss.client import FeedConnector

        return FeedConnector
    raise AttributeError(name)
