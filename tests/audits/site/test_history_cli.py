"""Audits stored in a project: what changed since the last one; the CLI's contract."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rumeur import config
from rumeur.audits.site import CrawlOptions, SiteAuditOptions
from rumeur.audits.site.history import history, silent_changes, site_key
from rumeur.storage import open_store
from rumeur.workspace import Workspace
from tests.audits.site.fixture_site import CGV, VARIANTS, FixtureSite, Variant


def run_site_audit(project: config.Project, url: str, opts: SiteAuditOptions):
    """The use case as every face calls it: through the project's Workspace."""
    with Workspace(project) as ws:
        return ws.audit_site(url, opts)


OPTS = SiteAuditOptions(crawl=CrawlOptions(delay=0.0), browser=False, today=date(2026, 12, 1))


def _variant_with_cgv(body: str) -> Variant:
    return Variant(overrides={"/cgv": body})


def test_silent_cgv_change_is_found_and_a_dated_one_is_not(project: config.Project) -> None:
    with FixtureSite(VARIANTS["compliant"]) as site:
        first = run_site_audit(project, site.url, OPTS)
        assert first.changes == []
        # the shop edits its CGV (withdrawal period cut) without changing the date
        site.variant = _variant_with_cgv(CGV.replace("de 14 jours", "de 7 jours"))
        second = run_site_audit(project, site.url, OPTS)
    page_changes = [c for c in second.changes if c["type"] == "page"]
    assert [c["kind"] for c in page_changes] == ["cgv"]
    assert page_changes[0]["silent"] is True
    assert "sans nouvelle date" in page_changes[0]["message"]
    # the withdrawal rule now fails, and the change says so
    assert {"type": "check", "id": "cgv.withdrawal", "before": "ok", "after": "missing"} in (
        second.changes
    )
    with open_store(project) as store:
        found = silent_changes(store)
        assert [(c["site"], c["kind"]) for c in found] == [(site_key(site.url), "cgv")]
        assert len(history(store, site_key(site.url))) == 2


def test_a_dated_cgv_update_is_not_silent(project: config.Project) -> None:
    with FixtureSite(VARIANTS["compliant"]) as site:
        run_site_audit(project, site.url, OPTS)
        site.variant = _variant_with_cgv(CGV.replace("de 14 jours", "de quatorze jours"))
        site.recent = "20 novembre 2026"
        second = run_site_audit(project, site.url, OPTS)
    cgv = [c for c in second.changes if c["type"] == "page" and c["kind"] == "cgv"]
    assert cgv and cgv[0]["silent"] is False
    assert cgv[0]["after_updated"] == "2026-11-20"
    with open_store(project) as store:
        assert not [c for c in silent_changes(store) if c["kind"] == "cgv"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process (the JSON contract is what a script sees)."""
    return subprocess.run(
        [sys.executable, "-m", "rumeur", "audit", "site", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _invoke(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from rumeur.cli import _load, app

    _load()
    result = CliRunner().invoke(app, ["audit", "site", *args])
    return result.exit_code, result.output


def test_cli_json_contract(project_dir: Path) -> None:
    with FixtureSite(VARIANTS["stale"]) as site:
        out = _cli(site.url, "--project", str(project_dir), "--json", "--no-browser",
                   "--delay", "0", cwd=project_dir)  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"url", "checked_at", "score", "checks"} <= set(data)
    assert 0 <= data["score"] <= 100
    for check in data["checks"]:
        assert set(check) == {"id", "status", "evidence", "page"}
        assert check["status"] in {"ok", "missing", "stale", "violation"}
    stale = {c["id"] for c in data["checks"] if c["status"] == "stale"}
    assert stale == {"cgv.freshness", "cgu.freshness", "privacy.freshness", "cookies.freshness"}
    # stored in the project
    with open_store(config.load(project_dir)) as store:
        assert store.query("SELECT count(*) AS n FROM site_audits")[0]["n"] == 1


def test_cli_text_is_a_french_checklist(project_dir: Path) -> None:
    with FixtureSite(VARIANTS["incomplete"]) as site:  # in process: the text, not the process
        code, output = _invoke(site.url, "--project", str(project_dir), "--no-browser",
                               "--delay", "0")  # fmt: skip
    assert code == 0, output
    assert "Audit du site" in output
    assert "CGV : rétractation de 14 jours — manquant" in output
    assert "Pondération du score" in output


def test_unreachable_site_is_a_clear_connector_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.chdir(tmp_path)  # no project: the audit runs, and is not stored
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, output = _invoke(f"http://127.0.0.1:{port}/", "--no-browser")
    assert code == 7, output
    assert f"127.0.0.1:{port}" in output and "ConnectError" in output


@pytest.mark.parametrize("bad", [["--accessibility", "sometimes"], ["--max-pages", "0"]])
def test_bad_options_are_usage_errors(bad: list[str]) -> None:
    code, output = _invoke("http://127.0.0.1:9/", *bad)
    assert code == 2, output
    assert bad[0] in output


def test_site_alert_rule_raises_a_silent_cgv_change(project_dir: Path) -> None:
    toml = project_dir / config.CONFIG_NAME
    toml.write_text(
        toml.read_text("utf-8") + '\n[alerts]\n[[alerts.rules]]\nname = "cgv"\ntype = "site"\n',
        "utf-8",
    )
    project = config.load(project_dir)
    with FixtureSite(VARIANTS["compliant"]) as site:
        run_site_audit(project, site.url, OPTS)
        with Workspace(project) as ws:
            assert ws.check_alerts(dry_run=True) == []
        site.variant = _variant_with_cgv(CGV.replace("de 14 jours", "de 7 jours"))
        run_site_audit(project, site.url, OPTS)
    with Workspace(project) as ws:
        alerts = ws.check_alerts(dry_run=True)
    assert len(alerts) == 1
    assert "CGV" in alerts[0]["title"] and "sans nouvelle date" in alerts[0]["title"]
