"""Webhook intake: verify a pushed body, then read it into mentions (no I/O here).

Signature (like Stripe's and GitHub's): the sender computes
``hex(HMAC-SHA256(secret, timestamp + "." + raw_body))`` and sends

    X-Rumeur-Timestamp: 1763900000            (Unix seconds)
    X-Rumeur-Signature: sha256=<hex>

A missing or wrong signature, or a timestamp more than ``tolerance`` seconds away from our
clock, is refused (401); a signature already seen inside the window is a replay (409).

Body: one JSON object or an array of them, each with the generic fields

    text (required), created_at (required, ISO 8601 with a time zone), id, platform,
    url, title, language, author (object: id, handle, name, followers, verified; or a
    handle as text), likes, shares, replies, views, reply_to, thread_id, rating

Any problem in any item refuses the whole body (422, with every problem listed): nothing
of it is stored as a mention, the body goes to the quarantine with the reasons.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from rumeur.connectors.base import dumps, parse_time
from rumeur.records import PLATFORMS, Author, Engagement, Mention

SIGNATURE_HEADER = "X-Rumeur-Signature"
TIMESTAMP_HEADER = "X-Rumeur-Timestamp"
_INT_FIELDS = ("likes", "shares", "replies", "views")


class PushRefused(Exception):
    """A push is refused; ``status`` and ``reason`` go back to the sender as JSON."""

    def __init__(self, status: int, error: str, reason: str, problems: Any = None) -> None:
        super().__init__(reason)
        self.status = status
        self.error = error
        self.reason = reason
        self.problems = problems

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.error, "reason": self.reason}
        if self.problems:
            out["problems"] = self.problems
        return out


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Rumeur-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass
class Verifier:
    """Checks signatures and timestamps, and remembers recent signatures (replays)."""

    secret: str
    tolerance: float = 300.0
    clock: Any = time.time

    def __post_init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, timestamp: str | None, signature: str | None, body: bytes) -> None:
        if not timestamp or not signature:
            raise PushRefused(
                401, "unsigned", f"send {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers"
            )
        try:
            ts = int(timestamp)
        except ValueError:
            raise PushRefused(401, "bad_timestamp", "timestamp must be Unix seconds") from None
        now = self.clock()
        if abs(now - ts) > self.tolerance:
            raise PushRefused(
                401, "stale_timestamp", f"timestamp is more than {self.tolerance:.0f} s off"
            )
        expected = sign(self.secret, ts, body)
        if not hmac.compare_digest(expected, signature.strip()):
            raise PushRefused(401, "bad_signature", "signature does not match the body")
        with self._lock:
            for sig, at in list(self._seen.items()):
                if now - at > 2 * self.tolerance:
                    del self._seen[sig]
            if expected in self._seen:
                raise PushRefused(409, "replay", "this signed request was already received")
            self._seen[expected] = now


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
