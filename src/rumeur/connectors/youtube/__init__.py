"""YouTube Data API v3 (API key): client (:mod:`.client`), payload types
(:mod:`.payloads`), normaliser (:mod:`.normalise`), errors (:mod:`.exceptions`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.youtube.exceptions import QuotaExceededError
from rumeur.connectors.youtube.normalise import comment_row, video_row

__all__ = ["QuotaExceededError", "YouTubeConnector", "comment_row", "video_row"]


def __getattr__(name: str) -> Any:
    if name == "YouTubeConnector":
        from rumeur.connectors.youtube.client import YouTubeConnector

        return YouTubeConnector
    raise AttributeError(name)
