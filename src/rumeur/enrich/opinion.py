"""Opinion enrichers: sentiment (fast and accurate tiers), emotions and aspects.

Each runs the French models of :mod:`rumeur.nlp` on the mention's title and text, and
answers ``unsupported`` for a language its model was not measured on (the ``language``
enricher's label; ``und``, undetermined, is treated as French: it is mostly very short
text). Results carry ``model`` = ``name@version`` of the model that produced them.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from rumeur.enrich.base import (
    UNSUPPORTED,
    Enricher,
    EnrichInput,
    Enrichment,
    Review,
    register,
)
from rumeur.nlp import load_aspects, load_emotions, load_sentiment, supports
from rumeur.nlp.crisis import crisis_flags


def _text(item: EnrichInput) -> str:
    return f"{item.title}. {item.text}" if item.title else item.text


def _language(item: EnrichInput) -> str | None:
    return item.language if item.language is not None else item.labels.get("language")


class _ModelEnricher(Enricher):
    """Shared loop: filter languages, predict the supported ones in one call."""

    requires: ClassVar[tuple[str, ...]] = ("text", "title", "language")
    loader: ClassVar[Callable[[], Any]]

    def model(self) -> Any:
        return type(self).loader()

    @abstractmethod
    def convert(self, pred: dict[str, Any], key: str) -> Enrichment:
        """One model prediction as the Enrichment to store (``key`` is name@version)."""

    def enrich(self, batch: Sequence[EnrichInput]) -> list[Enrichment]:
        model = self.model()
        key = f"{model.name}@{model.version}"
        out: list[Enrichment | None] = []
        todo: list[tuple[int, EnrichInput]] = []
        for i, item in enumerate(batch):
            lang = _language(item)
            if supports(model, lang):
                todo.append((i, item))
                out.append(None)
            else:
                out.append(Enrichment(label=UNSUPPORTED, data={"language": lang, "model": key}))
        preds = self.predict(model, [item for _, item in todo]) if todo else []
        for (i, _), pred in zip(todo, preds, strict=True):
            out[i] = self.convert(pred, key)
        return [e for e in out if e is not None]

    def predict(self, model: Any, items: Sequence[EnrichInput]) -> list[dict[str, Any]]:
        """The model's predictions for the supported mentions, in order."""
        return list(model.predict([_text(item) for item in items]))


def _sentiment(pred: dict[str, Any], key: str) -> Enrichment:
    label = pred["label"]
    return Enrichment(
        label=label, score=pred["scores"][label], data={"scores": pred["scores"], "model": key}
    )


class _SentimentEnricher(_ModelEnricher):
    """Both sentiment tiers store the same shape: label, its probability, all three."""

    assigns = ("sentiment", "scores")

    def convert(self, pred: dict[str, Any], key: str) -> Enrichment:
        return _sentiment(pred, key)


#: the key of a fast-tier result's ``data`` marking a post the crisis lexicon flags, when
#: the shipped crisis rule re-reads those with the accurate tier (rumeur.nlp.crisis)
CRISIS_KEY = "crisis"


@register
class FastSentimentEnricher(_SentimentEnricher):
    """negative / neutral / positive with calibrated probabilities (n-gram model), after
    the crisis-aware decision rule (:mod:`rumeur.nlp.crisis`); a post the crisis lexicon
    flags is marked ``data["crisis"] = True`` when the rule has the cascade re-read them."""

    name = "sentiment-fast"
    version = "1.5.0"
    batch_size = 2000
    default = True
    description = "Sentiment, fast tier (n-grams + logistic regression, > 10k texts/s)"
    loader = staticmethod(lambda: load_sentiment("fast"))

    def enrich(self, batch: Sequence[EnrichInput]) -> list[Enrichment]:
        out = super().enrich(batch)
        if not self.model().rule.reread_flagged:
            return out
        flags = crisis_flags([_text(item) for item in batch])
        return [
            replace(e, data={**e.data, CRISIS_KEY: True}) if flag and e.label != UNSUPPORTED else e
            for e, flag in zip(out, flags, strict=True)
        ]


