"""The mentions an authenticity audit reads, as columns (a million rows stay cheap).

:func:`load` reads them from a store with one portable query over ``mentions`` (the
parent's author comes from the same table, joined on the reply's ``reply_to``); the
account's creation date is read from ``author_created_at`` where the store has that
column (it is kept at import since issue 8), else left unknown. Times are read as epoch
seconds (``epoch()``: half the CPU of building a million time-zone-aware datetimes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

_NAN = float("nan")


@dataclass(slots=True)
class Items:
    """One entry per mention; times are POSIX seconds (UTC), unknown numbers NaN."""

    mention_id: list[str]
    external_id: list[str | None]
    platform: list[str]
    account: list[str]  # "platform:author id or handle": who posted, one per account
    handle: list[str | None]
    text: list[str]
    brands: list[tuple[str, ...]]
    created: np.ndarray
    followers: np.ndarray
    account_created: np.ndarray
    rating: np.ndarray
    parent_account: list[str | None]

    def __len__(self) -> int:
        return len(self.mention_id)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Items:
        """From store rows or plain dicts with the keys of :data:`COLUMNS` (only
        ``mention_id``, ``platform``, ``created_at`` and ``text`` are required)."""
        cols: dict[str, list[Any]] = {k: [] for k in _KEYS}
        for r in rows:
            platform = r["platform"]
            who = r.get("author_id") or r.get("author_handle") or r["mention_id"]
            parent = r.get("parent_author")
            cols["mention_id"].append(str(r["mention_id"]))
            cols["external_id"].append(r.get("external_id"))
            cols["platform"].append(platform)
            cols["account"].append(f"{platform}:{who}")
            cols["handle"].append(r.get("author_handle"))
            cols["text"].append(_text(r))
            cols["brands"].append(tuple(r.get("brands") or ()))
            cols["created"].append(_ts(r["created_at"]))
            cols["followers"].append(_num(r.get("author_followers")))
            cols["account_created"].append(_ts(r.get("author_created_at")))
            cols["rating"].append(_num(r.get("rating")))
            cols["parent_account"].append(f"{platform}:{parent}" if parent else None)
        return cls(
            mention_id=cols["mention_id"],
            external_id=cols["external_id"],
            platform=cols["platform"],
            account=cols["account"],
            handle=cols["handle"],
            text=cols["text"],
            brands=cols["brands"],
            created=np.asarray(cols["created"], dtype=np.float64),
            followers=np.asarray(cols["followers"], dtype=np.float64),
            account_created=np.asarray(cols["account_created"], dtype=np.float64),
            rating=np.asarray(cols["rating"], dtype=np.float64),
            parent_account=cols["parent_account"],
        )


_KEYS = (
    "mention_id", "external_id", "platform", "account", "handle", "text", "brands",
    "created", "followers", "account_created", "rating", "parent_account",
)  # fmt: skip


def _text(r: Mapping[str, Any]) -> str:
    title, text = r.get("title"), r.get("text") or ""
    return f"{title} {text}" if title and title not in text else text


def _ts(v: Any) -> float:
    if v is None:
        return _NAN
    if isinstance(v, datetime):
        return v.timestamp()
    if isinstance(v, int | float):
        return float(v)
    try:
        return datetime.fromisoformat(str(v)).timestamp()
    except ValueError:
        return _NAN


def _num(v: Any) -> float:
    if v is None or isinstance(v, bool):
        return _NAN
    try:
        x = float(v)
    except (TypeError, ValueError):
        return _NAN
    return x if math.isfinite(x) else _NAN


def has_column(store: Any, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` (information_schema: DuckDB and ClickHouse)."""
    rows = store.query(
        "SELECT count(*) AS n FROM information_schema.columns "
        "WHERE table_name = ? AND column_name = ?",
        [table, column],
    )
    return bool(rows and rows[0]["n"])


def load(
    store: Any,
    *,
    brands: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    platforms: Sequence[str] = (),
) -> Items:
    """The public's mentions (not the brands' own accounts) in [since, until), for
    ``brands`` (any brand when empty), oldest first."""
    created = (
        "m.author_created_at" if has_column(store, "mentions", "author_created_at") else "NULL"
    )
    where: list[str] = ["NOT coalesce(m.is_own_account, false)"]
    params: list[Any] = []
    if since is not None:
        where.append("m.created_at >= ?")
        params.append(since)
    if until is not None:
        where.append("m.created_at < ?")
        params.append(until)
    if platforms:
        where.append(f"m.platform IN ({', '.join('?' * len(platforms))})")
        params.extend(platforms)
    if brands:
        where.append(f"list_has_any(m.brands, [{', '.join('?' * len(brands))}])")
        params.extend(brands)
    sql = f"""
        SELECT m.mention_id, m.external_id, m.platform, m.author_id, m.author_handle,
               m.author_followers, {created} AS author_created_at, m.title, m.text,
               epoch(m.created_at) AS created_at, m.rating, m.brands,
               coalesce(p.author_id, p.author_handle) AS parent_author
        FROM mentions m
        LEFT JOIN mentions p ON p.platform = m.platform AND p.external_id = m.reply_to
        WHERE {" AND ".join(where)}
        ORDER BY m.created_at, m.mention_id
    """
    rows: list[dict[str, Any]] = []
    for batch in store.iter_query(sql, params, batch_size=50_000):
        rows.extend(batch)
    return Items.from_rows(rows)


__all__ = ["Items", "has_column", "load"]
