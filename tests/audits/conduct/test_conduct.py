"""The conduct audit on a scripted shop: each rule finds what it should, and only that."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from rumeur.audits.conduct import RULES

pytestmark = pytest.mark.slow  # one import + fast enrichment for the module


def _ids(ws, export, tag: str) -> set[str]:
    ext = set(export.ids[tag])
    return {r["mention_id"] for r in ws.reader().query(
        "SELECT mention_id, external_id FROM mentions") if r["external_id"] in ext}  # fmt: skip


def _findings(audit, rule: str):
    return [f for f in audit.findings if f.rule == rule]


def test_overposting_days_are_found_with_the_audience_response(conduct_ws):
    ws, export = conduct_ws
    audit = ws.audit_conduct(brand="brindille")
    found = _findings(audit, "frequency")
    assert len(found) == 1
    f = found[0]
    assert (f.account, f.platform) == ("brindille", "facebook")
    assert f.start.date().isoformat() == "2026-03-12" and f.end.date().isoformat() == "2026-03-14"
    assert f.metrics["posts"] == 33  # 30 promotions + the 3 usual posts of those days
    assert f.metrics["complaints"] == 3
    assert f.metrics["engagement_drop"] > 0.5
    assert f.severity == "high"
    assert _ids(ws, export, "overposting_complaint") <= set(f.evidence)


def test_care_answers_are_not_unsolicited_and_cold_promotions_are(conduct_ws):
    ws, export = conduct_ws
    audit = ws.audit_conduct(brand="brindille")
    flagged = {e for f in _findings(audit, "unsolicited") for e in f.evidence}
    assert _ids(ws, export, "cold") <= flagged
    assert _ids(ws, export, "wall") <= flagged  # the competitor's fans never addressed us
    for fine in ("care_answer", "care_dm", "warm_promo", "data_ask"):
        assert not (_ids(ws, export, fine) & flagged), fine
    f = next(f for f in _findings(audit, "unsolicited") if f.platform == "twitter")
    assert f.metrics["promotional"] == 8 and f.severity == "high"


def test_wall_spam_and_copy_paste(conduct_ws):
    ws, export = conduct_ws
    audit = ws.audit_conduct(brand="brindille")
    wall = _findings(audit, "wall_spam")
    assert len(wall) == 1 and set(wall[0].evidence) == _ids(ws, export, "wall")
    assert wall[0].metrics["threads"] == 4
    cross = _findings(audit, "copy_paste")
    assert len(cross) == 1 and set(cross[0].evidence) == _ids(ws, export, "cross")
    assert cross[0].metrics["groups"] == 3
    assert any("hashtags sur facebook" in i for i in cross[0].metrics["format_issues"])


def test_response_rate_and_time(conduct_ws):
    ws, export = conduct_ws
    audit = ws.audit_conduct(brand="brindille")
    m = audit.measures["response"]["twitter"]
    # addressed: 6 questions + 1 complaint (answered) + 6 complaints + 1 question (data
    # ask, answered) + 1 data complaint (not answered)
    assert m["answered"] == 8 and m["addressed"] == 15
    assert m["median_hours"] == pytest.approx(0.54, abs=0.1)
    found = _findings(audit, "response")
    assert len(found) == 1 and found[0].severity == "medium"
    assert _ids(ws, export, "unanswered") <= set(found[0].evidence)
    assert not (_ids(ws, export, "question") & set(found[0].evidence))


def test_personal_data_rules(conduct_ws):
    ws, export = conduct_ws
    audit = ws.audit_conduct(brand="brindille")
    found = _findings(audit, "data_use")
    asks = [f for f in found if f.metrics["kind"] == "public_data_requests"]
    complaints = [f for f in found if f.metrics["kind"] == "audience_complaints"]
    assert len(asks) == 1 and set(asks[0].evidence) == _ids(ws, export, "data_ask")
    assert not (_ids(ws, export, "care_dm") & set(asks[0].evidence))  # "en MP" is fine
    assert len(complaints) == 1 and set(complaints[0].evidence) == _ids(
        ws, export, "data_complaint"
    )


def test_own_account_reviewing_its_brand(conduct_ws):
    ws, export = conduct_ws
    audit = ws.audit_conduct(brand="brindille")
    found = _findings(audit, "fake_customers")
    assert len(found) == 1 and found[0].severity == "high"
    assert set(found[0].evidence) == _ids(ws, export, "self_review")


def test_a_well_behaved_competitor_scores_100(conduct_ws):
    ws, _ = conduct_ws
    audit = ws.audit_conduct(brand="cardamome")
    assert audit.findings == [] and audit.score == 100.0
    main = ws.audit_conduct()
    assert main.brand == "brindille" and main.score < 50
    assert [c.brand for c in main.competitors] == ["cardamome"]


def test_period_limits_the_audit(conduct_ws):
    ws, _ = conduct_ws
    early = ws.audit_conduct(brand="brindille", until="2026-03-10")
    assert not _findings(early, "frequency") and not _findings(early, "unsolicited")


def test_cli_json_contract(conduct_ws):
    ws, _ = conduct_ws
    out = subprocess.run(
        [sys.executable, "-m", "rumeur", "audit", "conduct", "--brand", "brindille",
         "--project", str(ws.project.root), "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert 0 <= data["score"] <= 100
    keys = {"rule", "account", "platform", "start", "end", "severity", "message",
            "metrics", "evidence"}  # fmt: skip
    assert data["findings"]
    for f in data["findings"]:
        assert keys <= set(f)
        assert f["rule"] in RULES
        assert datetime.fromisoformat(f["start"]) <= datetime.fromisoformat(f["end"])
        assert all(isinstance(e, str) for e in f["evidence"])
    assert set(data["weights"]) == set(RULES)


def test_cli_text_in_french_and_unknown_brand(conduct_ws):
    from typer.testing import CliRunner

    from rumeur.cli import _load, app

    ws, _ = conduct_ws
    _load()
    res = CliRunner().invoke(app, ["audit", "conduct", "-p", str(ws.project.root)])
    assert res.exit_code == 0, res.output
    assert "Conduite de la marque brindille" in res.output
    assert "Fréquence de publication" in res.output
    bad = CliRunner().invoke(app, ["audit", "conduct", "--brand", "nope", "-p",
                                   str(ws.project.root)])  # fmt: skip
    assert bad.exit_code == 3 and "brindille" in bad.output
