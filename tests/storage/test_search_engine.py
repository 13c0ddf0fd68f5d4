"""The search engine kept beside a large store (``rumeur.storage.search_engine``): a
search by relevance with no other filter is answered by it, and must give what DuckDB's
index gives (the same count, the same hits up to ties at the page's edge, the same rows
and labels); it follows new, replaced, deleted and edited mentions; it is never used
out of step (an index not refreshed, a half-written engine); an erasure leaves nothing
of the person in it. The stores here are small: the threshold is lowered to 1."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rumeur.query import (
    MentionFilter,
    _rows_of_hits,
    count_mentions,
    find_and_count,
    find_mentions,
)
from rumeur.storage import search_engine
from rumeur.storage.duckdb import DuckDBStore
from tests.storage.test_search_labels import LABELS, by_id, enrich_all
from tests.storage.test_search_positions import QUERIES, T0, corpus

#: how far the engine's scores may be from DuckDB's (relative)
TOLERANCE = 2e-3


def engine_dir(store: DuckDBStore) -> Path:
    return search_engine.engine_path(store.path)


def in_step(store: DuckDBStore) -> bool:
    """Whether the engine's stamp names the current state of DuckDB's index."""
    st = store._state()
    assert st is not None
    return search_engine.read_stamp(engine_dir(store)) == search_engine.state_key(st)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = DuckDBStore(tmp_path / "s.duckdb")
    s.search_engine_min_docs = 1
    corpus(s, 3000, seed=7)
    enrich_all(s)
    s.refresh_search_index()
    yield s
    s.close()


def duckdb_page(store: DuckDBStore, q: str, limit: int, offset: int = 0) -> tuple[int, list]:
    """The page DuckDB's index gives (what the engine must agree with)."""
    total, top = store.search_page(q, limit=limit, offset=offset)
    return total, _rows_of_hits(store, top, ", ".join(search_engine.COLUMNS))


