"""The report's authenticity section over a real store: campaigns and figures side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from tests.report.conftest import section, visible_text

_load()
runner = CliRunner()


def _report(project: Path, lang: str) -> str:
    out = project / f"r-{lang}.html"
    r = runner.invoke(app, ["report", "-p", str(project), "-o", str(out), "--lang", lang],
                      catch_exceptions=False)  # fmt: skip
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_section_lists_campaigns_and_figures_with_and_without(sim_project: Path) -> None:
    html = _report(sim_project, "fr")
    sec = visible_text(section(html, "a-authenticity"))
    assert "Authenticité" in sec and "campagne(s) coordonnée(s)" in sec
    assert "avis 1★ ou 5★ publié un jour de rafale anormale" in sec  # the review bombing
    assert "compte d'un petit cercle qui se répond en boucle" in sec  # the ring
    assert "Favorables sans suspectes" in sec and "Cerise Mobile" in sec
    for word in ("campaign", "reviews", "the ", "share", "brand"):
        assert word not in sec.lower().replace("camp-", ""), word
    # each campaign links to its mentions in the appendix
    assert 'href="#' in section(html, "a-authenticity")
    en = visible_text(section(_report(sim_project, "en"), "a-authenticity"))
    assert "Authenticity" in en and "Favourable without suspicious" in en
    assert "Pourquoi" not in en and "avis" not in en
