"""People: promoters, detractors and influential authors, and whether the brand answers.

Roles come from the sentiment of each person's OWN posts: reshares of someone else's
words (``RT @x: ...``) are left out, and each post weighs its reach, so the post that
most people saw decides. An author's *net reach* is (reach of their favourable posts −
reach of their unfavourable posts); promoters have net reach > 0, detractors net reach
< 0; each list is ranked by the size of the net reach (``net``, the count difference,
is shown beside it). (Ranked by the largest reach
alone, one mislabelled post of an account that started a bad buzz made it the #1
promoter.) An author's reach is the largest reach of their mentions in the scope
(followers move; the largest is the audience they can reach).
A detractor's unfavourable mention is *answered* when one of the brand's own accounts
replied to it (a mention with ``is_own_account`` whose ``reply_to`` is its
``external_id`` on the same platform).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rumeur.analytics.stats import Estimate, proportion

#: a reshare of someone else's post: not the person's own words
_RESHARE = re.compile(r"^\s*(RT|rt)\s+@\w")
_SIGN = {"positive": 1, "negative": -1}


@dataclass(slots=True)
class Person:
    author: str
    handle: str | None
    mentions: int
    positive: int
    negative: int
    reach: float
    total_reach: float
    first_seen: datetime
    last_seen: datetime
    platforms: list[str]
    mention_ids: list[str] = field(default_factory=list)
    answered: int = 0

    #: reach of their favourable own posts − reach of their unfavourable own posts
    net_reach: float = 0.0

    @property
    def net(self) -> int:
        return self.positive - self.negative

    def to_dict(self) -> dict[str, Any]:
        return {
            "author": self.author,
            "handle": self.handle,
            "mentions": self.mentions,
            "positive": self.positive,
            "negative": self.negative,
            "net": self.net,
            "net_reach": self.net_reach,
            "reach": self.reach,
            "total_reach": self.total_reach,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "platforms": self.platforms,
            "answered": self.answered,
            "mention_ids": self.mention_ids,
        }


@dataclass(slots=True)
class People:
    promoters: list[Person]
    detractors: list[Person]
    influential: list[Person]
    #: unfavourable mentions answered by a brand account / all unfavourable mentions
    answered_rate: Estimate
    answered_ids: list[str]
    ignored_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "promoters": [p.to_dict() for p in self.promoters],
            "detractors": [p.to_dict() for p in self.detractors],
            "influential": [p.to_dict() for p in self.influential],
            "answered_rate": self.answered_rate.to_dict(),
            "answered_ids": self.answered_ids,
            "ignored_ids": self.ignored_ids,
        }


def people(
    rows: Sequence[dict[str, Any]],
    answered_keys: set[tuple[str, str]],
    *,
    top: int = 10,
) -> People:
    """Top authors of ``rows`` (one row per mention × brand; deduplicated by mention).
    ``answered_keys`` are ``(platform, external_id)`` pairs the brand's accounts replied to
    (see :func:`answered_keys`)."""
    by_mention = {r["mention_id"]: r for r in rows if not r.get("is_own_account")}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in by_mention.values():
        groups[str(r["author"])].append(r)
    persons = []
    answered_ids, ignored_ids = [], []
    for author, ms in groups.items():
        ms.sort(key=lambda r: r["created_at"])
        own = [r for r in ms if not _RESHARE.match(r.get("text") or "")]
        p = Person(
            author=author,
            handle=next((r.get("author_handle") for r in ms if r.get("author_handle")), None),
            mentions=len(ms),
            positive=sum(1 for r in own if r["sentiment"] == "positive"),
            negative=sum(1 for r in own if r["sentiment"] == "negative"),
            reach=max(float(r["reach"]) for r in ms),
            total_reach=sum(float(r["reach"]) for r in ms),
            first_seen=ms[0]["created_at"],
            last_seen=ms[-1]["created_at"],
            platforms=sorted({r["platform"] for r in ms}),
            mention_ids=[r["mention_id"] for r in ms],
            net_reach=sum(float(r["reach"]) * _SIGN.get(r["sentiment"], 0) for r in own),
        )
        for r in ms:
            if r["sentiment"] == "negative":
                if (r["platform"], r["external_id"]) in answered_keys:
                    p.answered += 1
                    answered_ids.append(r["mention_id"])
                else:
                    ignored_ids.append(r["mention_id"])
        persons.append(p)
    promoters = sorted((p for p in persons if p.net_reach > 0),
                       key=lambda p: (-p.net_reach, -p.net, p.author))  # fmt: skip
    detractors = sorted((p for p in persons if p.net_reach < 0),
                        key=lambda p: (p.net_reach, p.net, p.author))  # fmt: skip
    influential = sorted(persons, key=lambda p: (-p.reach, p.author))
    n_neg = len(answered_ids) + len(ignored_ids)
    return People(
        promoters=promoters[:top],
        detractors=detractors[:top],
        influential=influential[:top],
        answered_rate=proportion(len(answered_ids), n_neg),
        answered_ids=answered_ids,
        ignored_ids=ignored_ids,
    )


def answered_keys(store: Any) -> set[tuple[str, str]]:
    """``(platform, external_id)`` of every mention a brand account replied to."""
    rows = store.query(
        "SELECT DISTINCT platform, reply_to FROM mentions "
        "WHERE is_own_account AND reply_to IS NOT NULL"
    )
    return {(r["platform"], r["reply_to"]) for r in rows}


__all__ = ["People", "Person", "answered_keys", "people"]
