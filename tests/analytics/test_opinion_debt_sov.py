from __future__ import annotations

import pytest

from rumeur.analytics import frame
from rumeur.analytics.audience import AudienceSettings
from rumeur.analytics.debt import debt_by, negative_debt
from rumeur.analytics.opinion import opinion
from rumeur.analytics.sov import share_of_voice
from tests.analytics.conftest import T0, add_mention, timedelta


def _five(store):  # type: ignore[no-untyped-def]
    add_mention(
        store, "m1", sentiment="negative", views=4000, author="alice", aspects={"price": "negative"}
    )
    add_mention(
        store,
        "m2",
        sentiment="negative",
        author_followers=10_000,
        author="bob",
        aspects={"service": "negative"},
    )  # twitter: 10 000 × 0.10 = 1000
    add_mention(
        store, "m3", sentiment="positive", views=1500, author="carol", aspects={"price": "positive"}
    )
    # a reply to m1 without views: max(100 × 0.10, 0.05 × 4000) = 200
    add_mention(
        store, "m4", sentiment="positive", author_followers=100, reply_to="m1", author="dan"
    )
    add_mention(store, "m5", sentiment="neutral", views=9999, author="eve")
    # the brand's own answer is never counted
    add_mention(store, "own", sentiment="positive", views=10**6, is_own_account=True)


def test_reach_estimate_views_followers_and_replies(store) -> None:  # type: ignore[no-untyped-def]
    _five(store)
    rows = {r["mention_id"]: r for r in frame.load(store, frame.Scope()).rows}
    assert "own" not in rows
    assert {k: rows[k]["reach"] for k in rows} == {
        "m1": 4000, "m2": 1000, "m3": 1500, "m4": 200, "m5": 9999}  # fmt: skip
    assert AudienceSettings().estimate("twitter", None, 100, parent_reach=4000) == 200
    custom = AudienceSettings(factors={"twitter": 0.5})
    rows2 = {r["mention_id"]: r for r in frame.load(store, frame.Scope(), custom).rows}
    assert rows2["m2"]["reach"] == 5000


def test_negative_debt_on_five_mentions(store) -> None:  # type: ignore[no-untyped-def]
    _five(store)
    rows = frame.load(store, frame.Scope()).rows
    d = negative_debt(rows)
    assert (d.unfavourable, d.favourable) == (5000, 1700)
    assert d.ratio.value == pytest.approx(5000 / 1700)
    assert d.needed.value == pytest.approx(3300)
    assert d.ratio.lo <= d.ratio.value <= d.ratio.hi
    assert d.mention_ids["unfavourable"] == ["m1", "m2"]
    assert negative_debt(rows, offset=3).needed.value == pytest.approx(13_300)
    by_aspect = {x.key["aspect"]: x for x in debt_by(rows, "aspect")}
    assert by_aspect["price"].unfavourable == 4000 and by_aspect["price"].favourable == 1500
    assert by_aspect["service"].favourable == 0


def test_negative_debt_ignores_unscored_mentions(store) -> None:  # type: ignore[no-untyped-def]
    """The report passes the brand's scored rows, the CLI and the API all of them: an
    author whose only mention has no sentiment (another language, not yet enriched)
    must not change the interval (a cluster more in the bootstrap did)."""
    _five(store)
    for i in range(6):
        add_mention(store, f"u{i}", sentiment=None, views=50, author=f"zed{i}")
    rows = frame.load(store, frame.Scope()).rows
    scored = [r for r in rows if r["sentiment"]]
    assert len(scored) < len(rows)
    every, only_scored = negative_debt(rows), negative_debt(scored[::-1])
    assert every.ratio == only_scored.ratio and every.needed == only_scored.needed
    assert every.n_mentions == 4


def test_opinion_shares_weighted_and_unweighted(store) -> None:  # type: ignore[no-untyped-def]
    _five(store)
    add_mention(store, "m6", author="zoe")  # not scored
    (cell,) = opinion(frame.load(store, frame.Scope()).rows, by=("brand",), seed=3)
    assert cell.volume == 6 and cell.unscored == 1 and cell.authors == 6
    assert cell.counts == {"negative": 2, "neutral": 1, "positive": 2}
    assert cell.shares["negative"].value == pytest.approx(0.4)
    assert cell.shares["negative"].lo < 0.4 < cell.shares["negative"].hi
    total = 4000 + 1000 + 1500 + 200 + 9999
    assert cell.weighted_shares["negative"].value == pytest.approx(5000 / total)
    assert cell.weighted_shares["positive"].value == pytest.approx(1700 / total)
    assert cell.weighted_net.value == pytest.approx(-3300 / total)
    assert cell.net.value == pytest.approx(0.0)
    assert set(cell.mention_ids["negative"]) == {"m1", "m2"}


def test_opinion_per_period_and_platform(store) -> None:  # type: ignore[no-untyped-def]
    add_mention(store, "a", sentiment="positive", views=10)
    add_mention(
        store,
        "b",
        sentiment="negative",
        views=10,
        created_at=T0 + timedelta(days=8),
        platform="reviews",
    )
    cells = opinion(frame.load(store, frame.Scope()).rows, by=("period", "platform"),
                    period="week")  # fmt: skip
    assert [(c.key["period"], c.key["platform"]) for c in cells] == [
        ("2025-W41", "twitter"), ("2025-W42", "reviews")]  # fmt: skip


def test_share_of_voice_with_change(store) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        add_mention(
            store,
            f"v{i}",
            sentiment="positive" if i < 20 else "negative",
            views=100,
            brands=["volta"],
        )
    for i in range(10):
        add_mention(store, f"c{i}", sentiment="negative", views=300, brands=["concurrent"])
    for i in range(20):
        add_mention(
            store,
            f"p{i}",
            views=1,
            created_at=T0 - timedelta(days=10),
            brands=["volta" if i < 10 else "concurrent"],
        )
    cur = frame.load(store, frame.Scope(since=T0)).rows
    prev = frame.load(store, frame.Scope(until=T0)).rows
    voices = {v.brand: v for v in share_of_voice(cur, prev)}
    assert voices["volta"].volume.value == pytest.approx(0.75)
    assert voices["volta"].reach.value == pytest.approx(3000 / 6000)
    assert voices["volta"].favourable.value == pytest.approx(1.0)
    assert voices["concurrent"].unfavourable.value == pytest.approx(0.5)
    assert voices["volta"].change == pytest.approx(0.25)
    test = voices["volta"].change_test
    # pooled p = 40/60; z = 0.25 / sqrt(2/9 × (1/40 + 1/20)) = 1.936: not significant at 5 %
    assert test is not None and test.statistic == pytest.approx(1.9365, abs=1e-4)
    assert test.p_value > 0.05


def test_aspects_data_of_unsupported_texts_is_ignored(store) -> None:  # type: ignore[no-untyped-def]
    import json

    add_mention(store, "en1", sentiment="negative", views=10)
    store.execute(
        "INSERT INTO enrichments VALUES ('en1', 'aspects', '1', 'unsupported', NULL, ?, ?)",
        [json.dumps({"language": "en", "model": "aspects@1"}), T0],
    )
    add_mention(store, "fr1", sentiment="negative", views=10, aspects={"price": "mixed", "x": 3})
    rows = {r["mention_id"]: r for r in frame.load(store, frame.Scope()).rows}
    assert rows["en1"]["aspects"] == {}
    assert rows["fr1"]["aspects"] == {"price": "mixed"}
