"""``[[sources]]`` settings of ``type = "reddit"``."""

from __future__ import annotations

from dataclasses import dataclass

from rumeur.connectors.options import PagedOptions


@dataclass(frozen=True, kw_only=True)
class RedditOptions(PagedOptions):
    """A search, site-wide or within ``subreddit``, with an OAuth script app."""

    client_id: str
    username: str
    query: str
    subreddit: str | None = None
    comments: bool = False
    client_secret_env: str | None = None
    password_env: str | None = None
    base_url: str = "https://oauth.reddit.com"
    auth_url: str = "https://www.reddit.com/api/v1/access_token"
