"""The app-store example of docs/connectors.md loads and builds with keys where it says,
and ``rumeur sources`` warns when a Google Play source was not read for over a week."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from rumeur import Workspace, config
from rumeur.cli import _load, app
from rumeur.connectors import registry
from rumeur.connectors._paging import time_key
from rumeur.connectors.doubles.stores import TestKeys
from rumeur.storage.duckdb import DuckDBStore

DOC = Path(__file__).resolve().parents[2] / "docs" / "connectors.md"
_load()


def _example() -> str:
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if 'type = "appstore"' in b)


def test_the_app_store_example_loads_and_builds(tmp_path: Path) -> None:
    (tmp_path / "rumeur.toml").write_text('[project]\nname = "t"\n' + _example())
    keys = TestKeys()
    p8, _ = keys.write(tmp_path / "keys", "https://oauth2.googleapis.com/token")
    p8.rename(tmp_path / "keys" / "AuthKey_ABC123DEFG.p8")
    project = config.load(tmp_path / "rumeur.toml")
    assert {s.type for s in project.sources} == {"appstore", "googleplay"}
    for source in project.sources:
        conn = registry.build(project, source)
        conn.close()
    own = project.brands[0].own_accounts
    assert "appstore:1234567890" in own and "googleplay:fr.fibrelia.monespace" in own


def _project(tmp_path: Path) -> config.Project:
    (tmp_path / "rumeur.toml").write_text(
        '[project]\nname = "t"\ntimezone = "Europe/Paris"\n' + _example()
    )
    TestKeys().write(tmp_path / "keys", "https://oauth2.googleapis.com/token")
    return config.load(tmp_path / "rumeur.toml")


def test_sources_warns_when_google_play_was_not_read_for_a_week(tmp_path: Path) -> None:
    project = _project(tmp_path)
    store = DuckDBStore(project.store_path)
    now = datetime.now(UTC)
    for name, days in (("avis-android", 9), ("avis-ios", 9)):
        store.set_cursor(name, {"watermark": time_key(now - timedelta(days=days)),
                                "completed": time_key(now - timedelta(days=days))})  # fmt: skip
        store.record_source_run(name, success=True, collected=3)
    store.close()
    with Workspace.open(tmp_path) as ws:
        rows = {r["name"]: r for r in ws.sources_status()["sources"]}
    warning = rows["avis-android"]["warning"]
    assert "ne garde que 7 jours" in warning and "ont pu être manqués" in warning
    assert "9,0 jours" in warning and "(Europe/Paris)" in warning
    assert rows["avis-ios"]["warning"] is None  # the App Store keeps every review
    assert rows["avis-ios"]["interval"] == "15m" and rows["avis-android"]["interval"] == "1h"
    out = CliRunner().invoke(app, ["sources", "-p", str(tmp_path)], terminal_width=200)
    assert out.exit_code == 0 and "avis-android : attention" in out.output
    data = json.loads(CliRunner().invoke(app, ["sources", "-p", str(tmp_path), "--json"]).output)
    assert "ont pu être manqués" in data["sources"][1]["warning"]


def test_no_warning_within_the_week(tmp_path: Path) -> None:
    project = _project(tmp_path)
    store = DuckDBStore(project.store_path)
    store.set_cursor("avis-android", {"completed": time_key(datetime.now(UTC) - timedelta(days=2))})
    store.record_source_run("avis-android", success=True, collected=3)
    store.close()
    with Workspace.open(tmp_path) as ws:
        rows = {r["name"]: r for r in ws.sources_status()["sources"]}
    assert rows["avis-android"]["warning"] is None
