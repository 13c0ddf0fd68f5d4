"""The dashboard's opinion figures and spikes read from the rollups are those of the rows
(and of what ``rumeur metrics opinion`` / ``metrics spikes --json`` print), on a real
store: six weeks of two fictional operators with a bad-buzz week, date-only reviews
(local midnight) and a pile of posts stamped at one whole minute, which the spike
detector spreads over their day. Stale rollups fall back to the rows."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rumeur.analytics.frame import Scope
from rumeur.cli import _load, app
from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace
from tests.analytics.conftest import add_mention
from tests.report.conftest import built_project
from tests.workspace.conftest import rolled_up

MIDNIGHT = datetime(2025, 10, 27, 23, 0, tzinfo=UTC)  # 28/10 00:00 in Paris (CET)
PILE = datetime(2025, 11, 4, 7, 13, tzinfo=UTC)


def _fill(store: DuckDBStore) -> None:
    for i in range(5):  # review sites showing only the day
        add_mention(store, f"day{i}", platform="reviews", created_at=MIDNIGHT,
                    sentiment=("negative", "positive")[i % 2], brands=["volta"],
                    text="Avis Volta : réseau coupé", views=300 + i)  # fmt: skip
    for i in range(4):  # "il y a 2 jours", resolved against the export time
        add_mention(store, f"pile{i}", platform="forum", created_at=PILE, sentiment="negative",
                    brands=["nexa"], text="Nexa facture en double", views=50 + i)  # fmt: skip


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rolled_up(tmp_path_factory, "dashroll", lambda r: built_project(r, waves=0), _fill)


SCOPES = [
    {},
    {"brands": ["volta"]},
    {"since": "2025-10-20", "until": "2025-11-10"},
    {"platforms": ["reviews"]},
    {"brands": ["nexa"], "since": "2025-10-13 08:00"},
]
GROUPINGS = [(("brand",), "all"), (("brand", "period"), "week"), (("period",), "day"),
             (("brand", "period"), "day"), (("platform",), "month")]  # fmt: skip


def _same_cells(fast: Any, rows: Any, authors: bool) -> None:
    assert [c.key for c in fast] == [c.key for c in rows]
    for f, r in zip(fast, rows, strict=True):
        assert (f.volume, f.unscored, f.counts, f.human_labels) == (
            r.volume, r.unscored, r.counts, r.human_labels)  # fmt: skip
        assert f.shares == r.shares and f.net == r.net  # same counts: the same intervals
        assert f.reach == pytest.approx(r.reach, rel=1e-12)
        assert f.authors == (r.authors if authors else None)


@pytest.mark.parametrize("kw", SCOPES)
def test_opinion_from_the_rollups_equals_the_rows(ws: Workspace, kw: dict[str, Any]) -> None:
    scope = ws.scope(**kw)
    assert ws.dashboard_source(scope) == "rollups"
    for by, period in GROUPINGS:
        authors = by == ("brand",)
        fast = ws.opinion_tally(scope, by=by, period=period, authors=authors)
        assert fast and all(type(c).__name__ == "Tally" for c in fast)
        _same_cells(fast, ws.opinion(scope, by=by, period=period), authors)


def _explained(ws: Workspace, scope: Scope) -> list[Any]:
    spikes = ws.dashboard_spikes(scope)
    ws.explain_spikes(scope, spikes)
    return spikes


def _spikes(spikes: Any) -> list[dict[str, Any]]:
    import copy

    return [copy.deepcopy(s.to_dict()) for s in spikes]  # (kept objects: never changed)


def _same_spikes(fast: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    assert len(fast) == len(rows)
    for f, r in zip(fast, rows, strict=True):
        for k in ("observed", "expected", "z", "ratio"):
            assert (f.pop(k) or math.nan) == pytest.approx(r.pop(k) or math.nan, nan_ok=True)
        fs, rs = f["explanation"].pop("size"), r["explanation"].pop("size")
        assert fs == pytest.approx(rs)
        assert f == r


@pytest.mark.parametrize("kw", SCOPES)
def test_spikes_from_the_rollups_equal_the_rows(ws: Workspace, kw: dict[str, Any]) -> None:
    scope = ws.scope(**kw)
    rows = _spikes(ws.spikes(scope))
    # before their explanation: the same spikes, tones and sentiment shifts
    bare = ws.dashboard_spikes(scope)
    assert [(s.brand, s.metric, s.start.isoformat(), s.tone, s.explanation["sentiment_shift"])
            for s in bare] == [(r["brand"], r["metric"], r["start"], r["tone"],
                                r["explanation"]["sentiment_shift"]) for r in rows]  # fmt: skip
    fast = _spikes(_explained(ws, scope))
    if not kw or kw.get("brands") == ["volta"]:
        assert any(s["tone"] == "negative" for s in rows)  # the bad-buzz week is found
    _same_spikes(fast, rows)


def test_coarse_timestamps_are_spread_as_the_rows_are(ws: Workspace) -> None:
    from rumeur.analytics.from_rollups import hourly_series
    from rumeur.analytics.spikes import bucketize

    scope = ws.scope()
    lo, hi = MIDNIGHT - timedelta(days=2), PILE + timedelta(days=2)
    fast = hourly_series(ws.reader(), Scope(since=lo, until=hi), lo, hi, "Europe/Paris")
    rows = ws.rows(Scope(since=lo, until=hi))
    for brand in ("volta", "nexa"):
        times, series = bucketize([r for r in rows if r["brand"] == brand], lo, hi)
        assert fast[brand][0] == times
        for k, v in series.items():
            assert fast[brand][1][k] == pytest.approx(v, abs=1e-9), (brand, k)
    # the five date-only reviews are spread over the 24 hours of their day
    assert fast["volta"][1]["volume"][48:72].min() >= 5 / 24 - 1e-9
    assert scope == ws.scope()


def test_the_cli_prints_the_same_figures(ws: Workspace, root: Path) -> None:
    _load()
    runner = CliRunner()
    out = runner.invoke(app, ["metrics", "opinion", "--period", "week", "--json",
                              "--project", str(root)])  # fmt: skip
    assert out.exit_code == 0, out.output
    printed = json.loads(out.output)
    fast = ws.opinion_tally(ws.scope(), by=("brand", "period"), period="week")
    assert [(c["brand"], c["period"], c["volume"], c["counts"], c["net"]) for c in printed] == [
        (c.key["brand"], c.key["period"], c.volume, c.counts, c.net.to_dict()) for c in fast
    ]
    out = runner.invoke(app, ["metrics", "spikes", "--json", "--project", str(root)])
    assert out.exit_code == 0, out.output
    _same_spikes(_spikes(_explained(ws, ws.scope())), json.loads(out.output))


def test_stale_rollups_fall_back_to_the_rows(root: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(root, copy)
    with Workspace.open(copy) as ws:
        # a person's correction is followed in place: the rollups stay fresh
        ws.correct_label("m7", value="negative", user="analyste")
        scope = ws.scope()
        assert ws.dashboard_source(scope) == "rollups"
        fast = ws.opinion_tally(scope, authors=True)
        assert sum(c.human_labels for c in fast) == 1
        _same_cells(fast, ws.opinion(scope), True)
        # a mention imported without enrichment: the rollups no longer hold every row
        add_mention(ws.writer(), "late1", created_at=PILE, sentiment=None, brands=["volta"])
        assert ws.dashboard_source(scope) == "rows"
        cells = ws.opinion_tally(scope)
        assert type(cells[0]).__name__ == "OpinionCell"
        assert sum(c.volume for c in cells) == sum(c.volume for c in fast) + 1
        ws.refresh_rollups()
        assert ws.dashboard_source(scope) == "rollups"
        ws.prefer_rollups = False
        assert ws.dashboard_source(scope) == "rows"
    # the brands' own posts, the authenticity filter and periods off the hour: the rows
    with Workspace.open(copy) as ws:
        for sc in (ws.scope(exclude_suspicious=True), ws.scope(since="2025-10-20 10:30"),
                   ws.scope(include_own=True)):  # fmt: skip
            assert ws.dashboard_source(sc) == "rows"


def test_window_rows_are_the_rows_of_the_window(ws: Workspace) -> None:
    from rumeur.analytics.from_rollups import window_rows

    for kw in ({"brands": ["volta"], "since": "2025-10-20", "until": "2025-11-03"},
               {"brands": ["nexa"], "platforms": ["forum"]}, {}):  # fmt: skip
        scope = ws.scope(**kw)
        assert window_rows(ws.reader(), scope) == ws.rows(scope, with_text=True)


def test_a_budget_leaves_the_largest_explanations_to_the_spike_page(
    root: Path, tmp_path: Path
) -> None:
    import shutil

    from rumeur.server.dashboard.page import Filters, Page
    from rumeur.server.dashboard.views_core import _spike_row, spike, spike_id

    shutil.copytree(root, tmp_path / "p")
    with Workspace.open(tmp_path / "p") as ws:
        ws.refresh_rollups()  # new rollups: nothing explained yet
        scope = ws.scope(brands=["volta"])
        spikes = ws.dashboard_spikes(scope)
        ws.explain_spikes(scope, spikes, budget=0)
        assert spikes and all(s.explanation.get("deferred") for s in spikes)
        page = Page("p", ws, "fr", "ana", "analyst", filters=Filters(brand="volta"))
        row = _spike_row(page, spikes[-1])
        assert row["terms"] == row["origin"] == "sur la page du pic" and row["deferred"]
        from rumeur.server.dashboard.page import render

        html = render(page, "overview.html.j2", heading="", flash=None, error=None, cards=[],
                      chart=None, bad_buzz=[row], period=None)  # fmt: skip
        assert "origine et termes en hausse sur la page du pic" in html
        # the spike's own page explains it, and the lists show it from then on
        found = spike(page, spike_id(spikes[-1]))
        assert found is not None and found["terms"]
        assert _spike_row(page, ws.dashboard_spikes(scope)[-1])["terms"] != "sur la page du pic"
        ws.explain_spikes(scope, spikes, budget=10_000)  # the small store fits
        assert not any(s.explanation.get("deferred") for s in ws.dashboard_spikes(scope))


@pytest.mark.parametrize("key", ["overview", "timeline"])
@pytest.mark.parametrize("filters", [{}, {"brand": "nexa", "since": "2025-10-13"}])
def test_the_pages_read_from_the_rollups_are_the_pages_read_from_the_rows(
    root: Path, key: str, filters: dict[str, str]
) -> None:
    from rumeur.server.dashboard.page import Filters, Page
    from rumeur.server.dashboard.pages import render_page

    html = {}
    for prefer in (False, True):
        with Workspace.open(root) as ws:
            ws.prefer_rollups = prefer
            page = Page("p", ws, "fr", "ana", "analyst", filters=Filters(**filters), current=key)
            assert ws.dashboard_source(page.filters.scope(ws)) == ("rollups" if prefer else "rows")
            html[prefer] = render_page(page)
    assert "Volta" in html[True] or "Nexa" in html[True]
    assert html[True] == html[False]
