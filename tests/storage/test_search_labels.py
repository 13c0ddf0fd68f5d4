"""The index's copy of the labels (``search_labels``): a page of search hits takes its
mentions' sentiment, model and language from it, read at their row positions, plus the
labels made since it was written. Whatever happens to the enrichments (a person's
correction, the accurate tier, new mentions, a deletion, a label written with an earlier
clock, another DuckDB), the page must show exactly what a read by id shows; when the copy
cannot be trusted the page is read by id, and the next refresh writes it again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rumeur.query import (
    MentionFilter,
    _with_labels,
    count_mentions,
    find_and_count,
    find_mentions,
)
from rumeur.storage import search_labels
from rumeur.storage.duckdb import DuckDBStore
from rumeur.storage.search_labels import keep_labels
from tests.storage.test_search_positions import QUERIES, corpus

T1 = datetime(2025, 10, 7, 8, tzinfo=UTC)  # the enrichment run after the import
LABELS = ("sentiment", "sentiment_model", "detected_language")


def label(store: DuckDBStore, ids: str, enricher: str, value: str, at: datetime,
          version: str = "1.0.0") -> None:  # fmt: skip
    """``enricher``'s ``value`` for the mentions whose id matches the LIKE ``ids``."""
    store.execute(
        "INSERT INTO enrichments (mention_id, enricher, version, label, score, data, "
        "created_at) SELECT mention_id, ?, ?, ?, NULL, NULL, ? FROM mentions "
        "WHERE mention_id LIKE ?",
        [enricher, version, value, at, ids],
    )


def enrich_all(store: DuckDBStore, at: datetime = T1) -> None:
    """The fast tier and the language for every mention, the accurate tier for one in
    ten, a person's correction (made before the accurate label) for one in a hundred."""
    label(store, "%", "sentiment-fast", "negative", at)
    label(store, "%", "language", "fr", at)
    label(store, "%0", "sentiment-accurate", "neutral", at + timedelta(hours=2))
    label(store, "%00", "sentiment-human", "positive", at + timedelta(hours=1), "1")


def pages(store: DuckDBStore) -> list[list[dict[str, Any]]]:
    """Each query's page (30 hits) as the search gives it, labels included."""
    return [find_and_count(store, MentionFilter(search=q, sort="relevance", limit=30))[0]
            for q in QUERIES]  # fmt: skip


def by_id(rows: list[dict[str, Any]], store: DuckDBStore) -> list[dict[str, Any]]:
    """The same rows with their labels read by id (the reference)."""
    fresh = [{k: v for k, v in r.items() if k not in LABELS} for r in rows]
    return _with_labels(store, fresh, scattered=True)


def answered(store: DuckDBStore) -> float:
    """The share of the last pages' hits whose labels the copy gives."""
    shares = []
    for q in QUERIES:
        top = store.search_hits(q, limit=30)
        positions = store.search_positions([m for m, _ in top])
        shares.append(len(store.search_labels(positions)) / len(top))
    return min(shares)


def check(store: DuckDBStore) -> None:
    for rows in pages(store):
        assert rows, "every query finds mentions"
        got = [tuple(r[k] for k in LABELS) for r in rows]
        want = [tuple(r[k] for k in LABELS) for r in by_id(rows, store)]
        assert got == want


@pytest.fixture(params=["table", "files"])
def store(tmp_path: Path, request: pytest.FixtureRequest) -> DuckDBStore:
    """A store whose copy is read from its table, or (as beside a large store, with
    the search engine) from its files (``search_labels.LabelsFile``)."""
    s = DuckDBStore(tmp_path / "s.duckdb")
    if request.param == "files":
        s.search_engine_min_docs = 1
    corpus(s, 3000, seed=11)
    enrich_all(s)
    s.refresh_search_index()
    return s


def test_a_page_takes_its_labels_from_the_copy(store: DuckDBStore) -> None:
    check(store)
    assert answered(store) == 1.0
    models = {r["sentiment_model"] for rows in pages(store) for r in rows}
    # the three sources won somewhere: a person's label over the accurate one (newer)
    assert models == {"sentiment-fast@1.0.0", "sentiment-accurate@1.0.0", "sentiment-human@1"}


