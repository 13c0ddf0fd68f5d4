"""Workspace.search_mentions and `rumeur mentions --search`: the full-text index behind
the explorer, kept fresh by the imports, with filters, pages and privacy erasure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.errors import UsageError
from rumeur.workspace import SearchResults, Workspace
from tests.conftest import copy_project, write_project

#: fictional posts about the fictional operators of tests/conftest.py
ROWS = [
    (
        "x1",
        "2025-10-01 09:00",
        "lea_dupuis",
        "twitter",
        120,
        "Très déçue par Volta, le remboursement n'arrive pas.",
    ),
    (
        "x2",
        "2025-10-02 10:00",
        "marc_v",
        "mastodon",
        5000,
        "Volta m'a remboursé en deux jours, impeccable.",
    ),
    (
        "x3",
        "2025-10-03 11:00",
        "sofia_k",
        "twitter",
        40,
        "Nexa : promis de rembourser la facture, rien reçu. Déçu.",
    ),
    (
        "x4",
        "2025-10-04 12:00",
        "lea_dupuis",
        "reddit",
        800,
        "Volta, toujours déçue : remboursements en retard.",
    ),
    (
        "x5",
        "2025-10-05 13:00",
        "tom_b",
        "twitter",
        9000,
        "Panne Volta à Lyon, aucun remboursement prévu ?",
    ),
    ("x6", "2025-10-06 14:00", "ana_r", "twitter", 10, "Volta super réseau, rien à dire."),
]


def write_csv(path: Path, rows: list[tuple[object, ...]]) -> Path:
    lines = ["external_id,created_at,author_handle,platform,views,text"]
    lines += [",".join(f'"{v}"' for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The posts imported (and indexed) once for the module."""
    root = write_project(tmp_path_factory.mktemp("search"))
    w = Workspace.open(root)
    [res] = w.import_files([write_csv(root / "posts.csv", ROWS)])
    assert res.imported == len(ROWS)
    w.close()
    return root


@pytest.fixture
def ws(built: Path, project_dir: Path) -> Workspace:
    """Each test's own copy of the imported project."""
    return Workspace.open(copy_project(built, project_dir))


def by_ext(ws: Workspace, res: SearchResults) -> list[str]:
    mids = [h.mention_id for h in res.hits]
    ext = dict(ws.reader().rows("SELECT mention_id, external_id FROM mentions"))
    return [ext[m] for m in mids]


def test_the_import_builds_the_index_and_search_ranks(ws: Workspace) -> None:
    info = ws.search_index()
    assert info.exists and info.fresh and info.documents == len(ROWS)  # built by the import
    res = ws.search_mentions("déçu")
    assert res.terms == ["decu"]
    assert sorted(by_ext(ws, res)) == ["x1", "x3", "x4"] and res.total == 3
    assert all(h.score > 0 for h in res.hits)
    assert [h.score for h in res.hits] == sorted((h.score for h in res.hits), reverse=True)
    assert by_ext(ws, ws.search_mentions("REMBOURSEMENTS", sort="date")) == [
        "x5", "x4", "x3", "x2", "x1"]  # fmt: skip


def test_filters_combine_with_the_search(ws: Workspace) -> None:
    res = ws.search_mentions("remboursement", brand="volta", platform="twitter")
    assert sorted(by_ext(ws, res)) == ["x1", "x5"]
    assert res.total == 2
    res = ws.search_mentions("remboursement", brand="volta", since="2025-10-02",
                             until="2025-10-05", sort="reach")  # fmt: skip
    assert by_ext(ws, res) == ["x2", "x4"]  # reach order: 5000 then 800
    res = ws.search_mentions("remboursement", author="@LEA_DUPUIS", sort="date")
    assert by_ext(ws, res) == ["x4", "x1"]
    assert ws.search_mentions("remboursement", brand="nexa").total == 1


def test_pages(ws: Workspace) -> None:
    everything = by_ext(ws, ws.search_mentions("rembourser", sort="date", limit=10))
    assert len(everything) == 5
    pages = [by_ext(ws, ws.search_mentions("rembourser", sort="date", limit=2, offset=o))
             for o in (0, 2, 4)]  # fmt: skip
    assert [x for page in pages for x in page] == everything
    last = ws.search_mentions("rembourser", sort="date", limit=2, offset=4)
    assert last.total == 5 and len(last.hits) == 1


def test_bad_requests_are_refused(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="vide"):
        ws.search_mentions("   ")
    with pytest.raises(UsageError, match="--sort"):
        ws.search_mentions("panne", sort="hasard")
    with pytest.raises(UsageError, match="marque"):
        ws.search_mentions("panne", brand="inconnue")
    assert ws.search_mentions("le la les").total == 0  # stop words only: nothing to find


def test_new_imports_are_found_at_once(ws: Workspace, project_dir: Path) -> None:
    more = [("x7", "2025-10-07 09:00", "zoe_m", "twitter", 3, "Nouvelle panne de fibre Volta")]
    ws.import_files([write_csv(project_dir / "more.csv", more)])
    assert ws.search_index().fresh
    assert by_ext(ws, ws.search_mentions("fibre")) == ["x7"]


def test_erased_mentions_are_never_found(ws: Workspace) -> None:
    assert ws.search_mentions("déçue").total == 3
    ws.erase_author("lea_dupuis")
    res = ws.search_mentions("déçu")
    assert by_ext(ws, res) == ["x3"]
    store = ws.writer()
    left = {r[0] for r in store.rows("SELECT DISTINCT mention_id FROM search_terms")}
    assert left == {r[0] for r in store.rows("SELECT mention_id FROM mentions")}
    assert ws.search_mentions("lea_dupuis").total == 0


def test_cli_search_keeps_its_flags(ws: Workspace, project_dir: Path) -> None:
    from rumeur.cli import _load, app

    _load()
    ws.close()
    runner = CliRunner()
    out = runner.invoke(app, ["mentions", "--search", "deçu", "--platform", "twitter",
                              "--project", str(project_dir), "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert sorted(r["external_id"] for r in rows) == ["x1", "x3"]
    assert all(r["score"] > 0 for r in rows)
    out = runner.invoke(app, ["mentions", "--search", "remboursement", "--sort", "date",
                              "--limit", "2", "--offset", "1", "--project", str(project_dir),
                              "--json"])  # fmt: skip
    assert [r["external_id"] for r in json.loads(out.output)] == ["x4", "x3"]
    out = runner.invoke(app, ["mentions", "--sort", "relevance", "--project", str(project_dir)])
    assert out.exit_code == 2 and "relevance" in out.output
