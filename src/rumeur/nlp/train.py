"""``python -m rumeur.nlp.train [--data DIR] [--out DIR] [--only fast,accurate,aspects,crisis]``:
retrain Rumeur's opinion models from ``shared/data`` (seeded, reproducible).

Steps (each prints its figures and writes ``<model>.metrics.json`` beside the model):

1. fast sentiment: TF-IDF n-grams (+ short-text copies of the word features, see
   :data:`rumeur.nlp.features.SHORT_TOKENS`) + logistic regression on the mix UMSAB train
   + Allociné train + TripAdvisor train (80%), weighted 0.6 / 0.2 / 0.2 by source, fitted
   on targets distilled from an e5-small teacher (:data:`FAST_DISTIL`; embeddings cached
   under ``--cache``); the temperature is fitted on 5-fold out-of-fold logits.
2. accurate sentiment: e5-small embeddings (:mod:`rumeur.nlp.embed`, cached on disk
   under ``--cache``) + the fast tier's out-of-fold log-probabilities + the out-of-fold
   log-odds of a review-polarity n-gram model → logistic regression (sources weighted one
   third each; see :mod:`rumeur.nlp.train_accurate`).
3. aspects: n-gram classifiers for price, service and food (→ quality) on TripAdvisor
   train (80%), reported on the seeded 20% hold-out.
4. crisis: the crisis-aware decision rule of both sentiment tiers (its prior shift toward
   negative), chosen by replaying the default cascade out of fold on the training posts
   (:mod:`rumeur.nlp.train_crisis`; needs the ``fast``, ``accurate-long`` and
   ``accurate-short`` steps' work files in ``--cache``; long texts get their own shift).
Hyper-parameters were chosen by cross-validation on the training files only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rumeur.nlp.data import DEFAULT_DATA, LABELS, SEED, Split, sentiment_sets
from rumeur.nlp.fast import NgramModel
from rumeur.nlp.features import SHORT_TOKENS
from rumeur.nlp.metrics import binary_accuracy, ece, fit_temperature, macro_f1, softmax

if TYPE_CHECKING:
    from rumeur.nlp.teacher import FineTunedTeacher

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
FAST_C = 10.0
#: the training sources, in the order of :func:`train_parts`: three public files and the
#: brand talk written for Rumeur (``rumeur/nlp/sets/brand_train_fr.jsonl``, 1.3.0)
SOURCES = ("umsab", "allocine", "tripadvisor", "brand")
#: by source; 1.3.0 chosen by 5-fold CV on the training files (see sentiment-fast.md)
SHARES = (0.35, 0.15, 0.15, 0.35)
#: weight of the neutral class in the fast tier's loss, and whether it gets the question
#: markers of :func:`rumeur.nlp.features.question_marks`: 1.3 and True were chosen by
#: cross-validation on the training files for a 1.2.0 candidate, which scored lower on
#: umsab_fr_val (0.620 vs 0.629) and fell under the 10-point margin over
#: vaderSentiment_fr there: not shipped (see the model card).
NEUTRAL_WEIGHT = 1.0
FAST_QUESTIONS = False
FAST_CLASS_WEIGHT = None if NEUTRAL_WEIGHT == 1.0 else {0: 1.0, 1: NEUTRAL_WEIGHT, 2: 1.0}
FAST_SHORT = SHORT_TOKENS  # short-text feature copies (see rumeur.nlp.features)
FOLDS = 5
#: distillation (1.2.0): the fast tier learns from ``a·gold + (1 − a)·teacher`` per
#: source (UMSAB, Allociné, TripAdvisor), the teacher a logistic regression on the
#: e5-small embeddings (C = TEACHER_C), out-of-fold on the rows the student is fitted on;
#: TripAdvisor keeps its gold labels (the teacher is weaker than the student there).
#: Chosen by 5-fold CV on the training files: UMSAB 0.622 -> 0.641 and 0.611 -> 0.623 on
#: two fold seeds, Allociné and TripAdvisor unchanged (sentiment-fast.md).
#: 1.3.0 is trained on gold labels only (a = 1 everywhere): the brand talk is a new
#: source and the distilled recipe could not be cross-validated again with it on this
#: session's CPU budget (see sentiment-fast.md); the machinery stays (a < 1 turns it on;
#: the teacher then reads only the short-post sources, :data:`TEACHER_SOURCES`).
#: 1.5.0 (2026-12-07): distilled again, UMSAB only (a = 0.7; the teacher is fitted on the
#: UMSAB and brand rows, the brand rows keep their gold labels). Chosen by 5-fold CV on
#: the training files with a criterion written first (the largest mean of the four
#: per-source figures, at least 0.003 over gold, brand negative recall at most 0.01
#: under): mean 0.7310 (gold) -> 0.7369; (0.7, 1, 1, 0.7) read 0.7367 (sentiment-fast.md).
FAST_DISTIL = (0.7, 1.0, 1.0, 1.0)
TEACHER_SOURCES = (0, 3)
TEACHER_C = 0.003
#: the teacher: ``"frozen"``, a logistic regression on the frozen e5-small embeddings
#: (:func:`teacher_probs`, 1.2.0–1.5.0), or ``"fine-tuned"``, e5-small with its top layers
#: fine-tuned (:mod:`rumeur.nlp.teacher`; needs PyTorch, 15 fine-tunings)
FAST_TEACHER = "frozen"
#: a transfer set (tried 2026-12-07, fifth session; off): each row of :data:`COPY_SOURCES`
#: gets :data:`COPY_N` perturbed copies (:func:`perturbed`), fitted on ``COPY_ALPHA`` ×
#: its post's gold label + the rest the frozen teacher's probabilities (from the
#: inner-fold model that did not see its post), each copy weighing ``FAST_COPIES /
#: COPY_N`` of its post; 0 turns it off. In 5-fold CV the teacher's reading of fragments
#: (``COPY_ALPHA = 0``, weight 0.5, UMSAB and brand rows) raised the criterion's mean
#: 0.7369 -> 0.7465 (UMSAB 0.606 -> 0.624), but the model read short complaints and
#: praise as neutral (challenge set 0.843 -> 0.767, emotions mean F1 0.850 -> 0.800);
#: copies that keep their post's label (0.7, 0.5), or its markers (emoji, capitals,
#: negators; benchmarks/tweet_candidates.py), failed the same behaviour gates.
#: Not shipped (docs/models.md, "Tried and not shipped: a transfer set").
FAST_COPIES = 0.0
#: the copies :func:`perturbed` makes of a post (two with dropped words, two crops)
COPY_N = 4
COPY_SOURCES: tuple[int, ...] = (0, 3)
COPY_ALPHA = 0.0


def perturbed(text: str, rng: np.random.Generator) -> list[str]:
    """:data:`COPY_N` (4) perturbed copies of ``text``: two with each word dropped with
    p = 0.25 (at least two words kept), two contiguous crops of 60-85 % of its words. A
    text of fewer than three words is copied as it is."""
    words = text.split()
    if len(words) < 3:
        return [text] * COPY_N
    out = []
    for _ in range(2):
        keep = rng.random(len(words)) >= 0.25
        if keep.sum() < 2:
            keep[rng.choice(len(words), 2, replace=False)] = True
        out.append(" ".join(w for w, k in zip(words, keep, strict=True) if k))
    for _ in range(2):
        n = max(2, round(len(words) * rng.uniform(0.6, 0.85)))
        start = int(rng.integers(0, len(words) - n + 1))
        out.append(" ".join(words[start : start + n]))
    return out


def copy_texts(texts: Sequence[str], src: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The transfer set's texts (the copies of the rows of :data:`COPY_SOURCES`, in row
    order, seeded) and the row each was made from."""
    rng = np.random.default_rng(SEED)
    copies: list[str] = []
    owner: list[int] = []
    for i in np.flatnonzero(np.isin(src, COPY_SOURCES)).tolist():
        made = perturbed(texts[i], rng)
        copies += made
        owner += [i] * len(made)
    return copies, np.asarray(owner, np.int64)


