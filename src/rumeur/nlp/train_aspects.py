"""Training of the aspect classifiers (step 3 of :mod:`rumeur.nlp.train`).

TripAdvisor reviews carry per-aspect labels for price, food and service; food is Rumeur's
``quality`` aspect (product quality, for a restaurant). One 4-class n-gram model per aspect
(positive / negative / mixed / no_opinion) on the seeded 80% train part; C picked by 3-fold
cross-validation on it; figures on the 20% hold-out, for the classifier alone, the
cue-and-clause rules alone and the shipped combination.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from rumeur.nlp.aspects import ASPECT_LABELS, AspectModel, aspect_figures
from rumeur.nlp.data import SEED, tripadvisor_split
from rumeur.nlp.metrics import fit_temperature, macro_f1
from rumeur.nlp.train import environment, fit_ngram

COLUMNS = {"price": "price", "service": "service", "quality": "food"}
C_GRID = (1.0, 3.0, 10.0)


def _cv(texts: list[str], y: np.ndarray, c: float) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(y), 4))
    for a, b in StratifiedKFold(3, shuffle=True, random_state=SEED).split(texts, y):
        model = fit_ngram([texts[i] for i in a], y[a], None, c, ASPECT_LABELS)
        out[b] = model.logits([texts[i] for i in b])
    return out


def train_aspects(data: Path, out: Path, log=print) -> None:
    t0 = time.time()
    train, hold = tripadvisor_split(data)
    texts = [r["review"] for r in train]
    meta: dict = {"model": "aspects", "cv": {}, "holdout": {}}
    for aspect, column in COLUMNS.items():
        y = np.array([ASPECT_LABELS.index(r[column]) for r in train])
        cvs = {c: _cv(texts, y, c) for c in C_GRID}
        scores = {c: macro_f1(y, lg.argmax(1), range(4)) for c, lg in cvs.items()}
        best = max(C_GRID, key=scores.__getitem__)
        meta["cv"][aspect] = {str(c): s for c, s in scores.items()}
        model = fit_ngram(texts, y, None, best, ASPECT_LABELS)
        model.temperature = fit_temperature(cvs[best], y)
        model.save(out / f"aspects-{aspect}.npz")
        log(f"aspects {aspect}: C={best} cv macro-F1 {scores[best]:.3f}")
    np.savez(out / "aspects-ngram.npz", aspects=np.array(list(COLUMNS)))
    from rumeur.nlp.sentiment import FastSentiment

    fast = FastSentiment(out / "sentiment-fast.npz")
    shipped = AspectModel(fast, out / "aspects-ngram.npz")
    rules_only = AspectModel(fast, out / "missing.npz")
    gold = [{a: r[c] for a, c in COLUMNS.items()} for r in hold]
    htexts = [r["review"] for r in hold]
    trained_only: list[dict[str, str]] = [{} for _ in htexts]
    for aspect, model in shipped.trained.items():
        for row, p in zip(trained_only, model.predict_proba(htexts), strict=True):
            row[aspect] = model.classes[int(np.argmax(p))]
    for name, preds in (
        ("classifier", trained_only),
        ("rules", [p["aspects"] for p in rules_only.predict(htexts)]),
        ("shipped", [p["aspects"] for p in shipped.predict(htexts)]),
    ):
        meta["holdout"][name] = aspect_figures(gold, preds, list(COLUMNS))
        log(f"aspects hold-out {name}: {json.dumps(meta['holdout'][name])}")
    meta["holdout_file"] = f"tripadvisor_fr_train.csv, seeded 20% hold-out (n={len(hold)})"
    meta["train_seconds"] = round(time.time() - t0, 1)
    meta["environment"] = environment()
    (out / "aspects.metrics.json").write_text(json.dumps(meta, indent=2) + "\n")
