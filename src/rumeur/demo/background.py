"""Background traffic: brand accounts' motivational posts, audience requests, news, and
non-brand uses of the word "cerise"."""

from __future__ import annotations

import re

from rumeur.demo import event_phrases as ep
from rumeur.demo import scripted_phrases as sp
from rumeur.demo.brands import VOICES
from rumeur.demo.labels import BRAND_VOICE, NEWS
from rumeur.demo.model import VEILLE, Item
from rumeur.demo.scene import Scene


def brand_posts(sc: Scene, per_day: float) -> None:
    """Motivational posts by the brands' main accounts, with a few audience replies."""
    r = sc.rng
    days = (sc.end - sc.start).days
    for brand in VOICES:
        acc = sc.people.account(brand)
        for _ in range(int(per_day * days)):
            mot = r.choices(ep.MOTIVATIONS, ep.MOTIVATION_WEIGHTS)[0]
            ch = sc.channel(reviews=0, threaded=r.random() < 0.5)
            if ch[1] == "twitter" and r.random() < 0.4:
                ch = (VEILLE, r.choice(("instagram", "facebook")))
            it = sc.add(
                Item(
                    channel=ch[0],
                    platform=ch[1],
                    created=sc.clock.sample(),
                    author=acc,
                    text=sc.comp.expand(r.choice(ep.BRAND_POSTS[mot]), brand),
                    sentiment=BRAND_VOICE,
                    mood="pos" if mot == "promotion" else "",
                    brands=(brand,),
                    kind="brand_post",
                    motivation=mot,
                )
            )
            if r.random() < 0.3:
                sc.add(
                    it.reply(
                        created=sc.clock.after(it.created, 1800),
                        author=sc.people.pick_user(),
                        text=sc.comp.expand(r.choice(ep.AUDIENCE_ASKS[mot]), brand),
                        sentiment="neu",
                        brands=(brand,),
                        kind="audience_ask",
                        motivation=mot,
                    )
                )


def audience_asks(sc: Scene, n: int) -> None:
    r = sc.rng
    for _ in range(n):
        brand = r.choices(tuple(VOICES), (0.4, 0.33, 0.27))[0]
        mot = r.choices(ep.MOTIVATIONS, ep.MOTIVATION_WEIGHTS)[0]
        ch = sc.channel(reviews=0)
        text = sc.comp.dress(sc.comp.expand(r.choice(ep.AUDIENCE_ASKS[mot]), brand), brand, "neu")
        sc.add(
            Item(
                channel=ch[0],
                platform=ch[1],
                created=sc.clock.sample(),
                author=sc.people.pick_user(),
                text=text,
                sentiment="neu",
                brands=(brand,),
                kind="audience_ask",
                motivation=mot,
            )
        )


def news(sc: Scene, n: int) -> None:
    r = sc.rng
    for _ in range(n):
        brand = r.choice(tuple(VOICES))
        author = r.choice(sc.people.journalists)
        title = sc.comp.expand(r.choice(sp.NEWS_TITLES), brand, {"B": VOICES[brand].main_name})
        # the mood of the news for its readers (engagement), not its label: news is neutral
        mood = (
            "neg"
            if any(w in title for w in ("recule", "épinglé", "augmente"))
            else ("pos" if any(w in title for w in ("progresse", "salué")) else "")
        )
        platform = "news" if author.kind == "news" else "twitter"
        text = (
            title
            if platform == "twitter"
            else f"{title}. "
            + sc.comp.expand(
                sp.NEWS_LEAD,
                brand,
            )
        )
        sc.add(
            Item(
                channel=VEILLE,
                platform=platform,
                created=sc.clock.sample(),
                author=author,
                text=text,
                sentiment=NEWS,
                mood=mood,
                brands=(brand,),
                kind="news",
                title=title,
            )
        )


def non_brand(sc: Scene, n: int) -> list[Item]:
    r = sc.rng
    out = []
    for _ in range(n):
        ch = sc.channel(reviews=0)
        sent = r.choice(("pos", "neu"))
        text = sc.comp.expand(
            r.choice(
                (
                    "",
                    "",
                    "[Dimanche|Ce soir|Hier|Ce midi] : ",
                    "[Chez mamie|En famille|Avec les enfants] : ",
                )
            ),
            "cerise",
        )
        text += sc.comp.dress(
            sc.comp.expand(r.choice(ep.NON_BRAND), "cerise"),
            "cerise",
            sent,
            opener=False,
            noise=False,
        )
        text = re.sub(r"\s?#\S+", "", text)  # no brand hashtag on a non-brand post
        out.append(
            sc.add(
                Item(
                    channel=ch[0],
                    platform=ch[1],
                    created=sc.clock.sample(),
                    author=sc.people.pick_user(),
                    text=text,
                    sentiment=sent,
                    brands=(),
                    kind="non_brand",
                    non_brand=True,
                )
            )
        )
    return out
