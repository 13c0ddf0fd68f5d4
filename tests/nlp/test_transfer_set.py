"""The fast tier's transfer set (rumeur.nlp.train; tried and not shipped, off by default:
FAST_COPIES = 0): perturbed copies of the posts, fitted on the frozen teacher's
probabilities. The copies must be deterministic, made only of their post's words, read
by the teacher's fold model that did not see their post, and, in cross-validation, only
those of each fold's training rows may be fitted."""

from __future__ import annotations

import numpy as np
import pytest

from rumeur.nlp import train as T

pytest.importorskip("sklearn")


@pytest.fixture(autouse=True)
def copying(monkeypatch):
    """The transfer set turned on, as the benchmark's candidates do."""
    monkeypatch.setattr(T, "FAST_COPIES", 0.5)


TEXT = "le service client de Zéphyrine ne répond jamais aux messages depuis trois semaines"


def test_copies_are_seeded_and_made_of_the_posts_words_in_order():
    first = T.perturbed(TEXT, np.random.default_rng(1))
    assert first == T.perturbed(TEXT, np.random.default_rng(1))
    assert first != T.perturbed(TEXT, np.random.default_rng(2))
    words = TEXT.split()
    assert len(first) == T.COPY_N == 4
    for copy in first:
        kept = copy.split()
        assert 2 <= len(kept) < len(words)
        it = iter(words)  # a subsequence: every kept word, in the post's order
        assert all(w in it for w in kept)
    for crop in first[2:]:  # the crops are contiguous runs of 60-85 % of the words
        kept = crop.split()
        start = words.index(kept[0])
        assert words[start : start + len(kept)] == kept
        assert 0.6 * len(words) - 1 <= len(kept) <= 0.85 * len(words) + 1


def test_a_post_of_two_words_is_copied_as_it_is():
    assert T.perturbed("vraiment nul", np.random.default_rng(0)) == ["vraiment nul"] * 4


def test_copy_texts_copies_only_the_copied_sources_in_row_order(monkeypatch):
    monkeypatch.setattr(T, "COPY_SOURCES", (0, 3))
    texts = [f"message numéro {i} pour la marque Bertolle" for i in range(8)]
    src = np.array([0, 1, 3, 2, 0, 1, 1, 3])
    copies, owner = T.copy_texts(texts, src)
    assert owner.tolist() == [r for r in (0, 2, 4, 7) for _ in range(4)]
    for c, o in zip(copies, owner, strict=True):
        assert set(c.split()) <= set(texts[o].split())
    assert T.copy_texts(texts, src)[0] == copies  # seeded


def test_transfer_set_of_keeps_the_copies_of_the_given_rows_renumbered():
    texts = [f"c{j}" for j in range(8)]
    owner = np.array([0, 0, 2, 2, 5, 5, 7, 7])
    ts = T.TransferSet(texts, owner, np.arange(8.0)[:, None])
    sub = ts.of(np.array([2, 3, 7]))
    assert sub.texts == ["c2", "c3", "c6", "c7"]
    assert sub.owner.tolist() == [0, 0, 2, 2]  # positions in the given rows
    assert sub.emb.ravel().tolist() == [2.0, 3.0, 6.0, 7.0]
    assert ts.of(np.array([1, 4])).texts == []


def test_a_copy_is_read_by_the_fold_model_that_did_not_see_its_post():
    """A copy with its post's own embedding gets exactly its post's out-of-fold
    probabilities; a copy read by a model that saw its post would not."""
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 150)
    emb = rng.normal(size=(150, 6))
    emb[:, :3] += 0.8 * np.eye(3)[y]
    w = np.ones(150)
    owner = np.repeat(np.arange(150), 2)
    probs, cprobs = T.teacher_fit(emb, y, w, y, emb[owner], owner)
    assert np.allclose(cprobs, probs[owner])
    assert np.array_equal(probs, T.teacher_probs(emb, y, w, y))
    assert T.teacher_fit(emb, y, w, y)[1].shape == (0, 3)


def corpus():
    words = {0: "nul horrible", 1: "bof moyen", 2: "super génial"}
    y = np.repeat([0, 1, 2], 20)
    texts = [f"{words[int(c)]} message {i} chez Bertolle" for i, c in enumerate(y)]
    emb = np.eye(3)[y] + np.random.default_rng(0).normal(0, 0.3, (60, 3))
    return texts, y, emb


