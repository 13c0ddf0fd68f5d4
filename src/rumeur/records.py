"""Rumeur's canonical records, in one place.

A :class:`Mention` is one public message (post, reply, comment, review, article) that
may talk about a configured brand. It is built from a raw item (kept as received in the
store's ``raw_items`` table) by a connector or an importer, and never changed
afterwards: enrichments (language, sentiment, ...) live beside it, keyed by enricher name
and version.

The flat column layout of a mention, shared by importers, connectors and the store, is
:data:`MENTION_COLUMNS`; :meth:`Mention.to_row` and :meth:`Mention.from_row` convert.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PLATFORMS = (
    "mastodon",
    "bluesky",
    "reddit",
    "youtube",
    "rss",
    "twitter",
    "facebook",
    "instagram",
    "tiktok",
    "linkedin",
    "reviews",
    "news",
    "forum",
    "webhook",
    "other",
)


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a mention, as the platform shows it."""

    id: str | None = None
    handle: str | None = None
    display_name: str | None = None
    followers: int | None = None
    verified: bool = False
    is_own_account: bool = False
    created_at: datetime | None = None  # when the account was created, if known


@dataclass(frozen=True, slots=True)
class Engagement:
    """Public interaction counts at collection time (None when the platform hides them)."""

    likes: int | None = None
    shares: int | None = None
    replies: int | None = None
    views: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a batch of mentions came from: a file, a connector, a webhook."""

    kind: str  # "file", "mastodon", "bluesky", "webhook", ...
    name: str  # file path or configured source name


@dataclass(frozen=True, slots=True)
class Mention:
    """One public message, normalised. ``created_at`` is timezone-aware (UTC)."""

    platform: str
    text: str
    created_at: datetime
    author: Author = field(default_factory=Author)
    external_id: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    collected_at: datetime | None = None
    engagement: Engagement = field(default_factory=Engagement)
    reply_to: str | None = None
    thread_id: str | None = None
    rating: float | None = None
    brands: tuple[str, ...] = ()
    mention_id: str | None = None
    raw_id: str | None = None
    #: fields of the source Rumeur has no column for (an export's unknown columns)
    extra: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("Mention.created_at must be timezone-aware")

    def to_row(self) -> dict[str, Any]:
        """The flat row (see :data:`MENTION_COLUMNS`)."""
        a, e = self.author, self.engagement
        return {
            "mention_id": self.mention_id,
            "platform": self.platform,
            "external_id": self.external_id,
            "url": self.url,
            "author_id": a.id,
            "author_handle": a.handle,
            "author_name": a.display_name,
            "author_followers": a.followers,
            "author_verified": a.verified,
            "is_own_account": a.is_own_account,
            "title": self.title,
            "text": self.text,
            "language": self.language,
            "created_at": self.created_at.astimezone(UTC),
            "collected_at": self.collected_at,
            "likes": e.likes,
            "shares": e.shares,
            "replies": e.replies,
            "views": e.views,
            "reply_to": self.reply_to,
            "thread_id": self.thread_id,
            "rating": self.rating,
            "brands": list(self.brands),
            "raw_id": self.raw_id,
            "author_created_at": a.created_at.astimezone(UTC) if a.created_at else None,
            "extra": dict(self.extra) if self.extra is not None else None,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Mention:
        """Build a Mention from a store row (a mapping of :data:`MENTION_COLUMNS`)."""
        created = row["created_at"]
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return cls(
            mention_id=row.get("mention_id"),
            platform=row["platform"],
            external_id=row.get("external_id"),
            url=row.get("url"),
            author=Author(
                id=row.get("author_id"),
                handle=row.get("author_handle"),
                display_name=row.get("author_name"),
                followers=row.get("author_followers"),
                verified=bool(row.get("author_verified")),
                is_own_account=bool(row.get("is_own_account")),
                created_at=row.get("author_created_at"),
            ),
            title=row.get("title"),
            text=row["text"],
            language=row.get("language"),
            created_at=created,
            collected_at=row.get("collected_at"),
            engagement=Engagement(
                likes=row.get("likes"),
                shares=row.get("shares"),
                replies=row.get("replies"),
                views=row.get("views"),
            ),
            reply_to=row.get("reply_to"),
            thread_id=row.get("thread_id"),
            rating=row.get("rating"),
            brands=tuple(row.get("brands") or ()),
            raw_id=row.get("raw_id"),
            extra=_json_object(row.get("extra")),
        )


#: Columns of the ``mentions`` table, in order, with their DuckDB types.
MENTION_COLUMNS: dict[str, str] = {
    "mention_id": "VARCHAR",
    "dedupe_key": "VARCHAR",
    "platform": "VARCHAR",
    "external_id": "VARCHAR",
    "url": "VARCHAR",
    "author_id": "VARCHAR",
    "author_handle": "VARCHAR",
    "author_name": "VARCHAR",
    "author_followers": "BIGINT",
    "author_verified": "BOOLEAN",
    "is_own_account": "BOOLEAN",
    "title": "VARCHAR",
    "text": "VARCHAR",
    "language": "VARCHAR",
    "created_at": "TIMESTAMPTZ",
    "collected_at": "TIMESTAMPTZ",
    "likes": "BIGINT",
    "shares": "BIGINT",
    "replies": "BIGINT",
    "views": "BIGINT",
    "reply_to": "VARCHAR",
    "thread_id": "VARCHAR",
    "rating": "DOUBLE",
    "brands": "VARCHAR[]",
    "unmatched": "BOOLEAN",
    "raw_id": "VARCHAR",
    "import_id": "VARCHAR",
    # migration 6
    "author_created_at": "TIMESTAMPTZ",
    "extra": "JSON",
}


def _json_object(value: Any) -> Mapping[str, Any] | None:
    """The ``extra`` column as read from the store (JSON text) or given (a mapping)."""
    if value is None or isinstance(value, Mapping):
        return value
    import json

    loaded = json.loads(value)
    return loaded if isinstance(loaded, Mapping) else {"value": loaded}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


__all__ = [
    "MENTION_COLUMNS",
    "PLATFORMS",
    "Author",
    "Engagement",
    "Mention",
    "Source",
    "utcnow",
]
