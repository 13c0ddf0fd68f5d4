"""``[[sources]]`` settings of ``type = "facebook"`` (a Facebook Page the brand manages)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class MetaOptions(PagedOptions):
    """Settings shared by the Meta Graph API sources (Facebook Page, Instagram)."""

    max_pages: int = field(default=10, metadata={"min": 1})
    base_url: str = "https://graph.facebook.com"
    api_version: str = "v21.0"
    #: the page access token (``access_token`` in the secrets file, or this variable)
    access_token_env: str | None = None
    #: the Meta app's secret: sends ``appsecret_proof`` and verifies webhook signatures
    app_secret_env: str | None = None
    #: comments pages read per post or media
    comment_pages: int = field(default=5, metadata={"min": 1})
    #: posts of this age are listed again at each run, to read their new comments
    revisit: Duration = 7 * 86400.0
    #: stop before Meta's usage headers reach this percentage of the allowance
    max_usage: float = field(default=90.0, metadata={"min": 1})


@dataclass(frozen=True, kw_only=True)
class FacebookOptions(MetaOptions):
    """The page's feed (its posts and visitors' posts) with their comments and replies,
    the posts that tag it, and its ratings/recommendations."""

    page_id: str
    comments: bool = True
    tagged: bool = True
    ratings: bool = True
    #: also serve Meta's webhooks for this page at ``/hooks/<source name>`` (rumeur watch)
    webhook: bool = False
    #: the verify token typed in the app's Webhooks settings (``verify_token`` secret)
    verify_token_env: str | None = None
    host: str = "127.0.0.1"
    port: int = field(default=8787, metadata={"min": 0})
    max_bytes: int = field(default=5 * 1024 * 1024, metadata={"min": 1})
    max_connections: int = field(default=32, metadata={"min": 1})