def test_labels_made_since_are_weighed_against_the_copy(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = T1 + timedelta(days=3)
    label(store, "%7", "sentiment-accurate", "positive", later, "1.1.0")  # newer, wins
    label(store, "%00", "sentiment-fast", "neutral", later)  # newer, loses to a person
    label(store, "%3", "sentiment-human", "neutral", later, "1")  # a correction
    label(store, "%5", "language", "en", later)
    check(store)
    assert answered(store) == 1.0  # nothing deleted: the copy stays usable
    seen = {(r["mention_id"][-1], r["sentiment_model"], r["detected_language"])
            for rows in pages(store) for r in rows}  # fmt: skip
    assert ("7", "sentiment-accurate@1.1.0", "fr") in seen
    assert ("3", "sentiment-human@1", "fr") in seen
    assert ("5", "sentiment-fast@1.0.0", "en") in seen or ("5", "sentiment-human@1", "en") in seen
    # too many labels made since (here 1,000): the next refresh writes the copy again
    monkeypatch.setattr(search_labels, "TAIL_ROWS", 1000)
    assert keep_labels(store.con) == "kept"
    label(store, "%", "sentiment-accurate", "neutral", later + timedelta(days=1), "2.0.0")
    assert keep_labels(store.con) == "written"
    check(store)
    assert {r["sentiment_model"] for rows in pages(store) for r in rows} == {
        "sentiment-accurate@2.0.0", "sentiment-human@1"}  # fmt: skip


def test_mentions_stored_since_extend_the_copy(store: DuckDBStore) -> None:
    before = store.scalar("SELECT positions FROM search_labels_state")
    corpus(store, 600, seed=12, prefix="n")
    store.refresh_search_index()
    assert store.scalar("SELECT positions FROM search_labels_state") == before + 600
    enrich_all(store, T1 + timedelta(days=2))  # their labels come after the refresh
    check(store)
    assert answered(store) == 1.0
    assert any(r["mention_id"].startswith("n") for rows in pages(store) for r in rows)


def test_a_deletion_reads_by_id_until_the_copy_is_written_again(store: DuckDBStore) -> None:
    # an edited review: its mention and labels deleted, stored again, labelled again
    gone = store.query("SELECT * FROM mentions WHERE mention_id LIKE '%00' ORDER BY 1")
    store.execute("DELETE FROM enrichments WHERE mention_id LIKE '%00'")
    store.execute("DELETE FROM mentions WHERE mention_id LIKE '%00'")
    for r in gone:
        r["collected_at"] = r["collected_at"] + timedelta(days=5)
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " 'forum', unnest(?::VARCHAR[]), unnest(?::TIMESTAMPTZ[]), unnest(?::TIMESTAMPTZ[]),"
        " ['volta'])",
        [[r["mention_id"] for r in gone], [r["dedupe_key"] for r in gone],
         [r["text"] for r in gone], [r["created_at"] for r in gone],
         [r["collected_at"] for r in gone]],
    )  # fmt: skip
    label(store, "%00", "sentiment-fast", "neutral", T1 + timedelta(days=6), "1.1.0")
    # the person's label went with the old version: the copy's would be wrong
    assert answered(store) == 0.0
    check(store)
    store.refresh_search_index()
    assert answered(store) == 1.0
    check(store)
    models = {r["sentiment_model"] for rows in pages(store) for r in rows
              if r["mention_id"].endswith("00")}  # fmt: skip
    assert models == {"sentiment-fast@1.1.0"}


def test_a_label_written_with_an_earlier_clock_reads_by_id(store: DuckDBStore) -> None:
    label(store, "%1", "sentiment-human", "neutral", T1 - timedelta(days=1), "1")
    assert answered(store) == 0.0  # not among the labels made since: not trusted
    check(store)
    store.refresh_search_index()
    assert answered(store) == 1.0
    check(store)


def test_another_duckdb_or_no_copy_reads_by_id(store: DuckDBStore) -> None:
    store.execute("UPDATE search_labels_state SET duckdb = '0.9.0'")  # its hash may differ
    assert answered(store) == 0.0
    check(store)
    store.refresh_search_index()
    assert answered(store) == 1.0
    store.execute("DROP TABLE search_labels_state")  # an index of before the copy
    assert answered(store) == 0.0
    check(store)
    store.refresh_search_index()
    assert answered(store) == 1.0


@pytest.mark.parametrize("sort", ["relevance", "date", "reach"])
def test_a_filtered_search_takes_its_labels_from_the_copy_too(
    store: DuckDBStore, sort: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    label(store, "%3", "sentiment-human", "neutral", T1 + timedelta(days=3), "1")  # since
    answers: list[int] = []
    ask = store.search_labels

    def counted(
        positions: dict[str, int], hashes: dict[str, int] | None = None
    ) -> dict[str, tuple[Any, Any, Any]]:
        found = ask(positions, hashes)
        answers.append(len(found))
        return found

    monkeypatch.setattr(store, "search_labels", counted)
    for q in QUERIES:
        flt = MentionFilter(search=q, brand="volta", platform="forum", sort=sort, limit=30)
        rows = find_mentions(store, flt)
        assert len(rows) == 30 and "rumeur_position" not in rows[0]
        assert rows == find_mentions(store, flt, plain=True), (q, sort)
        # the page and the count of the API's search (one query by relevance)
        page, total = find_and_count(store, flt)
        assert (page, total) == (rows, count_mentions(store, flt))
        deep = MentionFilter(search=q, brand="volta", sort=sort, limit=30, offset=total - 5)
        assert find_and_count(store, deep) == (find_mentions(store, deep, plain=True), total)
        past = MentionFilter(search=q, brand="volta", sort=sort, limit=30, offset=total + 5)
        assert find_and_count(store, past) == ([], total)
    # every page's labels came from the copy
    assert answers == [30, 30, 5] * len(QUERIES)
