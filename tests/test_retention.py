"""Retention deletes exactly what is older than the settings, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rumeur.config import Project, Retention
from rumeur.enrich.pipeline import run_enrichment
from rumeur.ingest import Ingestor
from rumeur.storage.duckdb import DuckDBStore
from rumeur.storage.retention import apply_retention

NOW = datetime(2025, 10, 6, tzinfo=UTC)


def test_retention_deletes_old_mentions_with_their_enrichments(
    store: DuckDBStore, project: Project
) -> None:
    Ingestor(store, project).import_file(project.root / "avis_export.csv", reference=NOW)
    run_enrichment(store, project, names=["language"])
    before = store.scalar("SELECT count(*) FROM mentions")
    old = store.scalar("SELECT count(*) FROM mentions WHERE created_at < TIMESTAMPTZ "
                       "'2025-09-06 00:00:00+00'")  # fmt: skip
    assert 0 < old < before
    dry = apply_retention(store, Retention(mentions_days=30), dry_run=True, now=NOW)
    assert {p.table: p.rows for p in dry}["mentions"] == old
    assert store.scalar("SELECT count(*) FROM mentions") == before  # dry run kept all
    apply_retention(store, Retention(mentions_days=30), now=NOW)
    assert store.scalar("SELECT count(*) FROM mentions") == before - old
    orphans = store.scalar("SELECT count(*) FROM enrichments WHERE mention_id NOT IN "
                           "(SELECT mention_id FROM mentions)")  # fmt: skip
    assert orphans == 0
    assert store.scalar("SELECT count(*) FROM quarantine") == 2  # 0 days: kept


@pytest.mark.slow
def test_raw_retention_deletes_the_archived_files_too(store: DuckDBStore, project: Project) -> None:
    """Imported files are archived beside the store (``<store>.raw/``) and recorded in
    ``raw_files``; raw retention removes both the rows and the copies."""
    src = project.root / "avis_export.csv"
    Ingestor(store, project).import_file(src, reference=NOW)
    row = store.query("SELECT name, archive, received_at FROM raw_files")
    assert len(row) == 1 and row[0]["name"] == "avis_export.csv"
    assert store.raw_dir is not None
    copy = store.raw_dir / row[0]["archive"]
    assert copy.read_bytes() == src.read_bytes()  # exactly as received
    Ingestor(store, project).import_file(src, reference=NOW)  # same content: one copy
    assert store.scalar("SELECT count(*) FROM raw_files") == 1
    assert [p.name for p in store.raw_dir.iterdir()] == [row[0]["archive"]]
    later = row[0]["received_at"] + timedelta(days=5)
    apply_retention(store, Retention(raw_days=1), now=later)
    assert store.scalar("SELECT count(*) FROM raw_files") == 0
    assert not copy.exists()


def test_retention_covers_aggregates_alerts_and_orphan_archives(
    store: DuckDBStore, project: Project
) -> None:
    """The pre-aggregated tables and the alert log follow ``mentions_days``; a copy in the
    raw folder that no row points to goes; a run that deletes is in the privacy log."""
    from rumeur.analytics.rollup import refresh

    Ingestor(store, project).import_file(project.root / "avis_export.csv", reference=NOW)
    refresh(store)
    store.execute("INSERT INTO alert_log VALUES ('a1', 'mots', 'mots:x', 'volta', 'sent', '', "
                  "'Mots surveillés', 'Hugo P.: Trois semaines sans réponse', '{}', ?)",
                  [NOW - timedelta(days=60)])  # fmt: skip
    old = "created_at < TIMESTAMPTZ '2025-09-06 00:00:00+00'"
    n_old = store.scalar(f"SELECT count(*) FROM analytics_facts WHERE {old}")
    authors = store.scalar("SELECT sum(n) FROM analytics_authors")
    assert n_old and authors
    assert store.raw_dir is not None
    stray = store.raw_dir / ("0" * 64 + ".csv")  # a copy a crash left behind
    stray.write_text("Auteur;Avis\nHugo P.;Trois semaines sans réponse\n", encoding="utf-8")
    purged = {p.table: p.rows for p in apply_retention(store, Retention(mentions_days=30),
                                                        now=NOW)}  # fmt: skip
    assert purged["analytics_facts"] == n_old and purged["alert_log"] == 1
    assert purged["raw archives (orphans)"] == 1 and not stray.exists()
    assert store.scalar(f"SELECT count(*) FROM analytics_facts WHERE {old}") == 0
    # the per-author and hourly tables are rebuilt from what is left
    assert store.scalar("SELECT sum(n) FROM analytics_authors") == authors - n_old
    assert store.scalar("SELECT sum(n) FROM analytics_hourly") == authors - n_old
    assert store.scalar("SELECT count(*) FROM alert_log") == 0
    assert store.raw_dir.joinpath(
        store.query("SELECT archive FROM raw_files")[0]["archive"]
    ).exists()
    log = store.query("SELECT operation, counts FROM privacy_log")
    assert [r["operation"] for r in log] == ["retention"]
