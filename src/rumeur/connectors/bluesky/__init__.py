"""Bluesky: AT Protocol XRPC client (:mod:`.client`), payload types (:mod:`.payloads`)
and normaliser (:mod:`.normalise`, shared with the file importer)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.bluesky.normalise import is_bluesky_post, post_row

__all__ = ["BlueskyConnector", "is_bluesky_post", "post_row"]


def __getattr__(name: str) -> Any:  # the client (and httpx) only when used
    if name == "BlueskyConnector":
        from rumeur.connectors.bluesky.client import BlueskyConnector

        return BlueskyConnector
    raise AttributeError(name)
