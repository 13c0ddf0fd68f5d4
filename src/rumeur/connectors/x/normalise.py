"""X API v2 post (with its author from ``includes.users``) -> staging row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def tweet_row(
    tweet: Mapping[str, Any], author: Mapping[str, Any] | None = None, *, own: bool = False
) -> dict[str, Any]:
    """A post and its expanded author (None when X left it out: a suspended account,
    a partial answer) -> staging row. ``own``: the brand's own account wrote it (its
    replies link to what they answer: ``reply_to``, ``thread_id``)."""
    user = author or {}
    metrics = tweet.get("public_metrics") or {}
    umetrics = user.get("public_metrics") or {}
    username = user.get("username")
    refs = {r.get("type"): r.get("id") for r in tweet.get("referenced_tweets") or []}
    tid = str(tweet["id"])
    who = username or "i"
    return {
        "platform": "twitter",
        "external_id": tid,
        "url": f"https://x.com/{who}/status/{tid}",
        "author_id": tweet.get("author_id"),
        "author_handle": f"@{username}" if username else None,
        "author_name": user.get("name"),
        "author_followers": umetrics.get("followers_count"),
        "author_verified": bool(user.get("verified")),
        "author_created_at": user.get("created_at"),
        "text": tweet["text"],
        "language": None if tweet.get("lang") in (None, "und", "zxx", "qme") else tweet["lang"],
        "created_at": tweet["created_at"],
        "likes": metrics.get("like_count"),
        "shares": _sum(metrics.get("retweet_count"), metrics.get("quote_count")),
        "replies": metrics.get("reply_count"),
        "views": metrics.get("impression_count"),
        "reply_to": refs.get("replied_to"),
        "thread_id": tweet.get("conversation_id"),
        "is_own_account": own,
    }


def _sum(*values: Any) -> int | None:
    got = [int(v) for v in values if v is not None]
    return sum(got) if got else None
