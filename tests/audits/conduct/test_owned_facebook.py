"""End to end: `rumeur collect` reads a Facebook Page (its posts, the public's questions
under them and the page's answers) from the local Graph API double, then `rumeur audit
conduct` computes the answer rate and the first-response times; both are checked
against what the double served, worked out from the double's corpus alone."""

from __future__ import annotations

import json
import statistics
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.connectors.doubles.meta import TOKEN, MetaDouble
from rumeur.connectors.doubles.meta_payloads import PAGE_ID, PageCorpus

_load()

PROJECT = """
[project]
name = "Fibrelia (fictif)"
timezone = "Europe/Paris"

[[brands]]
id = "fibrelia"
name = "Fibrelia"
own_accounts = ["{page}"]

[[sources]]
name = "fb-page"
type = "facebook"
base_url = "{url}"
page_id = "{page}"
access_token_env = "FB_E2E_TOKEN"
backfill_pages = 100
tagged = false
ratings = false
"""


def test_conduct_audit_measures_answers_collected_from_a_facebook_page(tmp_path, monkeypatch):
    epoch = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=15)
    corpus = PageCorpus(epoch=epoch, posts=30)
    double = MetaDouble(corpus).start()
    try:
        monkeypatch.setenv("FB_E2E_TOKEN", TOKEN)
        (tmp_path / "rumeur.toml").write_text(
            PROJECT.format(url=double.url, page=PAGE_ID), encoding="utf-8"
        )
        runner = CliRunner()
        out = runner.invoke(
            app, ["collect", "fb-page", "--json", "--no-enrich", "-p", str(tmp_path)]
        )
        assert out.exit_code == 0, out.output
        assert json.loads(out.stdout)["error"] is None
        out = runner.invoke(app, ["audit", "conduct", "--json", "-p", str(tmp_path)])
        assert out.exit_code == 0, out.output
        audit = json.loads(out.stdout)
    finally:
        double.stop()
    m = audit["rules"]["response"]["measures"]["facebook"]
    # what the double served: the public's questions under the page's posts, and when
    # the page first answered each
    asked = corpus.questions()
    assert len(asked) > 50
    hours = [(ans - _t(q)).total_seconds() / 3600 for q, ans in asked if ans is not None]
    assert 0 < len(hours) < len(asked)  # some questions stay unanswered
    assert m["addressed"] == m["questions"] == len(asked)
    assert m["answered"] == len(hours)
    assert m["answer_rate"] == round(len(hours) / len(asked), 3)
    assert m["median_hours"] == round(statistics.median(hours), 2)
    assert m["p90_hours"] == round(_quantile(hours, 0.9), 2)
    # the unanswered questions are the finding's evidence (the rate is under 65 %)
    unanswered = {q["id"] for q, ans in asked if ans is None}
    finding = next(f for f in audit["findings"] if f["rule"] == "response")
    assert f"{len(hours)} sur {len(asked)} questions" in finding["message"]
    assert finding["evidence"]  # mention ids of unanswered questions
    assert len(unanswered) == len(asked) - len(hours)


def _t(obj: dict) -> datetime:
    return datetime.strptime(obj["created_time"], "%Y-%m-%dT%H:%M:%S%z")


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (as the audit computes it)."""
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)
