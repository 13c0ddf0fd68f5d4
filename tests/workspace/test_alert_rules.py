"""Alert rules added and deleted through the Workspace: validated like the file, written
to rumeur.toml with its comments kept, seen by the alert engine at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from rumeur import Workspace, config
from rumeur.errors import UsageError
from tests.conftest import BRANDS

RULES = """
# our rules, commented by hand
[[alerts.rules]]
name = "bad-buzz"
type = "spike"
brand = "volta"
"""


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    text = config.template(name="Test", brands=BRANDS) + RULES
    (tmp_path / config.CONFIG_NAME).write_text(text, encoding="utf-8")
    return Workspace.open(tmp_path)


def test_add_then_delete_a_rule(ws: Workspace) -> None:
    rule = ws.add_alert_rule(
        {"name": "mots-sensibles", "type": "keyword", "terms": ["rappel", "panne"]}
    )
    assert rule.type == "keyword" and rule.options["terms"] == ["rappel", "panne"]
    assert [r.name for r in ws.alert_rules()] == ["bad-buzz", "mots-sensibles"]
    text = (ws.project.root / "rumeur.toml").read_text(encoding="utf-8")
    assert "# our rules, commented by hand" in text and 'name = "mots-sensibles"' in text
    # a fresh load of the file reads the same rules (what `rumeur alerts check` will see)
    again = Workspace.open(ws.project.root)
    assert [r.name for r in again.alert_rules()] == ["bad-buzz", "mots-sensibles"]
    ws.delete_alert_rule("bad-buzz")
    assert [r.name for r in Workspace.open(ws.project.root).alert_rules()] == ["mots-sensibles"]
    assert "# our rules, commented by hand" in (ws.project.root / "rumeur.toml").read_text()


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ({"name": "bad-buzz", "type": "spike"}, "existe déjà"),
        ({"name": "x", "type": "tweet"}, "type de règle inconnu 'tweet'"),
        ({"name": "x", "type": "spike", "brand": "volt"}, "marque inconnue 'volt'"),
        ({"name": "x", "type": "threshold", "metric": "volume"}, "above"),
        ({"name": " ", "type": "spike"}, "nom"),
    ],
)
def test_a_wrong_rule_is_refused_and_the_file_untouched(
    ws: Workspace, rule: dict[str, object], says: str
) -> None:
    before = (ws.project.root / "rumeur.toml").read_bytes()
    with pytest.raises(UsageError) as err:
        ws.add_alert_rule(rule)
    assert says in str(err.value)
    assert (ws.project.root / "rumeur.toml").read_bytes() == before


def test_deleting_an_unknown_rule_names_the_rules(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="bad-buzz"):
        ws.delete_alert_rule("nope")
