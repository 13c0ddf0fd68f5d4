"""``[[sources]]`` settings of ``type = "bluesky"``."""

from __future__ import annotations

from dataclasses import dataclass

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class BlueskyOptions(PagedOptions):
    """``query`` (post search) or ``actor`` (an account's feed)."""

    identifier: str
    base_url: str = "https://bsky.social"
    app_password_env: str | None = None
    query: str | None = None
    actor: str | None = None
    #: searchPosts filters
    lang: str | None = None
    until: str | None = None
    domain: str | None = None
    author: str | None = None
    replies: bool = False
    #: look up each author's follower count (getProfiles), cached this long
    profiles: bool = True
    profile_ttl: Duration = 3600.0
