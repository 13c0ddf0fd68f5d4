"""End to end: `rumeur collect` reads a Facebook Page (its posts, the public's questions
under them and the page's answers) from the local Graph API double, then `rumeur audit
conduct` computes the answer rate and the first-response times; both are checked
against what the double served, worked out from the double's corpus alone."""

from __future__ import annotations

import hashlib
import json
import statistics
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.connectors.doubles.meta import TOKEN, MetaDouble
from rumeur.connectors.doubles.meta_payloads import PAGE_ID, PageCorpus, _t

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
    audit = _collect_and_audit(tmp_path, monkeypatch, corpus, PROJECT)
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


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (as the audit computes it)."""
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _collect_and_audit(tmp_path, monkeypatch, corpus: PageCorpus, project: str) -> dict:
    double = MetaDouble(corpus).start()
    try:
        monkeypatch.setenv("FB_E2E_TOKEN", TOKEN)
        (tmp_path / "rumeur.toml").write_text(
            project.format(url=double.url, page=PAGE_ID), encoding="utf-8"
        )
        runner = CliRunner()
        out = runner.invoke(
            app, ["collect", "fb-page", "--json", "--no-enrich", "-p", str(tmp_path)]
        )
        assert out.exit_code == 0, out.output
        assert json.loads(out.stdout)["error"] is None
        out = runner.invoke(app, ["audit", "conduct", "--json", "-p", str(tmp_path)])
        assert out.exit_code == 0, out.output
        return json.loads(out.stdout)
    finally:
        double.stop()


def test_a_negative_page_recommendation_is_a_complaint_to_answer(tmp_path, monkeypatch):
    """A "not recommended" left on the brand's page is addressed to the brand even when
    its text does not name it (no ``brand`` option on the source either): it counts as a
    complaint, answered when the page replied under it, open (evidence) when not."""
    epoch = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=15)
    corpus = PageCorpus(epoch=epoch, posts=30)
    negative = [r for r in corpus.all_ratings if r["recommendation_type"] == "negative"]
    assert len(negative) == 4
    assert all("fibrelia" not in r["review_text"].lower() for r in negative)
    unanswered = negative[1]["open_graph_story"]["id"]
    corpus.comments[unanswered] = []  # the page never replied to this one
    project = PROJECT.replace("ratings = false\n", "ratings = true\n")
    assert "ratings = true" in project
    audit = _collect_and_audit(tmp_path, monkeypatch, corpus, project)
    m = audit["rules"]["response"]["measures"]["facebook"]
    asked = corpus.questions()
    hours = [(ans - _t(q)).total_seconds() / 3600 for q, ans in asked if ans is not None]
    # the page answers a negative recommendation 5 hours after it (meta_payloads)
    hours += [5.0] * (len(negative) - 1)
    assert m["addressed"] == len(asked) + len(negative)
    assert m["complaints"] >= len(negative)
    assert m["answered"] == len(hours)
    assert m["answer_rate"] == round(len(hours) / (len(asked) + len(negative)), 3)
    assert m["median_hours"] == round(statistics.median(hours), 2)
    finding = next(f for f in audit["findings"] if f["rule"] == "response")
    ids = {r["open_graph_story"]["id"]: _mention_id(r["open_graph_story"]["id"]) for r in negative}
    assert ids[unanswered] in finding["evidence"]
    assert not {v for k, v in ids.items() if k != unanswered} & set(finding["evidence"])


def _mention_id(external_id: str) -> str:
    """A Facebook mention's id as the store makes it (md5 of its dedupe key)."""
    return hashlib.md5(f"facebook:{external_id}".encode()).hexdigest()
