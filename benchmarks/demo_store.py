"""A demo corpus imported and enriched in a store, for the benchmarks (``spikes.py``,
``early_calibration.py``): one way to build it, kept in a folder for a re-run.

    from demo_store import build
    demo = build(folder, seed=42, enrichers=("sentiment-fast", "aspects"))
    with demo.open() as st: ...

The folder holds the generated files (``data/``), the project file and the store, and a
``meta.json`` saying what was built: a second call with the same folder reuses the store
and runs only the enrichers it lacks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rumeur import config
from rumeur.storage.duckdb import DuckDBStore


def iso(s: str) -> datetime:
    """A ground-truth time (``...Z``) as an aware datetime."""
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


@dataclass(frozen=True, slots=True)
class DemoStore:
    folder: Path
    seed: int
    start: datetime
    end: datetime
    brands: list[str]
    #: ``ground_truth.json``: the scripted events
    truth: dict[str, Any]

    @property
    def project(self) -> Any:
        return config.load(self.folder)

    def open(self) -> DuckDBStore:
        return DuckDBStore(self.project.store_path)

    @property
    def bad_buzz(self) -> dict[str, Any]:
        return next(e for e in self.truth["events"] if e["type"] == "bad_buzz")


def build(folder: Path, seed: int, enrichers: Sequence[str] = ("sentiment-fast",)) -> DemoStore:
    """The demo corpus of ``seed`` imported (relative dates against the corpus's end) and
    enriched with ``enrichers`` in ``folder``; what ``folder`` already holds is reused."""
    from rumeur.demo import generate
    from rumeur.enrich.pipeline import run_enrichment
    from rumeur.ingest import Ingestor

    meta_file = folder / "meta.json"
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else None
    if meta is None:
        folder.mkdir(parents=True, exist_ok=True)
        corpus = generate(folder / "data", seed=seed)
        (folder / "rumeur.toml").write_text(config.template(brands=corpus.brands))
        with DuckDBStore(config.load(folder).store_path) as st:
            ing = Ingestor(st, config.load(folder))
            for f in corpus.files:
                ing.import_file(f, reference=corpus.end)
        meta = {"seed": seed, "start": corpus.start.isoformat(), "end": corpus.end.isoformat(),
                "brands": [b.id for b in corpus.brands], "truth": str(corpus.ground_truth),
                "enrichers": []}  # fmt: skip
    missing = [e for e in enrichers if e not in meta.get("enrichers", [])]
    if missing:
        with DuckDBStore(config.load(folder).store_path) as st:
            run_enrichment(st, config.load(folder), names=missing)
        meta["enrichers"] = [*meta.get("enrichers", []), *missing]
    meta_file.write_text(json.dumps(meta))
    return DemoStore(folder, seed, iso(meta["start"]), iso(meta["end"]), meta["brands"],
                     json.loads(Path(meta["truth"]).read_text()))  # fmt: skip
