"""Workspace.overview: the dashboard's headline figures from the rollups, their trend,
and a person's correction moving them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from rumeur.errors import StoreError, UsageError
from rumeur.workspace import Workspace
from tests.workspace.test_labels import built as built
from tests.workspace.test_labels import mid
from tests.workspace.test_labels import ws as ws


def test_figures_intervals_and_trend(ws: Workspace) -> None:
    o = ws.overview(brand="volta", since="2025-10-03", until="2025-10-07")
    cur = o.current
    # x4 (neg), x5 (neg), x6 (pos) are Volta's between the 3rd and the 7th (Paris time)
    assert (cur.mentions, cur.scored) == (3, 3)
    assert cur.shares["negative"].value == pytest.approx(2 / 3)
    assert cur.shares["negative"].lo < 2 / 3 < cur.shares["negative"].hi  # Wilson interval
    assert cur.net.value == pytest.approx((1 - 2) / 3)
    # the 4 days before: x1 (neg), x2 (pos) are Volta's
    assert o.previous.mentions == 2 and o.previous.net.value == pytest.approx(0.0)
    d = o.to_dict()
    assert d["trend"]["mentions_change"] == pytest.approx(0.5)
    assert d["timezone"] == "Europe/Paris" and d["source"] == "rollups"
    assert [r["day"] for r in d["series"]] == ["2025-10-04", "2025-10-05", "2025-10-06"]
    assert sum(r["n"] for r in d["series"]) == 3


def test_a_correction_moves_the_overview(ws: Workspace) -> None:
    before = ws.overview(brand="volta", since="2025-10-01", until="2025-10-08").current
    ws.correct_label(mid(ws, "x5"), value="positive", user="alice")
    after = ws.overview(brand="volta", since="2025-10-01", until="2025-10-08").current
    assert after.net.value == pytest.approx(before.net.value + 2 / before.scored)


def test_default_period_and_refusals(ws: Workspace, tmp_path: Path) -> None:
    o = ws.overview(days=7)
    assert o.current.mentions == 6 and o.until.isoformat().startswith("2025-10-06")
    with pytest.raises(UsageError, match="marque"):
        ws.overview(brand="inconnue")
    fresh = Workspace.init(tmp_path / "vide")
    with pytest.raises(StoreError, match="agrégats"):
        fresh.overview()


def test_stale_rollups_give_the_overview_of_the_rows(ws: Workspace) -> None:
    from tests.analytics.conftest import add_mention

    kw = {"brand": "volta", "since": "2025-10-01", "until": "2025-10-08"}
    fast = ws.overview(**kw).to_dict()
    assert fast["source"] == "rollups"
    # a mention imported without enrichment: the rollups no longer follow the store
    created = ws.overview(**kw).since + timedelta(hours=30)
    add_mention(ws.writer(), "tardive", created_at=created, brands=["volta"], views=40)
    late = ws.overview(**kw).to_dict()
    assert late["source"] == "rows"
    assert late["current"]["mentions"] == fast["current"]["mentions"] + 1
    assert late["current"]["scored"] == fast["current"]["scored"]  # unscored: not in shares
    assert late["current"]["reach"] == pytest.approx(fast["current"]["reach"] + 40)
    assert sum(r["n"] for r in late["series"]) == sum(r["n"] for r in fast["series"]) + 1
    assert ws.overview(days=7).source == "rows"
    ws.refresh_rollups()
    again = ws.overview(**kw).to_dict()
    assert again["source"] == "rollups" and again["current"] == late["current"]