@dataclass(frozen=True)
class TransferSet:
    """Perturbed copies of training rows: ``texts[j]`` was made from row ``owner[j]``;
    ``emb``, their e5-small embeddings (what the frozen teacher reads)."""

    texts: list[str]
    owner: np.ndarray
    emb: np.ndarray

    def of(self, rows: np.ndarray) -> TransferSet:
        """The copies of ``rows``, their owners renumbered as positions in ``rows``."""
        pos = np.full(int(max(self.owner.max(initial=-1), rows.max(initial=-1))) + 1, -1)
        pos[rows] = np.arange(len(rows))
        keep = np.flatnonzero(pos[self.owner] >= 0)
        return TransferSet([self.texts[j] for j in keep], pos[self.owner[keep]], self.emb[keep])


def fit_ngram(
    texts: Sequence[str],
    y: np.ndarray,
    weights: np.ndarray | None,
    c: float,
    classes: Sequence[str] = LABELS,
    short: int = 0,
    class_weight: dict[int, float] | None = None,
    questions: bool = False,
    rows: np.ndarray | None = None,
    more: Sequence[str] = (),
) -> NgramModel:
    """Fit TF-IDF + multinomial logistic regression; export it as an :class:`NgramModel`.

    ``rows``: the classifier is fitted on these rows of ``texts`` (repeats allowed: ``y``
    and ``weights`` are then per row), the vocabulary and idf on ``texts`` themselves.
    ``more``: texts that follow ``texts`` as rows (``rows`` indexes both) but are not read
    for the vocabulary and idf (a transfer set's copies)."""
    from scipy import sparse
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
    if len(more):
        x = sparse.vstack([x, vec.transform(more)]).tocsr()
    if rows is not None:
        x = x[rows]
    clf = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
    clf.fit(x, y, sample_weight=weights)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return NgramModel(vocab, vec.idf_, clf.coef_.T, clf.intercept_, 1.0, classes, short)


