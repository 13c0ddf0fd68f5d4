"""Share of voice read from the rollups is the share of voice of the rows, to the last bit
(volume, favourable and unfavourable shares, net voice, the change and its z-test, and the
reach share with its author-cluster bootstrap interval), on a real store of three
fictional operators: reach estimated from followers (fractions that add up differently in
another order), replies inheriting part of their parent's reach, mentions naming two
brands, brand accounts' own posts, posts collected weeks late, and clocks set years off.
Stale rollups, and reaches the rollups cannot add exactly, fall back to the rows."""

from __future__ import annotations

import json
import math
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace
from tests.analytics.conftest import add_mention
from tests.report.conftest import make_project
from tests.workspace.conftest import rolled_up

T0 = datetime(2025, 9, 1, 6, 0, tzinfo=UTC)
PLATFORMS = ("twitter", "mastodon", "bluesky", "facebook", "reviews")
LABELS = ("negative", "positive", "neutral", "positive", None)
NAMES = ("abonné", "Zoé", "émilie", "Émile", "zoe", "😀fan", "straße")  # sorted by code point


def _fill(store: DuckDBStore) -> None:
    store.execute("BEGIN TRANSACTION")
    for k in range(420):
        at = T0 + timedelta(hours=3 * k + (k % 7))
        brands = [("volta", "nexa", "ondine")[k % 3]]
        if k % 11 == 0:
            brands = ["volta", "nexa"]  # "Volta ou Nexa ?": counts for both
        platform = PLATFORMS[k % 5]
        author = f"{NAMES[k % 7]}-{k % 53}" if k % 13 else None  # some: only a handle
        extra: dict[str, Any] = {}
        if k % 17 == 5:  # a wrong clock: a phone set years ahead, an export from 2009
            at = datetime(2031, 1, 1, 0, 0, tzinfo=UTC) if k % 2 else datetime(
                2009, 6, 1, 12, 0, tzinfo=UTC)  # fmt: skip
        if k % 19 == 3:
            extra["collected_at"] = at + timedelta(days=40)  # collected six weeks late
        if k % 9 == 4 and k > 20:  # a reply: part of its parent's readers
            parent = k - 9
            extra.update(reply_to=f"m{parent}", platform=PLATFORMS[parent % 5])
            platform = extra.pop("platform")
        add_mention(
            store,
            f"m{k}",
            author=author,
            handle=f"client_{k % 61}",
            platform=platform,
            created_at=at if k % 23 else T0 + timedelta(hours=3 * (k - 1)),  # same instant
            author_followers=(37 + 1_003 * (k % 29)) if k % 4 else None,
            views=None if k % 4 else 100 + 7 * k,
            sentiment=LABELS[k % 5],
            brands=brands,
            text=f"message {k} sur {', '.join(brands)}",
            **extra,
        )
    for i in range(15):  # the brands' own posts: never in the share of voice
        add_mention(store, f"own{i}", is_own_account=True, brands=["volta"], handle="volta_sav",
                    created_at=T0 + timedelta(days=2 * i), views=90_000, author="volta-officiel",
                    sentiment="positive")  # fmt: skip
    store.execute("COMMIT")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rolled_up(tmp_path_factory, "dashvoice", make_project, _fill)


SCOPES = [
    {},
    {"brands": ["volta"]},
    {"since": "2025-09-15", "until": "2025-10-20"},
    {"platforms": ["twitter", "mastodon"]},
    {"brands": ["nexa", "ondine"], "since": "2025-09-20 08:00"},
    {"until": "2025-10-01"},
]


def _voices(ws: Workspace, scope: Any, prefer: bool, seed: int = 0) -> list[dict[str, Any]]:
    ws.prefer_rollups = prefer
    try:
        assert ws.dashboard_source(scope) == ("rollups" if prefer else "rows")
        return [v.to_dict() for v in ws.share_of_voice(scope, seed=seed)]
    finally:
        ws.prefer_rollups = True


