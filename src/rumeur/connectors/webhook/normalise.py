"""Pushed JSON -> mentions: the webhook's normaliser.

Body: one JSON object or an array of them, each with the generic fields

    text (required), created_at (required, ISO 8601 with a time zone), id, platform,
    url, title, language, author (object: id, handle, name, followers, verified; or a
    handle as text), likes, shares, replies, views, reply_to, thread_id, rating

Any problem in any item refuses the whole body (422, with every problem listed): nothing
of it is stored as a mention, the body goes to the quarantine with the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from rumeur.connectors.base import dumps, parse_time
from rumeur.connectors.webhook.intake import PushRefused
from rumeur.records import PLATFORMS, Author, Engagement, Mention

_INT_FIELDS = ("likes", "shares", "replies", "views")


def _int(obj: Mapping[str, Any], key: str, problems: list[dict[str, Any]], i: int) -> int | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
        problems.append({"index": i, "field": key, "reason": "must be a number >= 0"})
        return None
    return int(v)


def item_to_mention(
    obj: Any, i: int, default_platform: str, problems: list[dict[str, Any]]
) -> Mention | None:
    """One pushed object -> Mention; problems are appended (index, field, reason)."""
    before = len(problems)
    if not isinstance(obj, Mapping):
        problems.append({"index": i, "field": None, "reason": "not a JSON object"})
        return None
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append({"index": i, "field": "text", "reason": "missing or empty"})
    created = None
    raw_date = obj.get("created_at")
    try:
        created = parse_time(raw_date)
        if isinstance(raw_date, str) and "T" in raw_date and created.utcoffset() is None:
            raise ValueError
    except (ValueError, TypeError):
        reason = "missing or not ISO 8601 (e.g. 2026-11-23T10:00:00+01:00)"
        problems.append({"index": i, "field": "created_at", "reason": reason})
    platform = obj.get("platform") or default_platform
    if platform not in PLATFORMS:
        problems.append({"index": i, "field": "platform", "reason": f"unknown: {platform!r}"})
    author = obj.get("author") or {}
    if isinstance(author, str):
        author = {"handle": author}
    if not isinstance(author, Mapping):
        problems.append({"index": i, "field": "author", "reason": "object or handle expected"})
        author = {}
    followers = _int(author, "followers", problems, i)
    counts = {k: _int(obj, k, problems, i) for k in _INT_FIELDS}
    if len(problems) > before or created is None or not isinstance(text, str):
        return None
    ext = obj.get("id")
    return Mention(
        platform=str(platform),
        text=text,
        created_at=created,
        external_id=str(ext) if ext not in (None, "") else None,
        url=obj.get("url"),
        title=obj.get("title"),
        language=obj.get("language"),
        author=Author(
            id=_str(author.get("id")),
            handle=_str(author.get("handle")),
            display_name=_str(author.get("name")),
            followers=followers,
            verified=bool(author.get("verified", False)),
        ),
        engagement=Engagement(**counts),
        reply_to=_str(obj.get("reply_to")),
        thread_id=_str(obj.get("thread_id")),
        rating=obj.get("rating") if isinstance(obj.get("rating"), int | float) else None,
    )


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def read_body(body: bytes, default_platform: str = "webhook") -> list[tuple[str, Mention]]:
    """The body's items as (payload, Mention); PushRefused(422) listing every problem."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise PushRefused(422, "invalid_json", f"body is not valid JSON: {exc}") from None
    objs = doc if isinstance(doc, list) else [doc]
    if not objs:
        raise PushRefused(422, "empty", "no item in the body")
    problems: list[dict[str, Any]] = []
    items = []
    for i, obj in enumerate(objs):
        m = item_to_mention(obj, i, default_platform, problems)
        if m is not None:
            items.append((dumps(obj), m))
    if problems:
        raise PushRefused(422, "invalid_payload", f"{len(problems)} problem(s)", problems)
    return items
