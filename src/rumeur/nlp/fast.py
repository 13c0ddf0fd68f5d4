"""The fast sentiment tier: TF-IDF over marked words, word bigrams and character n-grams
(:mod:`rumeur.nlp.features`) with a multinomial logistic regression, temperature-scaled.

The model file is a plain ``.npz`` (vocabulary, idf, float16 weights, bias, temperature):
no pickle, and inference is numpy + scipy.sparse (no scikit-learn at run time). A batch
is tokenised in one pass (:func:`~rumeur.nlp.features.token_lists`); each token's and word
pair's vocabulary indices are cached as bytes, so a batch's sparse rows come from one
dictionary lookup per token and a single ``bytes.join``.
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
from rumeur.nlp.data import LABELS
from rumeur.nlp.features import QUESTION_WORD, char_grams, token_lists
from rumeur.nlp.metrics import softmax


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
        self._cache: tuple[dict[str, bytes], dict[str, bytes]] = ({}, {})
        self._marks = {m: self._bytes((m,)) for m in ("xxshort", "xxq", "xxqword")}

    def _bytes(self, features: Sequence[str]) -> bytes:
        get = self.index.get
        return array("i", [i for i in map(get, features) if i is not None]).tobytes()

    def _indices(self, key: str, short: bool) -> bytes:
        """The vocabulary indices a token or a word pair brings
        (:func:`~rumeur.nlp.features.analyze`): a token, itself and its character
        n-grams; a pair, its bigram; in a short text (≤ short_tokens tokens), the ``S|``
        copy of either too. Computed once per key and kind of text."""
        if " " in key:  # a word pair (tokens have no spaces)
            feats: tuple[str, ...] = (key,)
        else:
            feats = (key, *char_grams(key))
        found = self._bytes((*feats, "S|" + key) if short else feats)
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
                f"cannot load the model file {path}: {err}",
                hint="reinstall rumeur, or retrain with `rumeur nlp train`",
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
        found: list[bytes] = []  # the indices of every token and pair of the batch
        per_text = np.zeros(n, np.int64)  # how many of them each text has
        # question markers (rumeur.nlp.features.question_marks), for models trained with them
        marks = self._marks
        q_mark, q_word, short_mark = marks["xxq"], marks["xxqword"], marks["xxshort"]
        short_tokens, caches, indices = self.short_tokens, self._cache, self._indices
        lists = token_lists(texts) if toks is None else toks
        for i, (text, words) in enumerate(zip(texts, lists, strict=True)):
            short = short_tokens > 0 and len(words) <= short_tokens
            keys = words + list(map(" ".join, pairwise(words)))
            cached = list(map(caches[short].get, keys))  # a C loop of dictionary lookups
            part = cast(list[bytes], cached)
            if None in cached:  # keys seen for the first time
                pairs = zip(keys, cached, strict=True)
                part = [indices(k, short) if f is None else f for k, f in pairs]
            if short:
                part.append(short_mark)
            if q_mark and "?" in text:
                part.append(q_mark)
            if q_word and QUESTION_WORD.match(text):
                part.append(q_word)
            found += part
            per_text[i] = len(part)
        cols = np.frombuffer(bytearray(b"".join(found)), np.int32)  # writable: sorted in place
        # row i ends where its last token's or pair's indices end
        key_ends = np.concatenate(([0], np.cumsum(per_text)))
        col_ends = np.concatenate(([0], np.cumsum(np.fromiter(map(len, found), np.int64))))
        indptr = col_ends[key_ends] // 4
        # sparse rows in C (scipy): duplicates summed per row, then sublinear tf × idf, L2
        x = sparse.csr_matrix(
            (np.ones(len(cols), np.float32), cols, indptr), shape=(n, self.idf.shape[0])
        )
        x.sum_duplicates()
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x = sparse.diags(1.0 / norms) @ x
        return np.asarray(x @ self.coef) + self.bias

    def predict_proba(
        self, texts: Sequence[str], toks: Sequence[list[str]] | None = None
    ) -> np.ndarray:
        return softmax(self.logits(texts, toks) / self.temperature)
