"""Ordinary traffic: single posts, reviews, user conversations and customer-care exchanges."""

from __future__ import annotations

from datetime import timedelta

from rumeur.demo import event_phrases as ep
from rumeur.demo import phrases
from rumeur.demo.brands import VOICES
from rumeur.demo.labels import question_label
from rumeur.demo.model import AVIS, Item
from rumeur.demo.scene import Scene

_BRANDS = tuple(VOICES)
_BRAND_W = tuple(VOICES[b].weight for b in _BRANDS)
_LANGS = ("fr", "en", "es", "de")
_LANG_W = (0.922, 0.058, 0.010, 0.010)


def _sentiment(sc: Scene, brand: str) -> str:
    pos, neg = VOICES[brand].sentiment
    x = sc.rng.random()
    return "pos" if x < pos else "neg" if x < pos + neg else "neu"


def ordinary(sc: Scene, budget: int) -> list[Item]:
    """One unit of ordinary traffic: a post or review, maybe with a conversation (<= budget)."""
    r, comp = sc.rng, sc.comp
    brand = r.choices(_BRANDS, _BRAND_W)[0]
    lang = r.choices(_LANGS, _LANG_W)[0]
    sent = _sentiment(sc, brand)
    aspect = r.choices(phrases.ASPECTS, phrases.ASPECT_WEIGHTS)[0]
    channel, platform = sc.channel(reviews=0.13 if lang == "fr" else 0.03)
    comp.reset()
    author = sc.people.pick_user()
    if channel == AVIS:
        title, text, rating = comp.review(brand, sent, aspect)
        item = Item(
            channel=channel,
            platform=platform,
            created=sc.clock.sample(),
            author=author,
            text=text,
            sentiment=sent,
            brands=(brand,),
            lang=lang,
            aspect=aspect,
            title=title,
            rating=rating,
        )
    else:
        text, label = comp.ordinary_post(brand, sent, aspect, lang)
        item = Item(
            channel=channel,
            platform=platform,
            created=sc.clock.sample(),
            author=author,
            text=text,
            sentiment=label,
            mood=sent if label != sent else "",
            lang=lang,
            aspect=aspect,
            brands=(brand, *dict.fromkeys(b for b in comp.others if b != brand)),
        )
    out = [sc.add(item)]
    if channel == AVIS or platform == "news" or r.random() > 0.18 or lang != "fr":
        return out
    parent = item
    for _ in range(min(budget - 1, r.choice((1, 1, 1, 2, 2, 3, 4)))):
        rs = sent if r.random() < 0.6 else r.choice(("pos", "neg", "neu"))
        template = r.choice(ep.USER_REPLIES[rs])
        label = question_label(template, rs, ep.REPLY_FAILURES)
        text = comp.with_detail(comp.expand(template, brand), brand, rs, 0.7)
        text = comp.dress(text, brand, rs, opener=False)
        if r.random() < 0.5:
            text = f"@{parent.author.handle} {text}"
        reply = parent.reply(
            created=sc.clock.after(parent.created, 2400, 1.3),
            author=sc.people.pick_user(),
            text=text,
            sentiment=label,
            mood=rs if label != rs else "",
            brands=(brand,),
            aspect=aspect,
            kind="reply",
        )
        out.append(sc.add(reply))
        parent = reply if r.random() < 0.5 else item
    return out


def care_exchange(sc: Scene, budget: int) -> list[Item]:
    """A customer asks the care account; it answers fast, slowly or never (per brand)."""
    r, comp = sc.rng, sc.comp
    brand = r.choices(_BRANDS, _BRAND_W)[0]
    v = VOICES[brand]
    channel, platform = sc.channel(threaded=True)
    sent = "neg" if r.random() < 0.45 else "neu"
    template = r.choice(ep.CARE_QUESTIONS)
    label = question_label(template, sent, ep.CARE_FAILURES)
    q_text = comp.with_detail(comp.expand(template, brand), brand, sent, 0.75)
    q_text = comp.dress(q_text, brand, sent)
    if v.care not in q_text:
        q_text = f"@{v.care} {q_text}"
    q = sc.add(
        Item(
            channel=channel,
            platform=platform,
            created=sc.clock.sample(),
            author=sc.people.pick_user(),
            text=q_text,
            sentiment=label,
            mood=sent if label != sent else "",
            brands=(brand,),
            kind="care_question",
            aspect="service",
            motivation="exchange",
        )
    )
    out = [q]
    record = {
        "brand": brand,
        "care_account": v.care,
        "question": q,
        "answer": None,
        "response_seconds": None,
        "platform": platform,
    }
    sc.care.append(record)
    if budget < 2 or r.random() > v.care_answer_rate:
        return out
    t = sc.clock.after(q.created, v.care_median_s, 1.1)
    if t >= sc.end - timedelta(seconds=2):
        return out
    care = sc.people.account(brand, care=True)
    a_text = comp.expand(r.choice(ep.CARE_ANSWERS), brand, {"USER": q.author.handle})
    a = sc.add(
        q.reply(
            created=t,
            author=care,
            text=a_text,
            sentiment="neu",
            brands=(brand,),
            kind="care_answer",
            aspect="service",
            motivation="exchange",
        )
    )
    out.append(a)
    record["answer"] = a
    secs = int((a.created - q.created).total_seconds())
    record["response_seconds"] = secs
    if budget >= 3 and r.random() < 0.3:
        slow = secs > 6 * 3600
        fs = "neg" if (slow and r.random() < 0.7) or r.random() < 0.2 else "pos"
        out.append(
            sc.add(
                a.reply(
                    created=sc.clock.after(a.created, 3600),
                    author=q.author,
                    text=f"@{care.handle} " + comp.followup(fs, brand),
                    sentiment=fs,
                    brands=(brand,),
                    kind="care_followup",
                    aspect="service",
                )
            )
        )
    return out
