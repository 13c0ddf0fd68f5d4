"""Language identification and the enrichment pipeline over a real store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from rumeur.config import Project
from rumeur.enrich import base
from rumeur.enrich.base import Enricher, EnrichInput, Enrichment
from rumeur.enrich.language import LanguageEnricher, detect
from rumeur.enrich.pipeline import run_enrichment, status
from rumeur.errors import EnrichError
from rumeur.ingest import Ingestor
from rumeur.storage.duckdb import DuckDBStore

SAMPLES = Path(__file__).parents[2] / "benchmarks" / "data" / "language_samples.jsonl"
FRENCH = [
    "Franchement le réseau est nul ce soir, impossible d'appeler",
    "mdr le SAV m'a raccroché au nez",
    "Merci pour la réponse rapide, problème réglé 👍",
    "Trop cher pour ce que c'est, je résilie",
    "Quelqu'un sait si la fibre arrive bientôt à Rennes ?",
]


def test_detect_french_english_and_others() -> None:
    samples = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    samples += [{"text": t, "language": "fr"} for t in FRENCH]
    correct = sum(detect(s["text"])[0] == s["language"] for s in samples)
    assert correct / len(samples) >= 0.95


@pytest.mark.parametrize("text", ["", "👍👍", "@volta_sav #promo http://x.example", "ok"])
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect(text)[0] == "und"


def _imported(store: DuckDBStore, project: Project) -> None:
    Ingestor(store, project).import_file(project.root / "avis_export.csv")


def test_enrich_runs_only_what_is_missing(store: DuckDBStore, project: Project) -> None:
    _imported(store, project)
    first = run_enrichment(store, project, names=["language"])
    assert first == {"language@1.0.0": 6}
    assert run_enrichment(store, project, names=["language"]) == {"language@1.0.0": 0}
    labels = {r["label"] for r in store.query("SELECT label FROM enrichments")}
    assert labels == {"fr"}
    st = {s.name: s for s in status(store)}["language"]
    assert (st.done, st.missing) == (6, 0)


def test_a_new_version_reruns_and_keeps_the_old_results(
    store: DuckDBStore, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _imported(store, project)
    run_enrichment(store, project, names=["language"])
    monkeypatch.setattr(LanguageEnricher, "version", "1.1.0")
    assert run_enrichment(store, project, names=["language"]) == {"language@1.1.0": 6}
    versions = store.query("SELECT version, count(*) AS n FROM enrichments GROUP BY 1 ORDER BY 1")
    assert versions == [{"version": "1.0.0", "n": 6}, {"version": "1.1.0", "n": 6}]


class _Failing(Enricher):
    name = "test-failing"
    version = "0"
    requires = ("text", "language")
    batch_size = 2
    calls = 0

    def enrich(self, batch: Sequence[EnrichInput]) -> list[Enrichment]:
        type(self).calls += 1
        if type(self).calls == 3:
            raise RuntimeError("boom")
        assert all(i.language == "fr" for i in batch)  # dependencies ran first
        return [Enrichment(label="x") for _ in batch]


def test_a_crash_mid_way_keeps_committed_chunks(
    store: DuckDBStore, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _imported(store, project)
    monkeypatch.setitem(base._REGISTRY, "test-failing", _Failing)
    monkeypatch.setattr("rumeur.enrich.pipeline.CHUNK", 2)
    with pytest.raises(EnrichError, match="test-failing@0 a échoué"):
        run_enrichment(store, project, names=["test-failing"])
    assert store.scalar("SELECT count(*) FROM enrichments WHERE enricher = 'test-failing'") == 4
    assert run_enrichment(store, project, names=["test-failing"])["test-failing@0"] == 2
    assert store.scalar("SELECT count(*) FROM enrichments WHERE enricher = 'test-failing'") == 6


def test_unknown_enricher_is_a_clear_error(store: DuckDBStore, project: Project) -> None:
    with pytest.raises(EnrichError, match=r"enrichisseur\(s\) inconnu\(s\) : nope") as err:
        run_enrichment(store, project, names=["nope"])
    assert err.value.render("en")[0] == "unknown enricher(s): nope"
