"""Each scripted event is present in the files, as the ground truth says."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import UTC, datetime

from rumeur.demo.brands import BRANDS
from rumeur.demo.compose import normalise, strip_accents
from rumeur.demo.timeline import PARIS


def _event(demo, kind):
    (ev,) = [e for e in demo.truth["events"] if e["type"] == kind]
    return ev


def _t(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def _created(demo, key):
    return _t(demo.truth["mentions"][key]["created_at"])


def test_bad_buzz_spike_with_cause_and_amplifier(demo, good_rows):
    ev = _event(demo, "bad_buzz")
    assert ev["brand"] == "volta" and "#VoltaEnPanne" in ev["hashtags"]
    ids = ev["mention_ids"]
    texts = [good_rows[i].text for i in ids if i in good_rows]
    assert len(texts) == len(ids)  # every event mention is in a file
    assert sum("#voltaenpanne" in t.lower() for t in texts) > 0.5 * len(ids)
    assert sum(
        re.search(r"panne|réseau|reseau|coupure", t.lower()) is not None for t in texts
    ) > 0.7 * len(ids)
    sents = Counter(demo.truth["mentions"][i]["sentiment"] for i in ids)
    assert sents["negative"] > 0.75 * len(ids)
    # daily volume of the brand (Paris days): the peak is 5-10x the ordinary median
    days = Counter(
        _created(demo, k).astimezone(PARIS).date()
        for k, m in demo.truth["mentions"].items()
        if "volta" in m["brands"]
    )
    median = statistics.median(days.values())
    start = _t(ev["start"]).astimezone(PARIS).date()
    assert 5 * median <= days[start] <= 12 * median, (days[start], median)
    assert days[start] == max(days.values())
    # first posts, then the influencer, then decay over ~3 days
    first = [_created(demo, i) for i in ev["first_posts"]]
    amp = ev["amplifier"]
    assert max(first) < _created(demo, amp) and good_rows[amp].followers >= 50_000
    per_day = Counter(_created(demo, i).date() for i in ids)
    ordered = [per_day[d] for d in sorted(per_day)]
    assert ordered[0] > ordered[1] > ordered[-1] and len(ordered) <= 4


def _jaccard_max(texts: list[str]) -> list[float]:
    sets = [set(normalise(t).split()) for t in texts]
    best = []
    for i, a in enumerate(sets):
        best.append(max(len(a & b) / len(a | b) for j, b in enumerate(sets) if j != i and a | b))
    return best


def test_fake_praise_campaign_is_near_duplicate_and_fresh(demo, good_rows):
    ev = _event(demo, "fake_praise")
    ids = ev["mention_ids"]
    assert 150 <= len(ids) <= 300 and ev["brand"] == "nexa"
    times = [_created(demo, i) for i in ids]
    assert (max(times) - min(times)).days <= 5
    texts = [good_rows[i].text for i in ids]
    assert len(set(texts)) == len(texts)  # near-duplicates, not copies
    near = _jaccard_max(texts)
    # word-set Jaccard >= 0.6 with another post: all campaign posts...
    assert sum(x >= 0.6 for x in near) > 0.95 * len(near)
    # ...but few ordinary posts (which share phrase banks, not a skeleton)
    ordinary = [
        good_rows[k].text for k, m in demo.truth["mentions"].items() if m["kind"] == "ordinary"
    ][:600]
    near_ord = _jaccard_max(ordinary)
    assert sum(x >= 0.6 for x in near_ord) < 0.25 * len(near_ord)
    fakes = set(ev["accounts"])
    assert set(demo.truth["fake_accounts"]) == fakes
    followers = [good_rows[i].followers for i in ids if good_rows[i].followers is not None]
    assert followers and max(followers) < 50
    for i in ids:
        assert demo.truth["mentions"][i]["author"] in fakes
        assert re.fullmatch(r"[a-z]+_[a-z]{3}\d\d", demo.truth["mentions"][i]["author"])
    masto = [good_rows[i].raw["account"] for i in ids if good_rows[i].file == "mastodon.jsonl"]
    for acc in masto:
        assert (_t(ev["start"]) - _t(acc["created_at"])).days <= 15


def test_brand_account_posts_too_often_and_spams_replies(demo, good_rows):
    ev = _event(demo, "brand_spam")
    assert ev["account"] == "cerise_mobile" and demo.truth["spam_accounts"] == ["cerise_mobile"]
    own_main = {b.own_accounts[0] for b in BRANDS}
    start, end = _t(ev["start"]), _t(ev["end"])
    days = (end - start).days
    per_day = Counter()
    for m in demo.truth["mentions"].values():
        if m["author"] in own_main and start <= _t(m["created_at"]) < end:
            per_day[m["author"]] += 1
    assert per_day["cerise_mobile"] / days >= 10
    assert per_day["cerise_mobile"] >= 5 * max(per_day["voltamobile"], per_day["nexatelecom"])
    replies = ev["spam_replies"]
    assert len(replies) > 100
    for r in replies:
        row = good_rows[r]
        parent = demo.truth["mentions"][row.reply_to]
        assert parent["author"] not in own_main and "cerise" in row.text.lower()


def test_intrusive_ads_complaints_mostly_about_one_brand(demo, good_rows):
    ev = _event(demo, "intrusive_ads")
    ids = ev["mention_ids"]
    assert len(ids) >= 0.02 * demo.corpus.n_mentions
    brands = Counter(demo.truth["mentions"][i]["brands"][0] for i in ids)
    assert brands["cerise"] > 0.5 * len(ids)
    kw = re.compile(
        r"sms|pub|newsletter|mails|cookies|donnees|appel|demarch|ciblee|pop-up"
        r"|prospection|intrusi|numero|mur|mp"
    )
    hits = [kw.search(strip_accents(good_rows[i].text.lower())) is not None for i in ids]
    assert sum(hits) > 0.85 * len(ids)
    months = Counter(_created(demo, i).month for i in ids)
    assert len(months) >= 3  # spread over the period


def test_customer_care_fast_and_slow(demo, good_rows):
    ex = demo.truth["care_exchanges"]
    stats = {}
    for brand in ("volta", "nexa", "cerise"):
        mine = [e for e in ex if e["brand"] == brand]
        answered = [e for e in mine if e["answer_id"]]
        stats[brand] = (
            len(answered) / len(mine),
            statistics.median(e["response_seconds"] for e in answered),
        )
        for e in answered[:200]:
            q, a = good_rows[e["question_id"]], good_rows[e["answer_id"]]
            assert a.reply_to == q.id
            if q.created and a.created:
                assert abs((a.created - q.created).total_seconds() - e["response_seconds"]) < 1
        assert any(e["answer_id"] is None for e in mine)
    assert stats["volta"][1] < 3600 < 12 * 3600 < stats["nexa"][1]
    assert stats["volta"][0] > stats["nexa"][0] + 0.15


def test_non_brand_cerise_only_inside_exclusions(demo, good_rows):
    amb = demo.truth["ambiguous_word"]
    (cerise,) = [b for b in BRANDS if b.id == "cerise"]
    assert amb["exclude"] == list(cerise.exclude)
    assert len(amb["non_brand_mention_ids"]) > 50
    for i in amb["non_brand_mention_ids"]:
        text = strip_accents(good_rows[i].text.lower())
        assert "cerise" in text and demo.truth["mentions"][i]["brands"] == []
        for phrase in sorted(cerise.exclude, key=len, reverse=True):
            text = text.replace(strip_accents(phrase.lower()), " ")
        assert re.search(r"\bcerise\b", text) is None, good_rows[i].text


def test_motivation_content(demo):
    m = demo.truth["mentions"].values()
    brand_posts = Counter(x["motivation"] for x in m if x["kind"] == "brand_post")
    asks = Counter(x["motivation"] for x in m if x["kind"] == "audience_ask")
    for c in (brand_posts, asks):
        assert set(c) == {"promotion", "practical", "exclusive", "exchange"}
        assert c.most_common(1)[0][0] == "promotion"


def test_seasonality_evenings_over_nights(demo):
    hours = Counter(
        _t(m["created_at"]).astimezone(PARIS).hour
        for m in demo.truth["mentions"].values()
        if m["kind"] == "ordinary"
    )
    assert hours[20] + hours[21] > 5 * (hours[3] + hours[4])
    dows = Counter(
        _t(m["created_at"]).astimezone(PARIS).weekday()
        for m in demo.truth["mentions"].values()
        if m["kind"] == "ordinary"
    )
    assert dows[0] > dows[6]
    assert all(_t(m["created_at"]).tzinfo == UTC for m in list(demo.truth["mentions"].values())[:5])
