"""The opinion enrichers: registration, language handling, output shape."""

from __future__ import annotations

from rumeur.enrich.base import UNSUPPORTED, EnrichInput, registry


def _items():
    return [
        EnrichInput("m1", "Service client au top, merci !", language="fr"),
        EnrichInput("m2", "Great customer service, thanks!", language="en"),
        EnrichInput("m3", "Nul.", language="und"),
        EnrichInput("m4", "Servicio pésimo", language="es"),
        EnrichInput("m5", "Service nul, très déçu", language=None),
    ]


def test_opinion_enrichers_are_registered():
    reg = registry()
    for name in ("sentiment-fast", "sentiment-accurate", "emotions", "aspects"):
        assert name in reg
        enricher = reg[name]()
        assert "language" in enricher.requires
    assert reg["sentiment-fast"]().default is True
    # the accurate tier runs by default as a cascade over the fast tier (test_cascade.py)
    accurate = reg["sentiment-accurate"]()
    assert accurate.default is True
    assert accurate.review is not None and accurate.review.of == "sentiment-fast"
    assert "sentiment-fast" in accurate.requires


def test_sentiment_fast_unsupported_languages_and_und_as_french():
    out = registry()["sentiment-fast"]().enrich(_items())
    assert len(out) == 5
    assert out[0].label == "positive"
    assert out[0].score == out[0].data["scores"]["positive"]
    assert out[0].data["model"].startswith("sentiment-fast@")
    assert out[1].label == UNSUPPORTED and out[3].label == UNSUPPORTED
    assert out[2].label == "negative"  # "und" is treated as French
    assert out[4].label == "negative"  # no language known: French


def test_emotions_and_aspects_enrichers():
    items = [
        EnrichInput("a", "Je suis furieux, livraison en retard et trop cher !", language="fr"),
        EnrichInput("b", "I am furious", language="en"),
    ]
    emo = registry()["emotions"]().enrich(items)
    assert emo[0].label == "anger" and "anger" in emo[0].data["labels"]
    assert emo[1].label == UNSUPPORTED
    asp = registry()["aspects"]().enrich(items)
    assert asp[0].data["aspects"]["delivery"] == "negative"
    assert asp[0].label == "negative"
    assert asp[1].label == UNSUPPORTED


def test_accurate_enricher_reuses_cached_results():
    enricher = registry()["sentiment-accurate"]()
    model = enricher.model()
    items = [EnrichInput("x", "Franchement déçu par le SAV.", language="fr")]
    first = enricher.enrich(items)
    count = model.encoded
    second = enricher.enrich(items)
    assert model.encoded == count
    assert first == second and first[0].label == "negative"


def test_accurate_enricher_reads_a_review_platforms_mentions_as_reviews():
    """1.6.0: a mention of the ``reviews`` platform is read as a customer review (the
    accurate tier's short-review head); the same text posted elsewhere is not."""
    enricher = registry()["sentiment-accurate"]()
    model = enricher.model()
    text = "série géniale , j'ai adoré la saison 2 !"
    got = enricher.enrich(
        [
            EnrichInput("r", text, platform="reviews", language="fr"),
            EnrichInput("p", text, platform="mastodon", language="fr"),
        ]
    )
    review = model.predict([text], reviews=[True])[0]["scores"]
    post = model.predict([text])[0]["scores"]
    assert review != post
    assert got[0].data["scores"] == review and got[1].data["scores"] == post
