"""The ``conduct`` alert rule: a serious finding raises one alert, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from rumeur import config
from rumeur.errors import ConfigError
from rumeur.workspace import Workspace
from tests.audits.conduct.conftest import BRANDS, scenario

RULES = """
[alerts]
[[alerts.rules]]
name = "conduite"
type = "conduct"
brand = "brindille"
min_severity = "high"
lookback_hours = 24
"""


@pytest.mark.slow
def test_conduct_rule_raises_the_overposting_once(tmp_path: Path) -> None:
    (tmp_path / config.CONFIG_NAME).write_text(
        config.template(name="T", brands=BRANDS) + RULES, "utf-8"
    )
    export = scenario()
    export.write(tmp_path / "export.csv")
    with Workspace.open(tmp_path) as ws:
        ws.import_files([tmp_path / "export.csv"])
        ws.enrich(["language", "sentiment-fast"])
        during = ws.check_alerts(now="2026-03-14 20:00", dry_run=True)
        before = ws.check_alerts(now="2026-03-11 06:00", dry_run=True)
        sent = ws.check_alerts(now="2026-03-14 20:00")
        again = ws.check_alerts(now="2026-03-14 21:00")
    titles = [a["title"] for a in during]
    assert any("frequency" in t and "brindille" in t for t in titles), titles
    assert not any("frequency" in a["title"] for a in before)
    assert any(o["status"] == "sent" for o in sent)
    assert all(o["status"] == "duplicate" for o in again if "frequency" in o.get("key", ""))


def test_conduct_rule_options_are_checked(tmp_path: Path) -> None:
    (tmp_path / config.CONFIG_NAME).write_text(
        config.template(name="T", brands=BRANDS) + RULES.replace('"high"', '"grave"'), "utf-8"
    )
    from rumeur.alerts import from_project

    with pytest.raises(ConfigError, match="min_severity"):
        from_project(config.load(tmp_path))
