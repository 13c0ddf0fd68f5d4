from __future__ import annotations

import math
from collections import Counter

import pytest

from rumeur.analytics import frame
from rumeur.analytics.motivation import MOTIVATIONS, classify, cross_validate, gap, load_examples


def test_labelled_set_is_large_and_balanced() -> None:
    ex = load_examples()
    assert len(ex) >= 300
    counts = Counter(e["label"] for e in ex)
    assert set(counts) == set(MOTIVATIONS) and min(counts.values()) >= 45
    assert len({e["text"] for e in ex}) == len(ex)  # no duplicates leaking across folds


def test_cross_validated_accuracy_beats_baselines() -> None:
    r = cross_validate(folds=5, seed=0)
    assert r["accuracy"]["value"] >= 0.65
    assert r["accuracy"]["value"] > r["rules_only_accuracy"] > r["majority_accuracy"]
    assert r["macro_f1"] >= 0.6


def test_classify_clear_cases() -> None:
    got = [m for m, _ in classify([
        "Code promo HIVER : -25 % sur tout le site jusqu'à dimanche",
        "Mon colis n'est jamais arrivé et personne ne répond, remboursez-moi",
        "Vous êtes ouverts le lundi de Pâques ?",
    ])]  # fmt: skip
    assert got == ["promotions", "care", "practical"]


def test_gap_offer_vs_demand(store) -> None:  # type: ignore[no-untyped-def]
    from tests.analytics.conftest import add_mention

    promos = [
        "-20 % sur tout avec le code AUTOMNE",
        "Soldes : jusqu'à -50 % ce week-end",
        "Offre flash : livraison offerte aujourd'hui",
        "Code promo NOEL : 15 % de remise",
    ]
    for i, t in enumerate(promos):
        add_mention(store, f"b{i}", text=t, is_own_account=True, likes=10 * (i + 1))
    asks = ["Quels sont vos horaires le dimanche ?", "Comment télécharger ma facture ?",
            "Vous êtes ouverts le 1er mai ?", "Il y a un code promo en ce moment ?"]  # fmt: skip
    for i, t in enumerate(asks):
        add_mention(store, f"a{i}", text=t)
    rows = frame.load(store, frame.Scope(include_own=True), with_text=True).rows
    g = {x.motivation: x for x in gap(rows)}
    assert g["promotions"].brand_posts == 4 and g["promotions"].brand_share.value == 1.0
    assert g["practical"].audience_messages == 3 and g["practical"].brand_posts == 0
    assert g["practical"].gap.value == pytest.approx(0.75) and g["practical"].gap.lo > 0
    assert g["promotions"].engagement.value == pytest.approx(25.0)
    assert g["practical"].audience_engagement.n == 3
    assert math.isnan(g["exclusive"].engagement.value)
