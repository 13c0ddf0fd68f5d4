"""Choosing what an enrichment run takes: a brand, a period, the most-seen mentions first
(``rumeur enrich --brand ... --since ... --most-seen --limit N``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.config import Project
from rumeur.enrich.pipeline import Selection, run_enrichment
from rumeur.ingest import Ingestor
from rumeur.storage.duckdb import DuckDBStore

# fictional posts: reach = views, else followers × 0.10 (twitter) / 0.50 (reviews)
CSV = """id,platform,created_at,author_handle,followers,views,text
t1,twitter,2025-10-01 09:00,@lea,100,,Volta Mobile a coupé ma ligne ce matin
t2,twitter,2025-10-02 09:00,@marc,50000,,Volta Mobile encore en panne dans tout Lyon
t3,twitter,2025-10-03 09:00,@zoe,10,90000,Nexa Télécom augmente ses prix sans prévenir
t4,reviews,2025-10-04 09:00,@paul,3000,,Volta Mobile : service client injoignable
t5,twitter,2025-10-05 09:00,@ines,,,Volta Mobile a résolu mon souci en 10 minutes
t6,twitter,2025-11-02 09:00,@hugo,900000,,Volta Mobile lance une nouvelle offre fibre
"""


@pytest.fixture
def imported(store: DuckDBStore, project: Project, tmp_path: Path) -> DuckDBStore:
    path = tmp_path / "posts.csv"
    path.write_text(CSV, encoding="utf-8")
    Ingestor(store, project).import_file(path)
    return store


def _enriched(store: DuckDBStore) -> set[str]:
    rows = store.query(
        "SELECT m.external_id FROM enrichments e JOIN mentions m USING (mention_id) "
        "WHERE e.enricher = 'language'"
    )
    return {r["external_id"] for r in rows}


def test_most_seen_first_with_a_limit(imported: DuckDBStore, project: Project) -> None:
    # reach: t3 90,000 views = t6 900,000 followers × 0.10 (a tie: the older first), then
    # t2 5,000, t4 1,500 (a review: × 0.5), t1 10, t5 1 (nothing known)
    done = run_enrichment(
        imported, project, names=["language"], limit=3, select=Selection(most_seen=True)
    )
    assert done == {"language@1.0.0": 3}
    assert _enriched(imported) == {"t3", "t6", "t2"}
    # the next run carries on down the list: t4 (3,000 × 0.5 = 1,500), then t1 (10)
    run_enrichment(imported, project, names=["language"], limit=1, select=Selection(most_seen=True))
    assert _enriched(imported) == {"t3", "t6", "t2", "t4"}


def test_default_order_is_oldest_first(imported: DuckDBStore, project: Project) -> None:
    run_enrichment(imported, project, names=["language"], limit=2)
    assert _enriched(imported) == {"t1", "t2"}


def test_brand_and_period(imported: DuckDBStore, project: Project) -> None:
    select = Selection(
        brand="volta",
        since=datetime(2025, 10, 2, tzinfo=UTC),
        until=datetime(2025, 11, 1, tzinfo=UTC),
    )
    done = run_enrichment(imported, project, names=["language"], select=select)
    assert done == {"language@1.0.0": 3}
    assert _enriched(imported) == {"t2", "t4", "t5"}


@pytest.mark.slow
def test_cli_options_and_a_clear_error_for_an_unknown_brand(
    imported: DuckDBStore, project: Project
) -> None:
    imported.close()
    _load()
    runner = CliRunner()
    base = ["enrich", "-p", str(project.root), "--only", "language", "--json"]
    bad = runner.invoke(app, [*base, "--brand", "volt"])
    assert bad.exit_code == 2  # a usage error: the valid brand ids are listed
    assert "--brand : marque inconnue 'volt' ; vouliez-vous dire volta ?" in bad.output
    bad_date = runner.invoke(app, [*base, "--since", "hier soir peut-être"])
    assert bad_date.exit_code == 2 and "--since" in bad_date.output
    ok = runner.invoke(app, [*base, "--brand", "nexa", "--most-seen", "--limit", "5"])
    assert ok.exit_code == 0, ok.output
    assert '"language@1.0.0": 1' in ok.output
    store = DuckDBStore(project.store_path)
    try:
        assert _enriched(store) == {"t3"}
    finally:
        store.close()
