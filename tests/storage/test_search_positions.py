"""The search index's layout 3: each posting carries its mention's row position
(``mentions.rowid`` when indexed), and a page of hits is read at those rows, each
checked against its id. DuckDB renumbers the rows when a checkpoint merges or drops row
groups after deletions: the page must stay exactly what a read by id gives (rows
found at a moved position are read by id), and the next refresh takes the positions
again. Also: erasing a person (the file rewritten), re-imported mentions, an index of
layout 2 read as it is and upgraded."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rumeur.query import MentionFilter, _by_ids, find_and_count, find_mentions
from rumeur.storage.duckdb import DuckDBStore

T0 = datetime(2025, 10, 6, 9, tzinfo=UTC)
WORDS = ["réseau", "client", "agence", "offre", "facture", "appel", "conseiller", "boutique",
         "forfait", "volta", "coupure", "remboursement"]  # fmt: skip
QUERIES = ("panne", "panne lyon", "facture", "coupure remboursement")


def corpus(store: DuckDBStore, n: int, seed: int, prefix: str = "m", rows: int = 0) -> None:
    """``n`` fictional mentions, one a minute, most of them holding 'panne'; spread
    among ``rows`` rows in all (the others hold no word: DuckDB renumbers rows only
    across row groups of 122,880 rows, so the tests of moved rows need a few)."""
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        words = rng.choices(WORDS, k=rng.randint(2, 9)) + ["panne"] * rng.choice((0, 1, 1, 3))
        if i % 4 == 0:
            words.append("Lyon")
        texts.append(" ".join(words))
    every = max(rows // n, 1)
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) SELECT mid, mid, 'forum', txt, ts, ts, ['volta'] FROM ("
        "SELECT ? || lpad(i::VARCHAR, 6, '0') AS mid, "
        "CASE WHEN i % ? = 0 THEN (?::VARCHAR[])[i // ? + 1] END AS txt, "
        "?::TIMESTAMPTZ + to_seconds(i) AS ts FROM range(?) r(i))",
        [prefix, every, texts, every, T0, n * every],
    )


def by_id(store: DuckDBStore, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """A page of hits as it was read before layout 3: the hits, then their rows by id."""
    top = store.search_hits(text, limit=limit)
    rows = {r["mention_id"]: r for r in _by_ids(store, "mentions", "*", [m for m, _ in top])}
    return [{**rows[m], "score": sc} for m, sc in top if m in rows]


def page(store: DuckDBStore, text: str, limit: int = 10) -> tuple[list[dict[str, Any]], int]:
    rows, total = find_and_count(store, MentionFilter(search=text, sort="relevance", limit=limit))
    return [{k: v for k, v in r.items() if k not in _LABELS} for r in rows], total


_LABELS = ("sentiment", "sentiment_model", "detected_language", "labelled_by", "dedupe_key")


def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in _LABELS} for r in rows]


def moved(store: DuckDBStore) -> int:
    """How many postings' positions no longer hold their mention."""
    return int(store.scalar(
        "SELECT count(*) FROM search_terms t LEFT JOIN mentions m ON m.rowid = t.rid "
        "WHERE m.mention_id IS DISTINCT FROM t.mention_id"
    ))  # fmt: skip


def joins_agree(store: DuckDBStore) -> None:
    """Several words' postings joined on their row positions (``rid_join``) give the
    hits, scores and count of the join on the mention ids."""
    assert store.search_index_info().exists
    several = [q for q in QUERIES if len(store.search_terms(q)) > 1]
    assert several
    on_rid = {q: store.search_page(q, limit=5000) for q in several}
    assert store.scalar("SELECT rid_join FROM search_state") is True
    store._memo.clear()
    store._state_con = None
    # the same index read as if some posting had no position: joined on the ids
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("UPDATE search_state SET rid_join = false")
        for q in several:
            assert "t1.rid" not in store.search_relation(q)[0]
            assert store.search_page(q, limit=5000) == on_rid[q], q
    finally:
        store.con.execute("ROLLBACK")
        store._memo.clear()


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    s = DuckDBStore(tmp_path / "s.duckdb")
    corpus(s, 3000, seed=7)
    s.refresh_search_index()
    return s


def test_a_page_is_read_at_its_mentions_positions(store: DuckDBStore) -> None:
    assert moved(store) == 0
    for q in QUERIES:
        rows, total = page(store, q)
        assert rows and strip(rows) == strip(by_id(store, q))
        ids = [r["mention_id"] for r in rows]
        positions = store.search_positions(ids)
        assert set(positions) == set(ids)  # every hit's position known...
        at = store.rows("SELECT rowid, mention_id FROM mentions WHERE mention_id IN "
                        "(SELECT unnest(?::VARCHAR[]))", [ids])  # fmt: skip
        assert positions == {m: r for r, m in at}  # ...and right
        assert total == store.search_page(q, limit=1)[0]
    joins_agree(store)


def test_rows_renumbered_are_read_by_id_then_positioned_again(tmp_path: Path) -> None:
    path = tmp_path / "moved.duckdb"
    with DuckDBStore(path) as s:
        corpus(s, 3000, seed=8, rows=400_000)
        s.refresh_search_index()
        # two thirds of the oldest mentions go (retention-like); the checkpoint merges
        # their row groups: the rows after them are renumbered
        s.execute("DELETE FROM mentions WHERE mention_id < 'm260000' AND hash(mention_id) % 3 <> 0")
        s.execute("CHECKPOINT")
    with DuckDBStore(path, read_only=True) as ro:  # the index as it is (stale)
        assert not ro.search_index_info().fresh and moved(ro) > 0
        for q in QUERIES:
            rows, _ = page(ro, q)
            top = ro.search_hits(q, limit=10)
            stale = [
                m
                for m, r in ro.search_positions([m for m, _ in top]).items()
                if ro.scalar("SELECT mention_id FROM mentions WHERE rowid = ?", [r]) != m
            ]
            assert stale, q  # some hits were not at their positions any more
            assert strip(rows) == strip(by_id(ro, q))
    with DuckDBStore(path) as s:
        joins_agree(s)  # stale positions, still one per mention
        info = s.refresh_search_index()
        assert info.fresh and info.last_action == "appended"
        assert moved(s) == 0  # positions taken again
        joins_agree(s)
        s.execute("CHECKPOINT")
        assert s.refresh_search_index().last_action == "unchanged" and moved(s) == 0
        for q in QUERIES:
            assert strip(page(s, q)[0]) == strip(by_id(s, q))


