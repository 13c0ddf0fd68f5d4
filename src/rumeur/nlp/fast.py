"""The fast sentiment tier: TF-IDF over marked words, word bigrams and character n-grams
(:mod:`rumeur.nlp.features`) with a multinomial logistic regression, temperature-scaled.

The model file is a plain ``.npz`` (vocabulary, idf, float16 weights, bias, temperature):
no pickle, and inference is numpy + scipy.sparse (no scikit-learn at run time). A batch
is tokenised in one pass (:func:`~rumeur.nlp.features.token_lists`); each token's and word
pair's vocabulary indices are cached as bytes, so a text's features come from one
dictionary lookup per token and per pair and a ``bytes.join``, and the batch's term counts
from one numpy sort (:func:`_tfidf_logits`).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import cast

import numpy as np
from scipy import sparse

from rumeur.errors import ModelError
from rumeur.messages import Text
from rumeur.nlp.data import LABELS
from rumeur.nlp.features import QUESTION_WORD, char_grams, token_lists
from rumeur.nlp.metrics import softmax

#: a token, or a pair of consecutive tokens (a word bigram)
_Key = str | tuple[str, str]


class NgramModel:
    """Linear model over :func:`~rumeur.nlp.features.analyze` features."""

    def __init__(
        self,
        vocab: Sequence[str],
        idf: np.ndarray,
        coef: np.ndarray,
        bias: np.ndarray,
        temperature: float = 1.0,
        classes: Sequence[str] = LABELS,
        short_tokens: int = 0,
    ) -> None:
        self.index = {f: i for i, f in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef = np.asarray(coef, dtype=np.float32)  # (n_features, n_classes)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.temperature = float(temperature)
        self.classes = tuple(classes)
        #: see :data:`rumeur.nlp.features.SHORT_TOKENS` (0: no short-text features)
        self.short_tokens = int(short_tokens)
        # a token's or word pair's vocabulary indices, as int32 bytes, in a long text and
        # in a short one (see _indices)
        self._cache: tuple[dict[_Key, bytes], dict[_Key, bytes]] = ({}, {})
        self._marks = {m: self._bytes((m,)) for m in ("xxshort", "xxq", "xxqword")}

    def _bytes(self, features: Sequence[str]) -> bytes:
        get = self.index.get
        return array("i", [i for i in map(get, features) if i is not None]).tobytes()

    def _indices(self, key: _Key, short: bool) -> bytes:
        """The vocabulary indices a token or a word pair brings
        (:func:`~rumeur.nlp.features.analyze`): a token, itself and its character
        n-grams; a pair, its bigram; in a short text (≤ short_tokens tokens), the ``S|``
        copy of either too. Computed once per key and kind of text."""
        if isinstance(key, tuple):  # a word pair: its bigram
            word: str = " ".join(key)
            feats: tuple[str, ...] = (word,)
        else:
            word = key
            feats = (key, *char_grams(key))
        found = self._bytes((*feats, "S|" + word) if short else feats)
        cache = self._cache[short]
        if len(cache) > 500_000:
            cache.clear()
        cache[key] = found
        return found

    @classmethod
    def load(cls, path: Path) -> NgramModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                return cls(
                    z["vocab"].tolist(),
                    z["idf"],
                    z["coef"],
                    z["bias"],
                    float(z["temperature"]),
                    z["classes"].tolist(),
                    int(z["short_tokens"]) if "short_tokens" in z.files else 0,
                )
        except (OSError, KeyError, ValueError) as err:
            raise ModelError(
                Text(
                    f"impossible de charger le fichier de modèle {path} : {err}",
                    f"cannot load the model file {path}: {err}",
                ),
                hint=Text(
                    "réinstallez rumeur, ou réentraînez avec `rumeur nlp train`",
                    "reinstall rumeur, or retrain with `rumeur nlp train`",
                ),
            ) from err

    def save(self, path: Path) -> None:
        vocab = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            path,
            vocab=np.array(vocab),
            idf=self.idf.astype(np.float16),
            coef=self.coef.astype(np.float16),
            bias=self.bias,
            temperature=np.float32(self.temperature),
            classes=np.array(self.classes),
            short_tokens=np.int32(self.short_tokens),
        )

    def logits(self, texts: Sequence[str], toks: Sequence[list[str]] | None = None) -> np.ndarray:
        """Raw scores (n, n_classes) before the temperature and softmax. ``toks``: the
        texts' :func:`~rumeur.nlp.features.token_lists`, when the caller already has them
        (several models reading the same texts tokenise them once)."""
        n = len(texts)
        rows: list[bytes] = []  # each text's vocabulary indices, as int32 bytes
        # question markers (rumeur.nlp.features.question_marks), for models trained with them
        marks = self._marks
        q_mark, q_word, short_mark = marks["xxq"], marks["xxqword"], marks["xxshort"]
        short_tokens, caches, indices = self.short_tokens, self._cache, self._indices
        lists = token_lists(texts) if toks is None else toks
        join = b"".join
        for text, words in zip(texts, lists, strict=True):
            short = short_tokens > 0 and len(words) <= short_tokens
            get = caches[short].get
            # a token's indices, then a word pair's (looked up by the pair itself: no
            # string is built for a pair already seen)
            part = [*map(get, words), *map(get, pairwise(words))]
            if None in part:  # keys seen for the first time
                keys: list[_Key] = [*words, *pairwise(words)]
                part = [
                    indices(k, short) if f is None else f for k, f in zip(keys, part, strict=True)
                ]
            if short:
                part.append(short_mark)
            if q_mark and "?" in text:
                part.append(q_mark)
            if q_word and QUESTION_WORD.match(text):
                part.append(q_word)
            rows.append(join(cast(list[bytes], part)))
        ends = np.zeros(n + 1, np.int64)
        np.cumsum(np.fromiter(map(len, rows), np.int64, n), out=ends[1:])
        cols = np.frombuffer(join(rows), np.int32)
        return _tfidf_logits(cols, ends // 4, self.idf, self.coef) + self.bias

    def predict_proba(
        self, texts: Sequence[str], toks: Sequence[list[str]] | None = None
    ) -> np.ndarray:
        return softmax(self.logits(texts, toks) / self.temperature)


def _tfidf_logits(
    cols: np.ndarray, ends: np.ndarray, idf: np.ndarray, coef: np.ndarray
) -> np.ndarray:
    """``x @ coef`` where ``x`` is the L2-normalised sublinear TF-IDF of the rows whose
    features are ``cols[ends[i]:ends[i + 1]]`` (vocabulary indices, repeated as often as
    the feature occurs).

    The counts come from one numpy sort of ``(row, feature)`` keys, 3-4 times faster than
    scipy's per-row sort (``csr_matrix.sum_duplicates``). The float32 arithmetic is the
    one earlier versions did through scipy, operation for operation and in the same
    order, so every probability is bit for bit what it was: the norms sum each row's
    squares in increasing feature order (``x.multiply(x).sum(axis=1)``), and the product
    reads each row's entries in decreasing feature order (the order the L2 scaling,
    ``diags(1 / norms) @ x``, left them in)."""
    n, n_features = len(ends) - 1, idf.shape[0]
    shift = max(int(n_features).bit_length(), 1)
    mask = (1 << shift) - 1
    dtype = np.int64 if n << shift >= 2**31 else np.int32
    # a key per occurrence: its row, then its feature in decreasing order
    row_keys = np.left_shift(np.arange(n, dtype=dtype), shift)
    keys = np.repeat(row_keys, np.diff(ends))
    keys += mask - cols.astype(dtype, copy=False)
    keys.sort()
    first = np.ones(len(keys), bool)  # where a (row, feature) pair's run begins
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(keys)).astype(np.float32)
    unique = keys[starts]
    indices = (mask - (unique & mask)).astype(np.int32)
    indptr = np.searchsorted(unique, np.append(row_keys, n << shift).astype(dtype))
    data = (1.0 + np.log(counts)) * idf[indices]
    # each row's sum of squares in increasing feature order: the reversed array
    norms = np.zeros(n, np.float32)
    full = np.flatnonzero(np.diff(indptr))[::-1]  # non-empty rows, last first
    if len(full):
        norms[full] = np.add.reduceat((data * data)[::-1], len(data) - indptr[full + 1])
    norms = np.sqrt(norms)
    norms[norms == 0] = 1.0
    data *= np.repeat(1.0 / norms, np.diff(indptr))
    x = sparse.csr_matrix((data, indices, indptr), shape=(n, n_features))
    return np.asarray(x @ coef)
