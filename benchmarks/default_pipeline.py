"""What the default pipeline (``rumeur import`` then ``rumeur enrich``, no options) labels,
measured on a real project and DuckDB store in a temporary folder.

    python benchmarks/default_pipeline.py [--demo-mentions N]
    python benchmarks/default_pipeline.py --dev

Two measures, used by ``benchmarks/sentiment.py`` too:

- :func:`crisis_pipeline`: the crisis set (``rumeur/nlp/sets/crisis_fr.jsonl``) written to a
  CSV export, imported, enriched by default; each post's sentiment is what the report and
  ``rumeur mentions --json`` read (:data:`rumeur.query.SENTIMENT_SQL`: the accurate tier's
  label where the cascade re-read the post, else the fast tier's), with the model that
  gave it.
- both again without the crisis-aware decision rule (:mod:`rumeur.nlp.crisis`), same
  models, same run: the baseline the rule is measured against.
- :func:`dev_check` (``--dev``, alone): the same pipeline on the union of the splits kept
  for choices (:data:`DEV_SETS`), with each split's figures; a candidate model is checked
  by running it with the candidate's files in place of the shipped ones.
- :func:`demo_accuracy`: the demo corpus (``rumeur.demo.generate``, its ground truth)
  imported and enriched by default; accuracy of the sentiment against the generator's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from rumeur import config
from rumeur.config import Brand
from rumeur.enrich.pipeline import run_enrichment
from rumeur.ingest import Ingestor
from rumeur.nlp import load_sentiment
from rumeur.nlp.crisis import CrisisRule
from rumeur.nlp.data import LABELS, brand_rows
from rumeur.nlp.metrics import macro_f1
from rumeur.query import SENTIMENT_SQL
from rumeur.storage.duckdb import DuckDBStore


def _project(folder: Path, brands: tuple[Brand, ...]) -> config.Project:
    (folder / config.CONFIG_NAME).write_text(
        config.template(name="Banc d'essai", brands=brands), encoding="utf-8"
    )
    return config.load(folder)


def _labels(store: DuckDBStore) -> dict[str, tuple[str | None, str | None]]:
    rows = store.query(
        f"SELECT m.external_id, s.sentiment, s.sentiment_model FROM mentions m "
        f"LEFT JOIN ({SENTIMENT_SQL}) s USING (mention_id)"
    )
    return {r["external_id"]: (r["sentiment"], r["sentiment_model"]) for r in rows}


def figures(gold: list[str], pred: list[str | None]) -> dict[str, float]:
    """Macro-F1, accuracy and per-class recall (a missing or ``unsupported`` label counts
    as wrong)."""
    y = np.array([LABELS.index(g) for g in gold])
    p = np.array([LABELS.index(x) if x in LABELS else -1 for x in pred])
    out = {"macro_f1": macro_f1(y, p), "accuracy": float(np.mean(p == y))}
    for k, lab in enumerate(LABELS):
        out[f"recall_{lab}"] = float(np.mean(p[y == k] == k))
    return out


@contextmanager
def crisis_rule(on: bool) -> Iterator[None]:
    """With ``on`` false, both tiers run without the crisis-aware decision rule
    (:mod:`rumeur.nlp.crisis`): the same models, the same-run baseline of the rule."""
    models = [load_sentiment("fast"), load_sentiment("accurate")]
    kept = [m.rule for m in models]
    if not on:
        for m in models:
            m.rule = CrisisRule()
    try:
        yield
    finally:
        for m, rule in zip(models, kept, strict=True):
            m.rule = rule


def crisis_pipeline(name: str = "crisis_fr", rule: bool = True) -> dict[str, Any]:
    """The default pipeline's figures on a hand-written brand set (see module doc);
    ``rule``: with the crisis-aware decision rule (the default) or without."""
    with crisis_rule(rule):
        return _crisis_pipeline(name)


def _crisis_pipeline(name: str) -> dict[str, Any]:
    rows = brand_rows(name)
    pred, models, seconds, done = pipeline_labels(rows)
    out = figures([r["label"] for r in rows], pred)
    out.update({"n": len(rows), "models": dict(models), "enrich_seconds": seconds, "done": done})
    return out


def pipeline_labels(
    rows: list[dict[str, str]],
) -> tuple[list[str | None], Counter[str], float, Any]:
    """Each post's label as the default pipeline gives it (a CSV export imported, then
    enriched without options, read as the report reads it), the count of labels by
    model, the enrichment's seconds and what ``run_enrichment`` returned."""
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = _project(folder, (Brand(id="crise", name="Crise"),))
        path = folder / "export.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "platform", "created_at", "author_handle", "followers", "text"])
            for i, r in enumerate(rows):
                when = (start + timedelta(minutes=7 * i)).isoformat()
                w.writerow([r["id"], "twitter", when, f"@u{i % 97}", 50 + 37 * i, r["text"]])
        with DuckDBStore(project.store_path) as store:
            Ingestor(store, project).import_file(path)
            t0 = time.perf_counter()
            done = run_enrichment(store, project)
            seconds = time.perf_counter() - t0
            got = _labels(store)
    pred = [got.get(r["id"], (None, None))[0] for r in rows]
    models = Counter((got.get(r["id"], (None, None))[1] or "none") for r in rows)
    return pred, models, seconds, done


