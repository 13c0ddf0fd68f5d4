"""The audit where figures are made: --exclude-suspicious, the rollups, the alert rule."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from rumeur.alerts import dispatch, evaluate, parse
from rumeur.analytics import rollup
from rumeur.audits.authenticity import simulate
from rumeur.cli import _load, app
from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace

_load()
runner = CliRunner()


def _volume(project: Path, *extra: str) -> dict[str, int]:
    r = runner.invoke(app, ["metrics", "opinion", "-p", str(project), "--json", *extra],
                      catch_exceptions=False)  # fmt: skip
    assert r.exit_code == 0, r.output
    return {c["brand"]: c["volume"] for c in json.loads(r.output)}


def test_metrics_exclude_exactly_the_flagged_mentions(sim_project: Path) -> None:
    with Workspace.open(sim_project) as ws:
        flagged = ws.audit_authenticity().mentions
        brands = {r["mention_id"]: r["brand"] for r in ws.rows()}
    per_brand: dict[str, int] = {}
    for m in flagged:
        per_brand[brands[m.mention_id]] = per_brand.get(brands[m.mention_id], 0) + 1
    assert per_brand.get("cerise", 0) >= 40  # the review bombing
    every, kept = _volume(sim_project), _volume(sim_project, "--exclude-suspicious")
    assert {b: every[b] - kept.get(b, 0) for b in every} == {b: per_brand.get(b, 0)
                                                             for b in every}  # fmt: skip


def test_rollups_give_key_figures_with_and_without_suspicious(sim_project: Path) -> None:
    with Workspace.open(sim_project) as ws:
        counts = ws.refresh_rollups()
        n_flags = len(ws.suspicious_ids())
    assert counts["authenticity_flags"] == n_flags > 0
    with DuckDBStore(sim_project / "rumeur.duckdb", read_only=True) as st:
        span = st.query("SELECT min(created_at) AS lo, max(created_at) AS hi FROM mentions")[0]
        args = ["cerise", span["lo"], span["hi"] + timedelta(hours=1)]
        every = st.query(rollup.DASHBOARD["kpis"], args)[0]["mentions"]
        kept = st.query(rollup.DASHBOARD["kpis_without_suspicious"], args)[0]["mentions"]
        marked = st.scalar("SELECT count(*) FROM analytics_facts WHERE brand = 'cerise' "
                           "AND suspicious")  # fmt: skip
    assert marked >= 40 and every - kept == marked


def test_alert_rule_authenticity_fires_once_per_new_campaign(
    sim_project: Path, scenario: simulate.Scenario
) -> None:
    settings = parse({"rules": [{"name": "faux-avis", "type": "authenticity", "brand": "cerise",
                                 "history_days": 60, "lookback_hours": 24}]})  # fmt: skip
    bombed = [r["created_at"] for r in scenario.rows
              if scenario.truth[r["mention_id"]] == "review_bomb"]  # fmt: skip
    with DuckDBStore(sim_project / "rumeur.duckdb") as st:
        before = evaluate(st, settings, min(bombed) - timedelta(hours=1))
        assert not before  # nothing before the bombing starts
        now = max(bombed) + timedelta(hours=2)
        alerts = evaluate(st, settings, now)
        assert len(alerts) == 1
        a = alerts[0]
        assert a.dedupe_key.startswith("faux-avis:camp-") and "Campagne coordonnée" in a.title
        assert sum(scenario.truth[m] == "review_bomb" for m in a.mention_ids) >= 40
        assert dispatch(st, settings, alerts, now)[0]["status"] == "sent"
        # the same campaign, an hour later: known, not alerted again
        again = evaluate(st, settings, now + timedelta(hours=1))
        assert [x.dedupe_key for x in again] == [a.dedupe_key]
        outcome = dispatch(st, settings, again, now + timedelta(hours=1))
        assert [o["status"] for o in outcome] == ["duplicate"]


def test_alert_rule_options_are_checked() -> None:
    import pytest

    from rumeur.errors import ConfigError

    with pytest.raises(ConfigError, match="min_size"):
        parse({"rules": [{"type": "authenticity", "min_size": "beaucoup"}]})


def test_rollups_reuse_the_flags_while_the_mentions_are_the_same(
    sim_project: Path, monkeypatch
) -> None:
    import rumeur.audits.authenticity as auth

    calls = []
    real = auth.audit_store

    def counting(*args, **kw):  # the real audit, counted
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(auth, "audit_store", counting)
    with Workspace.open(sim_project) as ws:
        ws.refresh_rollups()
        first = set(ws.suspicious_ids())
        n = len(calls)
        ws.refresh_rollups()  # enrichment alone: the same mentions, the same flags
        assert len(calls) == n and set(ws.suspicious_ids()) == first
        ws.writer().execute("DELETE FROM mentions WHERE mention_id = ?", [sorted(first)[0]])
        ws.refresh_rollups()  # the mentions changed: audited again
        assert len(calls) == n + 1
        assert sorted(first)[0] not in ws.suspicious_ids()