def source_weights(parts: Sequence[Split], shares: Sequence[float]) -> np.ndarray:
    total = sum(len(p) for p in parts)
    return np.concatenate(
        [np.full(len(p), s * total / len(p)) for p, s in zip(parts, shares, strict=True)]
    )


def teacher_probs(emb: np.ndarray, y: np.ndarray, w: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Out-of-fold, temperature-scaled probabilities of the e5-small teacher on these rows
    (5 folds seeded SEED + 1, so they differ from the outer folds)."""
    return teacher_fit(emb, y, w, strata)[0]


def teacher_fit(
    emb: np.ndarray, y: np.ndarray, w: np.ndarray, strata: np.ndarray,
    copies: np.ndarray | None = None, owner: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """:func:`teacher_probs`, and the teacher's probabilities on ``copies`` (embeddings of
    copies of the rows ``owner``): each copy read by the fold model that did not see its
    row, with the rows' temperature (empty without copies)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    mu, sd = emb.mean(0), emb.std(0) + 1e-6
    xs = (emb - mu) / sd
    cx = np.zeros((0, emb.shape[1])) if copies is None else (copies - mu) / sd
    fold = np.zeros(len(y), np.int64)
    for k, (_, b) in enumerate(
        StratifiedKFold(FOLDS, shuffle=True, random_state=SEED + 1).split(xs, strata)
    ):
        fold[b] = k
    cfold = fold[owner] if owner is not None else np.zeros(0, np.int64)
    out, cout = np.zeros((len(y), 3)), np.zeros((len(cx), 3))
    for k in range(FOLDS):
        a, b, cb = fold != k, fold == k, cfold == k
        clf = LogisticRegression(C=TEACHER_C, max_iter=3000)
        clf.fit(xs[a], y[a], sample_weight=w[a])
        out[b] = clf.decision_function(xs[b])
        if np.any(cb):
            cout[cb] = clf.decision_function(cx[cb])
    temperature = fit_temperature(out, y)
    return softmax(out / temperature), softmax(cout / temperature)


