"""Motivations: why people follow a brand, and whether the brand gives them that.

Classes (from the articles: people follow brands for promotions 48%, practical
information 27%, exclusive information 21%, direct exchange 16%; plus customer care and
other): ``promotions``, ``practical``, ``exclusive``, ``exchange``, ``care``, ``other``.

The classifier is small and ships in the package (``models/motivation.npz``, see
:mod:`rumeur.analytics.motivation_model`): TF-IDF on words (1–2 grams) and characters
(2–5 grams, robust to typos and inflection) plus hand-written French cue lexicons as
extra features, with a logistic regression trained once (seeded) by
``python -m rumeur.analytics.motivation_model`` on ``data/motivation_fr.jsonl``
(fictional French messages, brand posts and audience messages, labelled by hand).
Nothing is fitted or downloaded at run time, so the same texts always get the same
labels. Accuracy is measured by stratified 5-fold cross-validation
(:func:`cross_validate`; see docs/analytics.md).

:func:`gap` compares what the brand posts (its own accounts) with what its audience asks
for, and the engagement (likes + shares + replies) each motivation earns, on the brand's
posts and on the audience's messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from rumeur.analytics import motivation_model
from rumeur.analytics.stats import Estimate, cluster_bootstrap_ratios, difference, proportion
from rumeur.analytics.text import fold

MOTIVATIONS = ("promotions", "practical", "exclusive", "exchange", "care", "other")

_CUES = {
    "promotions": r"promo|reduc|remise|solde|%|offert|gratuit|concours|gagne|code|bon plan|"
    r"prix barre|moitie prix|black friday|vente[s]? privee|fidelit|parrain|rembourse.*achat",
    "practical": r"horaire|ouvert|ferme|comment (on|faire|suivre)|tuto|procedure|mise a jour|"
    r"travaux|greve|retrait|point relais|guide|conseil|facture|adresse|parking|livrez",
    "exclusive": r"exclusi|avant-premiere|en premier|avant tout le monde|coulisse|teaser|"
    r"devoil|prototype|edition limitee|acces anticipe|primeur|inedit|annonce",
    "exchange": r"\?$|votez|dites-nous|commentaire|sondage|partagez|taguez|racontez|votre avis|"
    r"merci .*(abonne|communaute)|bravo|anniversaire|prefer",
    "care": r"desole|excuse|rembourse|panne|colis|commande|attente|reclamation|bloque|"
    r"sav|service client|technicien|factur|resili|annule|defectu|mp|message prive|probleme",
}
_CUES_RE = {k: re.compile(v) for k, v in _CUES.items()}


def load_examples() -> list[dict[str, str]]:
    """The shipped labelled set: dicts with text, label, source (brand/audience)."""
    path = resources.files("rumeur.analytics") / "data" / "motivation_fr.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def cue_features(texts: Sequence[str]) -> Any:
    """Cue-lexicon hits of already folded texts (see :func:`fold`)."""
    from scipy.sparse import csr_matrix

    rows = [[1.0 if rx.search(t) else 0.0 for rx in _CUES_RE.values()] for t in texts]
    return csr_matrix(np.asarray(rows))


def classify(texts: Sequence[str]) -> list[tuple[str, float]]:
    """(motivation, probability) for each text."""
    if not texts:
        return []
    model = motivation_model.load()
    proba = model.predict_proba([fold(t) for t in texts])
    classes = model.classes
    return [(str(classes[i]), float(p[i])) for p, i in zip(proba, proba.argmax(1), strict=True)]


def cross_validate(folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Stratified k-fold accuracy and macro-F1 on the shipped set (held-out folds), with a
    majority-class baseline and the cue lexicons alone for comparison."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    ex = load_examples()
    x, y = [fold(e["text"]) for e in ex], np.array([e["label"] for e in ex])
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    pred = cross_val_predict(motivation_model.pipeline(seed), x, y, cv=cv)
    cues = cue_features(x).toarray()
    names = list(_CUES)
    rule_pred = np.array([names[int(r.argmax())] if r.any() else "other" for r in cues])
    majority = max(set(y.tolist()), key=y.tolist().count)
    return {
        "n": len(y),
        "folds": folds,
        "accuracy": proportion(int((pred == y).sum()), len(y)).to_dict(),
        "macro_f1": float(f1_score(y, pred, average="macro")),
        "per_class_f1": dict(zip(MOTIVATIONS, f1_score(y, pred, average=None,
                                                       labels=list(MOTIVATIONS)).tolist(),
                                 strict=True)),
        "rules_only_accuracy": float(accuracy_score(y, rule_pred)),
        "majority_accuracy": float((y == majority).mean()),
    }  # fmt: skip


@dataclass(slots=True)
class MotivationGap:
    motivation: str
    brand_posts: int
    brand_share: Estimate
    audience_messages: int
    audience_share: Estimate
    #: audience share − brand share (> 0: asked for more than offered)
    gap: Estimate
    #: mean engagement (likes + shares + replies) of the brand's posts of this motivation
    engagement: Estimate
    #: mean engagement of the audience's messages of this motivation
    audience_engagement: Estimate
    mention_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "motivation": self.motivation, "brand_posts": self.brand_posts,
            "brand_share": self.brand_share.to_dict(),
            "audience_messages": self.audience_messages,
            "audience_share": self.audience_share.to_dict(), "gap": self.gap.to_dict(),
            "engagement": self.engagement.to_dict(),
            "audience_engagement": self.audience_engagement.to_dict(),
            "mention_ids": self.mention_ids,
        }  # fmt: skip


def _mean_engagement(
    items: list[tuple[dict[str, Any], str]], m: str, seed: int, n_boot: int
) -> Estimate:
    """Mean engagement of the messages labelled ``m`` (bootstrap over authors)."""
    nan = float("nan")
    mine = [r for r, lab in items if lab == m]
    if not mine:
        return Estimate(nan, nan, nan, 0, "bootstrap")
    num = [float(r["engagement"]) for r in mine]
    authors = [r.get("author") or r["mention_id"] for r in mine]
    return cluster_bootstrap_ratios({m: num}, [1.0] * len(mine), authors, n_boot=n_boot,
                                    seed=seed)[m]  # fmt: skip


def gap(
    rows: Sequence[dict[str, Any]], *, seed: int = 0, n_boot: int = 1000
) -> list[MotivationGap]:
    """Offer vs demand per motivation. ``rows`` need text, is_own_account, engagement and
    mention_id; one row per mention (duplicates by brand are collapsed)."""
    uniq = list({r["mention_id"]: r for r in rows}.values())
    labels = [m for m, _ in classify([f"{r.get('title') or ''} {r['text'] or ''}" for r in uniq])]
    own = [(r, m) for r, m in zip(uniq, labels, strict=True) if r["is_own_account"]]
    aud = [(r, m) for r, m in zip(uniq, labels, strict=True) if not r["is_own_account"]]
    out = []
    for m in MOTIVATIONS:
        kb = sum(1 for _, lab in own if lab == m)
        ka = sum(1 for _, lab in aud if lab == m)
        out.append(
            MotivationGap(
                motivation=m, brand_posts=kb, brand_share=proportion(kb, len(own)),
                audience_messages=ka, audience_share=proportion(ka, len(aud)),
                gap=difference(ka, len(aud), kb, len(own)),
                engagement=_mean_engagement(own, m, seed, n_boot),
                audience_engagement=_mean_engagement(aud, m, seed, n_boot),
                mention_ids=[r["mention_id"] for r, lab in own + aud if lab == m][:50],
            )
        )  # fmt: skip
    return out


__all__ = ["MOTIVATIONS", "MotivationGap", "classify", "cross_validate", "gap", "load_examples"]
