"""The authenticity audit on simulated traffic: campaigns found, organic talk left alone."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np

from rumeur.audits.authenticity import Items, audit, simulate
from rumeur.audits.authenticity.signals import account_stats, rating_bursts, reply_rings


def _flagged(sc: simulate.Scenario, result) -> Counter[str]:  # type: ignore[no-untyped-def]
    return Counter(sc.truth[m.mention_id] for m in result.mentions)


def test_each_style_is_found_as_one_campaign(scenario: simulate.Scenario) -> None:
    result = audit(Items.from_rows(scenario.rows))
    total = Counter(scenario.truth.values())
    flagged = _flagged(scenario, result)
    for style in ("copy_paste", "review_bomb", "sockpuppet_ring"):
        assert flagged[style] >= 0.85 * total[style], (style, flagged)
        best = max(result.campaigns, key=lambda c: sum(scenario.truth[m] == style
                                                       for m in c.members))  # fmt: skip
        inside = sum(scenario.truth[m] == style for m in best.members)
        assert inside >= 0.8 * total[style] and inside >= 0.9 * best.size, (style, best.reasons)
    # what is flagged is mostly campaigns; an organic bad buzz stays under 5 %
    assert flagged["background"] + flagged["organic"] <= 0.1 * sum(flagged.values())
    assert flagged["organic"] < 0.05 * total["organic"]


def test_reasons_say_why(scenario: simulate.Scenario) -> None:
    result = audit(Items.from_rows(scenario.rows))
    by_style: dict[str, Counter[str]] = {}
    for m in result.mentions:
        by_style.setdefault(scenario.truth[m.mention_id], Counter()).update(m.reasons)
    assert by_style["copy_paste"]["near_duplicate"] > 0
    assert by_style["copy_paste"]["fresh_account"] > 0
    assert by_style["review_bomb"]["rating_burst"] > 0
    assert by_style["sockpuppet_ring"]["reply_ring"] > 0
    assert all(0.0 <= m.score <= 1.0 and m.score >= result.threshold for m in result.mentions)


def test_organic_crisis_alone_is_not_a_campaign() -> None:
    sc = simulate.scenario(seed=9, n_background=2000, days=20, styles=(), organic=2)
    result = audit(Items.from_rows(sc.rows))
    organic = sum(1 for v in sc.truth.values() if v == "organic")
    assert _flagged(sc, result)["organic"] < 0.05 * organic
    assert all(sum(sc.truth[m] == "organic" for m in c.members) < 0.5 * c.size
               for c in result.campaigns)  # fmt: skip


T0 = datetime(2025, 10, 1, tzinfo=UTC)


def _row(i: int, author: str, text: str, at: datetime, **kw: object) -> dict[str, object]:
    return {
        "mention_id": f"m{i}",
        "platform": kw.pop("platform", "twitter"),
        "author_id": author,
        "text": text,
        "created_at": at,
        "brands": ["nexa"],
        **kw,
    }


def test_rating_burst_is_not_raised_when_everyone_is_talking() -> None:
    rows = []
    for d in range(30):  # a quiet baseline: one 1★ review and ten posts a day
        day = T0 + timedelta(days=d)
        rows.append(_row(len(rows), f"r{len(rows)}", "bof", day, platform="reviews", rating=1.0))
        rows += [_row(len(rows), f"u{k}", "ok", day + timedelta(hours=k)) for k in range(10)]
    bomb = T0 + timedelta(days=10, hours=3)
    rows += [_row(len(rows), f"b{k}", "Nul", bomb, platform="reviews", rating=1.0)
             for k in range(12)]  # fmt: skip
    crisis = T0 + timedelta(days=20, hours=3)
    rows += [_row(len(rows), f"c{k}", "Nul", crisis, platform="reviews", rating=1.0)
             for k in range(12)]  # fmt: skip
    rows += [_row(len(rows), f"s{k}", "panne", crisis) for k in range(60)]
    items = Items.from_rows(rows)
    key = rating_bursts(items)
    on = {items.mention_id[i] for i in np.flatnonzero(key >= 0)}
    assert {r["mention_id"] for r in rows if str(r["author_id"]).startswith("b")} <= on
    assert not {r["mention_id"] for r in rows if str(r["author_id"]).startswith("c")} & on


def test_reply_ring_needs_back_and_forth_among_few() -> None:
    rows = []
    ring = ["a", "b", "c", "d"]
    for k in range(24):  # a, b, c, d answer each other in turn, both ways
        author, parent = ring[k % 4], ring[(k + 1 + k // 4) % 4]
        if parent == author:
            parent = ring[(k + 2) % 4]
        rows.append(_row(k, author, "d'accord", T0 + timedelta(hours=k), parent_author=parent))
    # two people arguing back and forth are not a ring
    for k in range(10):
        rows.append(_row(100 + k, "x" if k % 2 else "y", "non", T0 + timedelta(hours=k),
                         parent_author="y" if k % 2 else "x"))  # fmt: skip
    items = Items.from_rows(rows)
    st = account_stats(items)
    ring_of = dict(zip(st.names.tolist(), reply_rings(items, st).tolist(), strict=True))
    assert len({ring_of[f"twitter:{a}"] for a in ring}) == 1 and ring_of["twitter:a"] >= 0
    assert ring_of["twitter:x"] == -1 and ring_of["twitter:y"] == -1
