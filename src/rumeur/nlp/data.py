"""Loading the training files of ``shared/data`` (see its DATA.md) into one shape.

Label derivation, documented in ``docs/models.md``:

- UMSAB tweets: their own negative / neutral / positive labels.
- Allociné reviews: negative / positive (no neutral class exists there).
- TripAdvisor reviews: ``star_rating`` 1–2 → negative, 3 → neutral, 4–5 → positive. Three
  stars is "average", which mixes lukewarm and mixed reviews; it is the closest the data has
  to a neutral review. A fixed, seeded 20% of the file (:func:`tripadvisor_split`) is held
  out from every model and used only for the published figures.
- Brand talk written for Rumeur (``rumeur/nlp/sets/``, see ``docs/crisis-set.md``):
  disjoint sets of fictional French posts about invented brands, labelled by hand:
  ``brand_train_fr.jsonl`` (a training source), ``brand_dev_fr.jsonl`` and
  ``brand_dev2_fr.jsonl`` (for choices), ``crisis_fr.jsonl`` (the crisis set: it only
  measures, never trains or chooses), and the long posts' two files.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("negative", "neutral", "positive")
SEED = 20261123
HOLDOUT = 0.2
DEFAULT_DATA = Path(os.environ.get("RUMEUR_DATA", "/work/shared/data"))
#: the hand-written brand sets shipped with the package
SETS_DIR = Path(__file__).resolve().parent / "sets"
#: (1.7.0 of the accurate tier: long brand posts, > 40 tokens; the train file trains its
#: long-text head, the dev file only measures; ``brand_dev2_fr``, 2026-12-07: a second
#: split kept for choices, read with ``brand_dev_fr`` by ``benchmarks/default_pipeline.py
#: --dev``)
BRAND_SETS = (
    "brand_train_fr",
    "brand_dev_fr",
    "brand_dev2_fr",
    "crisis_fr",
    "brand_long_train_fr",
    "brand_long_dev_fr",
)


@dataclass(frozen=True)
class Split:
    """Texts with labels (indices into :data:`LABELS`) and the name of their source."""

    name: str
    texts: list[str]
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.texts)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sentiment_file(data: Path, name: str) -> Split:
    """``umsab_fr_train`` ... ``allocine_tv_dev``: labels mapped onto :data:`LABELS`."""
    rows = _read(data / "sentiment" / f"{name}.csv")
    y = np.array([LABELS.index(r["label"]) for r in rows], dtype=np.int64)
    return Split(name, [r["text"] for r in rows], y)


def star_label(stars: float) -> int:
    """TripAdvisor stars → label index (1–2 negative, 3 neutral, 4–5 positive)."""
    return 0 if stars <= 2 else 1 if stars < 4 else 2


def tripadvisor_rows(data: Path) -> list[dict[str, str]]:
    return _read(data / "aspects" / "tripadvisor_fr_train.csv")


def tripadvisor_split(data: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(train 80%, hold-out 20%) of the TripAdvisor file, fixed by :data:`SEED`."""
    rows = tripadvisor_rows(data)
    order = np.random.default_rng(SEED).permutation(len(rows))
    cut = round(len(rows) * (1 - HOLDOUT))
    return [rows[i] for i in order[:cut]], [rows[i] for i in order[cut:]]


def tripadvisor_sentiment(rows: list[dict[str, str]], name: str) -> Split:
    y = np.array([star_label(float(r["star_rating"])) for r in rows], dtype=np.int64)
    return Split(name, [r["review"] for r in rows], y)


def brand_rows(name: str) -> list[dict[str, str]]:
    """The rows of a hand-written brand set (``id``, ``sector``, ``kind``, ``label``,
    ``text``); ``name`` is one of :data:`BRAND_SETS`."""
    path = SETS_DIR / f"{name}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def brand_split(name: str) -> Split:
    rows = brand_rows(name)
    y = np.array([LABELS.index(r["label"]) for r in rows], dtype=np.int64)
    return Split(name, [r["text"] for r in rows], y)


def sentiment_sets(data: Path = DEFAULT_DATA) -> dict[str, Split]:
    """Every sentiment split by name: ``*_train`` for training, the others for figures
    (``brand_dev_fr`` for choices, ``crisis_fr`` only to measure)."""
    trip_train, trip_hold = tripadvisor_split(data)
    sets = {
        n: sentiment_file(data, n)
        for n in ("umsab_fr_train", "umsab_fr_val", "allocine_tv_train", "allocine_tv_dev")
    }
    sets["tripadvisor_train"] = tripadvisor_sentiment(trip_train, "tripadvisor_train")
    sets["tripadvisor_holdout"] = tripadvisor_sentiment(trip_hold, "tripadvisor_holdout")
    for name in BRAND_SETS:
        sets[name] = brand_split(name)
    return sets
