"""``[[sources]]`` settings of ``type = "x"``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class XOptions(PagedOptions):
    """``query`` (recent search) and/or the own account (``user_id`` or ``username``):
    its timeline and its mentions timeline."""

    base_url: str = "https://api.x.com/2"
    bearer_token_env: str | None = None
    #: recent search query (X's syntax: ``fibrelia lang:fr -is:retweet``), 512 chars max
    query: str | None = None
    #: the brand's own account: numeric id, or its username (looked up once)
    user_id: str | None = None
    username: str | None = None
    #: read the own account's posts (``/2/users/:id/tweets``) and its mentions
    timeline: bool = True
    mentions: bool = True
    #: how many rate-limited answers (429) in a row one request waits out
    rate_limit_waits: int = field(default=3, metadata={"min": 0})
    #: the longest wait for a rate-limit reset within a run; a longer one (X's windows
    #: last 15 minutes) ends the run, and the next run waits for the reset
    max_rate_limit_wait: Duration = 180.0
    max_pages: int = field(default=10, metadata={"min": 1})
