"""The messages a conduct audit reads: the brand's own posts and what the public says.

One query over the store (``Store.query`` only), sentiment joined from the newest
enrichment. Own accounts are matched to brands through ``own_accounts`` in rumeur.toml;
handles are compared lower case, without ``@``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rumeur.audits.conduct.cues import fold, handles
from rumeur.config import Brand, Project
from rumeur.query import SENTIMENT_SQL
from rumeur.storage.base import Store


@dataclass(slots=True)
class Post:
    mention_id: str
    platform: str
    external_id: str | None
    author: str  # lower-case handle (or author id) without '@'
    own: bool
    text: str
    created_at: datetime
    reply_to: str | None
    brands: tuple[str, ...]
    engagement: int
    sentiment: str | None
    rating: float | None
    followers: int | None
    folded: str = ""
    addressed: tuple[str, ...] = ()
    #: the account or page it was posted on, when the connector says so (a review left
    #: on the brand's Facebook Page: ``extra.page_id``)
    venue: str | None = None

    @property
    def is_reply(self) -> bool:
        return self.reply_to is not None or self.text.lstrip().startswith("@")


def norm_handle(h: str | None) -> str:
    return (h or "").strip().lstrip("@").lower()


def own_handles(brand: Brand) -> set[str]:
    """A brand's own accounts and handles (its customer-care handles answer for it too)."""
    return {norm_handle(h) for h in (*brand.own_accounts, *brand.handles)} - {""}


def _venue(extra: Any) -> str | None:
    """The page a mention was left on (``extra.page_id``), as an own-account handle."""
    if isinstance(extra, str) and '"page_id"' in extra:  # (most have none: no parsing)
        extra = json.loads(extra)
    page = extra.get("page_id") if isinstance(extra, dict) else None
    return norm_handle(str(page)) or None if page is not None else None


def load(
    store: Store, project: Project, since: datetime | None, until: datetime | None,
    lookback: timedelta,
) -> list[Post]:  # fmt: skip
    """Every mention in [since - lookback, until), oldest first."""
    where, params = ["1 = 1"], []
    if since is not None:
        where.append("m.created_at >= ?")
        params.append(since - lookback)
    if until is not None:
        where.append("m.created_at < ?")
        params.append(until)
    rows = store.query(
        f"""
        SELECT m.mention_id, m.platform, m.external_id,
               coalesce(m.author_handle, m.author_id, '') AS author,
               coalesce(m.is_own_account, false) AS own, coalesce(m.text, '') AS text,
               m.created_at, m.reply_to, m.brands,
               coalesce(m.likes, 0) + coalesce(m.shares, 0) + coalesce(m.replies, 0) AS eng,
               s.sentiment, m.rating, m.author_followers, m.extra
        FROM mentions m LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
        WHERE {" AND ".join(where)}
        ORDER BY m.created_at, m.mention_id
        """,
        params,
    )
    own_all = project.own_accounts
    out = []
    for r in rows:
        author = norm_handle(r["author"])
        text = r["text"] or ""
        out.append(
            Post(
                mention_id=r["mention_id"], platform=r["platform"], external_id=r["external_id"],
                author=author, own=bool(r["own"]) or author in own_all, text=text,
                created_at=r["created_at"], reply_to=r["reply_to"],
                brands=tuple(r["brands"] or ()), engagement=int(r["eng"] or 0),
                sentiment=r["sentiment"], rating=r["rating"], followers=r["author_followers"],
                folded=fold(text), addressed=tuple(handles(text)),
                venue=_venue(r["extra"]),
            )
        )  # fmt: skip
    return out
