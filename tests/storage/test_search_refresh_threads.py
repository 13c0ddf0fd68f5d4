"""Searches from several threads on one open store (what ``rumeur serve`` does: each
request on a connection of its own) when the search index is stale: one refresh runs,
the others do not fail. Two connections refreshing at once conflict in DuckDB ("write-
write conflict on alter"), and both fail: before the refresh lock, every one of six
concurrent refreshes failed this way."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from rumeur import config
from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace
from tests.storage.test_search_positions import corpus

THREADS = 6


def _together(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run ``calls`` in threads released at the same moment; their results and errors."""
    start = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        start.wait()
        try:
            results.append(call())
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_refreshes_run_one_at_a_time(store: DuckDBStore) -> None:
    corpus(store, 3000, 1)
    store.refresh_search_index()
    corpus(store, 1500, 2, prefix="n")
    assert not store.search_index_info().fresh
    twins = [store.sibling() for _ in range(THREADS)]
    results, errors = _together([t.refresh_search_index for t in twins])
    assert errors == []
    assert len(results) == THREADS
    assert store.search_index_info().fresh and store.search_index_info().documents == 4500
    # one refresh indexed the new mentions; the ones that waited found nothing to do
    assert [r.last_action for r in results].count("unchanged") == THREADS - 1
    for t in twins:
        t.close()


def test_a_refresh_under_way_is_not_waited_for_when_asked(store: DuckDBStore) -> None:
    corpus(store, 200, 1)
    store.refresh_search_index()
    corpus(store, 100, 2, prefix="n")
    twin = store.sibling()
    with store._index_lock:  # another thread's refresh, under way
        info = twin.refresh_search_index(wait=False)
    assert not info.fresh and info.documents == 200
    assert twin.refresh_search_index(wait=False).fresh
    twin.close()


@pytest.mark.parametrize("engine", [False, True], ids=["duckdb", "engine"])
def test_searches_of_a_stale_index_from_many_requests(
    project: config.Project, engine: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the search engine too (a large store's): the refresh that one request
    runs updates it while the others search it, or DuckDB's index, as it was."""
    if engine:
        monkeypatch.setattr(DuckDBStore, "search_engine_min_docs", 1)
    with DuckDBStore(project.store_path) as owner:
        corpus(owner, 3000, 1)
        owner.refresh_search_index()
        corpus(owner, 1500, 2, prefix="n")
        twins = [owner.sibling() for _ in range(THREADS)]
        spaces = [Workspace(project, t) for t in twins]
        results, errors = _together(
            [lambda ws=ws: ws.search_mentions("panne lyon", limit=20) for ws in spaces]
        )
        assert errors == []
        # the requests that did not wait searched the index as it was, or after the
        # refresh: every page is a page of hits holding both words
        for page in results:
            assert page.hits and all(
                "panne" in h.text and "lyon" in h.text.lower() for h in page.hits
            )
        assert owner.search_index_info().fresh
        fresh = Workspace(project, owner.sibling()).search_mentions("panne lyon", limit=20)
        assert fresh.total == max(p.total for p in results)
        assert (owner.search_engine_page("panne lyon", limit=20) is not None) is engine
        if engine:  # the page the engine now gives: the refreshed one
            total, rows = owner.search_engine_page("panne lyon", limit=20)  # type: ignore[misc]
            assert total == fresh.total and {r["mention_id"] for r in rows} == {
                h.mention_id for h in fresh.hits
            }
        for t in twins:
            t.close()