def fit_fast(
    texts: list[str],
    y: np.ndarray,
    w: np.ndarray,
    strata: np.ndarray,
    src: np.ndarray | None = None,
    emb: np.ndarray | None = None,
    questions: bool | None = None,
    teacher: np.ndarray | None = None,
    copies: TransferSet | None = None,
) -> NgramModel:
    """The fast tier's recipe on these rows: with ``src`` and ``emb`` (their sources and
    e5-small embeddings; only the rows of :data:`TEACHER_SOURCES` are read), each row is
    fitted as three weighted copies, one per class, weighted by its distilled target
    (:data:`FAST_DISTIL`); without, on its gold label (the n-gram models the accurate
    tier stacks). ``teacher``: the teacher's probabilities on these rows, out of fold
    (:class:`rumeur.nlp.teacher.FineTunedTeacher`; only the rows of
    :data:`TEACHER_SOURCES` are read); without, the frozen e5-small teacher
    (:func:`teacher_probs`) is fitted on ``emb``. ``copies``: a transfer set of these
    rows (owners as positions in them; only with the frozen teacher; read when
    :data:`FAST_COPIES` > 0), each copy weighing ``FAST_COPIES / COPY_N`` of its row.
    ``questions``: the question markers (default :data:`FAST_QUESTIONS`)."""
    q = FAST_QUESTIONS if questions is None else questions
    alpha = np.asarray(FAST_DISTIL)[src] if src is not None else np.ones(len(y))
    if src is None or (emb is None and teacher is None) or bool(np.all(alpha == 1.0)):
        return fit_ngram(
            texts, y, w, FAST_C, short=FAST_SHORT,
            class_weight=FAST_CLASS_WEIGHT, questions=q,
        )  # fmt: skip
    t = np.isin(src, TEACHER_SOURCES)
    more = copies is not None and FAST_COPIES > 0 and len(copies.texts) > 0
    if more and teacher is not None:
        raise ValueError("the transfer set (FAST_COPIES > 0) needs the frozen teacher")
    cprobs = np.zeros((0, 3))
    if teacher is None:
        assert emb is not None
        tw = source_weights_like(w[t], src[t])
        if more:
            assert copies is not None
            if not np.all(t[copies.owner]):
                raise ValueError("the transfer set copies rows the teacher does not read")
            at = np.cumsum(t) - 1  # a teacher row's position among the teacher's rows
            probs, cprobs = teacher_fit(emb[t], y[t], tw, strata[t], copies.emb, at[copies.owner])
        else:
            probs = teacher_probs(emb[t], y[t], tw, strata[t])
    else:
        probs = teacher[t]
    target = np.eye(3)[y]  # rows the teacher does not read keep their gold label
    target[t] = alpha[t, None] * target[t] + (1 - alpha[t, None]) * probs
    weight = (w[:, None] * target).ravel()
    extra: list[str] = []
    if more:
        assert copies is not None
        cweight = w[copies.owner] * FAST_COPIES / COPY_N
        ctarget = COPY_ALPHA * np.eye(3)[y[copies.owner]] + (1 - COPY_ALPHA) * cprobs
        weight = np.concatenate([weight, (cweight[:, None] * ctarget).ravel()])
        extra = copies.texts
    n = len(y) + len(extra)
    keep = weight > 1e-4
    return fit_ngram(
        texts, np.tile(np.arange(3), n)[keep], weight[keep], FAST_C,
        short=FAST_SHORT, class_weight=FAST_CLASS_WEIGHT, questions=q,
        rows=np.repeat(np.arange(n), 3)[keep], more=extra,
    )  # fmt: skip


