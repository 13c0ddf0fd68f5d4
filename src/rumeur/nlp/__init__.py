"""French opinion models: sentiment (two tiers), emotions and aspects.

Public API (each loader caches its model: loaded once per process)::

    load_sentiment("fast" | "accurate").predict(texts)
        -> [{"label": "negative|neutral|positive",
             "scores": {"negative": p, "neutral": p, "positive": p}}, ...]
    load_emotions().predict(texts)
        -> [{"scores": {"anger": p, "joy": p, ...}, "labels": ["anger", ...]}, ...]
    load_aspects().predict(texts)
        -> [{"aspects": {"price": "negative", "service": "mixed", ...}}, ...]
           (only the aspects the text mentions; values positive|negative|mixed|no_opinion)

Every model has ``name``, ``version`` and ``languages`` (ISO codes it was measured on).
Models ship in ``rumeur/models`` with their cards; ``docs/models.md`` has the figures.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rumeur.errors import ModelError
from rumeur.messages import Text

TIERS = ("fast", "accurate")


def supports(model: Any, language: str | None) -> bool:
    """Whether ``model`` may judge a text in ``language`` ("und" and None count as French)."""
    if language is None or language in ("", "und"):
        return True
    return language.split("-")[0].lower() in model.languages


@cache
def load_sentiment(tier: str = "fast") -> Any:
    """The sentiment model of ``tier`` ("fast" or "accurate")."""
    from rumeur.nlp.sentiment import AccurateSentiment, FastSentiment

    if tier == "fast":
        return FastSentiment()
    if tier == "accurate":
        return AccurateSentiment()
    from rumeur.suggest import listed, unknown

    raise ModelError(
        unknown(Text("niveau de sentiment inconnu", "unknown sentiment tier"), tier, TIERS),
        hint=listed(TIERS),
    )


@cache
def load_emotions() -> Any:
    """The emotion scorer (lexicon + sentiment; see ``rumeur/models/emotions.md``)."""
    from rumeur.nlp.emotions import EmotionModel

    return EmotionModel(load_sentiment("fast"))


@cache
def load_aspects() -> Any:
    """The aspect-level opinion model (see ``rumeur/models/aspects.md``)."""
    from rumeur.nlp.aspects import AspectModel

    return AspectModel(load_sentiment("fast"))


__all__ = ["TIERS", "load_aspects", "load_emotions", "load_sentiment", "supports"]
