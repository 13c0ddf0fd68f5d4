"""``[[sources]]`` settings of ``type = "mastodon"``."""

from __future__ import annotations

from dataclasses import dataclass

from rumeur.connectors.options import PagedOptions


@dataclass(frozen=True, kw_only=True)
class MastodonOptions(PagedOptions):
    """One of ``hashtag``, ``account`` (``@user@server``), ``account_id`` or ``query``."""

    base_url: str
    hashtag: str | None = None
    account: str | None = None
    account_id: str | None = None
    #: status search (``/api/v2/search``): needs a user token
    query: str | None = None
    token_env: str | None = None
    #: also read each status's replies
    replies: bool = False
