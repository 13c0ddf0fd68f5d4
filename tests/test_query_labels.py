"""The sentiment a mention shows: a person's correction over the accurate model over the
fast one, the newest of the best source. ``SENTIMENT_SQL`` orders the labels by one
BIGINT (rank × 10^17 + microseconds) instead of a ``(rank, created_at)`` struct: it must
choose exactly as the struct did, and as the Python mirror the explorer's pages use
(``_with_labels``), whatever the times: before 1970, a century apart, a microsecond apart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from rumeur.query import SENTIMENT_SQL, _with_labels
from rumeur.storage.duckdb import DuckDBStore

#: the choice as it was written before: a struct key, compared field by field
_STRUCT_RANK = (
    "(CASE enricher WHEN 'sentiment-human' THEN 3 WHEN 'sentiment-accurate' THEN 2 ELSE 1 END, "
    "created_at)"
)
REFERENCE = f"""
    SELECT mention_id, arg_max(label, {_STRUCT_RANK}) AS sentiment,
           arg_max(enricher || '@' || version, {_STRUCT_RANK}) AS sentiment_model
    FROM enrichments
    WHERE enricher IN ('sentiment-human', 'sentiment-accurate', 'sentiment-fast')
    GROUP BY mention_id
"""

T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
OLD = datetime(1961, 5, 1, tzinfo=UTC)  # before 1970: negative microseconds

#: mention -> its labels (enricher, label, time)
CASES: dict[str, list[tuple[str, str | None, datetime]]] = {
    # a person's correction made before the models' newer labels still wins
    "human-first": [
        ("sentiment-human", "neutral", T),
        ("sentiment-fast", "negative", T.replace(year=2027)),
        ("sentiment-accurate", "positive", T.replace(day=9)),
    ],
    # the accurate model over the fast one, whatever their times
    "accurate-older": [("sentiment-fast", "negative", T), ("sentiment-accurate", "positive", OLD)],
    # the newest of one source
    "two-fast": [("sentiment-fast", "negative", OLD), ("sentiment-fast", "positive", T)],
    # a century apart, and a microsecond apart
    "far": [
        ("sentiment-accurate", "neutral", OLD),
        ("sentiment-accurate", "negative", T.replace(year=2125)),
    ],
    "near": [
        ("sentiment-fast", "neutral", T.replace(microsecond=2)),
        ("sentiment-fast", "negative", T.replace(microsecond=1)),
    ],
    # an empty label is passed over for the sentiment (not for the model), as before
    "empty-label": [("sentiment-fast", "negative", OLD), ("sentiment-accurate", None, T)],
    "language-only": [("language", "fr", T)],
}


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    s = DuckDBStore(tmp_path / "labels.duckdb")
    s.migrate()
    for mid, labels in CASES.items():
        s.execute(
            "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
            "collected_at, brands) VALUES (?, ?, 'forum', 'un avis', ?, ?, [])",
            [mid, mid, T, OLD],
        )
        for i, (enricher, label, at) in enumerate(labels):
            s.execute(
                "INSERT INTO enrichments (mention_id, enricher, version, label, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [mid, enricher, f"{i + 1}", label, at],
            )
    return s


def test_sentiment_sql_chooses_as_the_struct_order_did(store: DuckDBStore) -> None:
    now = {r["mention_id"]: r for r in store.query(SENTIMENT_SQL)}
    before = {r["mention_id"]: r for r in store.query(REFERENCE)}
    assert now == before
    assert now["human-first"]["sentiment"] == "neutral"
    assert now["human-first"]["sentiment_model"] == "sentiment-human@1"
    assert now["accurate-older"]["sentiment"] == "positive"
    assert now["two-fast"]["sentiment"] == "positive"
    assert now["far"]["sentiment"] == "negative"
    assert now["near"]["sentiment"] == "neutral"
    assert now["empty-label"]["sentiment"] == "negative"
    assert now["empty-label"]["sentiment_model"] == "sentiment-accurate@2"
    assert "language-only" not in now


def test_the_python_mirror_agrees_where_labels_are_set(store: DuckDBStore) -> None:
    rows = [{"mention_id": m, "collected_at": OLD} for m in CASES if m != "empty-label"]
    chosen = {r["mention_id"]: r for r in _with_labels(store, rows)}
    sql = {r["mention_id"]: r for r in store.query(SENTIMENT_SQL)}
    for mid, row in chosen.items():
        expected = sql.get(mid, {"sentiment": None, "sentiment_model": None})
        assert (row["sentiment"], row["sentiment_model"]) == (
            expected["sentiment"],
            expected["sentiment_model"],
        ), mid
    assert chosen["language-only"]["detected_language"] == "fr"
