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
3. Alert latency: minutes from the demo bad buzz's scripted onset (its first post, the
   earliest honest onset) to the first alert of a spike rule on its brand, replayed
   (``rumeur.alerts.replay``) at the rules' default schedule (hourly, on the hour), every
   15 minutes, and once a day (what the replay did first); each with the hourly-bucket
   detector alone (old, the baseline of the same run), with the early warning as it was
   (before: all and unfavourable mentions, surprise 5), with the early warning now (new:
   all mentions, and independent unfavourable reports at surprise 4, see
   :mod:`rumeur.analytics.early`), with its sensitive setting (reports at 3.25), and with
   the opt-in signals that read what the reports say (``+ severe``: crisis-lexicon words;
   ``+ concerns``: posts not read as favourable; :mod:`rumeur.analytics.early_series`). The
   thresholds were chosen on demo seeds 1-6, not these (``benchmarks/early_calibration.py``).
   The demo stores are built by :mod:`demo_store` (``--cache DIR`` keeps them).
   The median over ``--alert-seeds`` demo corpora (target: hourly ≤ 60 min); then the
   hourly schedule of the default and of the detector alone on four clocks (checks on the
   hour, at :15, :30, :45: a watcher keeps the clock it was started on, and the demo's
   onset minute is scripted) and the median over every seed and clock. Beside it,
   the false alerts: an all-brands spike rule replayed hourly over the whole corpus, in
   each setting; its alerts in quiet brand-weeks (no scripted burst of that brand that
   week) per brand-week, on each clock for those two settings. Prints
   ``os.getloadavg()`` and wall/CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from demo_store import build, iso

from rumeur.analytics import frame
from rumeur.analytics.spikes import SpikeSettings, scan
from rumeur.analytics.spikes_eval import EvalResult, _merge, synthetic
from rumeur.analytics.spikes_eval import evaluate as evaluate_synthetic


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
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp), seed, ("sentiment-fast", "aspects"))
        with built.open() as st:
            rows = frame.load(st, frame.Scope(), with_text=True).rows
        truth, corpus_start, corpus_end = built.truth, built.start, built.end
    t = time.perf_counter()
    spikes = scan(rows, corpus_start, corpus_end, SpikeSettings())
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


#: scripted events that are bursts (a week holding one of its brand's is not quiet);
#: the month-long diffuse ones (brand_spam, intrusive_ads, conduct_*) are background
_BURSTS = ("bad_buzz", "fake_praise", "review_bomb", "sockpuppet_ring", "conduct")
#: (label, every minutes, forced step, setting)
_SCHEDULES = (("daily, old", 60, timedelta(days=1), "old"), ("hourly, old", 60, None, "old"),
              ("hourly, before", 60, None, "before"), ("hourly, new", 60, None, "new"),
              ("hourly, sensitive", 60, None, "sensitive"),
              ("hourly, + severe", 60, None, "severe"),
              ("hourly, + concerns", 60, None, "concerns"), ("15 min, old", 15, None, "old"),
              ("15 min, new", 15, None, "new"))  # fmt: skip
_SETTINGS = ("old", "before", "new", "sensitive", "severe", "concerns")
#: the hourly schedule's clocks compared (minutes past the hour) and the settings replayed so
_PHASES = (0, 15, 30, 45)
_PHASED = ("old", "new")


def _options(setting: str, early_threshold: float, reports: float,
             sensitive: float) -> dict[str, Any]:  # fmt: skip
    """A spike rule's options for each compared setting; ``severe`` and ``concerns`` are
    the default (new) with one opt-in signal at its rule default (the lowest threshold of
    ``benchmarks/early_calibration.py``'s grid with at most 0.10 false alerts per quiet
    brand-week on seeds 1-6)."""
    if setting == "old":
        return {"early": False}
    if setting == "before":
        return {"early_threshold": early_threshold, "early_metrics": ["volume", "negative"]}
    if setting in ("severe", "concerns"):
        return {"early_threshold": early_threshold, "early_reports_threshold": reports,
                "early_metrics": ["volume", "reports", setting]}  # fmt: skip
    return {"early_threshold": early_threshold,
            "early_reports_threshold": reports if setting == "new" else sensitive}  # fmt: skip


_iso = iso


