"""A fine-tuned e5-small teacher for the fast tier's distillation (training only).

The fast tier learns from ``a·gold + (1 − a)·teacher`` (:data:`rumeur.nlp.train.FAST_DISTIL`).
Until sentiment-fast 1.5.0 the teacher was a logistic regression on the frozen e5-small
embeddings (:func:`rumeur.nlp.train.teacher_probs`); this one reads e5-small with its top
layers fine-tuned (:mod:`rumeur.nlp.finetune`, the short head's encoder of 1.9.0), which
reads the tweets better by cross-validation.

Every target must be out of fold twice over: a row's teacher probability may not have
seen its own label, and in the fast tier's cross-validation it may not have seen the
held-out fold's labels either. With the teacher's rows split by the fast tier's own outer
folds, one fine-tuning per pair of folds ``{i, j}`` (trained on the other three) serves
both: it gives fold ``i``'s targets when fold ``j`` is held out, and the reverse. Ten
fine-tunings make the cross-validation honest; five more (each trained on four folds)
give every row's target for the shipped model. Each fine-tuning's embeddings of every
teacher row are cached under the training command's ``--cache``, keyed by the rows, the
labels, the folds and the fine-tuning's settings. The teacher's head (a logistic
regression on the standardised embeddings) and the fine-tuning's L2 penalty on its own
linear head use the frozen teacher's C (:data:`rumeur.nlp.train.TEACHER_C`); no column is stacked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from rumeur.nlp.metrics import fit_temperature, softmax


class FineTunedTeacher:
    """Out-of-fold probabilities of the fine-tuned teacher on its rows.

    ``texts``, ``y``, ``w``, ``folds``, ``frozen``: the teacher's rows (their e5 inputs,
    labels, weights, outer fold ids 0..k-1, frozen e5-small embeddings, which standardise
    the fine-tuning's head)."""

    def __init__(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        w: np.ndarray,
        folds: np.ndarray,
        frozen: np.ndarray,
        work: Path,
        log: Callable[[str], None] = print,
    ) -> None:
        from rumeur.nlp import finetune
        from rumeur.nlp.train import TEACHER_C

        self.texts, self.y, self.w, self.folds, self.frozen = list(texts), y, w, folds, frozen
        self.work, self.log, self.c = work, log, TEACHER_C
        self.k = int(folds.max()) + 1
        self._tuner: finetune.FineTuner | None = None
        key = hashlib.sha256()
        for part in (
            "\n".join(self.texts).encode(),
            y.astype(np.int64).tobytes(),
            np.asarray(w, np.float64).tobytes(),
            folds.astype(np.int64).tobytes(),
            repr(
                (finetune.TOP_LAYERS, finetune.EPOCHS, finetune.BATCH, finetune.LR_ENCODER,
                 finetune.LR_HEAD, finetune.SEED, TEACHER_C)
                + ((finetune.SOUP,) if finetune.SOUP else ())  # older caches keep their key
            ).encode(),
        ):  # fmt: skip
            key.update(part)
        self.tag = key.hexdigest()[:12]

    def embeddings(self, excluded: tuple[int, ...]) -> np.ndarray:
        """Every teacher row embedded by the top layers fine-tuned on the rows outside the
        ``excluded`` folds (cached)."""
        path = self.work / f"teacher-ft-{self.tag}-{''.join(map(str, sorted(excluded)))}.npy"
        if path.exists():
            return np.load(path)
        if self._tuner is None:
            from rumeur.nlp.finetune import FineTuner

            self._tuner = FineTuner(self.texts, self.log)
        rows = np.flatnonzero(~np.isin(self.folds, excluded))
        none = np.zeros((len(self.y), 0), np.float32)  # no stacked columns
        top = self._tuner.fit(rows, none, self.y, self.w, self.c, self.frozen)
        emb = self._tuner.embed(top)
        np.save(path, emb)
        return emb

    def probs(self, outer: int | None = None) -> np.ndarray:
        """Temperature-scaled probabilities on every teacher row not in fold ``outer``
        (``None``: every row), each from a teacher that saw neither its row's fold nor
        ``outer``; the rows of ``outer`` are left at zero."""
        from rumeur.nlp.train_accurate import _fit, standardise

        logits = np.zeros((len(self.y), 3))
        for i in range(self.k):
            if i == outer:
                continue
            excluded = (i,) if outer is None else (i, outer)
            emb = self.embeddings(excluded)
            train = np.flatnonzero(~np.isin(self.folds, excluded))
            test = np.flatnonzero(self.folds == i)
            xs, _, _ = standardise(emb, train, stacked=0)
            head = _fit(xs[train], self.y[train], self.w[train], self.c)
            logits[test] = head.decision_function(xs[test])
            self.log(f"fine-tuned teacher: fold {i + 1}/{self.k} (outer {outer})")
        seen = self.folds != outer
        out = np.zeros_like(logits)
        out[seen] = softmax(logits[seen] / fit_temperature(logits[seen], self.y[seen]))
        return out


def for_fast_tier(
    texts: Sequence[str],
    y: np.ndarray,
    w: np.ndarray,
    src: np.ndarray,
    strata: np.ndarray,
    work: Path,
    log: Callable[[str], None] = print,
) -> FineTunedTeacher:
    """The teacher of the fast tier's training rows (``texts`` … ``strata``, every source):
    it reads the rows of :data:`rumeur.nlp.train.TEACHER_SOURCES`, weighted each source an
    equal share, split by the fast tier's outer folds (:func:`rumeur.nlp.train.outer_folds`)."""
    from rumeur.nlp.embed import Encoder, encode_cached
    from rumeur.nlp.text import e5_input
    from rumeur.nlp.train import TEACHER_SOURCES, outer_folds, source_weights_like

    t = np.flatnonzero(np.isin(src, TEACHER_SOURCES))
    rows = [texts[int(i)] for i in t]
    frozen = encode_cached(Encoder(num_threads=2), rows, work / "e5cache.npz", log=log)
    return FineTunedTeacher(
        [e5_input(x) or "." for x in rows], y[t], source_weights_like(w[t], src[t]),
        outer_folds(strata)[t], frozen, work, log,
    )  # fmt: skip
