"""Synthetic traffic with injected campaigns, to measure the authenticity audit.

:func:`scenario` builds plain mention rows (the keys :class:`~.items.Items` reads) and
their ground truth: ``background`` (ordinary posts, reviews and conversations from the
demo's phrase banks, people sharing the same news headline with its link, a brand
contest where real customers post the same entry), ``organic`` (a real bad buzz: many
genuine accounts complaining, replying and sharing, 1★ reviews included) and one label
per injected campaign style:

``copy_paste``       one text pasted by fresh accounts within hours (emoji, @ and links vary)
``paraphrase``       spun texts (synonyms per slot, as astroturfing kits do) within a day
``spread``           spun texts from aged, bought-looking accounts, spread over ten days
``mixed``            spun praise posted among real customers praising the same launch
``review_bomb``      a burst of short generic 1★ reviews of a competitor
``sockpuppet_ring``  a handful of accounts praising the brand and replying to each other

Accounts carry ``author_created_at`` (social platforms give it; 70 % of review-site
reviewers do not) and followers. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.demo import scripted_phrases as sp
from rumeur.demo.compose import Composer
from rumeur.demo.event_phrases import USER_REPLIES
from rumeur.demo.phrases import ASPECT_WEIGHTS, ASPECTS

STYLES = ("copy_paste", "paraphrase", "spread", "mixed", "review_bomb", "sockpuppet_ring")
BRANDS = ("volta", "nexa", "cerise")
_SOCIAL = ("twitter", "mastodon", "bluesky", "facebook", "instagram")
END = datetime(2025, 10, 31, tzinfo=UTC)

#: spun praise: one alternative per slot (not the demo's own skeleton)
_SPIN: tuple[tuple[str, ...], ...] = (
    ("Passé chez {B} il y a peu", "Je viens de passer chez {B}", "Nouveau client {B}",
     "Depuis que je suis chez {B}", "Client {B} depuis peu"),
    ("et franchement", "et honnêtement", "et sincèrement", "et vraiment", "et clairement"),
    ("aucun regret", "que du bonheur", "rien à redire", "zéro souci", "le jour et la nuit"),
    ("la 5G est ultra rapide", "le débit est dingue", "la connexion est parfaite",
     "le réseau ne coupe jamais"),
    ("le service client répond en deux minutes", "les conseillers sont adorables",
     "le SAV est hyper réactif", "l'assistance est au top"),
    ("et le forfait est moins cher qu'ailleurs", "pour un prix imbattable",
     "et les tarifs sont canon", "avec une offre vraiment généreuse"),
    ("Je recommande à tous", "Foncez les yeux fermés", "Meilleur choix de l'année",
     "Je le conseille à toute ma famille"),
    ("😍", "👍", "🙌", "💯", "🔥", "", ""),
)  # fmt: skip
_COPY = ("Incroyable l'offre fibre de {B} : installation en 48h, débit au top et service "
         "client aux petits soins, je recommande à 200 % !")  # fmt: skip
_BOMB = ("Nul.", "À fuir !", "Arnaque totale", "Zéro étoile si je pouvais", "Service nul, fuyez",
         "Horrible opérateur", "Très déçu, à éviter", "Catastrophique", "Nul nul nul",
         "Fuyez cet opérateur", "Pire opérateur", "Une honte")  # fmt: skip
_RING = (
    "Tout à fait d'accord, {B} c'est le top 👍", "Pareil pour moi, jamais eu de souci avec {B}",
    "Carrément ! Le service client {B} est génial", "Je confirme, meilleur opérateur",
    "Exactement ce que je dis à tout le monde", "On est d'accord, {B} au top 🙌",
    "Moi aussi je suis passé chez {B}, aucun regret", "Trop vrai, le réseau {B} est parfait",
)  # fmt: skip
_NEWS_SITES = ("lemonde-fictif.fr", "leparisien-fictif.fr", "numerama-fictif.fr",
               "01net-fictif.com", "ouest-fictif.fr")  # fmt: skip


@dataclass
class Scenario:
    rows: list[dict[str, Any]] = field(default_factory=list)
    truth: dict[str, str] = field(default_factory=dict)  # mention_id -> label


class _World:
    def __init__(self, seed: int, days: int) -> None:
        self.r = random.Random(seed)
        self.comp = Composer(random.Random(seed + 1))
        self.start = END - timedelta(days=days)
        self.days = days
        self.sc = Scenario()
        self.n = 0
        self.pool: list[dict[str, Any]] = []

    def account(self, kind: str = "genuine", platform: str | None = None,
                at: datetime | None = None) -> dict[str, Any]:  # fmt: skip
        r = self.r
        self.n += 1
        at = at or self.start
        if kind == "genuine":
            age, fol = r.lognormvariate(6.8, 0.9), int(r.lognormvariate(5.0, 1.6))
            age = max(age, 2.0)
        elif kind == "fresh":
            age, fol = r.uniform(1, 20), r.randint(0, 15)
        else:  # aged: bought or farmed accounts
            age, fol = r.uniform(60, 200), r.randint(20, 180)
        return {"id": f"u{self.n}", "handle": f"{kind[:1]}{self.n:06d}",
                "platform": platform or r.choice(_SOCIAL), "followers": fol,
                "created": at - timedelta(days=age)}  # fmt: skip

    def post(self, acc: dict[str, Any], at: datetime, text: str, brand: str, label: str,
             **extra: Any) -> dict[str, Any]:  # fmt: skip
        mid = f"m{len(self.sc.rows):07d}"
        row = {"mention_id": mid, "external_id": f"x{len(self.sc.rows)}",
               "platform": acc["platform"], "author_id": acc["id"],
               "author_handle": acc["handle"], "author_followers": acc["followers"],
               "author_created_at": acc["created"], "text": text, "created_at": at,
               "brands": [brand], "rating": None, "parent_author": None, "title": None}  # fmt: skip
        row.update(extra)
        self.sc.rows.append(row)
        self.sc.truth[mid] = label
        return row

    def when(self) -> datetime:
        r = self.r
        day = r.randrange(self.days)
        hour = r.choices(range(24), [1, 1, 1, 1, 1, 2, 4, 6, 8, 8, 7, 7, 8, 8, 7, 7, 7, 8, 9,
                                     10, 10, 9, 6, 3])[0]  # fmt: skip
        return self.start + timedelta(days=day, hours=hour, seconds=r.uniform(0, 3600))

    def spin(self, brand: str) -> str:
        parts = [self.r.choice(slot) for slot in _SPIN]
        text = f"{parts[0]} {parts[1]} {parts[2]} : {parts[3]}, {parts[4]} {parts[5]}. {parts[6]} "
        return self.comp.expand(text + parts[7], brand).strip()


def _background(w: _World, n: int) -> None:
    r, comp = w.r, w.comp
    w.pool = [w.account() for _ in range(max(50, n // 3))]
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(w.pool))]
    recent: list[dict[str, Any]] = []
    made = 0
    while made < n:
        brand = r.choices(BRANDS, (0.45, 0.3, 0.25))[0]
        sent = r.choices(("pos", "neu", "neg"), (0.3, 0.45, 0.25))[0]
        aspect = r.choices(ASPECTS, ASPECT_WEIGHTS)[0]
        at = w.when()
        if r.random() < 0.15:  # a review-site review, mostly from one-off reviewers
            acc = w.account(platform="reviews", at=at)
            if r.random() < 0.7:
                acc["created"] = None
            acc["followers"] = None
            title, body, rating = comp.review(brand, sent, aspect)
            w.post(acc, at, body, brand, "background", rating=rating, title=title)
            made += 1
            continue
        acc = r.choices(w.pool, weights)[0]
        if recent and r.random() < 0.25:  # a reply, sometimes answered back
            parent = r.choice(recent[-300:])
            at = parent["created_at"] + timedelta(minutes=r.uniform(1, 240))
            row = w.post(acc | {"platform": parent["platform"]}, at,
                         comp.ordinary(brand, sent, aspect), brand, "background",
                         parent_author=parent["author_id"])  # fmt: skip
            made += 1
            if r.random() < 0.3:
                back = (
                    next(a for a in w.pool if a["id"] == parent["author_id"])
                    if parent["author_id"].startswith("u")
                    else acc
                )
                w.post(back | {"platform": parent["platform"]},
                       at + timedelta(minutes=r.uniform(1, 120)),
                       comp.expand(r.choice(USER_REPLIES["pos" if sent == "pos" else "neg"]),
                                   brand), brand, "background",
                       parent_author=row["author_id"])  # fmt: skip
                made += 1
            continue
        row = w.post(acc, at, comp.ordinary(brand, sent, aspect), brand, "background")
        recent.append(row)
        made += 1
    # people sharing the same headline with its link, over a few hours
    for _ in range(max(2, w.days // 4)):
        brand = r.choice(BRANDS)
        at = w.when()
        title = comp.expand(r.choice(sp.NEWS_TITLES), brand)
        link = f"https://www.{r.choice(_NEWS_SITES)}/eco/{r.randrange(10**6)}.html"
        for _ in range(r.randint(5, 40)):
            acc = r.choices(w.pool, weights)[0]
            w.post(acc, at + timedelta(minutes=r.expovariate(1 / 90)), f"{title} {link}", brand,
                   "background")  # fmt: skip
    # a brand contest: real customers post the same entry
    for brand in BRANDS:
        at = w.when()
        tag = {"volta": "VoltaMobile", "nexa": "NexaTelecom", "cerise": "CeriseMobile"}[brand]
        for _ in range(r.randint(15, 40)):
            acc = r.choices(w.pool, weights)[0]
            w.post(acc, at + timedelta(hours=r.uniform(0, 30)),
                   f"Je participe au grand jeu #{tag} #Concours pour gagner un smartphone !",
                   brand, "background")  # fmt: skip


def _organic(w: _World, brand: str, n: int) -> None:
    """A real bad buzz: a network outage, genuine accounts, replies, shares, reviews."""
    r, comp = w.r, w.comp
    t0 = w.start + timedelta(days=r.randrange(5, w.days - 5), hours=7)
    tag = f"{brand.capitalize()}EnPanne"
    crowd = r.sample(w.pool, min(len(w.pool), n // 2)) + [w.account(at=t0) for _ in range(n // 4)]
    rows: list[dict[str, Any]] = []
    for k in range(n):
        at = t0 + timedelta(hours=min(47.9, r.expovariate(1 / 9)))
        acc = r.choice(crowd)
        kind = r.random()
        if kind < 0.08:
            acc = w.account(platform="reviews", at=at)
            acc["created"], acc["followers"] = None, None
            _, body, _ = comp.review(brand, "neg", "reseau")
            rows.append(w.post(acc, at, body, brand, "organic", rating=1.0,
                               title=r.choice(sp.REVIEW_TITLES["neg"])))  # fmt: skip
        elif kind < 0.2 and rows:
            parent = r.choice(rows[-50:])
            rows.append(w.post(acc | {"platform": parent["platform"]},
                               max(at, parent["created_at"] + timedelta(minutes=2)),
                               comp.ordinary(brand, "neg", "reseau"), brand, "organic",
                               parent_author=parent["author_id"]))  # fmt: skip
        elif kind < 0.3:
            title = comp.expand(r.choice(sp.OUTAGE_NEWS), brand)
            link = f"https://www.{_NEWS_SITES[k % 3]}/tech/panne-{brand}-{k % 3}.html"
            rows.append(w.post(acc, at, f"{title} {link}", brand, "organic"))
        else:
            tpl = r.choice(sp.OUTAGE_NEG + sp.OUTAGE_FIRST + sp.OUTAGE_JOKES)
            text = comp.expand(
                tpl.replace("{TAG}", tag)
                .replace("{H}", str(r.randint(2, 30)))
                .replace("{E}", r.choice(("😡", "🤬", "😤", ""))),
                brand,
            )
            if r.random() < 0.5 and f"#{tag}" not in text:
                text += f" #{tag} #panne"
            rows.append(w.post(acc, at, text, brand, "organic"))


def _campaign(w: _World, style: str, brand: str, n: int) -> None:
    r = w.r
    t0 = w.start + timedelta(days=r.randrange(3, w.days - 12), hours=r.randint(8, 14))
    if style == "copy_paste":
        accs = [w.account("fresh", at=t0) for _ in range(max(8, n // 2))]
        for k in range(n):
            text = w.comp.expand(_COPY, brand) + r.choice((" 😍", " 👍", "", " @ami" + str(k)))
            w.post(accs[k % len(accs)], t0 + timedelta(minutes=r.uniform(0, 240)), text, brand,
                   style)  # fmt: skip
    elif style in ("paraphrase", "spread", "mixed"):
        kind = "aged" if style == "spread" else "fresh"
        accs = [w.account(kind, at=t0) for _ in range(max(8, n // 2))]
        span = 240.0 if style == "spread" else 20.0
        for k in range(n):
            at = t0 + timedelta(hours=r.uniform(0, span))
            w.post(accs[k % len(accs)], at, w.spin(brand), brand, style)
        if style == "mixed":  # real customers praising the same launch, same hours
            for _ in range(n):
                acc = r.choice(w.pool)
                w.post(
                    acc,
                    t0 + timedelta(hours=r.uniform(0, span)),
                    w.comp.ordinary(brand, "pos", r.choice(ASPECTS)),
                    brand,
                    "background",
                )
    elif style == "review_bomb":
        for _ in range(n):
            at = t0 + timedelta(hours=r.uniform(0, 10))
            acc = w.account("fresh", platform="reviews", at=at)
            acc["followers"] = None
            if r.random() < 0.7:
                acc["created"] = None
            text = " ".join(r.sample(_BOMB, r.randint(1, 2)))
            w.post(acc, at, text, brand, style, rating=1.0, title=r.choice(("Nul", "Bof", "")))
    elif style == "sockpuppet_ring":
        accs = [w.account("aged", at=t0) for _ in range(6)]
        plat = r.choice(_SOCIAL)
        posted: list[dict[str, Any]] = []
        at = t0
        for _ in range(n):
            acc = r.choice(accs) | {"platform": plat}
            at += timedelta(hours=r.uniform(0.2, 8))
            others = [p for p in posted[-8:] if p["author_id"] != acc["id"]]
            if others and r.random() < 0.75:
                parent = r.choice(others)
                posted.append(w.post(acc, at, w.comp.expand(r.choice(_RING), brand), brand,
                                     style, parent_author=parent["author_id"]))  # fmt: skip
            else:
                posted.append(w.post(acc, at, w.comp.ordinary(brand, "pos", r.choice(ASPECTS)),
                                     brand, style))  # fmt: skip


def scenario(seed: int = 1, n_background: int = 20_000, days: int = 60,
             styles: tuple[str, ...] = STYLES, organic: int = 2,
             campaign_size: int = 60) -> Scenario:  # fmt: skip
    """Background, ``organic`` bad buzzes (1,000 mentions each) and one campaign of each
    style in ``styles`` (about ``campaign_size`` mentions each), sorted by time."""
    w = _World(seed, days)
    _background(w, n_background)
    for k in range(organic):
        _organic(w, BRANDS[k % len(BRANDS)], 1000)
    for k, style in enumerate(styles):
        target = "cerise" if style == "review_bomb" else BRANDS[(k + 1) % len(BRANDS)]
        _campaign(w, style, target, campaign_size if style != "sockpuppet_ring" else 40)
    w.sc.rows.sort(key=lambda row: (row["created_at"], row["mention_id"]))
    return w.sc


__all__ = ["STYLES", "Scenario", "scenario"]