def quiet_weeks(truth: dict[str, Any], start: datetime, end: datetime,
                brands: list[str]) -> list[tuple[str, datetime, datetime]]:  # fmt: skip
    """(brand, Monday 00:00 UTC, next Monday) of the whole weeks after the warm-up (the
    spike detector's 14 days, and one more week) with no scripted burst of that brand
    (events shorter than a week, widened by a day on each side)."""
    bursts = [(e["brand"], _iso(e["start"]) - timedelta(days=1), _iso(e["end"]) + timedelta(days=1))
              for e in truth["events"] if e["type"] in _BURSTS
              and _iso(e["end"]) - _iso(e["start"]) < timedelta(days=7)]  # fmt: skip
    w = (start + timedelta(days=15)).replace(hour=0, minute=0, second=0, microsecond=0)
    w += timedelta(days=7 - w.weekday())
    out = []
    while w + timedelta(days=7) <= end:
        nxt = w + timedelta(days=7)
        for b in brands:
            if not any(x == b and s < nxt and e > w for x, s, e in bursts):
                out.append((b, w, nxt))
        w = nxt
    return out


def alert_latency(seed: int, early_threshold: float, reports: float = 4.0,
                  sensitive: float = 3.25,
                  cache: Path | None = None) -> dict[str, Any]:  # fmt: skip
    """Minutes from the scripted onset (the bad buzz's first post) to the first alert of a
    spike rule on its brand, per schedule, with the hourly detector alone ("old") and with
    the early warning ("new"); and the alerts of an all-brands spike rule replayed hourly
    over the whole corpus that fall in quiet brand-weeks (false alerts)."""
    from rumeur.alerts.replay import replay
    from rumeur.alerts.rules import parse

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        built = build(cache / f"s{seed}" if cache else Path(tmp), seed)
        buzz = built.bad_buzz
        onset = _iso(buzz["start"])
        with built.open() as st:
            for label, every, step, setting in _SCHEDULES:
                opts = _options(setting, early_threshold, reports, sensitive)
                rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": buzz["brand"],
                                          "every_minutes": every, **opts}]})  # fmt: skip
                # from the corpus start, as `rumeur alerts replay` does: daily checks fall
                # at the corpus's clock time (23:59 UTC), not just after the onset
                fired = replay(st, rules, built.start, onset + timedelta(days=2), step=step)
                after = [f for f in fired if f.at >= onset]
                out[label] = (after[0].at - onset).total_seconds() / 60 if after else None
                out[label + " by"] = after[0].alert.dedupe_key if after else None
            # the hourly schedule on the other clocks a watcher may keep (started at 9:15,
            # its rules run at a quarter past each hour): the onset's minute is scripted,
            # so on the hour alone the figure is one draw of where the checks fall
            for setting in _PHASED:
                opts = _options(setting, early_threshold, reports, sensitive)
                rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": buzz["brand"],
                                          **opts}]})  # fmt: skip
                for minutes in _PHASES:
                    fired = replay(st, rules, built.start, onset + timedelta(days=2),
                                   phase=timedelta(minutes=minutes))  # fmt: skip
                    after = [f for f in fired if f.at >= onset]
                    out[f"phase {setting} {minutes}"] = (
                        (after[0].at - onset).total_seconds() / 60 if after else None
                    )
            weeks = quiet_weeks(built.truth, built.start, built.end, built.brands)
            out["quiet brand-weeks"] = len(weeks)
            for label in _SETTINGS:
                opts = _options(label, early_threshold, reports, sensitive)
                rules = parse({"rules": [{"name": "all", "type": "spike", **opts}]})
                t = time.perf_counter()
                fired = replay(st, rules, built.start, built.end)
                out[f"replay seconds {label}"] = round(time.perf_counter() - t, 1)
                false = [f for f in fired if any(f.alert.brand == b and a <= f.at < z
                                                 for b, a, z in weeks)]  # fmt: skip
                out[f"false alerts {label}"] = len(false)
                out[f"false {label} keys"] = [f.alert.dedupe_key for f in false]
            for setting in _PHASED:  # the same on the other clocks
                opts = _options(setting, early_threshold, reports, sensitive)
                rules = parse({"rules": [{"name": "all", "type": "spike", **opts}]})
                for minutes in _PHASES[1:]:
                    fired = replay(st, rules, built.start, built.end,
                                   phase=timedelta(minutes=minutes))  # fmt: skip
                    false = [f for f in fired if any(f.alert.brand == b and a <= f.at < z
                                                     for b, a, z in weeks)]  # fmt: skip
                    out[f"phase false {setting} {minutes}"] = len(false)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--demo-seed", type=int, default=42)
    ap.add_argument("--alert-seeds", default="42,7,2026", help="demo seeds for the latency")
    ap.add_argument("--only-latency", action="store_true", help="skip parts 1 and 2")
    ap.add_argument(
        "--early-threshold",
        type=float,
        default=5.0,
        help="the early warning's surprise threshold (the rule's default: 5)",
    )
    ap.add_argument(
        "--reports-threshold",
        type=float,
        default=4.0,
        help="surprise of the independent reports, new (the rule's default: 4)",
    )
    ap.add_argument("--sensitive", type=float, default=3.25,
                    help="surprise of the independent reports, sensitive setting")  # fmt: skip
    ap.add_argument("--cache", type=Path, help="keep the latency part's stores here (DIR/s<seed>)")
    args = ap.parse_args(argv)
    seeds = [int(x) for x in args.alert_seeds.split(",") if x]
    t0, c0 = time.perf_counter(), time.process_time()
    print("load average at the start", os.getloadavg())
    runs = [alert_latency(s, args.early_threshold, args.reports_threshold, args.sensitive,
                          args.cache) for s in seeds]  # fmt: skip
    print("alert latency (minutes from the bad buzz's first post to the first alert), seeds",
          seeds, f"early threshold {args.early_threshold:g}, reports "
          f"{args.reports_threshold:g}, sensitive {args.sensitive:g}")  # fmt: skip
    print("  old = hourly-bucket spike detector alone; before = + the early warning on all "
          "and unfavourable\n  mentions (surprise 5); new = + the early warning on all "
          "mentions and independent\n  unfavourable reports; sensitive = new with a lower "
          "reports threshold; + severe, + concerns =\n  new with the opt-in signal (severe "
          "reports at 5, posts not read as favourable at 4.5)")  # fmt: skip
    for label, *_ in _SCHEDULES:
        vals = [r[label] for r in runs]
        known = [v for v in vals if v is not None]
        med = float(np.median(known)) if known else None
        print(f"  {label:<19} median {med if med is None else round(med)}  per seed "
              + ", ".join("—" if v is None else f"{v:.0f}" for v in vals)
              + "  first alert: " + " | ".join(str(r[label + " by"]) for r in runs))  # fmt: skip
    print("hourly checks on each clock a watcher may keep (minutes past the hour), and the "
          "median over\n  every seed and clock (the onset's minute is fixed by the demo "
          "script, so one clock is one draw)")  # fmt: skip
    for setting in _PHASED:
        pooled = []
        for minutes in _PHASES:
            vals = [r[f"phase {setting} {minutes}"] for r in runs]
            pooled += vals
            print(f"  hourly at :{minutes:02d}, {setting:<4} per seed "
                  + ", ".join("—" if v is None else f"{v:.0f}" for v in vals))  # fmt: skip
        known = [v for v in pooled if v is not None]
        med = round(float(np.median(known))) if known else None
        print(f"  hourly, {setting:<4} any clock: median {med} over {len(pooled)} replays "
              f"({len(pooled) - len(known)} without an alert within two days)")  # fmt: skip
    weeks = sum(r["quiet brand-weeks"] for r in runs)
    print(f"false alerts in quiet brand-weeks (all brands, hourly replay of the 90 days, "
          f"{weeks} brand-weeks over the seeds)")  # fmt: skip
    for label in _SETTINGS:
        n = sum(r[f"false alerts {label}"] for r in runs)
        secs = ", ".join(str(r[f"replay seconds {label}"]) for r in runs)
        print(f"  {label:<9}: {n} false alerts, {n / max(weeks, 1):.2f} per brand-week  "
              f"(replay s per seed: {secs})")  # fmt: skip
        for r in runs:
            for k in r[f"false {label} keys"]:
                print(f"      {k}")
    print("  the same on the other clocks (false alerts over the seeds, per brand-week):")
    for setting in _PHASED:
        counts = [sum(r[f"false alerts {setting}"] for r in runs)]
        counts += [sum(r[f"phase false {setting} {m}"] for r in runs) for m in _PHASES[1:]]
        print(f"  {setting:<9}: " + ", ".join(
            f":{m:02d} {n} ({n / max(weeks, 1):.2f})" for m, n in zip(_PHASES, counts, strict=True)
        ) + f"; all clocks {sum(counts) / max(4 * weeks, 1):.2f} per brand-week")  # fmt: skip
    print(f"latency part: wall {time.perf_counter() - t0:.0f} s, CPU "
          f"{time.process_time() - c0:.0f} s, load average {os.getloadavg()}")  # fmt: skip
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
