"""A fictional shop's accounts and public over three weeks, written as a CSV export and
imported into a real project (real store, real import, fast sentiment)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rumeur import config
from rumeur.config import Brand
from rumeur.workspace import Workspace

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
BRANDS = (
    Brand(id="brindille", name="Brindille", handles=("brindille", "brindille_aide"),
          own_accounts=("brindille", "brindille_aide")),
    Brand(id="cardamome", name="Cardamome", handles=("cardamome",),
          own_accounts=("cardamome",), competitor=True),
)  # fmt: skip


class Export:
    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.n = 0
        self.ids: dict[str, list[str]] = {}

    def add(self, tag: str, platform: str, author: str, when: datetime, text: str,
            reply_to: str = "", rating: str = "", likes: int = 0) -> str:  # fmt: skip
        self.n += 1
        ext = f"{platform[:2]}{self.n:05d}"
        self.rows.append({
            "id": ext, "platform": platform, "author": author,
            "date": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "text": text,
            "reply_to": reply_to, "rating": rating, "likes": str(likes),
        })  # fmt: skip
        self.ids.setdefault(tag, []).append(ext)
        return ext

    def write(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(self.rows[0]))
            w.writeheader()
            w.writerows(self.rows)


def scenario() -> Export:
    e = Export()
    h = timedelta(hours=1)
    # ordinary practice: one useful post a day on Facebook, a few likes
    for d in range(21):
        e.add("daily", "facebook", "brindille", T0 + timedelta(days=d, hours=2),
              f"Brindille vous explique : nos horaires d'ouverture changent le {d + 1} mars.",
              likes=20)  # fmt: skip
        e.add("cardamome_daily", "facebook", "cardamome", T0 + timedelta(days=d, hours=3),
              f"Cardamome : l'atelier de cuisine du jour n° {d}, inscriptions en boutique.",
              likes=15)  # fmt: skip
    # over-posting: days 10-12, ten promotions a day, engagement falls, people complain
    flood = []
    for d in (10, 11, 12):
        for k in range(10):
            flood.append(e.add("flood", "facebook", "brindille",
                               T0 + timedelta(days=d, hours=1 + k),
                               f"Brindille promo flash : -{10 + k} % avec le code FLASH{k} !",
                               likes=1))  # fmt: skip
    for k, text in enumerate(
        (
            "@brindille trop de pubs, vous saoulez",
            "@brindille arrêtez de spammer mon fil avec vos promos",
            "je vais me désabonner de @brindille, encore une pub",
        )
    ):
        e.add("overposting_complaint", "facebook", f"client_las{k}",
              T0 + timedelta(days=11, hours=4 + k), text, reply_to=flood[k * 7])  # fmt: skip
    # customer care: questions answered within the hour (solicited, answered)
    for k in range(6):
        q = e.add(
            "question",
            "twitter",
            f"cliente{k}",
            T0 + timedelta(days=3 + k, hours=5),
            f"@brindille_aide ma commande n° {k}4512 n'est pas arrivée, où en est-elle ?",
        )
        e.add("care_answer", "twitter", "brindille_aide",
              T0 + timedelta(days=3 + k, hours=5, minutes=20 + 5 * k),
              f"@cliente{k} Bonjour, elle part aujourd'hui, vous recevrez le suivi par mail.",
              reply_to=q)  # fmt: skip
    # a complaint answered with a move to private messages (fine on both counts)
    c = e.add(
        "complaint_dm",
        "twitter",
        "martin_r",
        T0 + timedelta(days=5, hours=9),
        "@brindille savon reçu cassé, c'est une honte",
    )
    e.add("care_dm", "twitter", "brindille_aide", T0 + timedelta(days=5, hours=10),
          "@martin_r Désolés ! Envoyez-nous votre numéro de commande en MP, on renvoie.",
          reply_to=c)  # fmt: skip
    # complaints nobody answers
    for k in range(6):
        e.add(
            "unanswered",
            "twitter",
            f"decu{k}",
            T0 + timedelta(days=14 + k, hours=8),
            f"@brindille toujours pas remboursée après {k + 2} semaines, inadmissible",
        )
    # someone who talked about the brand three days before a promotional reply: solicited
    e.add("talked", "twitter", "paul_v", T0 + timedelta(days=6),
          "Je cherche un savon doux, Brindille c'est bien ?")  # fmt: skip
    e.add(
        "warm_promo",
        "twitter",
        "brindille",
        T0 + timedelta(days=9),
        "@paul_v Oui ! Et -15 % avec le code DOUX15 cette semaine.",
    )
    # unsolicited promotional @-replies to people who never addressed the brand
    for k, who in enumerate(("ines_d", "theo_b", "lea_m", "sam_k")):
        e.add("cold", "twitter", "brindille", T0 + timedelta(days=15, hours=k),
              f"@{who} Découvrez notre nouvelle gamme : -20 % avec le code HELLO20 "
              "https://brindille.example/offre")  # fmt: skip
    # wall spam: the same offer under posts about the competitor
    for k in range(4):
        parent = e.add(
            "competitor_post",
            "twitter",
            f"fan_card{k}",
            T0 + timedelta(days=16, hours=k),
            "Cardamome, mon épicerie préférée !",
        )
        e.add("wall", "twitter", "brindille", T0 + timedelta(days=16, hours=k, minutes=30),
              "Essayez plutôt Brindille : -20 % avec le code HELLO20 https://brindille.example/o",
              reply_to=parent)  # fmt: skip
    # copy-paste: the same announcement on three networks, three times
    for k in range(3):
        text = (f"Brindille ouvre sa boutique n° {k + 2} à Lyon ! Venez nous voir "
                "#brindille #savon #lyon #artisanat #bio")  # fmt: skip
        for j, net in enumerate(("twitter", "facebook", "instagram")):
            e.add("cross", net, "brindille", T0 + timedelta(days=4 + 5 * k, minutes=j), text)
    # personal data: asked in public; and a customer's complaint about data use
    q = e.add(
        "ask_q",
        "twitter",
        "nora_t",
        T0 + timedelta(days=18),
        "@brindille_aide colis perdu, je fais quoi ?",
    )
    e.add("data_ask", "twitter", "brindille_aide", T0 + timedelta(days=18) + h,
          "@nora_t Envoyez-nous votre numéro de téléphone et votre adresse ici svp.",
          reply_to=q)  # fmt: skip
    e.add(
        "data_complaint",
        "twitter",
        "yann_p",
        T0 + timedelta(days=19),
        "@brindille pourquoi vous avez mon numéro ? Je n'ai jamais donné mon accord, RGPD",
    )
    # the care account reviewing its own brand
    e.add(
        "self_review",
        "reviews",
        "brindille_aide",
        T0 + timedelta(days=7),
        "Brindille, les meilleurs savons, je recommande !",
        rating="5",
    )
    return e


@pytest.fixture(scope="module")
def conduct_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Export]]:
    root = tmp_path_factory.mktemp("conduct")
    (root / config.CONFIG_NAME).write_text(config.template(name="Test", brands=BRANDS), "utf-8")
    export = scenario()
    export.write(root / "export.csv")
    with Workspace.open(root) as ws:
        ws.import_files([root / "export.csv"])
        ws.enrich(["language", "sentiment-fast"])
    ws = Workspace.open(root)
    yield ws, export
    ws.close()