def source_weights_like(w: np.ndarray, src: np.ndarray) -> np.ndarray:
    """The teacher's row weights: each source it reads an equal share."""
    counts = np.bincount(src, minlength=len(SOURCES)).astype(float)
    present = counts > 0
    return (len(src) / present.sum()) / counts[src]


def outer_folds(strata: np.ndarray) -> np.ndarray:
    """Each training row's fold in the fast tier's cross-validation (5 seeded folds,
    stratified by source × label): the folds of :func:`oof_logits`."""
    from sklearn.model_selection import StratifiedKFold

    folds = np.zeros(len(strata), np.int64)
    for k, (_, b) in enumerate(
        StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(strata, strata)
    ):
        folds[b] = k
    return folds


def oof_logits(
    texts: list[str],
    y: np.ndarray,
    w: np.ndarray,
    strata: np.ndarray,
    src: np.ndarray | None = None,
    emb: np.ndarray | None = None,
    questions: bool | None = None,
    teacher: FineTunedTeacher | None = None,
    copies: TransferSet | None = None,
) -> np.ndarray:
    """Out-of-fold logits of :func:`fit_fast` (5 seeded folds, stratified by source ×
    label, :func:`outer_folds`; distilled with ``src`` and ``emb``, the teacher then fitted
    inside each fold's training rows only; or with ``teacher``, the fine-tuned teacher on
    the rows of :data:`TEACHER_SOURCES`, whose folds are these, each fold's targets from
    fine-tunings that did not see the held-out fold). ``copies``: a transfer set of these
    rows; each fold fits on the copies of its training rows only."""
    folds = outer_folds(strata)
    out = np.zeros((len(texts), 3), dtype=np.float64)
    t = np.flatnonzero(np.isin(src, TEACHER_SOURCES)) if src is not None else None
    for k in range(FOLDS):
        a, b = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        probs = None
        if teacher is not None and t is not None:
            probs = np.zeros((len(texts), 3))
            probs[t] = teacher.probs(outer=k)
            probs = probs[a]
        model = fit_fast(
            [texts[i] for i in a], y[a], w[a], strata[a],
            None if src is None else src[a], None if emb is None else emb[a], questions,
            probs, None if copies is None else copies.of(a),
        )  # fmt: skip
        out[b] = model.logits([texts[i] for i in b])
    return out


def evaluate_sentiment(
    predict,
    sets: dict[str, Split],
    names: Sequence[str] = (
        "umsab_fr_val",
        "allocine_tv_dev",
        "tripadvisor_holdout",
        "brand_dev_fr",
    ),
) -> dict[str, dict[str, float]]:
    """Figures on the validation files (umsab val, allocine dev, tripadvisor hold-out) and
    the brand dev set (the crisis set is measured by benchmarks/sentiment.py only)."""
    res: dict[str, dict[str, float]] = {}
    for name in ("umsab_fr_val", "allocine_tv_dev", "tripadvisor_holdout", "brand_dev_fr"):
        if name not in names:
            continue
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


def train_parts(
    sets: dict[str, Split], brand: bool = True
) -> tuple[list[Split], list[str], np.ndarray]:
    """The training mix, in :data:`SOURCES` order: its parts, texts and labels (without
    ``brand``: the three public files only, the accurate tier's long-text head)."""
    parts = [sets["umsab_fr_train"], sets["allocine_tv_train"], sets["tripadvisor_train"]]
    if brand:
        parts.append(sets["brand_train_fr"])
    texts = [t for p in parts for t in p.texts]
    return parts, texts, np.concatenate([p.y for p in parts])


def source_ids(parts: Sequence[Split]) -> np.ndarray:
    """Each training row's source, as its index in :data:`SOURCES`."""
    return np.concatenate([np.full(len(p), i) for i, p in enumerate(parts)])


