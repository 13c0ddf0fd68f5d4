"""The owned-channel examples of docs/connectors.md load and build (Facebook, Instagram,
the read budget)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rumeur import config
from rumeur.connectors import registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "connectors.md"


def _blocks() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return [b for b in re.findall(r"```toml\n(.*?)```", text, re.S)
            if re.search(r'type = "(facebook|instagram)"', b)]  # fmt: skip


@pytest.mark.parametrize("block", _blocks())
def test_owned_examples_build(block, tmp_path, monkeypatch):
    monkeypatch.setenv("FB_PAGE_TOKEN", "doc-example-token")
    head = "" if "[[brands]]" in block else '[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n'
    (tmp_path / "rumeur.toml").write_text('[project]\nname = "doc"\n' + head + block)
    project = config.load(tmp_path / "rumeur.toml")
    (source,) = project.sources
    registry.build(project, source).close()


def test_there_are_owned_examples():
    assert len(_blocks()) == 2
