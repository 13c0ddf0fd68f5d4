from __future__ import annotations

import pytest

from rumeur.analytics import frame, rollup
from rumeur.analytics.debt import negative_debt
from tests.analytics.conftest import T0, add_mention, timedelta


def test_rollup_dashboard_matches_the_row_level_analytics(store) -> None:  # type: ignore[no-untyped-def]
    for i in range(40):
        add_mention(store, f"m{i}", sentiment=("negative", "neutral", "positive")[i % 3],
                    views=None if i % 2 else 10 * i, author_followers=1000 + i,
                    author=f"a{i % 7}", created_at=T0 + timedelta(hours=3 * i),
                    brands=["volta"] if i % 4 else ["nexa"])  # fmt: skip
    add_mention(store, "own", sentiment="positive", views=10**6, is_own_account=True)
    counts = rollup.refresh(store)
    assert counts["analytics_facts"] == 40
    since, until = T0, T0 + timedelta(days=30)
    kpis = store.query(rollup.DASHBOARD["kpis"], rollup.params("kpis", "volta", since, until))[0]
    rows = [r for r in frame.load(store, frame.Scope()).rows if r["brand"] == "volta"]
    assert kpis["mentions"] == len(rows) == 30
    d = negative_debt(rows)
    assert kpis["neg_reach"] == pytest.approx(d.unfavourable)
    assert kpis["pos_reach"] == pytest.approx(d.favourable)
    assert counts["analytics_authors"] == 7 + 7  # a0..a6 under each brand
    assert rollup.unique_authors(store, "volta", since, until) == len({r["author"] for r in rows})
    # a window that ends before the newest mention: exact count by scanning the facts
    mid = T0 + timedelta(hours=30)
    early = {r["author"] for r in rows if r["created_at"] < mid}
    assert rollup.unique_authors(store, "volta", since, mid) == len(early) < 7
    late = {r["author"] for r in rows if r["created_at"] >= mid}
    assert rollup.unique_authors(store, "volta", mid, until) == len(late)
    sov = store.query(rollup.DASHBOARD["share_of_voice"], [since, until])
    assert {r["brand"]: r["n"] for r in sov} == {"volta": 30, "nexa": 10}
    top = store.query(rollup.DASHBOARD["top_posts"], ["volta", since, until])
    assert top[0]["reach"] == max(r["reach"] for r in rows)
    series = store.query(rollup.DASHBOARD["spike_scan"], ["volta", since, until])
    assert sum(r["n"] for r in series) == 30


def test_the_freshness_fingerprint_keeps_its_value_so_earlier_stamps_still_match(  # type: ignore[no-untyped-def]
    store,
) -> None:
    """The fingerprint reads the last collection with a top-1 query (no scan of the whole
    column): the same text as ``max(collected_at)`` gave, empty store, rows without a
    collection time and later collections alike, so rollups stamped before stay fresh."""

    def with_max() -> str:
        m = store.query("SELECT count(*) AS n, max(collected_at) AS last FROM mentions")[0]
        e = store.query("SELECT count(*) AS n, max(created_at) AS last FROM enrichments")[0]
        return f"{m['n']}|{m['last']}|{e['n']}|{e['last']}"

    assert rollup.data_fingerprint(store) == with_max()  # nothing stored yet
    add_mention(store, "m1", sentiment="negative", collected_at=None)
    assert rollup.data_fingerprint(store) == with_max()
    before = rollup.data_fingerprint(store)
    for i, minutes in enumerate((30, 5, 90)):  # collected out of order
        add_mention(store, f"m{i + 2}", collected_at=T0 + timedelta(minutes=minutes))
        assert rollup.data_fingerprint(store) == with_max()
    assert rollup.data_fingerprint(store) != before
    assert str(T0 + timedelta(minutes=90)) in rollup.data_fingerprint(store)
