"""French and English labels of the analytics report sections."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "a_summary": "Synthèse chiffrée (avec intervalles de confiance à 95 %)",
        "a_opinion": "Opinion : favorable, neutre, défavorable",
        "a_debt": "Dette négative",
        "a_sov": "Part de voix face aux concurrents",
        "a_aspects": "Ce qui nourrit l'audience défavorable",
        "a_motivations": "Motivations : ce que la marque offre, ce que le public demande",
        "a_spikes": "Pics d'activité (bad buzz)",
        "a_people": "Personnes : promoteurs, détracteurs, influents",
        "a_lists": "Les mentions derrière les chiffres",
        "favourable": "favorable",
        "unfavourable": "défavorable",
        "weighted": "pondéré par l'audience",
        "offer": "offre de la marque",
        "demand": "demande du public",
        "no_sentiment": "Aucune tonalité calculée : lancez « rumeur enrich » avec un modèle "
        "de tonalité.",
        "no_aspects": "Aucun aspect calculé (enrichisseur « aspects »).",
        "no_spikes": "Aucun pic anormal détecté.",
    },
    "en": {
        "a_summary": "Key figures (with 95% confidence intervals)",
        "a_opinion": "Opinion: favourable, neutral, unfavourable",
        "a_debt": "Negative debt",
        "a_sov": "Share of voice against competitors",
        "a_aspects": "What drives the unfavourable reach",
        "a_motivations": "Motivations: what the brand offers, what the audience asks for",
        "a_spikes": "Activity spikes (bad buzz)",
        "a_people": "People: promoters, detractors, influencers",
        "a_lists": "The mentions behind the figures",
        "favourable": "favourable",
        "unfavourable": "unfavourable",
        "weighted": "reach-weighted",
        "offer": "brand offer",
        "demand": "audience demand",
        "no_sentiment": "No sentiment computed: run `rumeur enrich` with a sentiment model.",
        "no_aspects": "No aspects computed (the `aspects` enricher).",
        "no_spikes": "No abnormal spike detected.",
    },
}
