"""Correcting a label through the API: analysts only, stored as a person's label, the
figures change and say so, the history and the training export follow."""

from __future__ import annotations

import json

from tests.server.conftest import Server

A = "/api/v1/projects/alpha"


def _negative(c) -> int:  # type: ignore[no-untyped-def]
    cells = c.get(f"{A}/metrics/opinion", params={"by": "brand"}).json()
    return sum(cell["counts"]["negative"] for cell in cells)


def test_a_correction_changes_the_figures_and_is_exported(server: Server) -> None:
    analyst, viewer = server.client("analyst"), server.client("viewer")
    rows = viewer.get(f"{A}/mentions", params={"limit": 500, "brand": "volta"}).json()
    # an opinion the figures count: the brand's own replies are not opinions
    target = next(
        m
        for m in rows["mentions"]
        if m["sentiment"] in ("positive", "neutral") and not m["is_own_account"]
    )
    mid = target["mention_id"]
    refused = viewer.post(f"{A}/mentions/{mid}/labels", json={"value": "negative"})
    assert refused.status_code == 403
    before = _negative(viewer)
    made = analyst.post(f"{A}/mentions/{mid}/labels", json={"value": "negative", "note": "ironie"})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["user"] == "analyst" and body["value"] == "negative"
    assert body["previous"] == target["sentiment"]
    assert _negative(viewer) == before + 1  # the figure moved
    got = viewer.get(f"{A}/mentions/{mid}").json()
    assert got["sentiment"] == "negative" and got["sentiment_model"].startswith("sentiment-human")
    history = viewer.get(f"{A}/mentions/{mid}/labels").json()
    assert [h["value"] for h in history][-1] == "negative"
    export = analyst.get(f"{A}/labels/export")
    assert export.status_code == 200
    lines = [json.loads(x) for x in export.text.splitlines()]
    assert any(x["id"] == mid and x["label"] == "negative" for x in lines)
    assert viewer.get(f"{A}/labels/export").status_code == 403
    bad = analyst.post(f"{A}/mentions/{mid}/labels", json={"value": "furieux"})
    assert bad.status_code == 422
    missing = analyst.post(f"{A}/mentions/inconnue/labels", json={"value": "negative"})
    assert missing.status_code == 404
    log = server.client("admin").get("/api/v1/audit-log", params={"project": "alpha"}).json()
    assert any(e["action"].endswith("/labels") and e["user"] == "analyst" for e in log)
