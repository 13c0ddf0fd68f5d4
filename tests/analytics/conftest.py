"""Helpers: a real DuckDB store in tmp_path with hand-made mentions and enrichments."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rumeur.storage.duckdb import DuckDBStore

T0 = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)  # a Monday


def add_mention(store: DuckDBStore, mid: str, **kw: Any) -> None:
    row = {
        "mention_id": mid, "dedupe_key": mid, "platform": "twitter", "external_id": mid,
        "author_id": kw.pop("author", "a-" + mid), "author_handle": kw.pop("handle", None),
        "author_followers": None, "is_own_account": False, "text": "texte",
        "created_at": T0, "views": None, "likes": 0, "shares": 0, "replies": 0,
        "reply_to": None, "brands": ["volta"], "unmatched": False,
    }  # fmt: skip
    sentiment = kw.pop("sentiment", None)
    aspects = kw.pop("aspects", None)
    row.update(kw)
    cols = ", ".join(row)
    store.execute(
        f"INSERT INTO mentions ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    if sentiment:
        store.execute(
            "INSERT INTO enrichments VALUES (?, 'sentiment-fast', '1', ?, 0.9, NULL, ?)",
            [mid, sentiment, T0],
        )
    if aspects:
        store.execute(
            "INSERT INTO enrichments VALUES (?, 'aspects', '1', NULL, NULL, ?, ?)",
            [mid, json.dumps({"aspects": aspects}), T0],
        )


@pytest.fixture
def store(tmp_path: Any) -> Any:
    s = DuckDBStore(tmp_path / "t.duckdb")
    yield s
    s.close()


__all__ = ["T0", "add_mention", "timedelta"]


class Batch:
    """Collects :func:`add_mention`'s inserts and writes them through Arrow tables (fast):
    ``b = Batch(); add_mention(b, ...); b.flush(store)``."""

    def __init__(self) -> None:
        self.calls: dict[str, list[list[Any]]] = {}

    def execute(self, sql: str, params: list[Any]) -> None:
        self.calls.setdefault(sql, []).append(list(params))

    def flush(self, store: DuckDBStore) -> None:
        import pyarrow as pa

        for sql, rows in self.calls.items():
            head, values = sql.split(" VALUES ", 1)
            items, select, k = values.strip()[1:-1].split(", "), [], 0
            for item in items:
                select.append(f"p{k}" if item == "?" else item)
                k += item == "?"
            table = pa.table({f"p{j}": [row[j] for row in rows] for j in range(k)})
            store.con.register("_batch", table)
            store.execute(f"{head} SELECT {', '.join(select)} FROM _batch")
            store.con.unregister("_batch")
        self.calls.clear()
