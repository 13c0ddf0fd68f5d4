"""docs/privacy.md shows a register generated from a configuration: it is regenerated
here and must match, so the documentation cannot drift from the code."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from rumeur import config
from rumeur.privacy.register import register

DOC = Path(__file__).parents[2] / "docs" / "privacy.md"


def _block(text: str, marker: str) -> str:
    m = re.search(rf"<!-- {marker} -->\n```\w+\n(.*?)\n```\n", text, re.S)
    assert m, marker
    return m.group(1)


def test_register_example_is_what_the_command_writes(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    (tmp_path / "rumeur.toml").write_text(_block(text, "register-config"), encoding="utf-8")
    shown = _block(text, "register-output")
    day = date.fromisoformat(re.search(r"le (\d{4}-\d{2}-\d{2})", shown).group(1))  # type: ignore[union-attr]
    assert register(config.load(tmp_path), generated=day).rstrip("\n") == shown
