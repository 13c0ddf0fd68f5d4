"""Near-duplicate detection: normalisation, datasketch-identical signatures, LSH groups."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

from rumeur.audits.authenticity import neardup

TEXTS = [
    "Franchement le meilleur opérateur c'est @nexatelecom ! Réseau au top, SAV génial et "
    "prix canon 😍 #ToujoursPlusNexa https://t.co/x1",
    "FRANCHEMENT le meilleur operateur c'est @autre_compte !! Réseau au top, SAV génial et "
    "prix canon 👍👍 #ToujoursPlusNexa https://bit.ly/abc 2025",
    "Panne réseau à Lyon depuis 8h, aucune info du service client Volta",
    "",
    "Œuvre d'art : l'opérateur à 19,99 € par mois",
]


def test_normalise_drops_handles_links_numbers_emoji_and_folds_accents() -> None:
    w = neardup.normalise(TEXTS)
    assert w.of(0) == w.of(1)  # only handles, links, numbers, emoji and case differ
    assert w.of(0) == ["franchement", "meilleur", "operateur", "reseau", "top", "sav",
                       "genial", "prix", "canon", "toujoursplusnexa"]  # fmt: skip
    assert w.of(3) == []
    assert w.of(4) == ["oeuvre", "art", "operateur", "mois"]


def test_signatures_equal_datasketch_minhash_of_the_word_set() -> None:
    w = neardup.normalise(TEXTS)
    sig = neardup.signatures(w)
    for i in range(len(TEXTS)):
        if not w.of(i):
            continue
        m = MinHash(num_perm=neardup.NUM_PERM, seed=neardup.SEED)
        m.update_batch([x.encode("utf-8") for x in set(w.of(i))])
        assert np.array_equal(m.hashvalues, sig[i])


def test_groups_join_copies_and_leave_different_texts_apart() -> None:
    base = ("Incroyable l'offre fibre de Nexa installation en deux jours débit au top et "
            "service client aux petits soins je recommande")  # fmt: skip
    texts = [
        base,
        base + " 😍",
        base.replace("Incroyable", "Super"),
        TEXTS[2],
        "Ma box ne synchronise plus depuis la mise à jour, quelqu'un a une solution ?",
    ]
    w = neardup.normalise(texts)
    g = neardup.groups(neardup.signatures(w), np.ones(len(texts), bool), 0.6)
    assert g[0] == g[1] == g[2]
    assert len({g[0], g[3], g[4]}) == 3
    unusable = np.array([True, False, True, True, True])
    g2 = neardup.groups(neardup.signatures(w), unusable, 0.6)
    assert g2[1] == -1 and g2[0] == g2[2]


def test_lsh_params_are_datasketchs() -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=0.6, num_perm=neardup.NUM_PERM)
    assert neardup.lsh_params(0.6) == (lsh.b, lsh.r)
