"""X API v2 (bearer token): client (:mod:`.client`), payload types (:mod:`.payloads`),
normaliser (:mod:`.normalise`). Its monthly read budget counts posts
(:mod:`rumeur.connectors.quota`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.x.normalise import tweet_row

__all__ = ["XConnector", "tweet_row"]


def __getattr__(name: str) -> Any:  # the client (and httpx) only when used
    if name == "XConnector":
        from rumeur.connectors.x.client import XConnector

        return XConnector
    raise AttributeError(name)