def cv_figures(logits: np.ndarray, y: np.ndarray, src: np.ndarray) -> dict[str, float]:
    """The per-source cross-validation figures the recipes are chosen by: UMSAB
    macro-F1, Allociné binary accuracy, TripAdvisor macro-F1, brand-talk macro-F1 and
    its negative recall (out-of-fold ``logits``)."""
    brand = src == 3
    out: dict[str, float] = {}
    if np.any(src == 0):
        out["umsab_cv_macro_f1"] = macro_f1(y[src == 0], logits[src == 0].argmax(1))
    if np.any(src == 1):
        out["allocine_cv_accuracy"] = binary_accuracy(y[src == 1], softmax(logits[src == 1]))
    if np.any(src == 2):
        out["tripadvisor_cv_macro_f1"] = macro_f1(y[src == 2], logits[src == 2].argmax(1))
    if np.any(brand):
        out["brand_cv_macro_f1"] = macro_f1(y[brand], logits[brand].argmax(1))
        out["brand_cv_negative_recall"] = float(np.mean(logits[brand & (y == 0)].argmax(1) == 0))
    return out


def fast_recipe() -> dict[str, object]:
    """What the fast tier's out-of-fold logits depend on besides the data (the cache of
    :func:`fast_oof` is read again only under the same recipe)."""
    return {
        "C": FAST_C, "shares": SHARES, "neutral_weight": NEUTRAL_WEIGHT,
        "question_marks": FAST_QUESTIONS, "short_tokens": FAST_SHORT,
        "alpha_by_source": FAST_DISTIL, "teacher": FAST_TEACHER, "copies": FAST_COPIES,
        "copy_n": COPY_N, "copy_sources": COPY_SOURCES, "copy_alpha": COPY_ALPHA,
    }  # fmt: skip


def fast_inputs(
    texts: list[str], y: np.ndarray, w: np.ndarray, src: np.ndarray, strata: np.ndarray,
    work: Path, log=print,
) -> tuple[np.ndarray | None, FineTunedTeacher | None, TransferSet | None]:  # fmt: skip
    """What the fast tier's teacher reads: the e5-small embeddings of the teacher's rows
    (the frozen teacher), or the fine-tuned teacher (:data:`FAST_TEACHER`); and the
    transfer set (:data:`FAST_COPIES`; its embeddings cached as ``e5copies.npz``);
    nothing without distillation."""
    if FAST_TEACHER not in ("frozen", "fine-tuned"):
        raise ValueError(f"FAST_TEACHER: {FAST_TEACHER!r} is neither 'frozen' nor 'fine-tuned'")
    if FAST_COPIES > 0 and not set(COPY_SOURCES) <= set(TEACHER_SOURCES):
        raise ValueError(f"COPY_SOURCES {COPY_SOURCES} are not all TEACHER_SOURCES")
    if all(a == 1.0 for a in FAST_DISTIL):  # gold labels only: no teacher
        return None, None, None
    if FAST_TEACHER == "fine-tuned":
        if FAST_COPIES > 0:
            raise ValueError("the transfer set (FAST_COPIES > 0) needs the frozen teacher")
        from rumeur.nlp.teacher import for_fast_tier

        return None, for_fast_tier(texts, y, w, src, strata, work, log), None
    from rumeur.nlp.embed import DIM, Encoder, encode_cached

    encoder = Encoder(num_threads=2)
    t = np.flatnonzero(np.isin(src, TEACHER_SOURCES))
    emb = np.zeros((len(texts), DIM), np.float32)  # only the teacher's rows are read
    emb[t] = encode_cached(encoder, [texts[i] for i in t], work / "e5cache.npz", log=log)
    if FAST_COPIES <= 0:
        return emb, None, None
    copies, owner = copy_texts(texts, src)
    log(f"fast: a transfer set, {len(copies)} copies of {len(set(owner.tolist()))} posts")
    cemb = encode_cached(encoder, copies, work / "e5copies.npz", log=log)
    return emb, None, TransferSet(copies, owner, cemb)


