"""``python -m rumeur.nlp.train [--data DIR] [--out DIR] [--only fast,accurate,aspects]``:
retrain Rumeur's opinion models from ``shared/data`` (seeded, reproducible).

Steps (each prints its figures and writes ``<model>.metrics.json`` beside the model):

1. fast sentiment: TF-IDF n-grams (+ short-text copies of the word features, see
   :data:`rumeur.nlp.features.SHORT_TOKENS`) + logistic regression on the mix UMSAB train
   + Allociné train + TripAdvisor train (80%), weighted 0.6 / 0.2 / 0.2 by source; the
   temperature is fitted on 5-fold out-of-fold logits (which the accurate tier reuses).
2. accurate sentiment: e5-small embeddings (:mod:`rumeur.nlp.embed`, cached on disk
   under ``--cache``) + the fast tier's out-of-fold log-probabilities + the out-of-fold
   log-odds of a review-polarity n-gram model → logistic regression (sources weighted one
   third each; see :mod:`rumeur.nlp.train_accurate`).
3. aspects: n-gram classifiers for price, service and food (→ quality) on TripAdvisor
   train (80%), reported on the seeded 20% hold-out.
Hyper-parameters were chosen by cross-validation on the training files only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np

from rumeur.nlp.data import DEFAULT_DATA, LABELS, SEED, Split, sentiment_sets
from rumeur.nlp.fast import NgramModel
from rumeur.nlp.features import SHORT_TOKENS
from rumeur.nlp.metrics import binary_accuracy, ece, fit_temperature, macro_f1

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
FAST_C = 10.0
SHARES = (0.6, 0.2, 0.2)  # umsab, allocine, tripadvisor
#: weight of the neutral class in the fast tier's loss, and whether it gets the question
#: markers of :func:`rumeur.nlp.features.question_marks`: 1.3 and True were chosen by
#: cross-validation on the training files for a 1.2.0 candidate, which scored lower on
#: umsab_fr_val (0.620 vs 0.629) and fell under the 10-point margin over
#: vaderSentiment_fr there: not shipped (see the model card); the fast tier stays 1.1.0.
#: Caveat: re-fitting this 1.1.0 recipe here does not reproduce the shipped file bit for
#: bit (same vocabulary and out-of-fold logits, different final fit: 0.620 on
#: umsab_fr_val); rebuild the accurate tier alone with ``--only accurate``
NEUTRAL_WEIGHT = 1.0
FAST_QUESTIONS = False
FAST_CLASS_WEIGHT = None if NEUTRAL_WEIGHT == 1.0 else {0: 1.0, 1: NEUTRAL_WEIGHT, 2: 1.0}
FAST_SHORT = SHORT_TOKENS  # short-text feature copies (see rumeur.nlp.features)
FOLDS = 5


def fit_ngram(
    texts: Sequence[str],
    y: np.ndarray,
    weights: np.ndarray | None,
    c: float,
    classes: Sequence[str] = LABELS,
    short: int = 0,
    class_weight: dict[int, float] | None = None,
    questions: bool = False,
) -> NgramModel:
    """Fit TF-IDF + multinomial logistic regression; export it as an :class:`NgramModel`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from rumeur.nlp.features import analyze

    vec = TfidfVectorizer(
        analyzer=partial(analyze, short=short, questions=questions),
        min_df=2,
        sublinear_tf=True,
        dtype=np.float32,
    )
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
    clf.fit(x, y, sample_weight=weights)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return NgramModel(vocab, vec.idf_, clf.coef_.T, clf.intercept_, 1.0, classes, short)


def source_weights(parts: Sequence[Split], shares: Sequence[float]) -> np.ndarray:
    total = sum(len(p) for p in parts)
    return np.concatenate(
        [np.full(len(p), s * total / len(p)) for p, s in zip(parts, shares, strict=True)]
    )


