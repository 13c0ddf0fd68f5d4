"""Names of the identifiers the analytics return (aspects, motivations, spike measures,
platforms, statistical tests), in each report language (quarantine reasons are named
by rumeur.ingest.reasons)."""

from __future__ import annotations

#: names of things the analytics return as identifiers
TERMS: dict[str, dict[str, dict[str, str]]] = {
    "aspect": {
        "fr": {
            "price": "prix",
            "quality": "qualité",
            "service": "service client",
            "delivery": "livraison",
            "website": "site et appli",
            "trust": "confiance",
            "privacy": "vie privée",
            "intrusiveness": "sollicitations intrusives",
        },
        "en": {
            "price": "price",
            "quality": "quality",
            "service": "customer service",
            "delivery": "delivery",
            "website": "website and app",
            "trust": "trust",
            "privacy": "privacy",
            "intrusiveness": "intrusive solicitations",
        },
    },
    "motivation": {
        "fr": {
            "promotions": "promotions",
            "practical": "informations pratiques",
            "exclusive": "informations exclusives",
            "exchange": "échange direct",
            "care": "service client",
            "other": "autre",
        },
        "en": {
            "promotions": "promotions",
            "practical": "practical information",
            "exclusive": "exclusive information",
            "exchange": "direct exchange",
            "care": "customer care",
            "other": "other",
        },
    },
    "metric": {
        "fr": {
            "volume": "volume de mentions",
            "negative": "mentions négatives",
            "negative_reach": "audience négative",
            "negative_share": "part négative",
            "negative_count": "mentions négatives",
        },
        "en": {
            "volume": "mention volume",
            "negative": "negative mentions",
            "negative_reach": "negative reach",
            "negative_share": "negative share",
            "negative_count": "negative mentions",
        },
    },
    "platform": {
        "fr": {
            "reviews": "avis clients",
            "news": "presse",
            "forum": "forums",
            "webhook": "webhook",
            "rss": "flux RSS",
            "other": "autre",
        },
        "en": {
            "reviews": "customer reviews",
            "news": "news",
            "forum": "forums",
            "rss": "RSS feeds",
            "other": "other",
        },
    },
    "test": {
        "fr": {
            "two-proportion z": "test z de deux proportions",
            "chi-square": "test du khi-deux",
            "cohen_h": "h de Cohen",
            "cramer_v": "V de Cramér",
            "wave": "vague",
            "group": "groupe",
            "statistic": "statistique",
            "dof": "ddl",
            "effect": "taille d'effet",
        },
        "en": {
            "two-proportion z": "two-proportion z test",
            "chi-square": "chi-square test",
            "cohen_h": "Cohen's h",
            "cramer_v": "Cramér's V",
            "wave": "wave",
            "group": "group",
            "statistic": "statistic",
            "dof": "dof",
            "effect": "effect size",
        },
    },
}

__all__ = ["TERMS"]
