"""The fast sentiment tier: TF-IDF over marked words, word bigrams and character n-grams
(:mod:`rumeur.nlp.features`) with a multinomial logistic regression, temperature-scaled.

The model file is a plain ``.npz`` (vocabulary, idf, float16 weights, bias, temperature):
no pickle, and inference is numpy + scipy.sparse (no scikit-learn at run time).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse

from rumeur.errors import ModelError
from rumeur.nlp.data import LABELS
from rumeur.nlp.features import QUESTION_WORD, char_grams, tokens
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
        self._token_cache: dict[str, array] = {}
        self._short_cache: dict[str, array] = {}
        # short texts: a word bigram's indices, its own and its "S|" copy's, in one lookup
        self._short_pairs: dict[str, tuple[int, ...]] = {}
        if self.short_tokens:
            pairs: dict[str, list[int]] = {}
            for f, i in self.index.items():
                base = f[2:] if f.startswith("S|") else f
                if " " in base and base[0] != " " and base[-1] != " ":  # a word bigram
                    pairs.setdefault(base, []).append(i)
            self._short_pairs = {k: tuple(v) for k, v in pairs.items()}

    def _token_indices(self, tok: str) -> array:
        """Vocabulary indices of a token and its character n-grams (cached per token)."""
        found = self._token_cache.get(tok)
        if found is None:
            get = self.index.get
            found = array("i", [i for i in map(get, (tok, *char_grams(tok))) if i is not None])
            if len(self._token_cache) > 500_000:
                self._token_cache.clear()
            self._token_cache[tok] = found
        return found

    def _short_token_indices(self, tok: str) -> array:
        """:meth:`_token_indices` plus the token's ``S|`` copy (texts of ≤ short_tokens)."""
        found = self._short_cache.get(tok)
        if found is None:
            found = array("i", self._token_indices(tok))
            i = self.index.get("S|" + tok)
            if i is not None:
                found.append(i)
            if len(self._short_cache) > 500_000:
                self._short_cache.clear()
            self._short_cache[tok] = found
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

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw scores (n, n_classes) before the temperature and softmax."""
        n = len(texts)
        get = self.index.get
        cached = self._token_cache.get
        token_indices = self._token_indices
        short = self.short_tokens
        short_marker = get("xxshort")
        cols = array("i")  # one flat buffer: extending it from the cached arrays is a memcpy
        extend = cols.extend
        indptr = [0]
        short_cached = self._short_cache.get
        short_token_indices = self._short_token_indices
        short_pair = self._short_pairs.get
        # question markers (rumeur.nlp.features.question_marks), for models trained with them
        q_mark, q_word = get("xxq"), get("xxqword")
        q_match = QUESTION_WORD.match
        for text in texts:
            toks = tokens(text)
            if short and len(toks) <= short:  # + "S|" copies (rumeur.nlp.features.analyze)
                for tok in toks:
                    idx = short_cached(tok)
                    extend(short_token_indices(tok) if idx is None else idx)
                for found in map(short_pair, [a + " " + b for a, b in pairwise(toks)]):
                    if found is not None:
                        extend(found)
                if short_marker is not None:
                    cols.append(short_marker)
            else:
                for tok in toks:
                    idx = cached(tok)
                    extend(token_indices(tok) if idx is None else idx)
                pairs = map(get, [a + " " + b for a, b in pairwise(toks)])
                extend([i for i in pairs if i is not None])
            if q_mark is not None and "?" in text:
                cols.append(q_mark)
            if q_word is not None and q_match(text):
                cols.append(q_word)
            indptr.append(len(cols))
        # sparse rows in C (scipy): duplicates summed per row, then sublinear tf × idf, L2
        x = sparse.csr_matrix(
            (
                np.ones(len(cols), np.float32),
                np.frombuffer(cols, np.int32) if cols else np.zeros(0, np.int32),
                np.asarray(indptr),
            ),
            shape=(n, self.idf.shape[0]),
        )
        x.sum_duplicates()
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x = sparse.diags(1.0 / norms) @ x
        return np.asarray(x @ self.coef) + self.bias

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return softmax(self.logits(texts) / self.temperature)