def fast_oof(sets: dict[str, Split], work: Path, log=print) -> np.ndarray:
    """The fast tier's out-of-fold logits on the training rows (:func:`oof_logits` with
    the fast tier's recipe), cached in ``work`` as ``fast_oof_logits.npy`` (beside it,
    ``fast_oof_recipe.json``: a cache made under another recipe is computed again)."""
    parts, texts, y = train_parts(sets)
    path, recipe = work / "fast_oof_logits.npy", work / "fast_oof_recipe.json"
    same = recipe.exists() and json.loads(recipe.read_text()) == json.loads(
        json.dumps(fast_recipe())
    )
    if same and path.exists() and np.load(path).shape[0] == len(y):
        return np.load(path)
    w = source_weights(parts, SHARES)
    src = source_ids(parts)
    strata = src * 3 + y
    emb, teacher, copies = fast_inputs(texts, y, w, src, strata, work, log)
    oof = oof_logits(texts, y, w, strata, src, emb, teacher=teacher, copies=copies)
    np.save(path, oof)
    recipe.write_text(json.dumps(fast_recipe()) + "\n")
    return oof


def train_fast(sets: dict[str, Split], out: Path, work: Path, log=print) -> NgramModel:
    parts, texts, y = train_parts(sets)
    w = source_weights(parts, SHARES)
    src = source_ids(parts)
    strata = src * 3 + y
    t0 = time.time()
    oof = fast_oof(sets, work, log)
    emb, teacher, copies = fast_inputs(texts, y, w, src, strata, work, log)
    probs = None
    if teacher is not None:  # every row's target from fine-tunings that did not see it
        probs = np.zeros((len(y), 3))
        probs[np.isin(src, TEACHER_SOURCES)] = teacher.probs()
    temperature = fit_temperature(oof, y)
    cv = cv_figures(oof, y, src)
    log(f"fast cv: {cv}")
    model = fit_fast(texts, y, w, strata, src, emb, teacher=probs, copies=copies)
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
        "distillation": {
            "alpha_by_source": FAST_DISTIL,
            "teacher_sources": [SOURCES[i] for i in TEACHER_SOURCES],
            "teacher": (
                "e5-small, top layers fine-tuned (rumeur.nlp.teacher) + LR"
                if FAST_TEACHER == "fine-tuned"
                else "e5-small + LR"
            ),
            "teacher_C": TEACHER_C,
        },
        "transfer_set": {
            "copies_weight": FAST_COPIES,
            "copies_per_post": COPY_N,
            "copied_sources": [SOURCES[i] for i in COPY_SOURCES],
            "copy_alpha": COPY_ALPHA,
            "copies": 0 if copies is None else len(copies.texts),
        },
        "temperature": temperature,
        "cv": cv,
        "features": len(model.index),
        "train_seconds": round(time.time() - t0, 1),
        "train_files": [
            "umsab_fr_train.csv",
            "allocine_tv_train.csv",
            "tripadvisor_fr_train.csv (seeded 80%)",
            "rumeur/nlp/sets/brand_train_fr.jsonl (written for Rumeur)",
        ],
        "validation": figures,
        "environment": environment(),
    }
    (out / "sentiment-fast.metrics.json").write_text(json.dumps(meta, indent=2) + "\n")
    log(f"fast: {json.dumps(figures)}")
    return model


def environment() -> dict[str, str]:
    """The versions a training run depends on, written into each metrics file: the
    solvers' numerical paths change between library releases, so a refit is byte for byte
    the same only under the same versions."""
    import platform
    from importlib.metadata import version

    found = {"python": platform.python_version()}
    for dist in ("numpy", "scipy", "scikit-learn"):
        found[dist] = version(dist)
    return found


#: the training steps of ``--only``, in the order they run
STEPS = ("fast", "accurate-long", "accurate-short", "accurate-reviews", "aspects", "crisis")


