"""Retention deletes exactly what is older than the settings, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

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
