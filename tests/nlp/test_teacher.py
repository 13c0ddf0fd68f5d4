"""The fast tier's fine-tuned teacher (rumeur.nlp.teacher) and its use by the training
(rumeur.nlp.train): every target is out of fold twice over. No fine-tuning runs here:
the fine-tunings are replaced by embeddings built to leak the labels they were trained
on, so a target that came from the wrong fine-tuning reads its own label."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rumeur.nlp import train as T
from rumeur.nlp.data import Split
from rumeur.nlp.teacher import FineTunedTeacher

N, K = 300, 5


class MemorisingTeacher(FineTunedTeacher):
    """A teacher whose "fine-tuning" on some folds embeds the rows of those folds with
    their label (what an over-fitted encoder does) and every other row with noise."""

    def __init__(self, y: np.ndarray, folds: np.ndarray, work: Path) -> None:
        texts = [f"texte {i}" for i in range(len(y))]
        frozen = np.zeros((len(y), 8), np.float32)
        super().__init__(texts, y, np.ones(len(y)), folds, frozen, work, log=lambda _: None)
        self.calls: list[tuple[int, ...]] = []

    def embeddings(self, excluded: tuple[int, ...]) -> np.ndarray:
        self.calls.append(tuple(sorted(excluded)))
        rng = np.random.default_rng(len(self.calls))
        emb = rng.normal(size=(len(self.y), 8))
        seen = ~np.isin(self.folds, excluded)
        emb[seen, :3] += 4 * np.eye(3)[self.y[seen]]
        return emb


@pytest.fixture
def labelled() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.integers(0, 3, N), rng.permutation(np.arange(N) % K)


def accuracy(probs: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(probs.argmax(1) == y))


def test_targets_come_from_fine_tunings_that_saw_neither_the_row_nor_the_held_out_fold(
    labelled, tmp_path
):
    y, folds = labelled
    teacher = MemorisingTeacher(y, folds, tmp_path)
    for outer in range(K):
        teacher.calls.clear()
        probs = teacher.probs(outer=outer)
        assert sorted(teacher.calls) == [tuple(sorted((i, outer))) for i in range(K) if i != outer]
        held = folds == outer
        assert np.all(probs[held] == 0)
        np.testing.assert_allclose(probs[~held].sum(1), 1.0)
        # had a fine-tuning seen these rows, they would read their own label (accuracy 1)
        assert accuracy(probs[~held], y[~held]) < 0.5
    teacher.calls.clear()
    probs = teacher.probs()
    assert sorted(teacher.calls) == [(i,) for i in range(K)]
    assert accuracy(probs, y) < 0.5
    np.testing.assert_allclose(probs.sum(1), 1.0)


def test_the_memorising_double_reads_labels_it_was_trained_on(labelled, tmp_path):
    """The check above can fail: a head scored on rows its fine-tuning saw reads them."""
    y, folds = labelled
    emb = MemorisingTeacher(y, folds, tmp_path).embeddings(())
    assert accuracy(emb[:, :3], y) > 0.95


def test_the_cache_key_follows_the_labels_and_the_folds(labelled, tmp_path):
    y, folds = labelled
    tag = MemorisingTeacher(y, folds, tmp_path).tag
    assert MemorisingTeacher(y.copy(), folds.copy(), tmp_path).tag == tag
    flipped = y.copy()
    flipped[0] = (flipped[0] + 1) % 3
    assert MemorisingTeacher(flipped, folds, tmp_path).tag != tag
    assert MemorisingTeacher(y, np.roll(folds, 1), tmp_path).tag != tag


def test_cached_fine_tunings_are_read_back_without_torch(labelled, tmp_path):
    y, folds = labelled
    teacher = FineTunedTeacher(
        [f"t{i}" for i in range(N)], y, np.ones(N), folds, np.zeros((N, 4)), tmp_path
    )
    stored = np.random.default_rng(1).normal(size=(N, 16)).astype(np.float32)
    np.save(tmp_path / f"teacher-ft-{teacher.tag}-03.npy", stored)
    assert np.array_equal(teacher.embeddings((3, 0)), stored)


def corpus(n_per: int = 40) -> tuple[list[str], np.ndarray, np.ndarray]:
    words = {0: "nul horrible arnaque", 1: "horaires adresse boutique", 2: "super merci génial"}
    rng = np.random.default_rng(3)
    texts, y, src = [], [], []
    for s in range(4):
        for i in range(n_per):
            label = int(rng.integers(0, 3))
            texts.append(f"{words[label]} source{s} numéro{i % 7}")
            y.append(label)
            src.append(s)
    return texts, np.asarray(y), np.asarray(src)


class Recorder:
    """A teacher for :func:`rumeur.nlp.train.oof_logits`: says every teacher row is
    positive and records which held-out folds it was asked for."""

    def __init__(self, n: int) -> None:
        self.n = n  # the teacher's rows
        self.outers: list[int | None] = []

    def probs(self, outer: int | None = None) -> np.ndarray:
        self.outers.append(outer)
        return np.tile([0.0, 0.0, 1.0], (self.n, 1))


def test_oof_logits_asks_the_teacher_for_each_held_out_fold_and_fits_its_targets(monkeypatch):
    texts, y, src = corpus()
    strata = src * 3 + y
    rec = Recorder(int(np.isin(src, T.TEACHER_SOURCES).sum()))
    monkeypatch.setattr(T, "FAST_DISTIL", (0.0, 1.0, 1.0, 0.0))  # the teacher alone
    logits = T.oof_logits(texts, y, np.ones(len(y)), strata, src, None, teacher=rec)  # type: ignore[arg-type]
    assert rec.outers == list(range(T.FOLDS))
    taught = np.isin(src, T.TEACHER_SOURCES)
    # the teacher said positive for every short post: the student says it for most rows
    assert np.mean(logits[taught].argmax(1) == 2) > 0.9
    gold = T.oof_logits(texts, y, np.ones(len(y)), strata)
    assert np.mean(gold[taught].argmax(1) == y[taught]) > 0.9


def test_given_targets_fit_as_the_frozen_teachers_own(monkeypatch):
    """fit_fast with the teacher's probabilities given fits the same model as fit_fast
    computing them from the embeddings (the frozen teacher, 1.2.0-1.5.0)."""
    texts, y, src = corpus()
    strata = src * 3 + y
    w = np.ones(len(y))
    emb = np.random.default_rng(5).normal(size=(len(y), 12)).astype(np.float32)
    emb[:, :3] += np.eye(3)[y]
    t = np.isin(src, T.TEACHER_SOURCES)
    probs = np.zeros((len(y), 3))
    probs[t] = T.teacher_probs(emb[t], y[t], T.source_weights_like(w[t], src[t]), strata[t])
    a = T.fit_fast(texts, y, w, strata, src, emb)
    b = T.fit_fast(texts, y, w, strata, src, None, teacher=probs)
    assert a.index == b.index
    np.testing.assert_array_equal(a.coef, b.coef)
    np.testing.assert_array_equal(a.bias, b.bias)


def test_fast_oof_is_computed_again_under_another_recipe(monkeypatch, tmp_path):
    texts, y, src = corpus(25)
    names = ("umsab_fr_train", "allocine_tv_train", "tripadvisor_train", "brand_train_fr")
    sets = {
        name: Split(name, [t for t, s in zip(texts, src, strict=True) if s == i], y[src == i])
        for i, name in enumerate(names)
    }
    calls = []

    def fake(*args, **kwargs):
        calls.append(T.FAST_DISTIL)
        return np.full((len(texts), 3), float(len(calls)))

    monkeypatch.setattr(T, "oof_logits", fake)
    monkeypatch.setattr(T, "FAST_DISTIL", (1.0, 1.0, 1.0, 1.0))  # no teacher to build
    first = T.fast_oof(sets, tmp_path)
    assert np.array_equal(T.fast_oof(sets, tmp_path), first) and len(calls) == 1
    assert json.loads((tmp_path / "fast_oof_recipe.json").read_text())["teacher"] == T.FAST_TEACHER
    monkeypatch.setattr(T, "FAST_C", T.FAST_C * 2)
    assert not np.array_equal(T.fast_oof(sets, tmp_path), first) and len(calls) == 2


def test_an_unknown_teacher_is_refused(monkeypatch, tmp_path):
    texts, y, src = corpus(5)
    monkeypatch.setattr(T, "FAST_TEACHER", "finetuned")
    with pytest.raises(ValueError, match="'finetuned' is neither"):
        T.fast_inputs(texts, y, np.ones(len(y)), src, src * 3 + y, tmp_path)
