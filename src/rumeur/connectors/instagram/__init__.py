"""Instagram professional account (Instagram Graph API through Meta's Graph API):
client (:mod:`.client`), normaliser (:mod:`.normalise`), settings (:mod:`.options`).
Errors, usage headers and listings are shared with Facebook
(:mod:`rumeur.connectors.facebook.graph`, :mod:`rumeur.connectors.facebook.streams`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.instagram.normalise import comment_row, media_row

__all__ = ["InstagramConnector", "comment_row", "media_row"]


def __getattr__(name: str) -> Any:
    if name == "InstagramConnector":
        from rumeur.connectors.instagram.client import InstagramConnector

        return InstagramConnector
    raise AttributeError(name)
