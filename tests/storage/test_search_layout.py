"""The search index's layout 2: each posting's BM25 weight stored, postings sorted by
(term, weight DESC), and a one-word page read from the postings above the word's floor
weight (``search_term_stats``). Its pages must be exactly the full query's, whatever
happened since the last sort: ties, appended mentions, deleted postings, new words,
deep pages; and an index written before it is read as it is and upgraded in place."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rumeur.storage import search as search_module
from rumeur.storage.duckdb import DuckDBStore
from rumeur.storage.schema import LATEST_VERSION

T0 = datetime(2025, 10, 6, 9, tzinfo=UTC)
#: fictional words around the searched ones, for mentions of every length
FILLER = ["réseau", "client", "agence", "offre", "facture", "appel", "conseiller", "boutique",
          "forfait", "volta"]  # fmt: skip


def add(store: DuckDBStore, mid: str, text: str) -> None:
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) VALUES (?, ?, 'forum', ?, ?, now(), [])",
        [mid, mid, text, T0],
    )


def corpus(store: DuckDBStore, n: int, seed: int, prefix: str = "m") -> None:
    """``n`` mentions holding 'panne' once to four times among 0 to 12 other words (many
    of them the same length: ties), a third of them 'lyon' too."""
    rng = random.Random(seed)
    for i in range(n):
        words = ["panne"] * rng.choice((1, 1, 1, 2, 4))
        words += rng.choices(FILLER, k=rng.choice((0, 3, 3, 3, 6, 12)))
        if i % 3 == 0:
            words.append("lyon")
        rng.shuffle(words)
        add(store, f"{prefix}{i:04d}", " ".join(words))


def full(store: DuckDBStore, text: str) -> list[tuple[str, float]]:
    """Every hit, best first, from the relation (the reference)."""
    rel = store.search_relation(text)
    assert rel is not None
    sql, params = rel
    order = "ORDER BY score DESC, mention_id"
    return [(m, s) for m, s in store.rows(f"SELECT mention_id, score FROM ({sql}) {order}", params)]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DuckDBStore:
    monkeypatch.setattr(search_module, "TOP_DEPTH", 12)  # the floor within a small corpus
    s = DuckDBStore(tmp_path / "s.duckdb")
    corpus(s, 120, seed=3)
    s.refresh_search_index()
    return s


def pages_match(store: DuckDBStore, text: str, limits: tuple[int, ...] = (1, 5, 12)) -> None:
    every = full(store, text)
    total, _ = store.search_page(text, limit=1)
    assert total == len(every)
    for limit in limits:
        for offset in range(0, 16):
            assert (
                store.search_hits(text, limit=limit, offset=offset)
                == every[offset : offset + limit]
            ), (text, limit, offset)


def test_a_word_s_pages_are_the_full_query_s(store: DuckDBStore) -> None:
    floor = store.scalar("SELECT floor FROM search_term_stats WHERE term = 'pann'")
    best = store.scalar("SELECT max(w) FROM search_terms WHERE term = 'pann'")
    above = store.scalar(
        "SELECT count(*) FROM search_terms WHERE term = 'pann' AND w >= ?", [floor]
    )
    assert 0 < floor < best and 12 <= above < 120  # the floor cuts the list short
    pages_match(store, "panne")
    pages_match(store, "panne lyon")  # two words: the join, not the floor


def test_the_floor_path_reads_only_the_postings_above_the_floor(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = store._top

    def spy(sql: str, params: list[object], limit: int, offset: int) -> list[object]:
        seen.append(sql)
        return real(sql, params, limit, offset)

    monkeypatch.setattr(store, "_top", spy)
    store.search_hits("panne", limit=5)
    assert len(seen) == 1 and "w >= " in seen[0]
    seen.clear()
    store.search_hits("panne", limit=5, offset=10)  # ends past TOP_DEPTH: the full query
    assert len(seen) == 1 and "w >= " not in seen[0]


def test_appended_mentions_and_new_words_are_ranked_in(store: DuckDBStore) -> None:
    corpus(store, 40, seed=4, prefix="n")  # appended after the sort, not sorted yet
    add(store, "z1", "panne panne panne panne panne")  # the best 'panne' of all
    add(store, "z2", "inondation à Lyon")  # a word the stats do not know
    info = store.refresh_search_index()
    assert info.last_action == "appended"
    assert store.search_hits("panne", limit=1) == full(store, "panne")[:1]
    assert store.search_hits("panne", limit=1)[0][0] == "z1"
    pages_match(store, "panne")
    pages_match(store, "inondation")


def test_postings_deleted_since_the_sort_fall_back_to_the_full_query(
    store: DuckDBStore,
) -> None:
    """Mentions erased or past their retention leave the index at the next refresh,
    which does not sort it again: the words' floors stay those of the last sort."""
    best = [m for m, _ in full(store, "panne")[:10]]
    store.execute("DELETE FROM mentions WHERE mention_id IN (SELECT unnest(?))", [best])
    assert store.refresh_search_index().last_action == "appended"
    assert store.scalar("SELECT count(*) FROM search_terms WHERE mention_id IN "
                        "(SELECT unnest(?))", [best]) == 0  # fmt: skip
    pages_match(store, "panne")


