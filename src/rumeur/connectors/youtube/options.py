"""``[[sources]]`` settings of ``type = "youtube"``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import PagedOptions


@dataclass(frozen=True, kw_only=True)
class YouTubeOptions(PagedOptions):
    """Videos matching ``query`` or published by ``channel_id``."""

    max_pages: int = field(default=10, metadata={"min": 1})
    base_url: str = "https://www.googleapis.com/youtube/v3"
    api_key_env: str | None = None
    query: str | None = None
    channel_id: str | None = None
    comments: bool = False
    comment_pages: int = field(default=5, metadata={"min": 1})
    regionCode: str | None = None
    relevanceLanguage: str | None = None
