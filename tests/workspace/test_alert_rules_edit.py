"""Editing alert rules leaves a valid rumeur.toml whatever the order of edits: the last
rule deleted, then one added; a rule replaced in place; values TOML cannot hold refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from rumeur.errors import UsageError
from rumeur.workspace import Workspace


def test_delete_the_last_rule_then_add_one(project_dir: Path) -> None:
    with Workspace.open(project_dir) as ws:
        ws.add_alert_rule({"name": "seule", "type": "keyword", "terms": ["panne"]})
        ws.delete_alert_rule("seule")
        assert ws.alert_rules() == []
        ws.add_alert_rule({"name": "nouvelle", "type": "keyword", "terms": ["coupure"]})
        ws.replace_alert_rule("nouvelle", {"name": "renommée", "type": "detractor"})
        assert [r.name for r in ws.alert_rules()] == ["renommée"]
    data = tomllib.loads((project_dir / "rumeur.toml").read_text(encoding="utf-8"))
    assert data["alerts"]["rules"] == [{"name": "renommée", "type": "detractor"}]


@pytest.mark.parametrize(
    "rule",
    [
        {"name": "x", "type": "keyword", "terms": [None]},
        {"name": "x", "type": "keyword", "": ["a"]},
        {"name": "x", "type": "keyword", "terms": {"a": 1}},
        {"name": " ", "type": "keyword"},
    ],
)
def test_values_toml_cannot_hold_are_refused_and_the_file_kept(
    project_dir: Path, rule: dict[str, object]
) -> None:
    before = (project_dir / "rumeur.toml").read_text(encoding="utf-8")
    with Workspace.open(project_dir) as ws, pytest.raises(UsageError):
        ws.add_alert_rule(rule)
    assert (project_dir / "rumeur.toml").read_text(encoding="utf-8") == before
