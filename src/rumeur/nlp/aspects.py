"""Aspect-level opinion: for each aspect a text mentions, positive / negative / mixed /
no_opinion. See ``rumeur/models/aspects.md`` for figures and limits.

Output of :meth:`AspectModel.predict`: ``{"aspects": {aspect: label}}`` with only the
aspects the text mentions (an aspect mentioned without an opinion is ``"no_opinion"``;
an aspect absent from the dict is not mentioned).

How: the text is cut into clauses (sentences, then ``mais``/``par contre``/commas...).
An aspect is *mentioned* when one of its cue stems (:data:`CUES`) occurs; each clause that
mentions it gets the fast tier's sentiment (positive / negative when that class has
probability ≥ 0.5 or leads the other by ≥ 0.15, else none; a clause without an opinion
falls back to its whole sentence).
The aspect's label: only positive clauses → positive, only negative → negative, both →
mixed, none → no_opinion. For price, service and quality, a classifier trained on
TripAdvisor reviews (``aspects-ngram.npz``) decides when it is confident (≥ 0.7) and the
text mentions the aspect or the classifier is very confident (≥ 0.9).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rumeur.nlp.features import flat_forms, token_lists

if TYPE_CHECKING:
    from rumeur.nlp.sentiment import FastSentiment

ASPECTS = (
    "price",
    "quality",
    "service",
    "delivery",
    "website",
    "trust",
    "privacy",
    "intrusiveness",
)
ASPECT_LABELS = ("positive", "negative", "mixed", "no_opinion")
TRAINED = ("price", "service", "quality")
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

#: cue stems (accent-free, matched at a word start on the canonical text)
CUES: dict[str, tuple[str, ...]] = {
    "price": (
        "prix",
        "cher",
        "chere",
        "tarif",
        "cout",
        "coute",
        "factur",
        "euro",
        "€",
        "frais",
        "promo",
        "remise",
        "reduction",
        "rapport qualite",
        "addition",
        "gratuit",
        "abordable",
        "onereu",
        "hors de prix",
        "augment",
        "paye",
        "payer",
        "forfait a",
        "economi",
        "rembours",
    ),
    "quality": (
        "qualite",
        "produit",
        "fabrication",
        "solide",
        "fragile",
        "cass",
        "panne",
        "defectu",
        "fonctionne",
        "marche",
        "resist",
        "durable",
        "plat",
        "cuisine",
        "repas",
        "nourriture",
        "gout",
        "delicieu",
        "debit",
        "reseau",
        "connexion",
        "couverture",
        "coupure",
        "materiel",
        "appareil",
        "telephone",
        "box",
        "abim",
        "plante",
        "bon produit",
        "finition",
        "mets",
        "dessert",
    ),
    "service": (
        "service",
        "sav",
        "conseill",
        "accueil",
        "personnel",
        "serveu",
        "vendeu",
        "hotline",
        "support",
        "assistance",
        "equipe",
        "staff",
        "repond",
        "reponse",
        "technicien",
        "agent",
        "interlocut",
        "patron",
        "standard",
        "joignable",
        "attente",
        "raccroch",
        "aimable",
        "souriant",
    ),
    "delivery": (
        "livr",
        "colis",
        "expedi",
        "reception",
        "suivi de commande",
        "transporteur",
        "point relais",
        "frais de port",
        "envoi",
        "acheminement",
        "recu ma commande",
        "jamais recu",
        "arrive",
    ),
    "website": (
        "site",
        "appli",
        "application",
        "app",
        "espace client",
        "en ligne",
        "interface",
        "mise a jour",
        "bug",
        "beug",
        "mot de passe",
        "identifiant",
        "page",
        "navigation",
        "ergonom",
        "telecharg",
    ),
    "trust": (
        "cgv",
        "cgu",
        "conditions generales",
        "conditions d'utilisation",
        "mentions legales",
        "contrat",
        "clause",
        "engagement",
        "resili",
        "petites lignes",
        "confiance",
        "arnaqu",
        "transparen",
        "honnete",
        "escro",
        "frais caches",
        "garantie",
        "promesse",
        "mensong",
        "trompe",
        "malhonnete",
        "fiable",
        "serieu",
    ),
    "privacy": (
        "donnees",
        "vie privee",
        "rgpd",
        "cookie",
        "confidentialite",
        "revend",
        "partage de mes",
        "tracking",
        "traqu",
        "geolocalis",
        "consentement",
        "fichier client",
        "pirat",
        "fuite",
        "espionn",
        "surveill",
        "mes infos",
        "informations personnelles",
        "coordonnees",
    ),
    "intrusiveness": (
        "pub",
        "publicite",
        "spam",
        "newsletter",
        "harcel",
        "demarch",
        "appels",
        "sms",
        "mails",
        "e-mails",
        "notification",
        "relanc",
        "sollicit",
        "intrusi",
        "trop de messages",
        "desabonn",
        "desinscri",
        "matraqu",
        "inond",
        "envahi",
        "message",
    ),
}
_CUE_RE = {
    a: re.compile(r"(?<![\w])(" + "|".join(re.escape(c) for c in cues) + r")")
    for a, cues in CUES.items()
}
_SENTENCES = re.compile(r"(?<=[.!?;…])\s+|\n+")
_CLAUSES = re.compile(r"\s(?:mais|par contre|en revanche|cependant|pourtant|sauf)\s|,\s")
_OPINION = 0.5
_LEAN = 0.15


def mentions(text: str) -> dict[str, bool]:
    """Which aspects ``text`` mentions (cue stems on the canonical, accent-free text)."""
    flat = flat_forms([text])[0]
    return {a: bool(rx.search(flat)) for a, rx in _CUE_RE.items()}


def _polarity(p: np.ndarray) -> str | None:
    """Opinion of a clause: a class with P ≥ 0.5, else a lean of ≥ 0.15 between
    P(positive) and P(negative) (short complaints often score as partly neutral)."""
    if p[2] >= _OPINION and p[2] > p[0]:
        return "positive"
    if p[0] >= _OPINION:
        return "negative"
    if abs(p[2] - p[0]) >= _LEAN:
        return "positive" if p[2] > p[0] else "negative"
    return None


def _combine(pols: list[str | None]) -> str:
    found = {p for p in pols if p}
    if found == {"positive", "negative"}:
        return "mixed"
    return found.pop() if found else "no_opinion"


class AspectModel:
    """``predict(texts)`` → ``[{"aspects": {"price": "negative", ...}}, ...]``."""

    name = "aspects"
    version = "1.0.8"
    languages = ("fr",)

    def __init__(
        self, sentiment: FastSentiment, path: Path = MODELS_DIR / "aspects-ngram.npz"
    ) -> None:
        from rumeur.nlp.fast import NgramModel

        self.sentiment = sentiment
        self.trained = {}
        if path.exists():
            with np.load(path, allow_pickle=False) as z:
                names = z["aspects"].tolist()
            for name in names:
                self.trained[name] = NgramModel.load(path.with_name(f"aspects-{name}.npz"))

    def rule_labels(self, texts: Sequence[str]) -> list[dict[str, str]]:
        """Cue detection + clause sentiment, for every aspect."""
        out: list[dict[str, str]] = [{} for _ in texts]
        owners: list[tuple[int, int]] = []  # each clause's (text, sentence)
        clauses: list[str] = []
        sentences: list[str] = []
        for i, text in enumerate(texts):
            for sentence in filter(None, (s.strip() for s in _SENTENCES.split(text))):
                sentences.append(sentence)
                for clause in filter(None, (c.strip() for c in _CLAUSES.split(sentence))):
                    owners.append((i, len(sentences) - 1))
                    clauses.append(clause)
        if not clauses:
            return out
        flats = flat_forms(clauses)  # one pass over the batch, not one per clause
        c_proba = self.sentiment.predict_proba(clauses)
        s_proba = self.sentiment.predict_proba(sentences)
        found: dict[tuple[int, str], list[str | None]] = {}
        for (i, s), flat, p in zip(owners, flats, c_proba, strict=True):
            for aspect, rx in _CUE_RE.items():
                if rx.search(flat):
                    pol = _polarity(p) or _polarity(s_proba[s])
                    found.setdefault((i, aspect), []).append(pol)
        for (i, aspect), pols in found.items():
            out[i][aspect] = _combine(pols)
        return out

    def predict(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        texts = list(texts)
        rules = self.rule_labels(texts)
        toks = token_lists(texts) if self.trained else []  # shared by the trained models
        for aspect, model in self.trained.items():
            proba = model.predict_proba(texts, toks)
            for labels, p in zip(rules, proba, strict=True):
                k = int(np.argmax(p))
                label = model.classes[k]
                if label == "no_opinion" or p[k] < 0.7:
                    continue
                if aspect in labels or p[k] >= 0.9:
                    labels[aspect] = label
        return [{"aspects": {a: r[a] for a in ASPECTS if a in r}} for r in rules]


def evaluate_aspects(model: AspectModel, path: Any = None) -> dict[str, dict[str, float]]:
    """Per-aspect figures on ``aspects_val_fr.jsonl`` (see :func:`aspect_figures`)."""
    from rumeur.nlp.evaluate import HERE, read_jsonl

    rows = read_jsonl(path or HERE / "aspects_val_fr.jsonl")
    preds = model.predict([r["text"] for r in rows])
    return aspect_figures([r["aspects"] for r in rows], [p["aspects"] for p in preds], ASPECTS)


def aspect_figures(
    gold: Sequence[dict[str, str]], pred: Sequence[dict[str, str]], aspects: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Per aspect: detection F1 (aspect has an opinion in gold vs prediction), polarity
    accuracy on the texts where both have an opinion, and 4-class macro-F1."""
    from rumeur.nlp.metrics import macro_f1

    out = {}
    for a in aspects:
        g = np.array([ASPECT_LABELS.index(x.get(a, "no_opinion")) for x in gold])
        p = np.array([ASPECT_LABELS.index(x.get(a, "no_opinion")) for x in pred])
        gd, pd = g != 3, p != 3
        tp = float(np.sum(gd & pd))
        det = 2 * tp / (gd.sum() + pd.sum()) if gd.sum() + pd.sum() else 0.0
        both = gd & pd
        present = [k for k in range(4) if (g == k).any()]
        out[a] = {
            "detect_f1": float(det),
            "polarity_acc": float(np.mean(g[both] == p[both])) if both.any() else 0.0,
            "macro_f1": macro_f1(g, p, present),
            "support": int(gd.sum()),
        }
    return out
