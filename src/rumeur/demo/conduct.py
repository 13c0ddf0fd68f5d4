"""Scripted brand misconduct, with its ground truth, for the conduct audit.

Invented brands and people only. Cerise's main account over-posts promotions on
Facebook for four days (and its audience complains), sends unsolicited promotional
@-replies to people who never addressed it, and pastes the same offer under posts about
its competitors (wall spam); Volta cross-posts identical messages on three networks;
Nexa's customer service asks for personal data in public replies; Cerise's care account
reviews Cerise itself. Each event lists its mentions in ``ground_truth.json`` under the
rule it breaks (``conduct_rule``).
"""

from __future__ import annotations

from datetime import timedelta

from rumeur.demo.events import _iso
from rumeur.demo.labels import BRAND_VOICE
from rumeur.demo.model import AVIS, VEILLE, Item
from rumeur.demo.scene import Scene

_PROMO = (
    "Ventes flash Cerise : -{p} % sur tous les forfaits fibre jusqu'à dimanche, code FLASH{p} "
    "👉 cerise.example/offres",
    "Dernières heures ! La box Cerise à 9,99 €/mois au lieu de 29,99 €, profitez-en vite "
    "sur cerise.example",
    "Offre exclusive : le mobile Cerise 100 Go à {p} € seulement, sans engagement, code GO{p}",
    "🔥 Soldes Cerise : smartphone offert pour toute souscription fibre, jusqu'à ce soir !",
)
_COMPLAINTS = (
    "@{acc} trop de pubs, vous saoulez là, 10 posts par jour",
    "@{acc} stop, ça fait 3 jours que vous spammez mon fil avec vos promos",
    "Je vais me désabonner de @{acc}, c'est devenu un catalogue, encore une pub toutes les heures",
    "@{acc} arrêtez de nous inonder de promos svp",
    "On sature des pubs Cerise, ça suffit",
    "@{acc} vos posts promo en boucle c'est du harcèlement",
)
_UNSOLICITED = (
    "@{user} Envie de changer d'opérateur ? -30 % chez Cerise avec le code BIENVENUE30 "
    "👉 cerise.example/offre",
)
_WALL = (
    "Marre de votre opérateur ? Passez chez Cerise : -30 % avec le code BIENVENUE30 "
    "👉 cerise.example/offre",
)
_CROSS = (
    "Nouveau chez Volta : la 5G+ arrive dans 40 nouvelles villes ! Découvrez si votre commune "
    "est couverte sur volta.example/couverture #5G #Volta #réseau #innovation #mobile #fibre",
    "Volta Mobile élu service client de l'année 2025 par nos abonnés : merci à vous ! "
    "#Volta #serviceclient #merci #clients #mobile",
    "Cette semaine sur le blog Volta : 5 astuces pour économiser sa data en vacances "
    "volta.example/blog #astuces #data #Volta #mobile #vacances",
)
_DATA_ASK = (
    "@{user} Bonjour, envoyez-nous votre numéro de téléphone et votre adresse e-mail en "
    "réponse à ce message, nous regardons tout de suite.",
    "@{user} Désolés pour la gêne. Donnez-nous votre numéro de client et votre adresse "
    "ici et on s'en occupe.",
)
_SELF_REVIEW = (
    "Opérateur au top, fibre ultra rapide et conseillers adorables, je recommande Cerise !",
    "Service client Cerise génial, problème réglé en 5 minutes. 5 étoiles méritées.",
    "Meilleur rapport qualité prix, Cerise c'est le meilleur opérateur, foncez !",
)


_FLOOD_PER_DAY = (10, 11, 9, 12)


def count(scale: float) -> int:
    """How many mentions :func:`script` adds (the generator makes room for them)."""
    return (
        sum(_FLOOD_PER_DAY) + len(_COMPLAINTS) * max(1, round(scale))
        + max(8, round(14 * scale)) + max(6, round(10 * scale))
        + len(_CROSS) * 2 * 3 + max(4, round(6 * scale)) + len(_SELF_REVIEW)
    )  # fmt: skip


