"""The dashboard's fast reads give what the plain queries give, on a realistic small store
(benchmarks/api_store.py's generator: a year of fictional mentions) with the awkward
cases added: a post dated in the future by a wrong clock, late posts collected long
after they were written, ties on the time, people's corrections, language labels.

- the explorer's date-sorted pages (read from the newest mentions back, in widening
  windows; labels read for the page alone) against the one-query plan over the store;
- the overview (from ``analytics_brand_hourly``, kept per rollups version) against the
  same figures summed from ``analytics_hourly``."""

from __future__ import annotations

import importlib.util
import math
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rumeur import query
from rumeur.analytics import rollup
from rumeur.query import MentionFilter, count_mentions, find_mentions
from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace

BENCH = Path(__file__).parents[2] / "benchmarks"


def _api_store() -> Any:
    spec = importlib.util.spec_from_file_location("api_store", BENCH / "api_store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("api_store", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("fast") / "projet"
    _api_store().build(root, 3000, say=lambda *a: None)
    w = Workspace.open(root)
    store = w.writer()
    base = "SELECT * REPLACE (md5(mention_id || ?) AS mention_id, 'k' || md5(mention_id || ?) " \
           "AS dedupe_key, ?::TIMESTAMPTZ AS created_at, ?::TIMESTAMPTZ AS collected_at) " \
           "FROM mentions WHERE external_id = ?"  # fmt: skip
    newest = store.scalar("SELECT max(created_at) FROM mentions")
    odd = [  # (tag, created_at, collected_at, copied from)
        ("future", newest + timedelta(days=40), newest, "x10"),  # a wrong clock
        ("late1", newest - timedelta(days=200), newest + timedelta(minutes=3), "x11"),
        ("late2", newest - timedelta(days=2), newest + timedelta(minutes=4), "x12"),
        ("tie1", newest - timedelta(hours=5), newest - timedelta(hours=5), "x13"),
        ("tie2", newest - timedelta(hours=5), newest - timedelta(hours=5), "x14"),
        ("tie3", newest - timedelta(hours=5), newest - timedelta(hours=5), "x15"),
    ]
    for tag, created, collected, ext in odd:
        store.execute("INSERT INTO mentions " + base, [tag, tag, created, collected, ext])
        store.execute(
            "INSERT INTO enrichments SELECT md5(mention_id || ?), enricher, version, label, "
            "score, data, ?::TIMESTAMPTZ FROM enrichments JOIN mentions USING (mention_id) "
            "WHERE external_id = ?",
            [tag, collected + timedelta(minutes=1), ext],
        )
    ids = [r[0] for r in store.rows(
        "SELECT mention_id FROM mentions ORDER BY created_at DESC LIMIT 40")]  # fmt: skip
    for i, mid in enumerate(ids[::3]):
        w.correct_label(mid, value=("positive", "neutral", "negative")[i % 3], user="alice")
    for mid in ids[::4]:  # a detected language on some (newest one wins)
        store.execute("INSERT INTO enrichments VALUES (?, 'language', '1', 'en', 0.9, NULL, ?)",
                      [mid, datetime(2027, 1, 1, tzinfo=UTC)])  # fmt: skip
    store.execute("UPDATE mentions SET author_handle = 'compte_3', is_own_account = true "
                  "WHERE mention_id IN (SELECT unnest(?::VARCHAR[]))", [ids[5::7]])  # fmt: skip
    w.refresh_rollups()
    return w


FILTERS = [
    {},
    {"brand": "volta"},
    {"platform": "reddit"},
    {"brand": "lumen", "platform": "news"},
    {"brand": "cerise", "platform": "youtube", "sentiment": "negative"},
    {"author": "compte_3"},
    {"own": True},
    {"since": "2025-12-20", "until": "2025-12-24"},
    {"until": "2025-06-01"},
    {"since": "2025-12-31 20:00"},
    {"sentiment": "negative"},
    {"brand": "volta", "sentiment": "neutral"},
    {"language": "en"},
    {"sentiment": "positive", "until": "2025-07-01"},
]


@pytest.mark.parametrize("fields", FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (51, 0), (51, 37), (20, 130)])
def test_explorer_pages_match_the_plain_query(
    ws: Workspace, fields: dict[str, Any], limit: int, offset: int
) -> None:
    flt = ws.mention_filter(limit=limit, offset=offset, sort="date", **fields)
    fast = ws.mentions(flt)
    plain = find_mentions(ws.reader(), flt, plain=True)
    assert [r["mention_id"] for r in fast] == [r["mention_id"] for r in plain]
    assert fast == plain
    if not fields and offset == 0:  # the wrong clock's post comes first, as stored
        assert fast[0]["created_at"] > datetime(2026, 1, 15, tzinfo=UTC)


