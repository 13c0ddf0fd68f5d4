"""The fast sentiment tier: TF-IDF over marked words, word bigrams and character n-grams
(:mod:`rumeur.nlp.features`) with a multinomial logistic regression, temperature-scaled.

The model file is a plain ``.npz`` (vocabulary, idf, float16 weights, bias, temperature):
no pickle, and inference is numpy only (no scikit-learn at run time).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

from rumeur.errors import ModelError
from rumeur.nlp.data import LABELS
from rumeur.nlp.features import char_grams, tokens
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
    ) -> None:
        self.index = {f: i for i, f in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef = np.asarray(coef, dtype=np.float32)  # (n_features, n_classes)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.temperature = float(temperature)
        self.classes = tuple(classes)
        self._token_cache: dict[str, list[int]] = {}

    def _token_indices(self, tok: str) -> list[int]:
        """Vocabulary indices of a token and its character n-grams (cached per token)."""
        found = self._token_cache.get(tok)
        if found is None:
            get = self.index.get
            found = [i for i in map(get, (tok, *char_grams(tok))) if i is not None]
            if len(self._token_cache) > 500_000:
                self._token_cache.clear()
            self._token_cache[tok] = found
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
        )

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw scores (n, n_classes) before the temperature and softmax."""
        n = len(texts)
        get = self.index.get
        cached = self._token_cache.get
        token_indices = self._token_indices
        cols: list[int] = []
        lengths: list[int] = []
        for text in texts:
            start = len(cols)
            toks = tokens(text)
            for tok in toks:
                idx = cached(tok)
                cols += token_indices(tok) if idx is None else idx
            pairs = [get(a + " " + b) for a, b in pairwise(toks)]
            cols += [i for i in pairs if i is not None]
            lengths.append(len(cols) - start)
        out = np.tile(self.bias, (n, 1))
        if not cols:
            return out
        v = self.idf.shape[0]
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys, counts = np.unique(rows * v + np.asarray(cols, np.int64), return_counts=True)
        r_idx, c_idx = np.divmod(keys, v)
        vals = (1.0 + np.log(counts)) * self.idf[c_idx]  # sublinear tf × idf
        norms = np.sqrt(np.bincount(r_idx, weights=vals * vals, minlength=n))
        vals = vals / norms[r_idx]
        contrib = self.coef[c_idx] * vals[:, None]
        for k in range(len(self.classes)):
            out[:, k] += np.bincount(r_idx, weights=contrib[:, k], minlength=n)
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return softmax(self.logits(texts) / self.temperature)
