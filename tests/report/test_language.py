"""One language per report: the French report holds no English words, the English one no
French words, outside what people wrote (mentions, poll questions, file names)."""

from __future__ import annotations

import re

import pytest

from tests.report.conftest import visible_text

# words an English label would leave in the French report (aspects, motivations, spike
# measures, reach, quarantine reasons, poll statistics, alert texts...)
ENGLISH = (
    "reach",
    "price",
    "quality",
    "delivery",
    "website",
    "trust",
    "privacy",
    "intrusiveness",
    "practical",
    "exclusive",
    "exchange",
    "care",
    "negative",
    "positive",
    "favourable",
    "unfavourable",
    "statistic",
    "two-proportion",
    "cohen_h",
    "wave",
    "group",
    "no text",
    "unreadable",
    "malformed",
    "spike",
    "observed",
    "expected",
    "the",
    "and",
    "of",
    "per",
    "week",
    "share",
    "brand",
    "alert",
    "mentions behind",
    "none",
    "news",
    "reviews",
)
FRENCH = (
    "défavorable",
    "favorable",
    "négatif",
    "positif",
    "neutre",
    "semaine",
    "période",
    "détracteur",
    "pic",
    "observé",
    "attendu",
    "depuis",
    "marque",
    "audience estimée",
    "les",
    "des",
    "sur",
    "une",
    "aucun",
    "aucune",
    "vague",
    "prix",
    "qualité",
    "confiance",
    "échange",
    "avis",
    "presse",
    "texte absent",
    "date illisible",
    "statistique",
    "taille d'effet",
    "alerte",
    "règle",
    "personnes touchées",
    "pondéré",
)


def _words(text: str, vocabulary: tuple[str, ...]) -> list[str]:
    low = text.lower()
    return [w for w in vocabulary if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low)]


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_french_report_has_no_english_words(reports) -> None:
    html = reports["fr"]
    text = visible_text(html)
    assert "Rapport d'e-réputation" in text and "Dette négative" in text
    # the parts that used to leak English are there, in French
    for expected in (
        "prix",
        "service client",
        "texte absent",
        "test z de deux proportions",
        "h de Cohen",
        "Détracteur influent",
        "mentions négatives",
        "avis clients",
        "Audience estimée",
    ):
        assert expected in text, expected
    assert _words(text, ENGLISH) == []


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_english_report_has_no_french_words(reports) -> None:
    html = reports["en"]
    text = visible_text(html)
    assert "E-reputation report" in text and "Negative debt" in text
    for expected in (
        "price",
        "customer service",
        "no text",
        "two-proportion z test",
        "Cohen's h",
        "Influential detractor",
        "negative mentions",
        "customer reviews",
        "Estimated reach",
    ):
        assert expected in text, expected
    assert _words(text, FRENCH) == []