LABELLED = [f for f in FILTERS if "sentiment" in f or "language" in f]


@pytest.mark.parametrize("fields", LABELLED, ids=lambda f: ",".join(f))
@pytest.mark.parametrize(("limit", "offset"), [(51, 0), (20, 130)])
def test_pages_filtered_on_a_sentiment_read_every_way_match_the_plain_query(
    ws: Workspace, fields: dict[str, Any], limit: int, offset: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page filtered on the sentiment chooses its window's labels in Python while they
    are few (the test above), else in DuckDB: the same rows and labels either way."""
    monkeypatch.setattr(query, "_CHOSEN_HERE", 0)
    seen: list[str] = []
    real = query._counted_page

    def spy(*args: Any) -> Any:
        seen.append("window")
        return real(*args)

    monkeypatch.setattr(query, "_counted_page", spy)
    flt = ws.mention_filter(limit=limit, offset=offset, sort="date", **fields)
    fast = ws.mentions(flt)
    assert seen  # the windowed plan, not the plain one
    assert fast == find_mentions(ws.reader(), flt, plain=True)


@pytest.mark.parametrize("fields", [{}, {"sentiment": "negative"}, {"platform": "reddit"}])
def test_a_page_of_an_empty_store_is_empty(fields: dict[str, Any]) -> None:
    """No mention yet (a new project, the dashboard opened before the first import):
    an empty page, not an error."""
    with DuckDBStore(":memory:") as empty:
        assert find_mentions(empty, MentionFilter(limit=50, **fields)) == []


def test_labels_of_a_page_are_the_best_source_s(ws: Workspace) -> None:
    rows = ws.mentions(ws.mention_filter(limit=60))
    human = [r for r in rows if r["labelled_by"] == "human"]
    assert human and all(r["sentiment_model"] == "sentiment-human@1" for r in human)
    assert {r["detected_language"] for r in rows} == {"en", None}
    assert all(r["sentiment"] for r in rows)


def _close(a: Any, b: Any) -> bool:
    """Equal, floats to 1e-9 relative (sums of the same cells in another order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-9)
    return bool(a == b)


CALLS = [
    {"days": 7},
    {"days": 30, "brand": "volta"},
    {"days": 90, "brand": "lumen", "exclude_suspicious": True},
    {"since": "2025-03-03 07:00", "until": "2025-04-17 19:00", "brand": "nexa"},
    {"since": "2025-10-25", "until": "2025-10-28"},  # over the change to winter time
]


def test_overview_matches_the_hourly_rollup(ws: Workspace) -> None:
    fast = [ws.overview(**c).to_dict() for c in CALLS]
    store = ws.writer()
    # a store rolled up by an earlier Rumeur: no brand table, the hourly one is summed
    store.execute("ALTER TABLE analytics_brand_hourly RENAME TO brand_hourly_aside")
    rollup.new_version(store)
    try:
        plain = [ws.overview(**c).to_dict() for c in CALLS]
    finally:
        store.execute("ALTER TABLE brand_hourly_aside RENAME TO analytics_brand_hourly")
        rollup.new_version(store)
    for f, p in zip(fast, plain, strict=True):
        assert _close(f, p), (f, p)
    assert sum(r["n"] for r in fast[0]["series"]) == fast[0]["current"]["mentions"] > 0


def test_the_overview_from_the_rows_is_the_overview_from_the_rollups(ws: Workspace) -> None:
    fast = [ws.overview(**c).to_dict() for c in CALLS]
    ws.prefer_rollups = False  # what a stale store gives
    try:
        rows = [ws.overview(**c).to_dict() for c in CALLS]
    finally:
        ws.prefer_rollups = True
    for f, r in zip(fast, rows, strict=True):
        assert (f.pop("source"), r.pop("source")) == ("rollups", "rows")
        assert _close(f, r), (f, r)
    assert sum(f["current"]["mentions"] > 0 and len(f["series"]) > 1 for f in fast) >= 3


def test_an_overview_is_kept_until_the_rollups_change(ws: Workspace) -> None:
    a = ws.overview(days=30, brand="volta")
    assert ws.overview(days=30, brand="volta") is a  # the same rollups: kept
    mid = ws.mentions(ws.mention_filter(brand="volta", limit=1))[0]
    value = "positive" if mid["sentiment"] != "positive" else "negative"
    ws.correct_label(mid["mention_id"], value=value, user="bob")
    b = ws.overview(days=30, brand="volta")
    assert b is not a and b.current.net.value != a.current.net.value
    ws.refresh_rollups()  # rebuilt: a new version, the same figures
    c = ws.overview(days=30, brand="volta")
    assert c is not b and _close(c.to_dict(), b.to_dict())


@pytest.mark.parametrize("q", ["panne", "fibre lyon", "remboursé rapidement"])
@pytest.mark.parametrize(("limit", "offset"), [(51, 0), (20, 40)])
def test_search_pages_match_the_plain_query(ws: Workspace, q: str, limit: int, offset: int) -> None:
    flt = ws.mention_filter(search=q, sort="relevance", limit=limit, offset=offset)
    fast = ws.mentions(flt)
    plain = find_mentions(ws.reader(), flt, plain=True)
    assert [r["mention_id"] for r in fast] == [r["mention_id"] for r in plain]
    assert _close(fast, plain) and (fast or offset)


@pytest.mark.parametrize("q", ["panne", "fibre lyon", "remboursé rapidement"])
@pytest.mark.parametrize(("limit", "offset"), [(50, 0), (20, 40), (10, 100_000)])
def test_search_results_give_the_plain_page_and_count(
    ws: Workspace, q: str, limit: int, offset: int
) -> None:
    """``search_mentions`` takes a search's page and its count from one pass over the
    terms' postings (the count of one term is its document frequency): the same as the
    plain query's page and a count of the matching mentions; a page past the last hit
    is empty and still says how many there are."""
    found = ws.search_mentions(q, limit=limit, offset=offset)
    flt = ws.mention_filter(search=q, sort="relevance", limit=limit, offset=offset)
    plain = find_mentions(ws.reader(), flt, plain=True)
    assert [h.mention_id for h in found.hits] == [r["mention_id"] for r in plain]
    every = count_mentions(ws.reader(), flt)  # the filter's count: a join on the mentions
    assert found.total == every > 0
    assert bool(found.hits) == (offset < every)


@pytest.mark.parametrize("column", ["created_at", "collected_at"])
def test_time_bounds_are_min_and_max(ws: Workspace, column: str) -> None:
    """The oldest and newest times come from top-1 queries (zone maps), not from a read
    of the whole column: the same values as min() and max(), the wrong clock's future
    post and the late posts included."""
    from rumeur.query import time_bounds

    store = ws.reader()
    expected = store.rows(f"SELECT min({column}), max({column}) FROM mentions")[0]
    assert time_bounds(store, column) == expected
    assert expected[1] > expected[0]
