"""``python -m rumeur.nlp.evaluate [--tier fast|accurate|all]``: figures on Rumeur's own
hand-written sets (never used for training):

- ``challenge_fr.jsonl``: sentiment accuracy per phenomenon (negation, irony, emoji...);
- ``emotions_val_fr.jsonl``: per-emotion precision / recall / F1;
- ``aspects_val_fr.jsonl``: per-aspect detection and polarity figures.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def challenge(predict: Callable[[list[str]], list[dict]], path: Path | None = None) -> dict:
    """Accuracy per phenomenon (and overall) of a sentiment model on the challenge set."""
    rows = read_jsonl(path or HERE / "challenge_fr.jsonl")
    preds = predict([r["text"] for r in rows])
    hits: dict[str, list[bool]] = defaultdict(list)
    for row, pred in zip(rows, preds, strict=True):
        hits[row["phenomenon"]].append(pred["label"] == row["label"])
        hits["all"].append(pred["label"] == row["label"])
    return {k: {"accuracy": sum(v) / len(v), "n": len(v)} for k, v in hits.items()}


def prf(gold: Sequence[set[str]], pred: Sequence[set[str]], names: Sequence[str]) -> dict:
    """Per-name precision / recall / F1 of multi-label predictions."""
    out = {}
    for name in names:
        tp = sum(name in g and name in p for g, p in zip(gold, pred, strict=True))
        fp = sum(name not in g and name in p for g, p in zip(gold, pred, strict=True))
        fn = sum(name in g and name not in p for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    return out


def print_table(title: str, table: dict[str, dict[str, float]]) -> None:
    print(title)
    for key, vals in table.items():
        cells = "  ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in vals.items()
        )
        print(f"  {key:<16} {cells}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="rumeur nlp evaluate",
        description="Figures on Rumeur's hand-written French evaluation sets.",
    )
    ap.add_argument("--tier", default="all", choices=("fast", "accurate", "all"))
    args = ap.parse_args(argv)
    from rumeur.nlp import load_aspects, load_emotions, load_sentiment

    tiers = ("fast", "accurate") if args.tier == "all" else (args.tier,)
    for tier in tiers:
        model = load_sentiment(tier)
        print_table(
            f"challenge_fr.jsonl, {model.name}@{model.version}: accuracy per phenomenon",
            challenge(model.predict),
        )
    if (HERE / "emotions_val_fr.jsonl").exists():
        from rumeur.nlp.emotions import evaluate_emotions

        print_table("emotions_val_fr.jsonl, per emotion", evaluate_emotions(load_emotions()))
    if (HERE / "aspects_val_fr.jsonl").exists():
        from rumeur.nlp.aspects import evaluate_aspects

        print_table("aspects_val_fr.jsonl, per aspect", evaluate_aspects(load_aspects()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
