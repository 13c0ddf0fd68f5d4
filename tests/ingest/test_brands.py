"""Brand matching (rumeur.ingest.brands): the forms a brand takes in French posts, run
through the same DuckDB expression as the import. The handle and hashtag do not contain
the brand's name, so the pre-scan for bare terms must list them too."""

from __future__ import annotations

import pytest

from rumeur.config import Brand
from rumeur.ingest.brands import BrandMatcher

BRANDS = (
    Brand(
        id="serenis",
        name="Sérénis",
        aliases=("Serenis Mobile",),
        handles=("sav_srns",),
        hashtags=("LigneCoupée",),
        own_accounts=("serenis_officiel",),
    ),
    Brand(id="cerise", name="Cerise", exclude=("tarte à la cerise", "cerise sur le gâteau")),
    Brand(id="oeuvre", name="Œuvre Box", competitor=True),
)

CASES = [
    ("Sérénis a encore coupé ma ligne", None, ["serenis"]),
    ("SERENIS!!! rendez-moi mon forfait", None, ["serenis"]),
    ("chez serenis c'est la cata", None, ["serenis"]),
    ("j'ai quitté l'Serenis hier", None, ["serenis"]),
    ("un moment sérénissime", None, []),  # not a whole word
    ("serenis-mobile ou serenis_mobile, même combat", None, ["serenis"]),
    ("@SAV_srns vous répondez quand ?", None, ["serenis"]),
    ("@sav_srnsx n'est pas leur compte", None, []),
    ("#SerenisEnPanne depuis ce matin", None, ["serenis"]),  # hashtag starting with the name
    ("#lignecoupee, #LigneCoupée : trois jours sans réseau", None, ["serenis"]),
    ("une ligne coupée", None, []),
    ("Nouvelle offre en boutique", "serenis_officiel", ["serenis"]),  # own account
    ("Nouvelle offre en boutique", "@Serenis_Officiel", ["serenis"]),
    ("une tarte à la cerise, miam", None, []),  # exclusion phrase only
    ("Tarte à la Cerise mais Cerise m'a facturé deux fois", None, ["cerise"]),
    ("et la cerise sur le gâteau : plus de réseau", None, []),
    ("Cerise et Sérénis, même combat", None, ["serenis", "cerise"]),
    ("la box Oeuvre Box est lente, œuvre box surtout", None, ["oeuvre"]),
    ("l'œuvre complète de Zola", None, []),
    ("", None, []),
]


@pytest.fixture(scope="module")
def matcher() -> BrandMatcher:
    return BrandMatcher(BRANDS)


def test_brand_forms_in_french_posts(matcher: BrandMatcher) -> None:
    texts = [t for t, _, _ in CASES]
    handles = [h for _, h, _ in CASES]
    found = matcher.match(texts, handles)
    for (text, handle, expected), got in zip(CASES, found, strict=True):
        assert sorted(got) == sorted(expected), (text, handle)


def test_no_brand_configured_matches_nothing() -> None:
    assert BrandMatcher(()).match(["Sérénis", "Cerise"]) == [[], []]
