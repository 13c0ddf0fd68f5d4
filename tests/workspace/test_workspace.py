"""The Workspace: one method per use case, over a real project and DuckDB file."""

from __future__ import annotations

from pathlib import Path

import pytest

import rumeur
from rumeur.errors import ConfigError, RumeurError
from rumeur.query import MentionFilter
from rumeur.workspace import Workspace


def test_exported_from_the_package() -> None:
    assert rumeur.Workspace is Workspace


@pytest.mark.slow
def test_import_enrich_refreshes_the_rollups(project_dir: Path) -> None:
    with Workspace.open(project_dir) as ws:
        [res] = ws.import_files([project_dir / "avis_export.csv"])
        assert res.imported > 0
        ws.refresh_rollups()  # as after an import: nothing scored yet
        before = ws.store.query("SELECT DISTINCT sentiment FROM analytics_facts")
        assert [r["sentiment"] for r in before] == ["unscored"]
        done = ws.enrich(["sentiment-fast"])
        assert done["sentiment-fast@" + done_version(ws)] == ws.mention_count()
        # a library caller of enrich() gets rollups that follow the new labels
        after = {r["sentiment"] for r in ws.store.query("SELECT sentiment FROM analytics_facts")}
        assert "unscored" not in after and after <= {"positive", "neutral", "negative"}
        facts = ws.store.query("SELECT count(*) AS n FROM analytics_facts")[0]["n"]
        assert facts == sum(c.volume for c in ws.opinion())


def done_version(ws: Workspace) -> str:
    return next(s.version for s in ws.enrichment_status() if s.name == "sentiment-fast")


def test_reading_use_cases_share_a_read_only_store(project_dir: Path) -> None:
    with Workspace.open(project_dir) as ws:
        ws.import_files([project_dir / "avis_export.csv"])
    with Workspace.open(project_dir) as a, Workspace.open(project_dir) as b:
        # two readers at once: each opens the file read-only
        assert a.mentions(MentionFilter(limit=3)) == b.mentions(MentionFilter(limit=3))
        assert getattr(a.reader(), "read_only", False)


def test_times_are_read_in_the_project_zone(project_dir: Path) -> None:
    ws = Workspace.open(project_dir)
    since = ws.time("2025-10-31", "--since")
    assert since is not None and since.isoformat() == "2025-10-30T23:00:00+00:00"
    with pytest.raises(RumeurError, match="--until"):
        ws.time("not a date", "--until")


def test_unknown_brand_is_refused_with_the_known_ones(project_dir: Path) -> None:
    ws = Workspace.open(project_dir)
    with pytest.raises(RumeurError) as err:
        ws.selection(brand="volt")
    assert "volta" in (err.value.hint or "")


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    Workspace.init(tmp_path, name="Essai").close()
    assert Workspace.open(tmp_path).project.name == "Essai"
    with pytest.raises(ConfigError):
        Workspace.init(tmp_path)


def test_importing_again_brings_up_an_index_left_behind(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import whose process died after its commit, before its index refresh (kill -9
    at the wrong moment): running the same import again adds nothing and completes the
    search index."""
    from rumeur.storage.search import SearchMixin

    class Killed(BaseException):
        pass

    def killed(self: object, *, full: bool = False) -> None:
        raise Killed

    with Workspace.open(project_dir) as ws:
        with monkeypatch.context() as m:
            m.setattr(SearchMixin, "refresh_search_index", killed)
            with pytest.raises(Killed):
                ws.import_files([project_dir / "avis_export.csv"])
        assert not ws.store.search_index_info().fresh
        [again] = ws.import_files([project_dir / "avis_export.csv"])
        assert again.imported == 0
        info = ws.store.search_index_info()
        assert info.fresh and info.documents == ws.mention_count() > 0
