"""Two more coordinated campaigns, each recorded with its ground truth in ``scene.events``
(the first, ``fake_praise``, is in :mod:`rumeur.demo.events`):

5. ``review_bomb``: an afternoon's burst of short, generic 1★ reviews of Volta Mobile on
   the review site, from one-off reviewers (a competitor's review bombing).
6. ``sockpuppet_ring``: six Mastodon accounts, a few months old, that praise Cerise Mobile
   for days and answer each other back and forth, with nobody else in the conversation.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from rumeur.demo.model import AVIS, MASTODON, Item
from rumeur.demo.phrases import ASPECTS
from rumeur.demo.scene import Scene

#: what a bomber writes: a word or two of generic anger, nothing about the service
BOMB_TEXTS: tuple[str, ...] = (
    "{B} nul.", "À fuir ! {B}", "{B} = arnaque totale.", "Zéro étoile si je pouvais, {B}.",
    "Fuyez {B}.", "Horrible opérateur que {B}.", "{B} : très déçu, à éviter.",
    "Catastrophique {B}.", "{B} nul nul nul.", "Pire opérateur de France, {B}.",
    "{B} une honte.", "Escroquerie {B}.", "N'allez pas chez {B}.",
)  # fmt: skip
BOMB_TITLES: tuple[str, ...] = ("Nul", "À éviter", "Honteux", "Arnaque", "")
#: a ring's answers to itself
RING_REPLIES: tuple[str, ...] = (
    "Tout à fait d'accord, {B} c'est le top 👍", "Pareil pour moi, jamais eu de souci avec {B}",
    "Carrément ! Le service client {B} est génial", "Je confirme, meilleur opérateur du moment",
    "Exactement ce que je dis à tout le monde !", "On est d'accord, {B} au top 🙌",
    "Moi aussi je suis passé chez {B}, aucun regret", "Trop vrai, le réseau {B} est parfait",
    "Je valide à 100 %, {B} c'est le bon choix", "+1, franchement {B} a tout compris",
)  # fmt: skip
_RING_NAMES = ("Lucie Mercier", "Antoine Roux", "Sabrina Lefort", "Julien Marchal",
               "Océane Dumas", "Romain Girard")  # fmt: skip


def _iso(t: object) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[attr-defined]


def review_bomb(sc: Scene, n: int) -> None:
    """``n`` one-line 1★ reviews of Volta Mobile from fresh one-off reviewers in 5 hours."""
    r, people = sc.rng, sc.people
    t0 = sc.at(0.21).astimezone(UTC).replace(hour=13, minute=5, second=0, microsecond=0)
    items, accounts = [], []
    names: set[str] = set()
    for _ in range(n):
        at = t0 + timedelta(minutes=r.uniform(0, 300))
        name = f"Client{r.randint(1000, 9999)}"
        while name in names:
            name = f"Client{r.randint(1000, 9999)}"
        names.add(name)
        p = people.add(f"avis_{name[6:]}", name, 0, "fake",
                       created=at - timedelta(days=r.uniform(0, 3)))  # fmt: skip
        p.statuses = 1
        accounts.append(p)
        text = " ".join(
            sc.comp.expand(t, "volta") for t in r.sample(BOMB_TEXTS, r.choice((1, 1, 2)))
        )
        it = Item(channel=AVIS, platform="reviews", created=at, author=p, text=text,
                  sentiment="neg", brands=("volta",), kind="review_bomb", event="review_bomb",
                  title=r.choice(BOMB_TITLES) or None, rating=1.0)  # fmt: skip
        items.append(sc.add(it))
    sc.events.append({
        "id": "review_bomb_volta", "type": "review_bomb", "brand": "volta",
        "start": _iso(min(i.created for i in items)), "end": _iso(max(i.created for i in items)),
        "cause": "Rafale d'avis 1★ courts et génériques contre Volta Mobile en un après-midi, "
                 "déposés par des comptes créés pour l'occasion qui ne publient qu'une fois",
        "accounts": [p.handle for p in accounts], "mentions": items,
    })  # fmt: skip


def sockpuppet_ring(sc: Scene, n: int) -> None:
    """Six accounts praising Cerise for days in short threads where two or three
    of them agree with each other, back and forth."""
    r, people, comp = sc.rng, sc.people, sc.comp
    t0 = sc.at(0.47).astimezone(UTC).replace(hour=9, minute=12, second=0, microsecond=0)
    ring = []
    for name in _RING_NAMES:
        handle = name.lower().replace(" ", "_").replace("é", "e")[:14] + str(r.randint(1, 9))
        p = people.add(handle, name, r.randint(40, 160), "fake",
                       created=t0 - timedelta(days=r.uniform(60, 150)))  # fmt: skip
        ring.append(p)
    items: list[Item] = []
    at = t0
    while len(items) < n:  # a thread: one praises, two or three others agree, back and forth
        at += timedelta(minutes=r.uniform(60, 900))
        who = r.choice(ring)
        text, label = comp.ordinary_post("cerise", "pos", r.choice(ASPECTS[:4]))
        last = sc.add(Item(channel=MASTODON, platform="mastodon", created=at, author=who,
                           text=text, sentiment=label, mood="pos" if label != "pos" else "",
                           brands=("cerise",), kind="sockpuppet",
                           event="sockpuppet_ring"))  # fmt: skip
        items.append(last)
        voices = [who, *r.sample([p for p in ring if p is not who], r.choice((1, 2)))]
        for k in range(min(n - len(items), r.randint(2, 4))):
            at += timedelta(minutes=r.uniform(3, 90))
            speaker = voices[(k + 1) % len(voices)]
            if speaker is last.author:
                speaker = voices[(k + 2) % len(voices)]
            last = sc.add(last.reply(created=at, author=speaker, text=comp.expand(
                r.choice(RING_REPLIES), "cerise"), sentiment="pos", brands=("cerise",),
                kind="sockpuppet", event="sockpuppet_ring"))  # fmt: skip
            items.append(last)
    sc.events.append({
        "id": "sockpuppet_ring_cerise", "type": "sockpuppet_ring", "brand": "cerise",
        "start": _iso(items[0].created), "end": _iso(items[-1].created),
        "cause": "Six comptes Mastodon de quelques mois qui vantent Cerise Mobile et se "
                 "répondent entre eux pendant des jours, sans personne d'autre",
        "accounts": [p.handle for p in ring], "mentions": items,
    })  # fmt: skip


__all__ = ["review_bomb", "sockpuppet_ring"]
