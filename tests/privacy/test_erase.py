"""``rumeur privacy erase`` leaves no trace of the person in the store or its archives,
and the erasure survives re-importing the same files and collecting again."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from rumeur.alerts.engine import dispatch, evaluate
from rumeur.alerts.rules import parse as parse_alerts
from rumeur.analytics.rollup import refresh
from rumeur.connectors import registry
from rumeur.connectors.watcher import collect
from rumeur.enrich.pipeline import run_enrichment
from rumeur.ingest import Ingestor
from rumeur.privacy import erase_author
from tests.privacy.conftest import (
    HANDLE,
    NAME,
    NOW,
    OTHERS,
    TEXTS,
    Scene,
    needles,
    status,
    traces_in_files,
    traces_in_store,
)

#: end to end and long: still run by scripts/test.sh and CI (pytest -m "not slow" skips it)
pytestmark = pytest.mark.slow

ME = [HANDLE, NAME]  # her handle, and her full name as the old tool's export shows it


def _fill(scene: Scene) -> dict[str, int]:
    """Import her everywhere, collect, enrich, aggregate, alert; the counts before."""
    project = scene.project()
    store = scene.open()
    try:
        ing = Ingestor(store, project)
        for f in scene.files:
            ing.import_file(f, reference=NOW)
        scene.serve(
            [
                status(5, hers=True, text=TEXTS["collected"]),
                status(6, hers=False, text="Volta a réglé mon souci en une heure"),
            ]
        )
        res = collect(store, project, registry.build(project, project.sources[0]), enrich=False)
        assert res.error is None and res.new == 2
        run_enrichment(store, project, names=["language", "sentiment-fast"])
        refresh(store)
        settings = parse_alerts(project.extra["alerts"])
        dispatch(store, settings, evaluate(store, settings, NOW + timedelta(days=1)), NOW)
        counts = {
            t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
            for t in ("mentions", "raw_items", "quarantine", "enrichments", "alert_log")
        }
    finally:
        store.close()
    return counts


def test_she_is_everywhere_before(scene: Scene) -> None:
    """The scene is what the erasure test claims: her data in every place."""
    _fill(scene)
    store = scene.open()
    try:
        hits = "\n".join(traces_in_store(store, needles()))
    finally:
        store.close()
    for place in (
        "mentions.author_handle",
        "mentions.text",
        "raw_items.payload",
        "quarantine.payload",
        "alert_log.body",
        "analytics_authors.author",
        "analytics_facts.author",
    ):
        assert place in hits, place
    files = "\n".join(traces_in_files(scene.root, needles()))
    assert ".raw/" in files  # the archived CSV and Parquet hold her rows


def test_erase_leaves_no_trace_and_survives_reimport_and_recollection(scene: Scene) -> None:
    before = _fill(scene)
    project = scene.project()
    store = scene.open()
    try:
        theirs = [r["mention_id"] for r in store.query(
            "SELECT mention_id FROM mentions WHERE text IN (SELECT unnest(?::VARCHAR[]))",
            [list(TEXTS.values())])]  # fmt: skip
        assert len(theirs) == 5  # csv, cp1252, parquet, jsonl, collected
        done = erase_author(store, project, ME)
        assert done.counts["mentions"] == 5
        assert done.counts["quarantine"] == 1 and done.counts["archives_rewritten"] == 3
        assert store.query("SELECT count(*) AS n FROM mentions")[0]["n"] == before["mentions"] - 5
        # the others are all still there, the one quoting her without her handle
        texts = {r["text"] for r in store.query("SELECT text FROM mentions")}
        assert OTHERS["Camille R."] in texts
        assert OTHERS["paul_invente"].replace(f"@{HANDLE}", "[effacé]") in texts
        assert (
            store.query("SELECT count(*) AS n FROM privacy_log WHERE operation = 'erase'")[0]["n"]
            == 1
        )
    finally:
        store.close()
    with scene.open() as store:  # her mention ids too (alerts quote them)
        assert traces_in_store(store, needles() + theirs) == []
    assert traces_in_files(scene.root, needles() + theirs) == []
    archived = b"".join(p.read_bytes() for p in (scene.root / "rumeur.duckdb.raw").iterdir())
    assert b"Camille R." in archived  # other people's rows kept in the archives
    assert "Hugo Pélissier".encode("cp1252") in archived  # in the file's own encoding

    # the same files again: nothing added, nothing of hers back
    store = scene.open()
    try:
        ing = Ingestor(store, project)
        results = [ing.import_file(f, reference=NOW) for f in scene.files]
        assert [r.imported for r in results] == [0, 0, 0, 0]
        assert sum(r.erased for r in results) == 4
        assert store.query("SELECT count(*) AS n FROM mentions")[0]["n"] == before["mentions"] - 5
        assert store.query("SELECT count(*) AS n FROM raw_files")[0]["n"] == 3
        # collected again, by a second source over the same instance, with a new post of hers
        scene.serve(
            [
                status(5, hers=True, text=TEXTS["collected"]),
                status(7, hers=True, text=TEXTS["later"]),
                status(6, hers=False, text="Volta a réglé mon souci en une heure"),
            ]
        )
        res = collect(store, project, registry.build(project, project.sources[1]), enrich=False)
        assert res.error is None and res.new == 0
    finally:
        store.close()
    with scene.open() as store:
        assert traces_in_store(store, needles()) == []
    assert traces_in_files(scene.root, needles()) == []


def test_the_search_engine_keeps_nothing_of_hers(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search engine beside a large store holds texts: it is deleted before the
    erasure starts (a crash before the rebuild leaves none of her texts in it), then
    built again from what is left."""
    from rumeur.storage.duckdb import DuckDBStore
    from rumeur.storage.search_engine import engine_path

    monkeypatch.setattr(DuckDBStore, "search_engine_min_docs", 1)  # a small store keeps one
    _fill(scene)
    store = scene.open()
    try:
        store.refresh_search_index()
        engine = engine_path(store.path)
        found = store.search_engine_page("Volta", limit=100)
        assert found is not None
        hers = {r["mention_id"] for r in found[1] if r["text"] in TEXTS.values()}
        assert len(hers) == 5

        def crash(*_a: object, **_k: object) -> None:
            raise RuntimeError("killed before the rebuild")

        with monkeypatch.context() as m:
            m.setattr(store, "refresh_search_index", crash)
            with pytest.raises(RuntimeError):
                erase_author(store, scene.project(), ME)
            assert not engine.exists()  # gone with her texts, though nothing rebuilt it
        store.refresh_search_index(full=True)
        assert engine.exists()
        for word in ("Volta", "inadmissible", "gonflée", "injoignable", "facturé"):
            found = store.search_engine_page(word, limit=100)
            assert found is not None
            assert not {r["mention_id"] for r in found[1]} & hers
            assert not {r["text"] for r in found[1]} & set(TEXTS.values())
        assert store.search_engine_page("Volta", limit=100)[0] > 0  # type: ignore[index]
    finally:
        store.close()