def test_a_checkpoint_after_the_refresh_is_caught_by_the_next_one(tmp_path: Path) -> None:
    path = tmp_path / "late.duckdb"
    with DuckDBStore(path) as s:
        corpus(s, 3000, seed=9, rows=400_000)
        s.refresh_search_index()
        s.execute("DELETE FROM mentions WHERE mention_id < 'm260000' AND hash(mention_id) % 4 <> 0")
        s.refresh_search_index()  # the deleted ones leave the index; rows not moved yet
        s.execute("CHECKPOINT")  # now they are
        assert moved(s) > 0
        for q in QUERIES:  # read by id meanwhile
            assert strip(page(s, q)[0]) == strip(by_id(s, q))
        assert s.refresh_search_index().last_action == "unchanged"
        assert moved(s) == 0


def test_new_and_replaced_mentions_get_their_positions(store: DuckDBStore) -> None:
    corpus(store, 500, seed=10, prefix="n")
    # an edited review: the same id stored again with a newer collection time
    store.execute("DELETE FROM mentions WHERE mention_id = 'm000004'")
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) VALUES ('m000004', 'm000004', 'forum', 'panne panne panne "
        "panne panne panne à Lyon', ?, ?, ['volta'])",
        [T0, T0 + timedelta(days=30)],
    )
    assert store.refresh_search_index().last_action == "appended"
    assert moved(store) == 0
    hits = [m for m, _ in store.search_hits("panne lyon", limit=1000)]
    assert "m000004" in hits and store.search_positions(["m000004"]) == {
        "m000004": store.scalar("SELECT rowid FROM mentions WHERE mention_id = 'm000004'")
    }  # its new row
    for q in QUERIES:
        assert strip(page(store, q)[0]) == strip(by_id(store, q))
    joins_agree(store)


def test_a_posting_without_its_position_joins_on_the_ids(store: DuckDBStore) -> None:
    assert store.scalar("SELECT rid_join FROM search_state") is True
    several = [q for q in QUERIES if len(store.search_terms(q)) > 1]
    expected = {q: {m for m, _ in store.search_page(q, limit=5000)[1]} for q in several}
    assert any("m000004" in ids for ids in expected.values())
    store.execute("UPDATE search_terms SET rid = NULL WHERE mention_id = 'm000004'")
    corpus(store, 10, seed=3, prefix="z")  # something to refresh
    assert store.refresh_search_index().last_action == "appended"
    assert store.scalar("SELECT rid_join FROM search_state") is False
    for q in several:  # a join on the positions would lose m000004
        total, hits = store.search_page(q, limit=5000)
        ids = {m for m, _ in hits}
        assert {m for m in ids if not m.startswith("z")} == expected[q], q
        assert total == len(ids)


def test_an_index_of_layout_2_is_read_by_id_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "two.duckdb"
    with DuckDBStore(path) as s:
        corpus(s, 800, seed=11)
        s.refresh_search_index()
        expected = {q: strip(by_id(s, q)) for q in QUERIES}
        # layout 2: no positions
        s.execute("ALTER TABLE search_terms DROP COLUMN rid")
        s.execute("ALTER TABLE search_docs DROP COLUMN rid")
        s.execute("UPDATE search_state SET format = 2")
    with DuckDBStore(path, read_only=True) as ro:
        assert not ro.search_index_info().fresh
        for q, rows in expected.items():
            assert strip(page(ro, q)[0]) == rows
            assert ro.search_positions([r["mention_id"] for r in rows]) == {}
    with DuckDBStore(path) as s:
        info = s.refresh_search_index()
        assert info.fresh and info.last_action == "upgraded"
        assert moved(s) == 0
        for q, rows in expected.items():
            assert strip(page(s, q)[0]) == rows


def test_find_mentions_by_relevance_reads_the_same_rows(store: DuckDBStore) -> None:
    for q in QUERIES:
        flt = MentionFilter(search=q, sort="relevance", limit=10)
        assert strip(find_mentions(store, flt)) == strip(find_mentions(store, flt, plain=True))


def test_a_new_mention_at_a_position_already_held_joins_on_the_ids(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an indexed mention that (wrongly) holds the position the next stored one takes,
    # past the check of moved rows: two mentions at one position, the join must not
    # be made on positions
    extent = store.scalar("SELECT max(rowid) + 1 FROM mentions")
    for table in ("search_docs", "search_terms"):
        store.execute(f"UPDATE {table} SET rid = ? WHERE mention_id = 'm000004'", [extent])
    monkeypatch.setattr(store, "_positions_moved", lambda: False)
    corpus(store, 1, seed=5, prefix="z")
    assert store.scalar("SELECT rowid FROM mentions WHERE mention_id LIKE 'z%'") == extent
    assert store.refresh_search_index().last_action == "appended"
    assert store.scalar("SELECT rid_join FROM search_state") is False
    several = [q for q in QUERIES if len(store.search_terms(q)) > 1]
    assert "t1.rid" not in store.search_relation(several[0])[0]