def test_an_index_of_layout_1_is_read_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with DuckDBStore(path) as s:
        corpus(s, 60, seed=5)
        s.refresh_search_index()
        expected = {q: full(s, q) for q in ("panne", "panne lyon", "lyon")}
        # the layout before: no weights, sorted by (term, mention), no stats or format
        s.execute("CREATE OR REPLACE TABLE search_terms AS SELECT term, mention_id, tf, len "
                  "FROM search_terms ORDER BY term, mention_id")  # fmt: skip
        s.execute("DROP TABLE search_term_stats")
        s.execute("ALTER TABLE search_state DROP COLUMN format")
        s.execute("ALTER TABLE search_state DROP COLUMN avgdl")
    with DuckDBStore(path, read_only=True) as ro:  # read as it is
        assert not ro.search_index_info().fresh
        for q, hits in expected.items():
            assert [m for m, _ in full(ro, q)] == [m for m, _ in hits]
            page = ro.search_hits(q, limit=7)
            assert [m for m, _ in page] == [m for m, _ in hits[:7]]
            assert [sc for _, sc in page] == pytest.approx([sc for _, sc in hits[:7]])
    with DuckDBStore(path) as s:
        info = s.refresh_search_index()
        assert info.fresh and info.last_action == "upgraded" and info.documents == 60
        assert s.scalar("SELECT count(*) FROM search_term_stats") > 0
        for q, hits in expected.items():
            assert full(s, q) == hits


def test_no_index_on_the_big_tables(tmp_path: Path) -> None:
    """An ART index on ``mention_id`` is loaded whole into the memory of every process
    that touches it (731 MB and 5.9 s at 10M mentions): migration 9 drops the ones an
    unreleased version created, and a new store has none."""
    path = tmp_path / "dev.duckdb"
    with DuckDBStore(path) as s:
        assert s.scalar("SELECT count(*) FROM duckdb_indexes() WHERE table_name IN "
                        "('mentions', 'enrichments')") == 0  # fmt: skip
        s.execute("CREATE INDEX mentions_mention_id ON mentions (mention_id)")
        s.execute("CREATE INDEX enrichments_mention_id ON enrichments (mention_id)")
        s.execute("DELETE FROM schema_migrations WHERE version >= 9")
    with DuckDBStore(path) as s:  # migrated again from 8
        assert s.schema_version() == LATEST_VERSION
        assert s.scalar("SELECT count(*) FROM duckdb_indexes() WHERE table_name IN "
                        "('mentions', 'enrichments')") == 0  # fmt: skip
