"""The Store protocol's full-text search, on every backend of the conformance suite:
accents, French stems, stop words, BM25 ranking, incremental refresh, read-only use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rumeur.errors import StoreError
from rumeur.storage import Store
from rumeur.storage.duckdb import DuckDBStore
from tests.storage.test_conformance import STORES

T0 = datetime(2025, 10, 6, 9, tzinfo=UTC)

#: fictional mentions (invented operators Volta and Nexa)
TEXTS = {
    "m1": "Très déçue par Volta : toujours pas de remboursement après trois semaines.",
    "m2": "Volta m'a remboursé en deux jours, service impeccable.",
    "m3": "On m'a promis de rembourser la facture, j'attends encore. Remboursements ? Jamais.",
    "m4": "La 5G de Nexa est en panne depuis ce matin à Lyon.",
    "m5": "Panne, panne, panne : Nexa encore en panne.",
    "m6": "Le la les de du des et à.",
}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = STORES[request.param](tmp_path)
    for mid, text in TEXTS.items():
        add(s, mid, text)
    yield s
    s.close()


def add(store: Store, mid: str, text: str, title: str | None = None) -> None:
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, title, text, created_at, "
        "collected_at, brands) VALUES (?, ?, 'forum', ?, ?, ?, now(), [])",
        [mid, mid, title, text, T0],
    )


def search(store: Store, text: str) -> list[str]:
    """The mention ids found, best first."""
    rel = store.search_relation(text)
    if rel is None:
        return []
    sql, params = rel
    return [r["mention_id"] for r in store.query(
        f"SELECT mention_id FROM ({sql}) ORDER BY score DESC, mention_id", params)]  # fmt: skip


def scores(store: Store, text: str) -> dict[str, float]:
    rel = store.search_relation(text)
    assert rel is not None
    return {r["mention_id"]: r["score"] for r in store.query(rel[0], rel[1])}


def test_no_index_before_the_first_refresh(store: Store) -> None:
    info = store.search_index_info()
    assert not info.exists and not info.fresh
    with pytest.raises(StoreError, match="index"):
        store.search_relation("panne")


def test_accents_and_case_are_ignored(store: Store) -> None:
    store.refresh_search_index()
    assert search(store, "deçu") == ["m1"]  # typed without its first accent
    assert search(store, "DÉÇUE") == ["m1"]
    assert search(store, "decu") == ["m1"]
    assert store.search_terms("Déçue, DÉÇU et deçu") == ["decu"]


def test_french_stems(store: Store) -> None:
    """What the Snowball French stemmer really does (stems taken with the accents, then
    stripped of them): the noun, the verb and its participle meet on 'rembours'."""
    store.refresh_search_index()
    assert store.search_terms("remboursements remboursé rembourser") == ["rembours"]
    assert set(search(store, "remboursements")) == {"m1", "m2", "m3"}
    assert set(search(store, "remboursé")) == {"m1", "m2", "m3"}
    # stems are not synonyms: 'facturation' and 'facture' meet, 'payer' does not
    assert search(store, "facturation") == ["m3"]
    assert search(store, "payer") == []
    # typed without accents, a feminine participle keeps its 'e': the stemmer reads
    # 'remboursee' as another word (documented in docs/search.md)
    assert store.search_terms("remboursee") == ["rembourse"]
    assert search(store, "remboursee") == []


def test_stop_words_and_punctuation_hold_no_term(store: Store) -> None:
    store.refresh_search_index()
    assert store.search_relation("le la les") is None
    assert store.search_relation(" ?! ") is None
    assert "m6" not in search(store, "des")  # the stop-word-only mention is never found
    assert search(store, "la panne") == search(store, "panne")  # 'la' does not count


def test_every_word_must_appear(store: Store) -> None:
    store.refresh_search_index()
    assert search(store, "panne Lyon") == ["m4"]
    assert search(store, "panne remboursement") == []
    assert search(store, "5G") == ["m4"]  # digits are words


def test_bm25_ranking(store: Store) -> None:
    store.refresh_search_index()
    # 'panne' four times in a short mention ranks above once in a longer one
    assert search(store, "panne") == ["m5", "m4"]
    s = scores(store, "panne")
    assert s["m5"] > s["m4"] > 0
    # a rarer term weighs more: 'lyon' (1 mention) over 'nexa' (2) in m4's score
    assert scores(store, "lyon")["m4"] > scores(store, "nexa")["m4"]
    # a title counts like the text
    add(store, "m7", "rien à signaler", title="Panne générale chez Nexa")
    store.refresh_search_index()
    assert "m7" in search(store, "panne générale")


def test_refresh_is_incremental(store: Store) -> None:
    first = store.refresh_search_index()
    assert first.fresh and first.last_action == "rebuilt" and first.documents == 6
    again = store.refresh_search_index()
    assert again.last_action == "unchanged" and again.postings == first.postings
    add(store, "m8", "Encore une panne de réseau chez Nexa")
    assert not store.search_index_info().fresh  # a new mention makes it stale
    grown = store.refresh_search_index()
    assert grown.last_action == "appended" and grown.documents == 7
    assert "m8" in search(store, "réseau")
    store.execute("DELETE FROM mentions WHERE mention_id = 'm5'")
    assert not store.search_index_info().fresh
    shrunk = store.refresh_search_index()
    assert shrunk.documents == 6 and "m5" not in search(store, "panne")
    assert store.scalar("SELECT count(*) FROM search_terms WHERE mention_id = 'm5'") == 0
    # appended then rebuilt: the same index as one built from scratch
    appended = store.rows("SELECT term, mention_id, tf, len FROM search_terms ORDER BY ALL")
    store.refresh_search_index(full=True)
    assert store.rows("SELECT term, mention_id, tf, len FROM search_terms ORDER BY ALL") == appended


def test_a_read_only_store_searches_but_does_not_refresh(tmp_path: Path) -> None:
    path = tmp_path / "r.duckdb"
    with DuckDBStore(path) as s:
        for mid, text in TEXTS.items():
            add(s, mid, text)
        s.refresh_search_index()
        add(s, "m9", "panne totale")
    ro = DuckDBStore(path, read_only=True)
    try:
        info = ro.search_index_info()
        assert info.exists and not info.fresh  # m9 came after the refresh
        assert search(ro, "panne") == ["m5", "m4"]
        with pytest.raises(StoreError, match="lecture seule"):
            ro.refresh_search_index()
    finally:
        ro.close()


def test_best_hits_page_by_page(store: Store) -> None:
    store.refresh_search_index()
    every = store.search_hits("panne", limit=10)
    assert [m for m, _ in every] == search(store, "panne") == ["m5", "m4"]
    assert every[0][1] == pytest.approx(scores(store, "panne")["m5"])
    assert store.search_hits("panne", limit=1, offset=1) == every[1:]
    assert store.search_hits("le la", limit=10) == []
    assert store.search_hits("licorne", limit=10) == []  # a word no mention holds


def test_a_mention_stored_again_under_its_id_is_indexed_again(store: Store) -> None:
    """An edited review replaces its mention under the same id (rumeur.ingest.revisions):
    the index follows the new text."""
    store.refresh_search_index()
    store.execute("DELETE FROM mentions WHERE mention_id = 'm4'")
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) VALUES ('m4', 'm4', 'forum', 'Réparé : le réseau Nexa est "
        "revenu à Lyon.', ?, now() + INTERVAL 1 SECOND, [])",
        [T0],
    )
    info = store.refresh_search_index()
    assert info.last_action == "appended" and info.documents == 6
    assert search(store, "réparé") == ["m4"]
    assert search(store, "panne") == ["m5"]  # the old text's words are gone
    assert store.scalar("SELECT count(*) FROM search_docs WHERE mention_id = 'm4'") == 1


def test_a_refresh_that_fails_half_way_leaves_the_index_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh is one transaction: a crash between its statements (here: the docs
    table cannot be written after the postings were) leaves the previous index whole,
    and the next refresh brings it up to the stored mentions."""
    if not isinstance(store, DuckDBStore):
        pytest.skip("the crash is simulated on a DuckDB connection")
    store.refresh_search_index()
    before = store.search_index_info()
    add(store, "m7", "Nexa rembourse enfin la panne de Lyon.")

    class Crash(Exception):
        pass

    class Con:  # the store's connection, failing on the first write to search_docs
        def __init__(self, con: Any) -> None:
            self._con = con

        def execute(self, sql: str, params: Any = None) -> Any:
            if "INSERT INTO search_docs" in sql:
                raise Crash(sql)
            return self._con.execute(sql, params)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._con, name)

    con = store.con
    monkeypatch.setattr(store, "con", Con(con))
    with pytest.raises(Crash):
        store.refresh_search_index()
    monkeypatch.setattr(store, "con", con)
    after = store.search_index_info()
    assert (after.documents, after.postings) == (before.documents, before.postings)
    assert not after.fresh and "m7" not in search(store, "lyon")  # not in it yet...
    assert store.refresh_search_index().fresh  # ...the next refresh puts it in
    assert sorted(search(store, "lyon")) == ["m4", "m7"]