def test_the_database_file_is_rewritten(scene: Scene) -> None:
    """DuckDB keeps deleted rows' bytes in the file: the erasure compacts it."""
    _fill(scene)
    store = scene.open()
    path = store.path
    inode = os.stat(path).st_ino
    try:
        erase_author(store, scene.project(), ME)
        assert os.stat(path).st_ino != inode  # a fresh file replaced the old one
        assert store.query("SELECT count(*) AS n FROM mentions")[0]["n"] > 0  # still usable
        # the fresh file numbers the rows afresh: the search index took their positions again
        assert (
            store.scalar(
                "SELECT count(*) FROM search_terms t LEFT JOIN mentions m ON m.rowid = t.rid "
                "WHERE m.mention_id IS DISTINCT FROM t.mention_id"
            )
            == 0
        )
        assert store.search_hits("panne", limit=5)
    finally:
        store.close()


def test_a_new_archive_of_an_old_file_is_rewritten_at_import(scene: Scene) -> None:
    """Raw retention removed the archives; the old export comes back later: the fresh
    archive of it must not hold her rows either (the import rewrites it)."""
    from datetime import UTC, datetime

    from rumeur.config import Retention
    from rumeur.storage.retention import apply_retention

    project = scene.project()
    with scene.open() as store:
        ing = Ingestor(store, project)
        for f in scene.files[:3]:  # the two CSV files and the Parquet file
            ing.import_file(f, reference=NOW)
        erase_author(store, project, ME)
        later = datetime.now(UTC) + timedelta(days=30)
        apply_retention(store, Retention(raw_days=1), now=later)
        assert store.query("SELECT count(*) AS n FROM raw_files")[0]["n"] == 0
        assert list((scene.root / "rumeur.duckdb.raw").iterdir()) == []
        results = [ing.import_file(f, reference=NOW) for f in scene.files[:3]]
        assert [r.imported for r in results] == [0, 0, 0]
        assert [r.erased for r in results] == [1, 1, 1]
        edited = store.query("SELECT count(*) AS n FROM raw_files WHERE edited_at IS NOT NULL")
        assert edited[0]["n"] == 3
    archived = b"".join(p.read_bytes() for p in (scene.root / "rumeur.duckdb.raw").iterdir())
    assert b"Camille R." in archived and "Hugo Pélissier".encode("cp1252") in archived
    assert traces_in_files(scene.root, needles()) == []
    with scene.open() as store:
        assert traces_in_store(store, needles()) == []