def engine_only(store: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make DuckDB's own page fail, so that a page can only come from the engine."""

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("DuckDB's index was asked for the page")

    monkeypatch.setattr(store, "search_page", refuse)


def agree(store: DuckDBStore, q: str, limit: int = 30, offset: int = 0) -> list[dict[str, Any]]:
    found = store.search_engine_page(q, limit=limit, offset=offset)
    assert found is not None, "the engine answers"
    total, rows = found
    want_total, want = duckdb_page(store, q, limit, offset)
    assert total == want_total
    assert len(rows) == len(want)
    # the same scores, rank by rank: Tantivy adds in 32-bit floats, and after new
    # mentions it weighs by today's average length (DuckDB's index: the last sort's)
    for got, ref in zip(rows, want, strict=True):
        assert got["score"] == pytest.approx(ref["score"], rel=TOLERANCE)
    # the same mentions, up to the order of equal scores at the page's edges (its last
    # score; its first too after an offset)
    low = want[-1]["score"] * (1 + TOLERANCE) if want else 0
    high = want[0]["score"] * (1 - TOLERANCE) if want and offset else float("inf")

    def inside(page: list[dict[str, Any]]) -> set[str]:
        return {r["mention_id"] for r in page if low < r["score"] < high}

    assert inside(rows) == inside(want)
    # each row as the mentions table holds it
    columns = ", ".join(search_engine.COLUMNS)
    ids = [(r["mention_id"], 0.0) for r in rows]
    ref_rows = {r["mention_id"]: r for r in _rows_of_hits(store, ids, columns)}
    for r in rows:
        ref = ref_rows[r["mention_id"]]
        for c in search_engine.COLUMNS:
            assert r[c] == ref[c], (c, r["mention_id"])
    return rows


def test_a_small_store_keeps_no_engine(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "small.duckdb") as s:
        corpus(s, 500, seed=1)
        s.refresh_search_index()
        assert s.search_engine_min_docs == search_engine.MIN_DOCS
        assert not engine_dir(s).exists()
        assert s.search_engine_page("panne", limit=10) is None


def test_the_engine_gives_duckdbs_pages(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert in_step(store)
    for q in (*QUERIES, "Pannes à LYON", "remboursement coupure facture"):
        agree(store, q)
        agree(store, q, limit=20, offset=40)  # a page further on
    assert store.search_engine_page("le la les", limit=10) == (0, [])  # stop words only
    assert store.search_engine_page("introuvable", limit=10) == (0, [])
    # the explorer's search alone is answered by the engine, labels as read by id
    engine_only(store, monkeypatch)
    for q in QUERIES:
        rows, total = find_and_count(store, MentionFilter(search=q, sort="relevance", limit=30),
                                     "mention_id, " + ", ".join(search_engine.COLUMNS))  # fmt: skip
        assert total > 0 and len(rows) == 30
        assert [tuple(r[k] for k in LABELS) for r in rows] == [
            tuple(r[k] for k in LABELS) for r in by_id(rows, store)
        ]
        assert all(r["sentiment"] for r in rows)


def test_with_filters_duckdb_answers(store: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine holds no filter: a search with one is DuckDB's, filter applied."""

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the engine was asked for a filtered search")

    everything = store.search_page("panne", limit=1)[0]
    monkeypatch.setattr(store, "search_engine_page", refuse)
    since = T0 + timedelta(seconds=2000)  # the later third of the corpus (one a second)
    flt = MentionFilter(search="panne", sort="relevance", limit=10, since=since)
    rows, total = find_and_count(store, flt, "mention_id, " + ", ".join(search_engine.COLUMNS))
    assert 0 < total < everything and total == count_mentions(store, flt)
    assert len(rows) == 10 and all(r["created_at"] >= since for r in rows)


def test_new_replaced_and_deleted_mentions_follow(store: DuckDBStore) -> None:
    before = search_engine.read_stamp(engine_dir(store))
    corpus(store, 400, seed=11, prefix="n")
    # an edited review: the same id stored again, with a newer collection time
    store.execute("DELETE FROM mentions WHERE mention_id = 'm000004'")
    store.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) VALUES ('m000004', 'm000004', 'forum', 'zeppelin panne à "
        "Lyon', ?, ?, ['volta'])",
        [T0, T0 + timedelta(days=30)],
    )
    store.execute("DELETE FROM mentions WHERE mention_id IN ('m000010', 'm000011')")
    # not refreshed yet: the engine is out of step and stays unused
    assert store.search_engine_page("panne", limit=5) is None
    assert store.refresh_search_index().last_action == "appended"
    assert in_step(store) and search_engine.read_stamp(engine_dir(store)) != before
    for q in (*QUERIES, "zeppelin"):
        agree(store, q)
    total, rows = store.search_engine_page("zeppelin", limit=5) or (0, [])
    assert total == 1 and rows[0]["mention_id"] == "m000004"
    assert rows[0]["created_at"] == T0
    ids = {r["mention_id"] for r in store.search_engine_page("panne", limit=5000)[1]}  # type: ignore[index]
    assert not ids & {"m000010", "m000011"}  # deleted
    assert any(i.startswith("n") for i in ids)  # the new ones
    assert (
        store.search_engine_page("panne", limit=1)[0]
        == store.search_page(  # type: ignore[index]
            "panne", limit=1
        )[0]
    )


def test_a_mention_edited_in_place_is_written_again(store: DuckDBStore) -> None:
    """A reply that inherits its thread's brands changes in place (same id, same time):
    the import names it (``search_touched``) and the refresh writes it again."""
    store.execute("UPDATE mentions SET brands = ['volta', 'orbis'] WHERE mention_id = 'm000000'")
    store.search_touched(["m000000"])
    corpus(store, 10, seed=12, prefix="t")  # the import's own mentions
    store.refresh_search_index()
    rows = agree(store, "panne lyon", limit=3000)
    edited = next(r for r in rows if r["mention_id"] == "m000000")
    assert edited["brands"] == ["volta", "orbis"]
    assert store.scalar("SELECT count(*) FROM search_touched") == 0


def test_a_half_written_engine_is_not_used_and_is_written_again(store: DuckDBStore) -> None:
    (engine_dir(store) / "stamp.json").unlink()  # as if killed between commit and stamp
    assert store.search_engine_page("panne", limit=5) is None
    rows, total = find_and_count(store, MentionFilter(search="panne", sort="relevance", limit=5))
    assert total > 0 and len(rows) == 5  # DuckDB answered
    store.refresh_search_index()
    assert in_step(store)
    agree(store, "panne")


def test_a_full_refresh_rewrites_it_and_a_shrunk_store_drops_it(store: DuckDBStore) -> None:
    store.execute("UPDATE mentions SET text = 'zeppelin' WHERE mention_id = 'm000001'")
    store.refresh_search_index(full=True)  # an erasure's sweep edited texts in place
    assert in_step(store)
    assert [r["mention_id"] for r in store.search_engine_page("zeppelin", limit=5)[1]] == [  # type: ignore[index]
        "m000001"
    ]
    store.search_engine_min_docs = 10_000
    corpus(store, 5, seed=13, prefix="s")
    store.refresh_search_index()
    assert not engine_dir(store).exists()
    assert store.search_engine_page("panne", limit=5) is None


def test_dropping_the_engine_takes_a_half_written_one_too(store: DuckDBStore) -> None:
    """What an erasure calls first (tests/privacy/test_erase.py checks the erasure):
    the engine and a rebuild left half-written by a crash both go."""
    half = engine_dir(store).with_name(engine_dir(store).name + ".new")
    half.mkdir()
    (half / "segment").write_bytes(b"a text of hers")
    store.drop_search_engine()
    assert not engine_dir(store).exists() and not half.exists()
    assert store.search_engine_page("panne", limit=5) is None


def test_the_labels_come_from_the_copys_files(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside a large store the labels' copy is also kept as files, read at the hits'
    positions instead of the copy's table; extended with new mentions, written again
    with the copy."""
    from rumeur.storage import search_labels

    folder = search_labels.LabelsFile.path_for(store.path)
    st = search_labels._state(store.con)
    assert search_labels.LabelsFile.stamp(folder) == search_labels._key(st)
    run = search_labels._run

    def no_table(con: Any, sql: str, params: Any = None) -> Any:
        assert "FROM search_labels WHERE rowid IN" not in sql, "the table was read"
        return run(con, sql, params)

    def labels_right() -> None:
        with monkeypatch.context() as m:
            m.setattr(search_labels, "_run", no_table)
            for q in QUERIES:
                rows, _ = find_and_count(store, MentionFilter(search=q, sort="relevance",
                                                              limit=30))  # fmt: skip
                assert [tuple(r[k] for k in LABELS) for r in rows] == [
                    tuple(r[k] for k in LABELS) for r in by_id(rows, store)
                ]
                top = store.search_hits(q, limit=30)  # every hit answered by the files
                positions = store.search_positions([m for m, _ in top])
                assert len(store.search_labels(positions)) == len(top) == 30

    labels_right()
    length = search_labels.LabelsFile._meta(folder)["length"]  # type: ignore[index]
    corpus(store, 300, seed=14, prefix="x")
    enrich_all(store, T0 + timedelta(days=3))
    assert store.refresh_search_index().last_action == "appended"
    assert search_labels.LabelsFile._meta(folder)["length"] == length + 300  # type: ignore[index]
    labels_right()
    # a copy written again (too many labels made since): the files too
    monkeypatch.setattr(search_labels, "TAIL_ROWS", 10)
    enrich_all(store, T0 + timedelta(days=4))
    store.refresh_search_index()
    assert search_labels.LabelsFile.stamp(folder) == search_labels._key(
        search_labels._state(store.con)
    )
    labels_right()


def test_the_fingerprint_kept_between_searches_follows_every_commit(
    store: DuckDBStore,
) -> None:
    """A connection keeps the mentions' fingerprint while the store's files are
    unchanged: a deletion or an insertion by another connection (a request, the
    server's writer), or a checkpoint, must show at once, within the second it is kept."""
    other = store.sibling()

    def kept() -> list[str]:  # the fingerprints this connection keeps
        return [f"{n}|{last}" for _t, (n, last) in store._stable_memo[1].values()]

    seen = store._fingerprint()
    assert store._fingerprint() == seen and kept() == [seen]
    other.execute("DELETE FROM mentions WHERE mention_id = 'm000003'")
    assert store._fingerprint() != seen
    assert not store.search_index_info().fresh
    assert store.search_engine_page("panne", limit=5) is None  # out of step: not used
    seen = store._fingerprint()
    other.execute("CHECKPOINT")
    other.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) VALUES ('late', 'late', 'forum', 'panne', ?, ?, [])",
        [T0, T0],  # an old collection time: the count tells
    )
    assert store._fingerprint() != seen
    with store.transaction():  # its own uncommitted writes are in no file: not kept
        store.execute("DELETE FROM mentions WHERE mention_id = 'late'")
        inside = store._fingerprint()
        assert inside not in kept()
    other.close()


def test_a_damaged_engine_leaves_the_search_to_duckdb(store: DuckDBStore) -> None:
    for f in engine_dir(store).iterdir():  # its segments gone, its stamp still there
        if f.name != "stamp.json":
            f.unlink()
    search_engine.forget(engine_dir(store))
    assert store.search_engine_page("panne", limit=5) is None
    rows, total = find_and_count(store, MentionFilter(search="panne", sort="relevance", limit=5))
    assert len(rows) == 5 and total == store.search_page("panne", limit=1)[0]
    corpus(store, 5, seed=15, prefix="d")
    store.refresh_search_index()  # the next refresh writes it again
    agree(store, "panne")


def test_an_engine_that_cannot_be_written_does_not_fail_the_refresh(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_a: Any, **_k: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_engine, "update", full)
    monkeypatch.setattr(search_engine, "rebuild", full)
    corpus(store, 50, seed=16, prefix="f")
    info = store.refresh_search_index()
    assert info.fresh and info.last_action == "appended"  # DuckDB's index stands
    assert not engine_dir(store).exists()  # never used out of step
    rows, total = find_and_count(store, MentionFilter(search="panne", sort="relevance", limit=5))
    assert len(rows) == 5 and total == store.search_page("panne", limit=1)[0]
    monkeypatch.undo()
    store.refresh_search_index()
    agree(store, "panne")


def test_a_large_change_writes_the_engine_whole(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def spy(name: str) -> Any:
        real = getattr(search_engine, name)

        def call(*a: Any, **k: Any) -> Any:
            calls.append(name)
            return real(*a, **k)

        return call

    for name in ("rebuild", "update"):
        monkeypatch.setattr(search_engine, name, spy(name))
    corpus(store, 10, seed=17, prefix="s")
    store.refresh_search_index()
    corpus(store, 400, seed=18, prefix="l")  # more than a tenth of the 3,010 documents
    store.refresh_search_index()
    assert calls == ["update", "rebuild"]
    agree(store, "panne lyon")


def test_the_projects_setting_keeps_or_turns_off_the_engine(tmp_path: Path) -> None:
    """``[search] engine_min_mentions`` in rumeur.toml: the threshold of the project's
    stores (the Workspace's, the server's); 0 turns the engine off, and the next
    refresh deletes one kept before (its labels' files too)."""
    from rumeur import config
    from rumeur.storage import open_store
    from rumeur.storage.search_labels import LabelsFile

    root = tmp_path / "projet"
    root.mkdir()
    toml = root / "rumeur.toml"
    toml.write_text('[project]\nname = "Veille"\n\n[search]\nengine_min_mentions = 100\n',
                    encoding="utf-8")  # fmt: skip
    project = config.load(root)
    assert project.search_engine_min == 100
    with open_store(project) as s:
        corpus(s, 300, seed=19)
        s.refresh_search_index()
        assert s.sibling().search_engine_min_docs == 100  # the server's connections too
        assert s.search_engine_page("panne", limit=5) is not None
    toml.write_text(toml.read_text("utf-8").replace("= 100", "= 0"), encoding="utf-8")
    with open_store(config.load(root)) as s:
        assert s.search_engine_page("panne", limit=5) is None  # off: not used
        corpus(s, 5, seed=20, prefix="o")
        s.refresh_search_index()
        assert not engine_dir(s).exists()
        assert not LabelsFile.path_for(s.path).exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[search]\nengine_min_mention = 10\n", "engine_min_mentions"),  # a typo: suggested
        ("[search]\nengine_min_mentions = -1\n", ">= 0"),
        ("[search]\nengine_min_mentions = 'beaucoup'\n", ">= 0"),
        ("search = 3\n", "[search]"),
    ],
)
def test_a_bad_search_setting_is_refused_at_load(tmp_path: Path, text: str, expected: str) -> None:
    from rumeur import config
    from rumeur.errors import ConfigError

    (tmp_path / "rumeur.toml").write_text(f'{text}\n[project]\nname = "Veille"\n',
                                          encoding="utf-8")  # fmt: skip
    with pytest.raises(ConfigError) as info:
        config.load(tmp_path)
    assert expected in str(info.value) and "search" in str(info.value)


def test_a_page_read_after_another_connection_s_commit_shows_it(store: DuckDBStore) -> None:
    """A connection keeps the newest mention's time and a window's first collection for
    a second (``stable_row``): a mention committed by another connection within that
    second must be on the next page read, filtered on its sentiment or not, even one
    collected long ago (a restored backup: its labels are older than the window's first
    collection was)."""
    other = store.sibling()
    negative = MentionFilter(limit=5, sentiment="negative")
    assert [r["mention_id"] for r in find_mentions(store, negative)]  # the times kept
    t = store.scalar("SELECT max(created_at) FROM mentions") + timedelta(minutes=1)
    other.execute(
        "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
        "collected_at, brands) VALUES ('fresh', 'fresh', 'forum', 'panne', ?, ?, [])",
        [t, T0 - timedelta(days=1)],  # before every stored mention's
    )
    other.execute(
        "INSERT INTO enrichments VALUES ('fresh', 'sentiment-fast', '1', 'negative', 0.9, NULL, ?)",
        [T0 - timedelta(days=1) + timedelta(minutes=1)],
    )
    assert find_mentions(store, negative)[0]["mention_id"] == "fresh"
    assert find_mentions(store, MentionFilter(limit=5))[0]["mention_id"] == "fresh"
    other.close()
