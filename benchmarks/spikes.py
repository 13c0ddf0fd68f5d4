"""Precision and recall of the bad-buzz detector.

    python benchmarks/spikes.py [--seed 0] [--demo-seed 42]

1. Synthetic: seeded quiet hourly series (hour-of-day profile, quieter weekends) with
   injected spikes (4–10× the usual rate plus a burst, 2–8 hours), half of the series
   left quiet; and the same with weaker spikes (2–3×) to show where detection stops.
2. The demo corpus (``rumeur.demo.generate``): imported into a fresh store, scanned per
   brand; detected spikes less than 24 h apart form one incident; an incident is a true
   positive when it overlaps a scripted burst in ``ground_truth.json`` (the bad buzz, or
   the fake-praise campaign, which is also a volume burst). The store is enriched with
   the shipped fast sentiment model and the aspects model first.
3. Alert latency: minutes from the demo bad buzz's scripted onset to the first alert of a
   spike rule on its brand, replayed (``rumeur.alerts.replay``) at the rules' default
   schedule (hourly), every 15 minutes, and, as the baseline measured in the same run,
   once a day (what the replay did before); the median over ``--alert-seeds`` demo
   corpora (target: hourly ≤ 60 min).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from rumeur import config
from rumeur.analytics import frame
from rumeur.analytics.spikes import SpikeSettings, scan
from rumeur.analytics.spikes_eval import EvalResult, _merge, synthetic
from rumeur.analytics.spikes_eval import evaluate as evaluate_synthetic
from rumeur.storage.duckdb import DuckDBStore


def weak(seed: int) -> EvalResult:
    rng = np.random.default_rng(seed)
    from rumeur.analytics.spikes import detect

    inj = det = tp = fp = 0
    for _ in range(20):
        times, series, injected = synthetic(rng, 45, 4.0, 0)
        for _k in range(2):
            s = int(rng.integers(16 * 24, 45 * 24 - 12))
            series["volume"][s : s + 4] *= rng.uniform(2, 3)
            series["volume"][s : s + 4] = np.round(series["volume"][s : s + 4])
            injected.append((s, s + 4))
        found = detect(series, times, "w", SpikeSettings(metrics=("volume",)))
        events = _merge([(times.index(x.start), times.index(x.end - timedelta(hours=1)) + 1)
                         for x in found])  # fmt: skip
        inj += len(injected)
        det += len(events)
        tp += sum(1 for a, b in injected if any(s < b and e > a for s, e in events))
        fp += sum(1 for s, e in events if not any(s < b and e > a for a, b in injected))
    return EvalResult(inj, det, tp, fp)


def demo(seed: int) -> dict[str, object]:
    from rumeur.demo import generate
    from rumeur.ingest import Ingestor

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = generate(folder / "data", seed=seed)
        (folder / "rumeur.toml").write_text(config.template(brands=corpus.brands))
        proj = config.load(folder)
        with DuckDBStore(proj.store_path) as st:
            ing = Ingestor(st, proj)
            for f in corpus.files:
                ing.import_file(f, reference=corpus.end)
            from rumeur.enrich.pipeline import run_enrichment

            run_enrichment(st, proj, names=["sentiment-fast", "aspects"])
            rows = frame.load(st, frame.Scope(), with_text=True).rows
        truth = json.loads(corpus.ground_truth.read_text())
    t = time.perf_counter()
    spikes = scan(rows, corpus.start, corpus.end, SpikeSettings())
    elapsed = time.perf_counter() - t
    incidents: list[dict[str, object]] = []
    for s in sorted(spikes, key=lambda s: (s.brand, s.start)):
        last = incidents[-1] if incidents else None
        if last and last["brand"] == s.brand and s.start - last["end"] <= timedelta(hours=24):  # type: ignore[operator]
            last["end"] = max(last["end"], s.end)  # type: ignore[type-var]
        else:
            incidents.append({"brand": s.brand, "start": s.start, "end": s.end})
    bursts = [e for e in truth["events"] if e["type"] in ("bad_buzz", "fake_praise")]

    def overlaps(i: dict[str, object], e: dict[str, object]) -> bool:
        es = datetime.fromisoformat(str(e["start"]).replace("Z", "+00:00"))
        ee = datetime.fromisoformat(str(e["end"]).replace("Z", "+00:00"))
        return i["brand"] == e["brand"] and i["start"] < ee and i["end"] > es  # type: ignore[operator]

    tp = [i for i in incidents if any(overlaps(i, e) for e in bursts)]
    by_metric: dict[str, int] = {}
    for s in spikes:
        by_metric[s.metric] = by_metric.get(s.metric, 0) + 1
    found = [e["id"] for e in bursts if any(overlaps(i, e) for i in incidents)]
    buzz = [e for e in bursts if e["type"] == "bad_buzz"]
    return {
        "mentions": len({r["mention_id"] for r in rows}),
        "scan_seconds": round(elapsed, 2),
        "scripted_bursts": [e["id"] for e in bursts],
        "found": found,
        "bad_buzz_recall": sum(1 for e in buzz if e["id"] in found) / max(len(buzz), 1),
        "spikes_by_metric": by_metric,
        "incidents": len(incidents),
        "incident_precision": len(tp) / max(len(incidents), 1),
        "false_incidents": [
            {"brand": i["brand"], "start": str(i["start"])} for i in incidents if i not in tp
        ],
    }


def alert_latency(seed: int) -> dict[str, float | None]:
    """Minutes from the scripted onset to the first alert, per replay granularity."""
    from rumeur.alerts.replay import replay
    from rumeur.alerts.rules import parse
    from rumeur.demo import generate
    from rumeur.enrich.pipeline import run_enrichment
    from rumeur.ingest import Ingestor

    out: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = generate(folder / "data", seed=seed)
        (folder / "rumeur.toml").write_text(config.template(brands=corpus.brands))
        proj = config.load(folder)
        truth = json.loads(corpus.ground_truth.read_text())
        buzz = next(e for e in truth["events"] if e["type"] == "bad_buzz")
        onset = datetime.fromisoformat(buzz["start"].replace("Z", "+00:00"))
        with DuckDBStore(proj.store_path) as st:
            ing = Ingestor(st, proj)
            for f in corpus.files:
                ing.import_file(f, reference=corpus.end)
            run_enrichment(st, proj, names=["sentiment-fast"])
            for label, every, step in (("daily", 60, timedelta(days=1)), ("hourly", 60, None),
                                       ("15 min", 15, None)):  # fmt: skip
                rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": buzz["brand"],
                                          "every_minutes": every}]})  # fmt: skip
                # from the corpus start, as `rumeur alerts replay` does: daily checks fall
                # at the corpus's clock time (23:59 UTC), not just after the onset
                fired = replay(st, rules, corpus.start, onset + timedelta(days=2), step=step)
                after = [f.at for f in fired if f.at >= onset]
                out[label] = (min(after) - onset).total_seconds() / 60 if after else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--demo-seed", type=int, default=42)
    ap.add_argument("--alert-seeds", default="42,7,2026", help="demo seeds for the latency")
    ap.add_argument("--only-latency", action="store_true", help="skip parts 1 and 2")
    args = ap.parse_args(argv)
    seeds = [int(x) for x in args.alert_seeds.split(",") if x]
    runs = [alert_latency(s) for s in seeds]
    print("alert latency (minutes from the bad buzz's onset to the first alert), seeds", seeds)
    for label in ("daily", "hourly", "15 min"):
        vals = [r[label] for r in runs]
        known = [v for v in vals if v is not None]
        med = float(np.median(known)) if known else None
        print(f"  {label:<7} median {med if med is None else round(med)}  per seed "
              + ", ".join("—" if v is None else f"{v:.0f}" for v in vals))  # fmt: skip
    if args.only_latency:
        return 0
    for label, r in (("synthetic, 4-10x spikes", evaluate_synthetic(seed=args.seed, n_series=40)),
                     ("synthetic, weak 2-3x", weak(args.seed))):  # fmt: skip
        print(f"{label:<26} injected {r.injected:3d}  detected {r.detected:3d}  "
              f"precision {r.precision:.2f}  recall {r.recall:.2f}")  # fmt: skip
    print("demo corpus:", json.dumps(demo(args.demo_seed), indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