#: the default cascade: the accurate tier re-reads the mentions whose fast-tier label has
#: a probability under REVIEW_BELOW (about half of short posts) and, when the shipped
#: crisis rule says so, the posts the crisis lexicon flags (the rules of accurate
#: 1.5.0-1.7.1 did, 1.8.0's does not; chosen by CV: see rumeur.nlp.train_crisis),
#: most-seen first, at most REVIEW_BUDGET a run (about a minute and a half on 2 idle
#: cores at ~35 texts/s); its label replaces the fast one. Chosen by 5-fold CV on the
#: training files (UMSAB and brand-talk rows, out-of-fold both tiers: replacing beat
#: averaging at every threshold; 0.8 within 0.002 of re-reading everything); see
#: docs/models.md, "Default pipeline"
REVIEW_BELOW = 0.8
REVIEW_BUDGET = 3000


@register
class AccurateSentimentEnricher(_SentimentEnricher):
    """Accurate tier (e5-small embeddings + n-gram probabilities).

    In a default run it is a cascade over the fast tier (:data:`REVIEW_BELOW`,
    :data:`REVIEW_BUDGET`); named (``rumeur enrich --only sentiment-accurate``) it reads
    every mention still missing it. Nothing is scored twice: the store keeps results per
    (mention, enricher, version), and the model keeps an in-process LRU of results by
    text hash (identical texts, reposts).
    """

    name = "sentiment-accurate"
    version = "1.10.0"
    requires = ("text", "title", "language", "sentiment-fast")
    batch_size = 64
    default = True
    description = (
        "Sentiment, accurate tier (multilingual-e5-small + n-grams, ~30 texts/s); by "
        f"default re-reads the fast tier's unsure labels (p < {REVIEW_BELOW}) and the "
        f"crisis-flagged posts, ≤ {REVIEW_BUDGET:,} a run"
    )
    review = Review(
        of="sentiment-fast", below=REVIEW_BELOW, budget=REVIEW_BUDGET, flagged=CRISIS_KEY
    )
    loader = staticmethod(lambda: load_sentiment("accurate"))

    def predict(self, model: Any, items: Sequence[EnrichInput]) -> list[dict[str, Any]]:
        """1.6.0: a review platform's mention is read as a customer review (its short
        texts by the short-review head, :class:`rumeur.nlp.sentiment.AccurateSentiment`)."""
        texts = [_text(item) for item in items]
        return list(model.predict(texts, reviews=[item.platform == "reviews" for item in items]))


@register
class EmotionsEnricher(_ModelEnricher):
    """Scores for anger, joy, sadness, fear, surprise, disgust, trust; label = dominant."""

    name = "emotions"
    version = "1.0.8"
    assigns = ("emotion", "emotions")
    batch_size = 2000
    default = True
    description = "Emotions (French lexicon with negation + sentiment), multi-label scores"
    loader = staticmethod(load_emotions)

    def convert(self, pred: dict[str, Any], key: str) -> Enrichment:
        labels = pred["labels"]
        top = max(labels, key=pred["scores"].__getitem__) if labels else None
        score = pred["scores"][top] if top else None
        data = {"scores": pred["scores"], "labels": labels, "model": key}
        return Enrichment(label=top, score=score, data=data)


@register
class AspectsEnricher(_ModelEnricher):
    """Aspect opinions (price, quality, service, delivery, website, trust, privacy,
    intrusiveness). label: ``negative`` if any aspect is negative or mixed, else
    ``positive`` if any is positive, else None; data["aspects"] has the details."""

    name = "aspects"
    version = "1.0.8"
    assigns = ("aspects",)
    batch_size = 1000
    default = True
    description = "Aspect-level opinion: price, quality, service, delivery, website, trust..."
    loader = staticmethod(load_aspects)

    def convert(self, pred: dict[str, Any], key: str) -> Enrichment:
        values = set(pred["aspects"].values())
        label = (
            "negative"
            if values & {"negative", "mixed"}
            else "positive"
            if "positive" in values
            else None
        )
        return Enrichment(label=label, data={"aspects": pred["aspects"], "model": key})
