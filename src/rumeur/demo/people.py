"""The fictional population: ordinary users, influencers, journalists, news sites, brand
accounts and (created by :mod:`rumeur.demo.events`) fake accounts.

Follower counts are heavy-tailed (lognormal body, a handful of influencers between 50k
and 500k); every person gets stable per-platform identifiers (a Mastodon account id and
instance, a Bluesky DID and handle, an id for the listening-tool export).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

import numpy as np

from rumeur.demo.brands import NEWS_OUTLETS, VOICES

_FIRST = (
    "lucie",
    "kevin",
    "sophie",
    "mehdi",
    "amandine",
    "yann",
    "nadia",
    "bastien",
    "chloe",
    "karim",
    "elodie",
    "gaetan",
    "ines",
    "thibault",
    "morgane",
    "rachid",
    "pauline",
    "loic",
    "sandrine",
    "florian",
    "aurelie",
    "jeremy",
    "fatou",
    "quentin",
    "marion",
    "cedric",
    "lea",
    "youssef",
    "anais",
    "romain",
    "maelys",
    "gwen",
    "samia",
    "benoit",
    "oceane",
    "dylan",
    "clementine",
    "arnaud",
    "laetitia",
    "ibrahim",
    "solene",
    "maxime",
    "justine",
    "hugo",
    "emilie",
    "nicolas",
    "agathe",
    "sylvain",
    "melanie",
    "jonathan",
    "coralie",
    "erwan",
)
_LAST = (
    "martel",
    "lebrun",
    "caradec",
    "fontaine",
    "giraud",
    "le goff",
    "benali",
    "perrin",
    "roussel",
    "marchal",
    "delcourt",
    "bouvier",
    "tessier",
    "guillou",
    "renaud",
    "carre",
    "aubert",
    "lemaire",
    "morvan",
    "chauvin",
    "besson",
    "fabre",
    "hamidi",
    "leclerc",
    "barbier",
    "jacquet",
    "colin",
    "vasseur",
    "prigent",
    "mallet",
    "chevalier",
    "noel",
)
_NICK_A = (
    "ptite",
    "grand",
    "vieux",
    "super",
    "mister",
    "miss",
    "lady",
    "captain",
    "doc",
    "tonton",
    "tata",
    "papy",
    "le",
    "la",
    "team",
    "just",
)
_NICK_B = (
    "marmotte",
    "loup",
    "geek",
    "chouette",
    "panda",
    "breton",
    "lyonnais",
    "biker",
    "cuistot",
    "renard",
    "hibou",
    "mouette",
    "ch'ti",
    "marseillais",
    "jardinier",
    "gameuse",
    "rando",
    "prof",
    "infirmiere",
    "dev",
    "photographe",
    "musicos",
)
INSTANCES = (
    "mastodon.example",
    "piaille.example",
    "pouet.example",
    "toot-fr.example",
    "mamot.example",
)
_B32 = "abcdefghijklmnopqrstuvwxyz234567"


@dataclass(slots=True)
class Person:
    """One author, with what each platform shows about them."""

    idx: int
    handle: str  # lower-case, [a-z0-9_]
    name: str
    followers: int
    following: int
    statuses: int
    verified: bool
    created: datetime
    kind: str  # user, influencer, journalist, news, brand, care, fake
    brand: str | None = None
    note: str = ""
    instance: str = INSTANCES[0]
    masto_id: str = ""
    did: str = ""
    uid: str = ""
    weight: float = 1.0  # how much they post
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def bsky_handle(self) -> str:
        return self.handle.replace("_", "-").replace(".", "-") + ".bsky.social"


class People:
    """The population, indexed by handle."""

    def __init__(self, rng: random.Random, nrng: np.random.Generator, n_users: int) -> None:
        self.rng, self.nrng = rng, nrng
        self.all: list[Person] = []
        self.by_handle: dict[str, Person] = {}
        self._build_users(n_users)
        self._build_accounts()
        users = [p for p in self.all if p.kind in ("user", "influencer")]
        self.users = users
        self._cum = list(accumulate(p.weight for p in users))
        self.influencers = [p for p in self.all if p.kind == "influencer"]
        self.journalists = [p for p in self.all if p.kind in ("journalist", "news")]
        self.news = [p for p in self.all if p.kind == "news"]

    def add(
        self,
        handle: str,
        name: str,
        followers: int,
        kind: str,
        *,
        verified: bool = False,
        created: datetime | None = None,
        brand: str | None = None,
        note: str = "",
        weight: float = 1.0,
    ) -> Person:
        r = self.rng
        base = handle
        k = 2
        while handle in self.by_handle:
            handle = f"{base}{k}"
            k += 1
        created = created or datetime(2010, 1, 1, tzinfo=UTC) + timedelta(
            seconds=r.randint(0, 14 * 365 * 86400)
        )
        ms = int(created.timestamp() * 1000)
        p = Person(
            idx=len(self.all),
            handle=handle,
            name=name,
            followers=max(0, int(followers)),
            following=int(self.nrng.lognormal(5.2, 1.0)),
            statuses=int(self.nrng.lognormal(6, 1.5)),
            verified=verified,
            created=created,
            kind=kind,
            brand=brand,
            note=note,
            instance=r.choice(INSTANCES)
            if kind in ("user", "influencer", "fake")
            else INSTANCES[0],
            masto_id=str((ms << 16) | r.randint(0, 0xFFFF)),
            did="did:plc:" + "".join(r.choice(_B32) for _ in range(24)),
            uid=str(r.randint(10**9, 10**12)),
            weight=weight,
        )
        self.all.append(p)
        self.by_handle[handle] = p
        return p

    def _nick(self) -> tuple[str, str]:
        r = self.rng
        f, last = r.choice(_FIRST), r.choice(_LAST)
        style = r.random()
        if style < 0.3:
            h = f"{f}.{last.replace(' ', '')}" if r.random() < 0.5 else f"{f}_{last[:3]}"
            return h.replace(".", "_"), f"{f.capitalize()} {last.title()}"
        if style < 0.55:
            return f"{f}{r.randint(1, 99):02d}", f"{f.capitalize()} {last[0].upper()}."
        if style < 0.8:
            a, b = r.choice(_NICK_A), r.choice(_NICK_B)
            return f"{a}_{b}".replace("'", ""), f"{a.capitalize()} {b.capitalize()}"
        return f"{f}_{r.choice(_NICK_B)}".replace(
            "'", ""
        ), f"{f.capitalize()} {r.choice('🌻🎸📷🌊🐈⚽')}"

    def _build_users(self, n: int) -> None:
        r, nr = self.rng, self.nrng
        followers = nr.lognormal(4.6, 1.5, n)
        activity = nr.pareto(1.6, n) + 1.0
        for i in range(n):
            h, name = self._nick()
            self.add(
                h,
                name,
                min(followers[i], 40_000),
                "user",
                weight=float(activity[i]),
                verified=r.random() < 0.005,
            )
        for i in range(14):
            h, name = self._nick()
            fol = int(10 ** r.uniform(np.log10(50_000), np.log10(500_000)))
            topic = r.choice(("tech", "conso", "humour", "gaming", "lifestyle"))
            self.add(
                f"{h}_{topic}",
                name,
                fol,
                "influencer",
                verified=r.random() < 0.8,
                note=f"Créateur·ice de contenu {topic}",
                weight=3.0 + i % 3,
            )
        for _ in range(10):
            f, last = r.choice(_FIRST), r.choice(_LAST)
            self.add(
                f"{f}_{last.replace(' ', '')}_journo",
                f"{f.capitalize()} {last.title()}",
                int(10 ** r.uniform(3.6, 4.7)),
                "journalist",
                verified=r.random() < 0.6,
                note="Journaliste tech & conso",
            )

    def _build_accounts(self) -> None:
        for handle, name, fol in NEWS_OUTLETS:
            self.add(handle, name, fol, "news", verified=True, note="Site d'information")
        sizes = {"volta": (182_000, 26_000), "nexa": (241_000, 31_000), "cerise": (96_000, 12_500)}
        for bid, v in VOICES.items():
            created = datetime(2013, 3, 1, tzinfo=UTC) + timedelta(days=400 * len(self.all) % 900)
            main, care = sizes[bid]
            self.add(
                v.main,
                v.main_name,
                main,
                "brand",
                verified=True,
                created=created,
                brand=bid,
                note=f"Compte officiel {v.main_name}. Aide : @{v.care}",
            )
            self.add(
                v.care,
                v.care_name,
                care,
                "care",
                verified=True,
                created=created,
                brand=bid,
                note=f"Service client de {v.main_name}, 7j/7",
            )

    def account(self, brand: str, care: bool = False) -> Person:
        v = VOICES[brand]
        return self.by_handle[v.care if care else v.main]

    def pick_user(self) -> Person:
        return self.rng.choices(self.users, cum_weights=self._cum)[0]
