"""The X, Trustpilot and Google Business Profile examples of docs/connectors.md load as
a project and each builds its connector (with its secrets from the environment)."""

from __future__ import annotations

import re
from pathlib import Path

from rumeur import config
from rumeur.connectors import registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "connectors.md"
TYPES = ("x", "trustpilot", "google_business")


def test_owned_source_examples_load_and_build(tmp_path, monkeypatch):
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    names = ('name = "x-fibrelia"', 'name = "trustpilot-fibrelia"', 'name = "avis-google"')
    mine = [b for b in blocks if any(n in b for n in names)]
    assert len(mine) == 3
    for var in ("X_BEARER_TOKEN", "TRUSTPILOT_API_KEY", "TRUSTPILOT_API_SECRET",
                "GBP_CLIENT_SECRET", "GBP_REFRESH_TOKEN"):  # fmt: skip
        monkeypatch.setenv(var, "doc-example-value")
    head = '[project]\nname = "Doc"\n[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n'
    (tmp_path / "rumeur.toml").write_text(head + "\n".join(mine), encoding="utf-8")
    project = config.load(tmp_path / "rumeur.toml")
    assert sorted(s.type for s in project.sources) == sorted(TYPES)
    for source in project.sources:
        registry.build(project, source).close()
