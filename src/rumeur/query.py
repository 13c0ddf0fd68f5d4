"""Reading mentions back: filters shared by the CLI, the report and the API.

The sentiment of a mention is the newest result of the best tier that ran on it
(``sentiment-accurate`` over ``sentiment-fast``): :data:`SENTIMENT_SQL` is that choice,
as a subquery to join on ``mention_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rumeur.errors import RumeurError
from rumeur.storage.base import Store

#: tiers by preference, best first
SENTIMENT_ENRICHERS = ("sentiment-accurate", "sentiment-fast")

SENTIMENT_SQL = """
    SELECT mention_id,
           arg_max(label, (CASE enricher WHEN 'sentiment-accurate' THEN 2 ELSE 1 END,
                           created_at)) AS sentiment,
           arg_max(enricher || '@' || version,
                   (CASE enricher WHEN 'sentiment-accurate' THEN 2 ELSE 1 END,
                    created_at)) AS sentiment_model
    FROM enrichments WHERE enricher IN ('sentiment-accurate', 'sentiment-fast')
    GROUP BY mention_id
"""

#: the enrichments of the page's mentions only (see :func:`find_mentions`)
_PAGE_ENRICHMENTS = (
    "FROM (SELECT * FROM enrichments WHERE mention_id IN (SELECT mention_id FROM page))"
)

_SORTS = {  # the mention id last: ties come out in the same order every time
    "date": "m.created_at DESC, m.mention_id",
    "reach": "coalesce(m.views, m.author_followers, 0) DESC, m.created_at DESC, m.mention_id",
    "engagement": "coalesce(m.likes, 0) + coalesce(m.shares, 0) + coalesce(m.replies, 0) DESC, "
    "m.created_at DESC, m.mention_id",
}


@dataclass(frozen=True, slots=True)
class MentionFilter:
    search: str | None = None
    brand: str | None = None
    platform: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    sentiment: str | None = None
    language: str | None = None
    author: str | None = None
    unmatched: bool = False
    own: bool | None = None
    sort: str = "date"
    limit: int | None = 50
    #: skip this many (pagination, with ``limit``)
    offset: int = 0
    #: only these mentions
    ids: tuple[str, ...] | None = None


def find_mentions(store: Store, flt: MentionFilter) -> list[dict[str, Any]]:
    """Mentions matching ``flt``, with their sentiment and detected language."""
    if flt.sort not in _SORTS:
        raise RumeurError(f"unknown sort {flt.sort!r}", hint="one of: " + ", ".join(_SORTS))
    where: list[str] = ["true"]
    params: list[object] = []
    if flt.search:
        for word in flt.search.split():
            # a substring test, not LIKE: "%" and "_" in the words are matched literally
            where.append(
                "position(strip_accents(lower(?)) IN "
                "strip_accents(lower(coalesce(m.title, '') || ' ' || m.text))) > 0"
            )
            params.append(word)
    conditions: list[tuple[object, str]] = [
        (flt.brand, "list_contains(m.brands, ?)"),
        (flt.platform, "m.platform = ?"),
        (flt.since, "m.created_at >= ?"),
        (flt.until, "m.created_at < ?"),
        (flt.sentiment, "s.sentiment = ?"),
        (flt.language, "coalesce(l.label, m.language) = ?"),
        (flt.author, "lower(ltrim(m.author_handle, '@')) = lower(ltrim(?, '@'))"),
        (flt.own, "m.is_own_account = ?"),
    ]
    for value, condition in conditions:
        if value is not None and value != "":
            where.append(condition)
            params.append(value)
    if flt.unmatched:
        where.append("m.unmatched")
    if flt.ids is not None:
        where.append("list_contains(?, m.mention_id)")
        params.append(list(flt.ids))
    limit = f"LIMIT {int(flt.limit)}" if flt.limit else ""
    if flt.offset:
        limit += f" OFFSET {int(flt.offset)}"
    labels = f"""
        LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
        LEFT JOIN (SELECT mention_id, arg_max(label, created_at) AS label FROM enrichments
                   WHERE enricher = 'language' GROUP BY mention_id) l
               ON l.mention_id = m.mention_id"""
    if flt.sentiment or flt.language:  # the labels filter: join them first
        sql = f"""
            SELECT m.*, s.sentiment, s.sentiment_model, l.label AS detected_language
            FROM mentions m {labels}
            WHERE {" AND ".join(where)}
            ORDER BY {_SORTS[flt.sort]} {limit}
        """
    else:  # pick the page first, then read the labels of its mentions only
        sql = f"""
            WITH page AS (
                SELECT m.* FROM mentions m WHERE {" AND ".join(where)}
                ORDER BY {_SORTS[flt.sort]} {limit}
            )
            SELECT m.*, s.sentiment, s.sentiment_model, l.label AS detected_language
            FROM page m {labels.replace("FROM enrichments", _PAGE_ENRICHMENTS)}
            ORDER BY {_SORTS[flt.sort]}
        """
    rows = store.query(sql, params)
    for r in rows:
        r.pop("dedupe_key", None)
    return rows