def oof_logits(
    texts: list[str], y: np.ndarray, w: np.ndarray, strata: np.ndarray, c: float
) -> np.ndarray:
    """Out-of-fold logits of the n-gram model (5 seeded folds, stratified by source × label)."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(texts), 3), dtype=np.float64)
    for a, b in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(texts, strata):
        model = fit_ngram(
            [texts[i] for i in a],
            y[a],
            w[a],
            c,
            short=FAST_SHORT,
            class_weight=FAST_CLASS_WEIGHT,
            questions=FAST_QUESTIONS,
        )
        out[b] = model.logits([texts[i] for i in b])
    return out


def evaluate_sentiment(predict, sets: dict[str, Split]) -> dict[str, dict[str, float]]:
    """Figures on the validation files (umsab val, allocine dev, tripadvisor hold-out)."""
    res: dict[str, dict[str, float]] = {}
    for name in ("umsab_fr_val", "allocine_tv_dev", "tripadvisor_holdout"):
        s = sets[name]
        p = predict(s.texts)
        if name.startswith("allocine"):
            res[name] = {"accuracy_binary": binary_accuracy(s.y, p), "n": len(s)}
        else:
            res[name] = {
                "macro_f1": macro_f1(s.y, p.argmax(1)),
                "accuracy": float(np.mean(p.argmax(1) == s.y)),
                "ece": ece(s.y, p),
                "n": len(s),
            }
    return res


def train_parts(sets: dict[str, Split]) -> tuple[list[Split], list[str], np.ndarray]:
    parts = [sets["umsab_fr_train"], sets["allocine_tv_train"], sets["tripadvisor_train"]]
    texts = [t for p in parts for t in p.texts]
    return parts, texts, np.concatenate([p.y for p in parts])


def train_fast(sets: dict[str, Split], out: Path, work: Path, log=print) -> NgramModel:
    parts, texts, y = train_parts(sets)
    w = source_weights(parts, SHARES)
    strata = np.concatenate([np.full(len(p), i) for i, p in enumerate(parts)]) * 3 + y
    t0 = time.time()
    oof = oof_logits(texts, y, w, strata, FAST_C)
    np.save(work / "fast_oof_logits.npy", oof)
    temperature = fit_temperature(oof, y)
    model = fit_ngram(
        texts,
        y,
        w,
        FAST_C,
        short=FAST_SHORT,
        class_weight=FAST_CLASS_WEIGHT,
        questions=FAST_QUESTIONS,
    )
    model.temperature = temperature
    model.save(out / "sentiment-fast.npz")
    model = NgramModel.load(out / "sentiment-fast.npz")  # measure the float16 file
    figures = evaluate_sentiment(model.predict_proba, sets)
    meta = {
        "model": "sentiment-fast",
        "C": FAST_C,
        "shares": SHARES,
        "neutral_weight": NEUTRAL_WEIGHT,
        "question_marks": FAST_QUESTIONS,
        "short_tokens": FAST_SHORT,
        "temperature": temperature,
        "features": len(model.index),
        "train_seconds": round(time.time() - t0, 1),
        "train_files": [
            "umsab_fr_train.csv",
            "allocine_tv_train.csv",
            "tripadvisor_fr_train.csv (seeded 80%)",
        ],
        "validation": figures,
    }
    (out / "sentiment-fast.metrics.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(f"fast: {json.dumps(figures)}")
    return model


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="rumeur nlp train",
        description="Retrain Rumeur's opinion models from shared/data (seeded, reproducible).",
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared/data folder")
    ap.add_argument("--out", type=Path, default=MODELS_DIR, help="where to write the models")
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path("/tmp/rumeur-nlp"),
        help="work folder: embedding cache, out-of-fold predictions",
    )
    ap.add_argument("--only", default="fast,accurate,aspects", help="comma-separated steps")
    args = ap.parse_args(argv)
    steps = set(args.only.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    args.cache.mkdir(parents=True, exist_ok=True)
    sets = sentiment_sets(args.data)
    if "fast" in steps:
        train_fast(sets, args.out, args.cache)
    if "accurate" in steps:
        from rumeur.nlp.train_accurate import train_accurate

        train_accurate(sets, args.out, args.cache)
    if "aspects" in steps:
        from rumeur.nlp.train_aspects import train_aspects

        train_aspects(args.data, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
