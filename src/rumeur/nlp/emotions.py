"""Emotion scores per mention: a hand-curated lexicon with negation, emoji and emphasis,
combined with the fast tier's sentiment probabilities. No labelled emotion data exists in
``shared/data``: this model is *built*, not trained, and measured on
``emotions_val_fr.jsonl`` (messages written for Rumeur). See ``rumeur/models/emotions.md``.

Score of emotion e for a text (each in [0, 1]):

    hits_e    = stems of e among the non-negated tokens + phrases of e
    lex_e     = 1 - exp(-0.9 * hits_e)                       (0, 0.59, 0.83, 0.93...)
    score_e   = lex_e * (0.4 + 0.6 * P(polarity of e)) + prior_e

with P(polarity) = P(negative) for anger, sadness, fear and disgust, P(positive) for joy and
trust, 1 for surprise; prior_e = 0.55 * P(positive) for joy (satisfaction shows without
emotion words), 0.3 * P(negative) for sadness (disappointment), and a shouting bonus
(capitals, ``!!``) of 0.15 each for anger when the text is negative. A negated joy or trust
word ("pas content", "aucune confiance") counts as a sadness / anger hit instead.
``labels`` are the emotions whose score is ≥ :data:`THRESHOLD`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rumeur.nlp.emotion_lexicon import EMOTION_NAMES, PHRASES, STEMS
from rumeur.nlp.features import token_lists, tokens

if TYPE_CHECKING:
    from rumeur.nlp.sentiment import FastSentiment

THRESHOLD = 0.5
_NEGATIVE = {"anger", "sadness", "fear", "disgust"}
_POSITIVE = {"joy", "trust"}
_NEGATED_AS = {"joy": "sadness", "trust": "anger"}


@lru_cache(maxsize=100_000)
def _emotions_of(token: str) -> tuple[str, ...]:
    found = []
    for emotion, stems in STEMS.items():
        for stem in stems:
            if (stem.endswith("$") and token == stem[:-1]) or (
                not stem.endswith("$") and token.startswith(stem)
            ):
                found.append(emotion)
                break
    return tuple(found)


def lexicon_hits(text: str) -> dict[str, float]:
    """Emotion word counts of ``text`` after negation marking."""
    return _hits(tokens(text))


def _hits(toks: list[str]) -> dict[str, float]:
    hits = dict.fromkeys(EMOTION_NAMES, 0.0)
    for tok in toks:
        negated = tok.startswith("neg_")
        for emotion in _emotions_of(tok[4:] if negated else tok):
            if not negated:
                hits[emotion] += 1
            elif emotion in _NEGATED_AS:
                hits[_NEGATED_AS[emotion]] += 1
    joined = " " + " ".join(t[4:] if t.startswith("neg_") else t for t in toks) + " "
    for emotion, phrases in PHRASES.items():
        hits[emotion] += sum(p in joined for p in phrases)
    if "xxcaps" in toks:
        hits["_caps"] = 1.0
    if "xxexcl" in toks:
        hits["_excl"] = 1.0
    return hits


def score(hits: dict[str, float], p_neg: float, p_pos: float) -> dict[str, float]:
    out = {}
    for e in EMOTION_NAMES:
        lex = 1 - math.exp(-0.9 * hits[e])
        pol = p_neg if e in _NEGATIVE else p_pos if e in _POSITIVE else 1.0
        s = lex * (0.4 + 0.6 * pol)
        if e == "joy":
            s += 0.55 * p_pos
        elif e == "sadness":
            s += 0.3 * p_neg
        elif e == "anger" and p_neg > 0.5:
            s += 0.15 * (hits.get("_caps", 0) + hits.get("_excl", 0))
        out[e] = round(min(1.0, s), 4)
    return out


class EmotionModel:
    """``predict(texts)`` → ``[{"scores": {...}, "labels": [...]}, ...]``."""

    name = "emotions-lexicon"
    version = "1.0.8"
    languages = ("fr",)
    threshold = THRESHOLD

    def __init__(self, sentiment: FastSentiment) -> None:
        self.sentiment = sentiment  # the fast tier: it takes the tokens already read

    def predict(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        texts = list(texts)
        lists = token_lists(texts)  # read once, for the lexicon and the fast tier
        proba = self.sentiment.predict_proba(texts, lists)
        out = []
        for toks, (p_neg, _p_neu, p_pos) in zip(lists, proba, strict=True):
            scores = score(_hits(toks), float(p_neg), float(p_pos))
            labels = [e for e in EMOTION_NAMES if scores[e] >= self.threshold]
            out.append({"scores": scores, "labels": labels})
        return out


def evaluate_emotions(model: EmotionModel, path: Any = None) -> dict[str, dict[str, float]]:
    """Per-emotion precision / recall / F1 on ``emotions_val_fr.jsonl``."""
    from rumeur.nlp.evaluate import HERE, prf, read_jsonl

    rows = read_jsonl(path or HERE / "emotions_val_fr.jsonl")
    preds = model.predict([r["text"] for r in rows])
    gold = [set(r["emotions"]) for r in rows]
    return prf(gold, [set(p["labels"]) for p in preds], EMOTION_NAMES)
