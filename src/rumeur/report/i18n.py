"""Report and dashboard labels, French first, English second.

``labels("fr")["volume"]`` -> ``"Volume de mentions"``. A missing key falls back to
English, then to the key itself, so a new label never breaks a report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

_FR = {
    "report_title": "Rapport d'e-réputation",
    "period": "Période",
    "generated": "Généré le",
    "summary": "Synthèse",
    "contents": "Sommaire",
    "volume": "Volume de mentions",
    "volume_brand": "Mentions par jour et par marque",
    "volume_platform": "Mentions par plateforme",
    "sentiment": "Tonalité",
    "sentiment_time": "Tonalité par semaine",
    "share_of_voice": "Part de voix",
    "top_mentions": "Mentions les plus vues",
    "accurate_note": "◆ tonalité du modèle précis (sentiment-accurate, e5-small) ; les autres "
    "viennent du modèle rapide (sentiment-fast). rumeur enrich --only sentiment-accurate "
    "--most-seen --limit N les réévalue.",
    "quarantine": "Lignes mises en quarantaine",
    "method": "Méthode et limites",
    "negative": "négatif",
    "neutral": "neutre",
    "positive": "positif",
    "unsupported": "non pris en charge",
    "unknown": "non évalué",
    "brand": "Marque",
    "platform": "Plateforme",
    "mentions": "Mentions",
    "authors": "Auteurs uniques",
    "reach": "Audience estimée",
    "date": "Date",
    "author": "Auteur",
    "text": "Texte",
    "share": "Part",
    "reason": "Motif",
    "count": "Nombre",
    "file": "Fichier",
    "none": "Aucune.",
    "unmatched": "sans marque reconnue",
    "own": "compte de la marque",
}

_EN = {
    "report_title": "E-reputation report",
    "period": "Period",
    "generated": "Generated on",
    "summary": "Executive summary",
    "contents": "Contents",
    "volume": "Mention volume",
    "volume_brand": "Mentions per day and brand",
    "volume_platform": "Mentions per platform",
    "sentiment": "Sentiment",
    "sentiment_time": "Sentiment per week",
    "share_of_voice": "Share of voice",
    "top_mentions": "Most-seen mentions",
    "accurate_note": "◆ sentiment from the accurate model (sentiment-accurate, e5-small); the "
    "others come from the fast model (sentiment-fast). rumeur enrich --only "
    "sentiment-accurate --most-seen --limit N re-scores them.",
    "quarantine": "Quarantined rows",
    "method": "Method and limits",
    "negative": "negative",
    "neutral": "neutral",
    "positive": "positive",
    "unsupported": "unsupported",
    "unknown": "not scored",
    "brand": "Brand",
    "platform": "Platform",
    "mentions": "Mentions",
    "authors": "Unique authors",
    "reach": "Estimated reach",
    "date": "Date",
    "author": "Author",
    "text": "Text",
    "share": "Share",
    "reason": "Reason",
    "count": "Count",
    "file": "File",
    "none": "None.",
    "unmatched": "no known brand",
    "own": "brand account",
}

LANGS: dict[str, dict[str, str]] = {"fr": _FR, "en": _EN}


class Labels(Mapping[str, str]):
    """Labels of one language with English and key fallbacks."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            from rumeur.errors import RumeurError

            raise RumeurError(f"unknown report language {lang!r}", hint="use fr or en")
        self.lang = lang
        self._table = LANGS[lang]

    def __getitem__(self, key: str) -> str:
        return self._table.get(key) or _EN.get(key) or key

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def add(self, lang: str, entries: Mapping[str, str]) -> None:
        """Extend a language's table (used by section providers for their own labels)."""
        LANGS[lang].update(entries)


def labels(lang: str) -> Labels:
    return Labels(lang)