#: the model files a step reads from ``--out`` (the step that writes each): the accurate
#: heads stack the fast tier; the short-post head reads the polarity model that
#: ``accurate-long`` writes (the short-review head refits its own, out of fold)
NEEDS = {
    "accurate-long": {"sentiment-fast.npz": "fast"},
    "accurate-short": {
        "sentiment-fast.npz": "fast",
        "sentiment-accurate-polar.npz": "accurate-long",
    },
    "accurate-reviews": {"sentiment-fast.npz": "fast"},
}


def missing_models(steps: set[str], out: Path) -> list[str]:
    """The model files the chosen steps read from ``out`` that neither exist there nor
    come from a step run before them in the same command, each with its step."""
    lacking: dict[str, str] = {}
    for step in steps & NEEDS.keys():
        for name, maker in NEEDS[step].items():
            if maker not in steps and not (out / name).exists():
                lacking[name] = f"{name} ({maker})"
    return sorted(lacking.values())


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
    ap.add_argument(
        "--only",
        default="fast,accurate,aspects,crisis",
        help=f"comma-separated steps, in this order: {', '.join(STEPS)} "
        "(accurate = accurate-long, accurate-short, accurate-reviews)",
    )
    ap.add_argument(
        "--soup-seeds",
        default="",
        metavar="S[,S...]",
        help="accurate-short: further fine-tuning seeds, each fine-tuning's layers averaged "
        "with the shipped seed's (a candidate's recipe; the shipped one has none)",
    )
    args = ap.parse_args(argv)
    from rumeur.nlp import finetune

    try:
        soup = tuple(int(s) for s in args.soup_seeds.split(",")) if args.soup_seeds else ()
    except ValueError:
        ap.error(f"--soup-seeds {args.soup_seeds!r}: integers separated by commas")
    if finetune.SEED in soup or len(set(soup)) < len(soup):
        ap.error(
            f"--soup-seeds {args.soup_seeds}: each seed once, and not {finetune.SEED} "
            "(the shipped seed, in already)"
        )
    steps = set(args.only.split(","))
    unknown = sorted(steps - set(STEPS) - {"accurate"})
    if unknown:
        ap.error(f"unknown step(s) {', '.join(unknown)}; steps: {', '.join(STEPS)}")
    if "accurate" in steps:
        steps |= {"accurate-long", "accurate-short", "accurate-reviews"}
    if soup and "accurate-short" not in steps:
        ap.error("--soup-seeds changes the accurate-short step only; add it to --only")
    lacking = missing_models(steps, args.out)
    if lacking:
        ap.error(
            f"--out {args.out} lacks {', '.join(lacking)}; add those steps to --only, or "
            f"copy the shipped files from {MODELS_DIR} into --out first"
        )
    if "crisis" in steps:
        from rumeur.nlp.train_crisis import missing_work

        replays = missing_work(args.cache, steps)
        if replays:
            ap.error(
                f"--cache {args.cache} lacks {', '.join(replays)}, which the crisis step "
                "replays; add those steps to --only, or give the --cache of a run of them"
            )
    args.out.mkdir(parents=True, exist_ok=True)
    args.cache.mkdir(parents=True, exist_ok=True)
    sets = sentiment_sets(args.data)
    if "fast" in steps:
        train_fast(sets, args.out, args.cache)
    if "accurate-long" in steps:
        from rumeur.nlp.train_accurate import train_accurate

        train_accurate(sets, args.out, args.cache)
    if "accurate-short" in steps:
        from rumeur.nlp.train_accurate import train_accurate_short

        finetune.SOUP, shipped = soup, finetune.SOUP
        try:
            train_accurate_short(sets, args.out, args.cache)
        finally:
            finetune.SOUP = shipped
    if "accurate-reviews" in steps:
        from rumeur.nlp.train_accurate import train_accurate_reviews

        train_accurate_reviews(sets, args.out, args.cache)
    if "aspects" in steps:
        from rumeur.nlp.train_aspects import train_aspects

        train_aspects(args.data, args.out)
    if "crisis" in steps:
        from rumeur.nlp.train_crisis import train_crisis

        train_crisis(sets, args.out, args.cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
