"""The default cascade: ``rumeur enrich`` without options lets the accurate tier re-read
the mentions the fast tier was unsure of and the posts the crisis lexicon flags,
most-seen first, within its budget; the sentiment read back says which model gave it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rumeur.config import Project
from rumeur.enrich.base import Review
from rumeur.enrich.opinion import AccurateSentimentEnricher
from rumeur.enrich.pipeline import run_enrichment
from rumeur.ingest import Ingestor
from rumeur.nlp import load_sentiment
from rumeur.query import SENTIMENT_SQL
from rumeur.storage.duckdb import DuckDBStore

# fictional posts; reach = followers × 0.10 (twitter)
CSV = """id,platform,created_at,author_handle,followers,text
p1,twitter,2025-10-01 09:00,@lea,100,Volta Mobile a coupé ma ligne ce matin
p2,twitter,2025-10-02 09:00,@marc,50000,Volta Mobile encore en panne dans tout Lyon
p3,twitter,2025-10-03 09:00,@zoe,10,La boutique Volta Mobile de Lille ferme à quelle heure ?
p4,twitter,2025-10-04 09:00,@paul,3000,Merci Volta Mobile pour cette semaine sans réseau 🙃
p5,twitter,2025-10-05 09:00,@ines,20,Volta Mobile annonce une nouvelle offre fibre à la rentrée
p6,twitter,2025-10-06 09:00,@hugo,900000,"Nul, nul, nul. Volta Mobile, je vous déteste !!!"
"""


@pytest.fixture
def imported(store: DuckDBStore, project: Project, tmp_path: Path) -> DuckDBStore:
    path = tmp_path / "posts.csv"
    path.write_text(CSV, encoding="utf-8")
    Ingestor(store, project).import_file(path)
    return store


def _results(store: DuckDBStore, enricher: str) -> dict[str, tuple[str, float]]:
    rows = store.query(
        "SELECT m.external_id, e.label, e.score FROM enrichments e JOIN mentions m "
        "USING (mention_id) WHERE e.enricher = ?",
        [enricher],
    )
    return {r["external_id"]: (r["label"], r["score"]) for r in rows}


def _read_back(store: DuckDBStore) -> dict[str, str]:
    rows = store.query(
        f"SELECT m.external_id, s.sentiment_model FROM mentions m JOIN ({SENTIMENT_SQL}) s "
        "USING (mention_id)"
    )
    return {r["external_id"]: r["sentiment_model"] for r in rows}


def _flagged(store: DuckDBStore) -> set[str]:
    rows = store.query(
        "SELECT m.external_id FROM enrichments e JOIN mentions m USING (mention_id) "
        "WHERE e.enricher = 'sentiment-fast' AND json_extract(e.data, '$.crisis') = 'true'"
    )
    return {r["external_id"] for r in rows}


@pytest.mark.slow
def test_default_run_rereads_the_unsure_ones(imported: DuckDBStore, project: Project) -> None:
    done = run_enrichment(imported, project)
    fast = _results(imported, "sentiment-fast")
    accurate = _results(imported, "sentiment-accurate")
    below = AccurateSentimentEnricher.review.below  # type: ignore[union-attr]
    # when the shipped crisis rule says so, the posts its lexicon flags are re-read too
    # (rumeur.nlp.crisis; sentiment-crisis.json: 1.4.x yes, 1.5.0 no)
    flagged = _flagged(imported)
    rereads_flagged = load_sentiment("fast").rule.reread_flagged
    assert flagged == ({"p1", "p2"} if rereads_flagged else set())  # 'coupé', 'panne'
    unsure = {k for k, (_, score) in fast.items() if score < below} | flagged
    assert len(fast) == 6
    assert set(accurate) == unsure  # exactly the unsure and the flagged were re-read
    assert done[AccurateSentimentEnricher().key] == len(unsure)
    models = _read_back(imported)
    for key in fast:
        tier = "sentiment-accurate@" if key in unsure else "sentiment-fast@"
        assert models[key].startswith(tier)
    # a second default run has nothing left to do
    again = run_enrichment(imported, project)
    assert again[AccurateSentimentEnricher().key] == 0


@pytest.mark.slow
def test_budget_takes_the_most_seen_first(
    imported: DuckDBStore, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every fast label counts as unsure, and one re-read a run: reach decides the order
    monkeypatch.setattr(
        AccurateSentimentEnricher, "review", Review(of="sentiment-fast", below=1.01, budget=1)
    )
    run_enrichment(imported, project)
    assert set(_results(imported, "sentiment-accurate")) == {"p6"}  # 900,000 followers
    run_enrichment(imported, project)
    assert set(_results(imported, "sentiment-accurate")) == {"p6", "p2"}  # then 50,000


def test_named_alone_it_reads_everything(imported: DuckDBStore, project: Project) -> None:
    done = run_enrichment(imported, project, names=["sentiment-accurate"])
    assert done[AccurateSentimentEnricher().key] == 6
    assert set(_results(imported, "sentiment-accurate")) == {f"p{i}" for i in range(1, 7)}


def test_named_with_the_fast_tier_it_is_a_cascade(
    imported: DuckDBStore, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as `rumeur watch --enrichers language,sentiment-fast,sentiment-accurate` runs it
    monkeypatch.setattr(
        AccurateSentimentEnricher, "review", Review(of="sentiment-fast", below=1.01, budget=2)
    )
    run_enrichment(imported, project, names=["language", "sentiment-fast", "sentiment-accurate"])
    assert set(_results(imported, "sentiment-accurate")) == {"p6", "p2"}


@pytest.mark.parametrize("reread_flagged", [True, False])
def test_a_confident_crisis_post_is_reread_and_a_quiet_one_is_not(
    store: DuckDBStore, project: Project, tmp_path: Path, reread_flagged: bool
) -> None:
    # both read confidently by the fast tier: only the crisis-flagged one goes further,
    # and only when the crisis rule asks for the flagged re-read (the training step's
    # choice: sentiment-crisis.json)
    path = tmp_path / "sure.csv"
    path.write_text(
        "id,platform,created_at,author_handle,followers,text\n"
        "s1,twitter,2025-10-01 09:00,@lea,100,Merci Volta Mobile pour la panne géniale\n"
        "s2,twitter,2025-10-01 10:00,@marc,100,Merci Volta Mobile pour le super accueil\n",
        encoding="utf-8",
    )
    Ingestor(store, project).import_file(path)
    fast = load_sentiment("fast")
    with pytest.MonkeyPatch.context() as mp:  # every fast label counts as sure
        mp.setattr(
            AccurateSentimentEnricher,
            "review",
            Review(of="sentiment-fast", below=0.0, budget=10, flagged="crisis"),
        )
        mp.setattr(fast, "rule", replace(fast.rule, reread_flagged=reread_flagged))
        run_enrichment(store, project)
    reread = {"s1"} if reread_flagged else set()
    assert _flagged(store) == reread
    assert set(_results(store, "sentiment-accurate")) == reread
    fast_key = "sentiment-fast@" + fast.version
    assert _read_back(store) == {
        "s1": AccurateSentimentEnricher().key if reread_flagged else fast_key,
        "s2": fast_key,
    }