def script(sc: Scene, scale: float) -> None:
    """Add the misconduct events (call after the ordinary traffic, before writing)."""
    r = sc.rng
    cer = sc.people.account("cerise")
    # 1. frequency: four days of promotions on Facebook, 9-12 a day, and complaints
    day0 = sc.at(0.62).replace(hour=7, minute=0, second=0, microsecond=0)
    flood: list[Item] = []
    for d, per_day in enumerate(_FLOOD_PER_DAY):
        for _ in range(per_day):
            t = day0 + timedelta(days=d, hours=r.uniform(1, 15))
            flood.append(sc.add(Item(
                channel=VEILLE, platform="facebook", created=t, author=cer,
                text=r.choice(_PROMO).format(p=r.choice((20, 25, 30, 40))), sentiment=BRAND_VOICE,
                mood="pos",
                brands=("cerise",), kind="brand_post", motivation="promotion",
                event="conduct_overposting",
            )))  # fmt: skip
    complaints = []
    for i, tpl in enumerate(_COMPLAINTS * max(1, round(scale))):
        parent = flood[(i * 7) % len(flood)]
        complaints.append(sc.add(parent.reply(
            created=sc.clock.after(parent.created, 3600), author=sc.people.pick_user(),
            text=tpl.format(acc=cer.handle), sentiment="neg", brands=("cerise",),
            kind="complaint", event="conduct_overposting",
        )))  # fmt: skip
    sc.events.append(_event("conduct_overposting", "frequency", "cerise", cer.handle,
                            "facebook", flood, extra=complaints))  # fmt: skip

    # people who never spoke of Cerise (so that addressing them is unsolicited)
    talked = {i.author.handle for i in sc.items if "cerise" in i.brands}
    quiet = [u for u in sc.people.users if u.handle not in talked]
    r.shuffle(quiet)

    # 2. unsolicited: promotional @-replies to people who had not addressed Cerise
    cold = []
    for k in range(max(8, round(14 * scale))):
        user = quiet[k]
        cold.append(sc.add(Item(
            channel=VEILLE, platform="twitter", created=sc.clock.sample(sc.at(0.3), sc.at(0.9)),
            author=cer, text=_UNSOLICITED[0].format(user=user.handle), sentiment=BRAND_VOICE,
            mood="pos",
            brands=("cerise",), kind="brand_reply", motivation="promotion",
            event="conduct_unsolicited",
        )))  # fmt: skip
    # 3. wall spam: the same offer under posts about competitors (their authors never
    #    addressed Cerise either)
    targets = [i for i in sc.items if i.channel == VEILLE and i.platform == "twitter"
               and i.brands in (("nexa",), ("volta",)) and i.author.handle not in talked
               and i.parent is None]  # fmt: skip
    r.shuffle(targets)
    wall = []
    for parent in targets[: max(6, round(10 * scale))]:
        wall.append(sc.add(parent.reply(
            created=sc.clock.after(parent.created, 5400), author=cer, text=_WALL[0],
            sentiment=BRAND_VOICE, mood="pos", brands=("cerise",), kind="brand_reply",
            motivation="promotion",
            event="conduct_wall_spam",
        )))  # fmt: skip
    sc.events.append(_event("conduct_unsolicited", "unsolicited", "cerise", cer.handle,
                            "twitter", cold + wall))  # fmt: skip
    sc.events.append(_event("conduct_wall_spam", "wall_spam", "cerise", cer.handle,
                            "twitter", wall))  # fmt: skip

    # 4. copy_paste: Volta posts the same text on three networks within minutes
    vol = sc.people.account("volta")
    crossed = []
    for k, text in enumerate(_CROSS * 2):
        t = sc.at(0.15 + 0.12 * k)
        for j, platform in enumerate(("twitter", "facebook", "instagram")):
            crossed.append(sc.add(Item(
                channel=VEILLE, platform=platform, created=t + timedelta(minutes=2 * j),
                author=vol, text=text, sentiment="neu", brands=("volta",), kind="brand_post",
                motivation="practical", event="conduct_copy_paste",
            )))  # fmt: skip
    sc.events.append(_event("conduct_copy_paste", "copy_paste", "volta", vol.handle,
                            "twitter+facebook+instagram", crossed))  # fmt: skip

    # 5. data_use: Nexa's care account asks for personal data in public replies
    nexa_care = sc.people.account("nexa", care=True)
    asks = [i for i in sc.items if i.brands == ("nexa",) and i.drawn == "neg"
            and i.channel == VEILLE and i.parent is None]  # fmt: skip
    r.shuffle(asks)
    data_asks = []
    for parent in asks[: max(4, round(6 * scale))]:
        data_asks.append(sc.add(parent.reply(
            created=sc.clock.after(parent.created, 2400), author=nexa_care,
            text=r.choice(_DATA_ASK).format(user=parent.author.handle), sentiment="neu",
            brands=("nexa",), kind="care_reply", event="conduct_data_request",
        )))  # fmt: skip
    sc.events.append(_event("conduct_data_request", "data_use", "nexa", nexa_care.handle,
                            "twitter", data_asks))  # fmt: skip

    # 6. fake_customers: Cerise's care account reviews Cerise
    cer_care = sc.people.account("cerise", care=True)
    reviews = []
    for text in _SELF_REVIEW:
        it = sc.add(Item(
            channel=AVIS, platform="reviews", created=sc.clock.sample(), author=cer_care,
            text=text, sentiment="pos", brands=("cerise",), kind="review",
            event="conduct_self_review",
        ))  # fmt: skip
        it.title, it.rating = "Je recommande", 5.0
        reviews.append(it)
    sc.events.append(_event("conduct_self_review", "fake_customers", "cerise", cer_care.handle,
                            "reviews", reviews))  # fmt: skip


def _event(
    eid: str, rule: str, brand: str, account: str, platform: str, items: list[Item],
    extra: list[Item] | None = None,
) -> dict[str, object]:  # fmt: skip
    """A ground-truth event: the brand's faulty messages (``mentions``), the audience's
    reactions (``reactions``), and the span."""
    times = [i.created for i in items]
    return {
        "id": eid, "type": "conduct", "conduct_rule": rule, "brand": brand,
        "account": account, "platform": platform,
        "start": _iso(min(times)), "end": _iso(max(times)),
        "mentions": items, "reactions": extra or [],
    }  # fmt: skip
