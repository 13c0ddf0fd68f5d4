"""The analyses that read every mention of their selection into memory (aspects,
motivations, people, the report...) refuse a selection of more rows than the project's
``[analysis] max_rows``, before reading it: a clear error that names the count, the
limit and a period that fits, in the CLI, the API and the dashboard, instead of a server
out of memory (at 10M mentions these pages passed 8 GB and kept going)."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rumeur.errors import ConfigError, ScopeTooLargeError
from rumeur.server import create_app
from rumeur.server.accounts import Accounts
from rumeur.server.projects import Projects
from rumeur.workspace import Workspace
from tests.report.conftest import RULES, fill, make_project
from tests.workspace.conftest import rolled_up

LIMIT = 150


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rolled_up(
        tmp_path_factory,
        "limit",
        lambda r: make_project(r, RULES + f"\n[analysis]\nmax_rows = {LIMIT}\n"),
        lambda store: fill(store, weeks=6),
    )


def unlimited(ws: Workspace) -> Workspace:
    """The same project with ``[analysis] max_rows = 0`` (no limit)."""
    return Workspace(replace(ws.project, max_rows=0))


def rows_of(ws: Workspace, **scope: Any) -> int:
    """(mention, brand) rows of a selection, counted apart from the guard."""
    with unlimited(ws) as w:
        return len(w.rows(w.scope(**scope)))


def test_a_selection_over_the_limit_is_refused_with_a_period_that_fits(ws: Workspace) -> None:
    total = rows_of(ws)
    assert total > LIMIT
    for analysis in (ws.people, ws.aspects, ws.motivations):
        with pytest.raises(ScopeTooLargeError) as info:
            analysis()
        err = info.value
        assert err.limit == LIMIT and err.rows >= total  # own posts counted by motivations
        assert f"{err.rows}" in err.message and f"{LIMIT}" in err.message
        day = err.since.date().isoformat()
        assert f"--since {day}" in (err.hint or "") and f"{err.days} derniers jours" in err.hint
        # the period it names fits, and the analysis runs there
        since = err.since
        assert rows_of(ws, since=since) <= LIMIT
        analysis(ws.scope(since=since))
    en = err.render("en")
    assert "over the project's limit" in en[0] and "last" in (en[1] or "")


def test_a_narrower_selection_or_no_limit_runs(ws: Workspace) -> None:
    with unlimited(ws) as w:
        last = max(r["created_at"] for r in w.rows())
        assert w.people().promoters  # [analysis] max_rows = 0: no limit
    ws.people(ws.scope(since=last - timedelta(days=3)))


def test_the_cli_refuses_with_exit_code_2(root: Path) -> None:
    from rumeur.cli import _load, app

    _load()
    r = CliRunner().invoke(app, ["metrics", "people", "--project", str(root)])
    assert r.exit_code == 2, r.output
    assert "au-delà de la limite du projet (150)" in r.output
    day = re.search(r"--since (\d{4}-\d\d-\d\d)", r.output)
    assert day, r.output
    ok = CliRunner().invoke(app, ["metrics", "people", "--project", str(root), "--since",
                                  day[1]])  # fmt: skip
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[analysis]\nmax_row = 10\n", "max_rows"),  # a typo: the setting suggested
        ("[analysis]\nmax_rows = -1\n", ">= 0"),
        ("[analysis]\nmax_rows = 'beaucoup'\n", ">= 0"),
    ],
)
def test_a_bad_setting_is_refused_at_load(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_project(tmp_path, text)
    assert expected in str(info.value) and "analysis.max_row" in str(info.value)


def test_the_dashboard_says_it_in_the_pages_language_with_a_link(
    root: Path, tmp_path: Path
) -> None:
    projects = Projects([root])
    accounts = Accounts(tmp_path / "server.sqlite3")
    accounts.add_user("admin", "admin", [], "un mot de passe assez long")
    token = accounts.new_token("admin")
    from fastapi.testclient import TestClient

    c = TestClient(create_app(projects, accounts=accounts))  # type: ignore[arg-type]
    c.headers["Authorization"] = f"Bearer {token}"
    pid = projects.ids()[0]
    try:
        for lang, words, link in (
            ("fr", "au-delà de la limite du projet", "derniers jours de la sélection"),
            ("en", "over the project's limit", "last"),
        ):
            r = c.get(f"/projects/{pid}/people", headers={"Accept-Language": lang})
            text = html.unescape(r.text)
            assert r.status_code == 400 and words in text, text[:2000]
            other = "over the project" if lang == "fr" else "au-delà de la limite"
            assert other not in text and "--since" not in text  # the page's words only
            href = re.search(r'href="(/projects/[^"]*people[^"]*since=[^"]*)"', r.text)
            assert href and link in text
            follow = c.get(href[1].replace("&amp;", "&"), headers={"Accept-Language": lang})
            assert follow.status_code == 200  # the period offered fits
        api = c.get(f"/api/v1/projects/{pid}/metrics/people")
        assert api.status_code == 422 and "au-delà de la limite" in api.text
    finally:
        projects.close()
