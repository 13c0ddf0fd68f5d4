"""A fictional poll (two waves) and survey for the demo, seeded like the corpus.

``sondage_reseaux.csv`` echoes the Emarketing.fr poll of the context articles (71.38 % of
1,153 voters said yes) for the first wave, with a second, smaller wave after the outage.
``enquete_abonnes.csv`` has one row per respondent: two closed questions and one
open-ended answer built from a few themes (promotions, outage, customer care, privacy,
practical information), so that the themes analysis has something real to find.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

POLL_QUESTION = "Les réseaux sociaux aident-ils les marques à mieux répondre aux clients ?"

_WAVES = (
    ("2025-09 (avant la panne)", 1153, 71.38),
    ("2025-10 (après la panne)", 842, 63.2),
)

_FOLLOW = ("Promotions et avantages", "Informations pratiques", "Informations exclusives",
           "Échanger avec la marque")  # fmt: skip
_FOLLOW_WEIGHTS = (48, 27, 21, 16)

_OPEN = {
    "promotions": ("des codes promo pour les abonnés fidèles", "plus de bons plans sur les "
                   "forfaits", "des réductions sur les téléphones", "des offres réservées aux "
                   "abonnés, pas seulement aux nouveaux clients"),
    "panne": ("être prévenu tout de suite en cas de panne réseau", "des nouvelles claires "
              "pendant les coupures", "un geste commercial après la panne de septembre",
              "savoir quand le réseau revient"),
    "service": ("des réponses rapides du service client", "un conseiller qui répond en "
                "message privé", "qu'on ne me renvoie pas vers la hotline", "un suivi de "
                "mes demandes au SAV"),
    "vie privée": ("qu'ils arrêtent les SMS publicitaires", "ne pas revendre mes données",
                   "moins de pubs ciblées", "respecter ma vie privée"),
    "pratique": ("des tutos pour configurer la box", "les horaires des boutiques",
                 "des conseils pour économiser ma data", "les zones couvertes par la 5G"),
}  # fmt: skip
_OPENERS = ("", "Surtout ", "J'aimerais ", "Franchement, ", "Avant tout ", "")


def write_polls(folder: Path, seed: int = 42, respondents: int = 400) -> tuple[Path, Path]:
    """Write the poll and survey CSV files into ``folder``; returns their paths."""
    rng = random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    poll = folder / "sondage_reseaux.csv"
    with poll.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["question", "option", "percent", "total", "vague"])
        for wave, total, yes in _WAVES:
            w.writerow([POLL_QUESTION, "Oui", f"{yes:.2f}", total, wave])
            w.writerow([POLL_QUESTION, "Non", f"{100 - yes:.2f}", total, wave])
    survey = folder / "enquete_abonnes.csv"
    themes = list(_OPEN)
    with survey.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Recommanderiez-vous Volta Mobile ?",
                    "Pourquoi suivez-vous Volta Mobile sur les réseaux ?",
                    "Qu'attendez-vous de Volta Mobile sur les réseaux ?"])  # fmt: skip
        for _ in range(respondents):
            recommend = rng.choices(("Oui", "Non", "Ne sait pas"), (52, 31, 17))[0]
            follow = rng.choices(_FOLLOW, _FOLLOW_WEIGHTS)[0]
            theme = rng.choice(themes)
            answer = rng.choice(_OPENERS) + rng.choice(_OPEN[theme])
            if rng.random() < 0.3:
                other = rng.choice([t for t in themes if t != theme])
                answer += " et " + rng.choice(_OPEN[other])
            w.writerow([recommend, follow, answer[0].upper() + answer[1:] + "."])
    return poll, survey