def test_the_copies_move_the_student_but_not_its_vocabulary(monkeypatch):
    monkeypatch.setattr(T, "FAST_DISTIL", (0.7, 1.0, 1.0, 1.0))
    texts, y, emb = corpus()
    src, w = np.zeros(60, dtype=int), np.ones(60)
    copies = T.TransferSet(
        [f"{t} motinconnu motinconnu" for t in texts for _ in range(2)],
        np.repeat(np.arange(60), 2),
        np.repeat(emb, 2, axis=0),
    )
    plain = T.fit_fast(texts, y, w, y, src, emb)
    fitted = T.fit_fast(texts, y, w, y, src, emb, copies=copies)
    assert fitted.index == plain.index  # the copies' words are not in the vocabulary
    assert not any("motinconnu" in t for t in fitted.index)
    assert not np.allclose(fitted.coef, plain.coef)
    monkeypatch.setattr(T, "COPY_ALPHA", 1.0)  # the copies keep their post's label
    assert not np.allclose(T.fit_fast(texts, y, w, y, src, emb, copies=copies).coef, fitted.coef)
    monkeypatch.setattr(T, "FAST_COPIES", 0.0)  # off (the shipped setting): not fitted
    assert np.array_equal(T.fit_fast(texts, y, w, y, src, emb, copies=copies).coef, plain.coef)


def test_the_copies_need_the_frozen_teacher_and_rows_it_reads(monkeypatch, tmp_path):
    monkeypatch.setattr(T, "FAST_DISTIL", (0.7, 1.0, 1.0, 1.0))
    texts, y, emb = corpus()
    w = np.ones(60)
    copies = T.TransferSet(texts[:2], np.array([0, 1]), emb[:2])
    with pytest.raises(ValueError, match="needs the frozen teacher"):
        T.fit_fast(texts, y, w, y, np.zeros(60, int), emb, teacher=np.eye(3)[y], copies=copies)
    src = np.ones(60, dtype=int)  # Allociné rows: the teacher does not read them
    src[2:] = 0
    with pytest.raises(ValueError, match="does not read"):
        T.fit_fast(texts, y, w, y, src, emb, copies=copies)
    monkeypatch.setattr(T, "FAST_TEACHER", "fine-tuned")
    with pytest.raises(ValueError, match="needs the frozen teacher"):
        T.fast_inputs(texts, y, w, np.zeros(60, int), y, tmp_path)
    monkeypatch.setattr(T, "FAST_TEACHER", "frozen")
    monkeypatch.setattr(T, "COPY_SOURCES", (0, 1))
    with pytest.raises(ValueError, match="not all TEACHER_SOURCES"):
        T.fast_inputs(texts, y, w, np.zeros(60, int), y, tmp_path)


def test_each_fold_fits_the_copies_of_its_training_rows_only(monkeypatch):
    texts = [f"message {i} sur Bertolle" for i in range(100)]
    y = np.arange(100) % 3
    src = np.zeros(100, dtype=int)
    owner = np.repeat(np.arange(100), 2)
    copies = T.TransferSet([f"copie {j}" for j in range(200)], owner, np.zeros((200, 4)))
    seen: list[tuple[set[int], set[int]]] = []

    class Model:
        def logits(self, batch):
            return np.zeros((len(batch), 3))

    def record(fold_texts, y, w, strata, src, emb, questions, teacher, copies):
        rows = [int(t.split()[1]) for t in fold_texts]  # the fold's training rows
        made_from = [int(t.split()[1]) // 2 for t in copies.texts]  # each copy's row
        assert copies.owner.tolist() == [rows.index(r) for r in made_from]
        seen.append((set(rows), set(made_from)))
        return Model()

    monkeypatch.setattr(T, "fit_fast", record)
    T.oof_logits(texts, y, np.ones(100), src * 3 + y, src, np.zeros((100, 4)), copies=copies)
    assert len(seen) == T.FOLDS
    for mine, theirs in seen:
        assert theirs == mine  # every training row's copies, and no held-out row's
