"""The scripted events, each recorded with its ground truth in ``scene.events``.

1. ``bad_buzz``: a nationwide Volta Mobile network outage (#VoltaEnPanne), ~2.5 days.
2. ``fake_praise``: a coordinated campaign of near-duplicate praise for Nexa Télécom from
   freshly created accounts, posted in bursts over 4 days.
3. ``brand_spam``: @cerise_mobile posts too often and replies with ads under users' posts.
4. ``intrusive_ads``: complaints about unsolicited ads and data use, mostly about Cerise.
The background (brand posts, audience requests, news, non-brand "cerise") is in
:mod:`rumeur.demo.background`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rumeur.demo import scripted_phrases as sp
from rumeur.demo.labels import BRAND_VOICE, NEWS
from rumeur.demo.model import AVIS, MASTODON, VEILLE, Item
from rumeur.demo.scene import Scene


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def outage(sc: Scene, n: int) -> None:
    """The bad buzz: first puzzled posts, an influencer amplifies, brand speaks, decay."""
    r, comp, clock = sc.rng, sc.comp, sc.clock
    t0 = sc.at(0.62).astimezone(UTC).replace(hour=5, minute=47, second=12, microsecond=0)
    ev_items: list[Item] = []

    def post(
        t: datetime, text: str, sent: str, author=None, ch=None, kind="bad_buzz", mood=""
    ) -> Item:
        channel, platform = ch or sc.channel(reviews=0.06)
        it = Item(
            channel=channel,
            platform=platform,
            created=t,
            author=author or sc.people.pick_user(),
            text=text,
            sentiment=sent,
            brands=("volta",),
            kind=kind,
            aspect="reseau",
            event="bad_buzz",
            mood=mood,
        )
        if channel == AVIS:
            it.title, it.rating = r.choice(("Panne inadmissible", "Aucun réseau", "Honteux")), 1.0
        ev_items.append(sc.add(it))
        return it

    firsts = [
        post(
            t0 + timedelta(minutes=4 * i + r.randint(0, 3)),
            comp.expand(r.choice(sp.OUTAGE_FIRST), "volta"),
            "neg",
            ch=(VEILLE, "twitter") if i % 3 else (MASTODON, "mastodon"),
        )
        for i in range(5)
    ]
    infl = max(sc.people.influencers, key=lambda p: p.followers)
    t_infl = t0 + timedelta(hours=1, minutes=41)
    amp = post(
        t_infl,
        comp.expand(sp.OUTAGE_INFLUENCER, "volta", {"TAG": sp.OUTAGE_TAG}),
        "neg",
        author=infl,
        ch=(VEILLE, "twitter"),
    )
    brand = sc.people.account("volta")
    statements = [
        post(
            t0 + timedelta(hours=3, minutes=12),
            comp.expand(sp.OUTAGE_BRAND[0], "volta", {"TAG": sp.OUTAGE_TAG}),
            "neu",
            author=brand,
            ch=(VEILLE, "twitter"),
            kind="brand_statement",
        ),
        post(
            t0 + timedelta(hours=27, minutes=5),
            comp.expand(sp.OUTAGE_BRAND[1], "volta"),
            "neu",
            author=brand,
            ch=(VEILLE, "twitter"),
            kind="brand_statement",
        ),
    ]
    for k in range(min(8, n // 60 + 2)):
        t = clock.burst(t0 + timedelta(hours=2), 1.5, 6.0, 40)
        post(
            t,
            comp.expand(r.choice(sp.OUTAGE_NEWS), "volta"),
            NEWS,
            author=r.choice(sc.people.news),
            ch=(VEILLE, "news"),
            kind="news",
            mood="neg" if k % 3 else "",  # how readers take it (engagement); news is neutral
        )
    rest = n - len(ev_items)
    for _ in range(rest):
        t = clock.burst(t0 + timedelta(minutes=50), 1.6, 13.0, 70)
        x = r.random()
        if x < 0.80:
            text, sent = (
                comp.expand(r.choice(sp.OUTAGE_NEG), "volta", {"TAG": sp.OUTAGE_TAG}),
                "neg",
            )
            if r.random() < 0.25:
                text = text.replace(" #" + sp.OUTAGE_TAG, "")
            if r.random() < 0.3:
                text = comp.expand("[À|Ici à|Depuis] {CITY} : ", "volta") + text
            text = comp.dress(comp.with_detail(text, "volta", "neg", 0.25), "volta", "neg")
        elif x < 0.90:
            text = comp.expand(r.choice(sp.OUTAGE_JOKES), "volta", {"TAG": sp.OUTAGE_TAG})
            text = comp.dress(text, "volta", "neg", opener=False)
            sent = "neg"
        else:
            text = (
                comp.dress(
                    comp.expand(
                        sp.OUTAGE_QUESTION,
                        "volta",
                    ),
                    "volta",
                    "neu",
                )
                + " #"
                + sp.OUTAGE_TAG
            )
            sent = "neu"
        it = post(t, text, sent)
        if it.channel != AVIS and r.random() < 0.25 and t > t_infl:
            it.parent, it.root = amp, amp  # replies under the influencer's post
            it.channel, it.platform = amp.channel, amp.platform
            amp.children.append(it)
    end = max(i.created for i in ev_items)
    sc.events.append(
        {
            "id": "bad_buzz_volta_outage",
            "type": "bad_buzz",
            "brand": "volta",
            "start": _iso(t0),
            "end": _iso(end),
            "peak_window_start": _iso(t0 + timedelta(hours=2)),
            "cause": "Panne réseau nationale (mobile et box) chez Volta Mobile pendant des heures, "
            "appels d'urgence impossibles, communication de crise tardive",
            "cause_keywords": list(sp.OUTAGE_KEYWORDS),
            "hashtags": ["#" + sp.OUTAGE_TAG],
            "first_posts": firsts,
            "amplifier": amp,
            "amplifier_account": infl.handle,
            "brand_statements": statements,
            "mentions": ev_items,
        }
    )


def fake_campaign(sc: Scene, n: int) -> None:
    """Near-duplicate glowing posts for Nexa from fresh look-alike accounts, in bursts."""
    r, people = sc.rng, sc.people
    t0 = sc.at(0.36).astimezone(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    accounts = []
    for _ in range(max(20, n // 4)):
        name = r.choice(sp.FAKE_NAMES)
        handle = (
            f"{name}_{''.join(r.choice('bcdfgklmnprstvz') for _ in range(3))}{r.randint(10, 99)}"
        )
        p = people.add(
            handle,
            f"{name.capitalize()} {r.choice('ABCDLMPRS')}.",
            r.randint(0, 25),
            "fake",
            created=t0 - timedelta(days=r.uniform(2, 14)),
        )
        p.statuses, p.following = r.randint(1, 12), r.randint(80, 400)
        accounts.append(p)
        sc.fake_accounts.append(p.handle)
    bursts = [t0 + timedelta(hours=h) for h in (1, 7, 11, 26, 31, 35, 50, 56, 74, 81)]
    seen: set[str] = set()
    items: list[Item] = []
    for i in range(n):
        for _ in range(20):
            words = [r.choice(slot) for slot in sp.FAKE_SKELETON]
            text = f"{' '.join(words[:3])} {' '.join(words[3:8])} {words[8]} {words[9]}"
            if r.random() < 0.6:
                text += " #" + sp.FAKE_TAG
            if text not in seen:
                break
        seen.add(text)
        t = bursts[i % len(bursts)] + timedelta(minutes=r.uniform(0, 35))
        ch = (AVIS, "reviews") if r.random() < 0.15 else sc.channel(reviews=0, threaded=True)
        it = Item(
            channel=ch[0],
            platform=ch[1],
            created=t,
            author=accounts[i % len(accounts)],
            text=text,
            sentiment="pos",
            brands=("nexa",),
            kind="fake_praise",
            event="fake_praise",
            aspect="service",
        )
        if it.channel == AVIS:
            it.title, it.rating = r.choice(("Le meilleur !", "Parfait", "Top top top")), 5.0
        items.append(sc.add(it))
    sc.events.append(
        {
            "id": "fake_praise_nexa",
            "type": "fake_praise",
            "brand": "nexa",
            "start": _iso(min(i.created for i in items)),
            "end": _iso(max(i.created for i in items)),
            "cause": "Campagne coordonnée de faux clients vantant Nexa Télécom : comptes créés "
            "récemment, peu d'abonnés, pseudos prénom_xxxNN, messages quasi identiques",
            "hashtags": ["#" + sp.FAKE_TAG],
            "accounts": [p.handle for p in accounts],
            "mentions": items,
        }
    )


def spammer(sc: Scene, n_posts: int) -> dict:
    """@cerise_mobile posting many times a day; the replies are added by :func:`spam_replies`."""
    r = sc.rng
    acc = sc.people.account("cerise")
    sc.spam_accounts.append(acc.handle)
    lo, hi = sc.at(0.40), sc.at(0.75)
    items = []
    for _ in range(n_posts):
        ch = (
            (MASTODON, "mastodon")
            if r.random() < 0.12
            else (VEILLE, r.choices(("twitter", "facebook", "instagram"), (0.5, 0.3, 0.2))[0])
        )
        it = Item(
            channel=ch[0],
            platform=ch[1],
            created=sc.clock.sample(lo, hi),
            author=acc,
            text=sc.comp.expand(r.choice(sp.SPAM_POSTS), "cerise"),
            sentiment=BRAND_VOICE,
            mood="pos",
            brands=("cerise",),
            kind="brand_spam",
            event="brand_spam",
            motivation="promotion",
            aspect="pub",
        )
        items.append(sc.add(it))
    for _ in range(max(10, n_posts // 10)):
        ch = sc.channel(reviews=0.05)
        items.append(
            sc.add(
                Item(
                    channel=ch[0],
                    platform=ch[1],
                    created=sc.clock.sample(lo, hi),
                    author=sc.people.pick_user(),
                    sentiment="neg",
                    text=sc.comp.expand(r.choice(sp.SPAM_COMPLAINTS), "cerise"),
                    brands=("cerise",),
                    kind="spam_complaint",
                    event="brand_spam",
                    aspect="pub",
                )
            )
        )
    ev = {
        "id": "brand_spam_cerise",
        "type": "brand_spam",
        "brand": "cerise",
        "account": acc.handle,
        "start": _iso(lo),
        "end": _iso(hi),
        "cause": "Le compte @cerise_mobile publique des dizaines de promos par jour et répond "
        "par de la publicité non sollicitée sous les posts des internautes",
        "mentions": items,
        "spam_replies": [],
    }
    sc.events.append(ev)
    return ev


def spam_replies(sc: Scene, ev: dict, n: int) -> None:
    r = sc.rng
    acc = sc.people.account("cerise")
    lo, hi = sc.at(0.40), sc.at(0.75)
    targets = [
        i
        for i in sc.items
        if i.parent is None
        and lo <= i.created < hi
        and i.channel in (VEILLE, MASTODON)
        and i.platform not in ("news", "forum")
        and i.author.kind == "user"
        and i.kind not in ("fake_praise",)
    ]
    for target in r.sample(targets, min(n, len(targets))):
        it = target.reply(
            created=sc.clock.after(target.created, 600, 1.2),
            author=acc,
            text=sc.comp.expand(r.choice(sp.SPAM_REPLIES), "cerise"),
            sentiment=BRAND_VOICE,
            mood="pos",
            brands=("cerise",),
            kind="brand_spam_reply",
            event="brand_spam",
            motivation="promotion",
            aspect="pub",
        )
        sc.add(it)
        ev["mentions"].append(it)
        ev["spam_replies"].append(it)


def intrusive_ads(sc: Scene, n: int) -> None:
    r = sc.rng
    items = []
    for _ in range(n):
        brand = r.choices(("cerise", "nexa", "volta"), (0.66, 0.2, 0.14))[0]
        ch = sc.channel(reviews=0.10)
        text = sc.comp.dress(sc.comp.expand(r.choice(sp.ADS_COMPLAINTS), brand), brand, "neg")
        it = Item(
            channel=ch[0],
            platform=ch[1],
            created=sc.clock.sample(),
            author=sc.people.pick_user(),
            text=text,
            sentiment="neg",
            brands=(brand,),
            kind="intrusive_ads",
            event="intrusive_ads",
            aspect=r.choice(("pub", "donnees")),
        )
        if ch[0] == AVIS:
            it.title, it.rating = (
                r.choice(
                    ("Harcèlement publicitaire", "Démarchage abusif", "Mes données revendues ?")
                ),
                r.choice((1.0, 1.5, 2.0)),
            )
        items.append(sc.add(it))
    sc.events.append(
        {
            "id": "intrusive_ads",
            "type": "intrusive_ads",
            "brand": "cerise",
            "brands": {
                b: sum(1 for i in items if i.brands == (b,)) for b in ("cerise", "nexa", "volta")
            },
            "start": _iso(sc.start),
            "end": _iso(sc.end),
            "cause": sp.ADS_CAUSE,
            "cause_keywords": list(sp.ADS_KEYWORDS),
            "mentions": items,
        }
    )
