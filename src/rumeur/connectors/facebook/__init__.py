"""Facebook Page (Meta Graph API, page access token): client (:mod:`.client`), Graph
calls, errors and usage (:mod:`.graph`), payload types (:mod:`.payloads`), normaliser
(:mod:`.normalise`) and Meta webhooks (:mod:`.webhook`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.facebook.normalise import comment_row, post_row, rating_row

__all__ = ["FacebookConnector", "comment_row", "post_row", "rating_row"]


def __getattr__(name: str) -> Any:
    if name == "FacebookConnector":
        from rumeur.connectors.facebook.client import FacebookConnector

        return FacebookConnector
    raise AttributeError(name)