#: the splits kept for choices (``docs/crisis-set.md``): the dev check reads their union
DEV_SETS = ("brand_dev_fr", "brand_dev2_fr")


def dev_check() -> dict[str, dict[str, Any]]:
    """The default pipeline (crisis rule on) on the union of the dev splits, in one
    project: figures for the union and for each split (ids are unique across them)."""
    parts = {name: brand_rows(name) for name in DEV_SETS}
    rows = [r for part in parts.values() for r in part]
    pred, models, _, _ = pipeline_labels(rows)
    by_id = dict(zip((r["id"] for r in rows), pred, strict=True))
    out = {"union": {**figures([r["label"] for r in rows], pred), "n": len(rows)}}
    out["union"]["models"] = dict(models)
    for name, part in parts.items():
        out[name] = {
            **figures([r["label"] for r in part], [by_id[r["id"]] for r in part]),
            "n": len(part),
        }
    return out


def demo_accuracy(n_mentions: int = 2000, seed: int = 42, rule: bool = True) -> dict[str, Any]:
    """Accuracy of the default pipeline's sentiment against the demo's ground truth, on
    the French mentions and on all (see module doc); ``rule`` as in :func:`crisis_pipeline`."""
    with crisis_rule(rule):
        return _demo_accuracy(n_mentions, seed)


def _demo_accuracy(n_mentions: int, seed: int) -> dict[str, Any]:
    from rumeur.demo import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = generate(folder / "data", seed=seed, n_mentions=n_mentions)
        project = _project(folder, corpus.brands)
        with DuckDBStore(project.store_path) as store:
            ing = Ingestor(store, project)
            for f in corpus.files:
                ing.import_file(f, reference=corpus.end)
            t0 = time.perf_counter()
            run_enrichment(store, project)
            seconds = time.perf_counter() - t0
            got = _labels(store)
        truth = json.loads(corpus.ground_truth.read_text(encoding="utf-8"))["mentions"]
    out: dict[str, Any] = {"n_mentions": n_mentions, "enrich_seconds": seconds}
    for scope in ("fr", "all"):
        keys = [
            k for k, t in truth.items() if k in got and (scope == "all" or t["language"] == "fr")
        ]
        gold = [truth[k]["sentiment"] for k in keys]
        pred = [got[k][0] for k in keys]
        out[scope] = {**figures(gold, pred), "n": len(keys)}
        models = Counter(got[k][1] or "none" for k in keys)
        out[scope]["models"] = dict(models)
    return out


def print_figures(title: str, f: dict[str, Any]) -> None:
    print(
        f"  {title:<34} macro-F1 {f['macro_f1']:.3f}  acc. {f['accuracy']:.3f}  recall "
        f"neg {f['recall_negative']:.3f} neu {f['recall_neutral']:.3f} "
        f"pos {f['recall_positive']:.3f}  (n={f['n']})"
    )


def report(demo_mentions: int) -> None:
    """Print the default pipeline's figures, then the same run without the crisis rule
    (the baseline)."""
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("Default pipeline (import, then enrich without options), real DuckDB store:")
    for rule in (True, False):
        tag = "" if rule else " [baseline: no crisis rule]"
        crisis = crisis_pipeline(rule=rule)
        print_figures(f"crisis_fr.jsonl{tag}", crisis)
        print(f"    labelled by: {crisis['models']}; enrich {crisis['enrich_seconds']:.1f} s")
    for rule in (True, False):
        tag = "" if rule else " [baseline: no crisis rule]"
        demo = demo_accuracy(demo_mentions, rule=rule)
        for scope in ("fr", "all"):
            print_figures(f"demo ground truth ({scope}){tag}", demo[scope])
            print(f"    labelled by: {demo[scope]['models']}")
        print(f"    demo: {demo['n_mentions']} mentions, enrich {demo['enrich_seconds']:.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--demo-mentions", type=int, default=2000)
    ap.add_argument(
        "--dev",
        action="store_true",
        help="only the dev check: the default pipeline on the splits kept for choices",
    )
    args = ap.parse_args()
    if args.dev:
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"Default pipeline on the dev splits ({' + '.join(DEV_SETS)}), crisis rule on:")
        for name, f in dev_check().items():
            print_figures(name, f)
        return 0
    report(args.demo_mentions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