def test_the_fixture_holds_what_makes_it_hard(ws: Workspace) -> None:
    rows = ws.rows(ws.scope())
    assert any(r["created_at"].year == 2031 for r in rows)
    assert any(r["created_at"].year == 2009 for r in rows)
    assert not any(r["is_own_account"] for r in rows)
    ids = [r["mention_id"] for r in rows]
    assert len(ids) > len(set(ids))  # mentions naming two brands
    assert any(not float(r["reach"]).is_integer() for r in rows)
    # the reaches of some author add up to another float in another order: only exact
    # sums make the two paths agree
    by: dict[str, list[float]] = {}
    for r in rows:
        by.setdefault(r["author"], []).append(float(r["reach"]))
    assert any(sum(v) != sum(reversed(v)) or sum(v) != math.fsum(v) for v in by.values())


@pytest.mark.parametrize("kw", SCOPES)
def test_share_of_voice_from_the_rollups_equals_the_rows(ws: Workspace, kw: dict[str, Any]) -> None:
    scope = ws.scope(**kw)
    rows = _voices(ws, scope, False)
    fast = _voices(ws, scope, True)
    assert rows and fast == rows  # every float, the reach interval's bounds included
    if "since" in kw:  # the period before holds mentions: the change and its z-test
        assert all(v["change_test"] is not None for v in rows)
    assert {v["reach"]["method"] for v in fast} == {"cluster-bootstrap(authors, B=1000)"}
    assert _voices(ws, scope, True, seed=7) == _voices(ws, scope, False, seed=7)


def test_the_row_order_does_not_change_the_figures(ws: Workspace) -> None:
    from rumeur.analytics.sov import share_of_voice

    rows = ws.rows(ws.scope())
    ahead = share_of_voice(rows, rows[:40])
    behind = share_of_voice(list(reversed(rows)), list(reversed(rows[:40])))
    assert [v.to_dict() for v in ahead] == [v.to_dict() for v in behind]


def test_the_cli_and_the_page_show_the_same_figures(ws: Workspace, root: Path) -> None:
    from rumeur.cli import _load, app
    from rumeur.server.dashboard.page import Filters, Page
    from rumeur.server.dashboard.pages import render_page

    _load()
    out = CliRunner().invoke(app, ["metrics", "sov", "--json", "--project", str(root)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == _voices(ws, ws.scope(), False)
    for filters in ({}, {"brand": "nexa", "since": "2025-09-20"}):
        html = {}
        for prefer in (False, True):
            with Workspace.open(root) as w:
                w.prefer_rollups = prefer
                page = Page("p", w, "fr", "ana", "analyst", filters=Filters(**filters),
                            current="voice")  # fmt: skip
                assert w.dashboard_source(page.filters.scope(w)) == (
                    "rollups" if prefer else "rows")  # fmt: skip
                html[prefer] = render_page(page)
        assert "Nexa" in html[True] and "%" in html[True]
        assert html[True] == html[False]


def test_stale_or_inexact_rollups_fall_back_to_the_rows(root: Path, tmp_path: Path) -> None:
    from rumeur.analytics import rollup, sov_rollups

    copy = tmp_path / "p"
    shutil.copytree(root, copy)
    with Workspace.open(copy) as ws:
        scope = ws.scope()
        before = ws.share_of_voice(scope)
        # a person's correction is followed in place: still the rollups, still the rows' figures
        ws.correct_label("m2", value="negative", user="analyste")
        assert ws.dashboard_source(scope) == "rollups"
        assert _voices(ws, scope, True) == _voices(ws, scope, False)
        # a mention imported without enrichment: the rollups no longer hold every row
        add_mention(ws.writer(), "tard1", created_at=T0 + timedelta(days=3), brands=["ondine"],
                    author_followers=333)  # fmt: skip
        assert ws.dashboard_source(scope) == "rows"
        after = {v.brand: v.mentions for v in ws.share_of_voice(scope)}
        assert after["ondine"] == {v.brand: v.mentions for v in before}["ondine"] + 1
        ws.refresh_rollups()
        assert _voices(ws, scope, True) == _voices(ws, scope, False)
        # a reach the rollups cannot add exactly (below 2^-12, not a binary fraction)
        ws.writer().execute("UPDATE analytics_facts SET reach = 0.0001 WHERE mention_id = 'm1'")
        rollup.new_version(ws.writer())
        assert sov_rollups.sums(ws.reader(), scope) is None
        assert ws.dashboard_source(scope) == "rollups"  # fresh, yet the rows are read
        rows = _voices(ws, scope, False)
        assert [v.to_dict() for v in ws.share_of_voice(scope)] == rows
        assert rows and all(v["reach"]["n"] > 0 for v in rows)
