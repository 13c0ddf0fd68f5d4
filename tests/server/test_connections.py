"""The server's connections to a project's store: reused from one request to the next,
never more than :data:`~rumeur.server.projects.CONNECTIONS` at a time (the others wait
their turn), and not reused after a request that failed (it may have failed halfway)."""

from __future__ import annotations

import threading
import time

import pytest

from rumeur.server import projects as projects_module
from rumeur.server.projects import Projects


def test_connections_are_reused_and_bounded(projects: Projects) -> None:
    served = projects.served("alpha")
    with projects.workspace("alpha") as ws:
        first = ws.reader()
        n = ws.mention_count()
    with projects.workspace("alpha") as ws:
        assert ws.reader() is first and ws.mention_count() == n  # the same connection
    busy, peak, lock = [0], [0], threading.Lock()

    def request() -> None:
        with projects.workspace("alpha") as w:
            with lock:
                busy[0] += 1
                peak[0] = max(peak[0], busy[0])
            w.mention_count()
            time.sleep(0.05)
            with lock:
                busy[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(3 * projects_module.CONNECTIONS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert peak[0] == projects_module.CONNECTIONS  # all used, never more
    assert served.idle.qsize() <= projects_module.CONNECTIONS


def test_the_connection_of_a_failed_request_is_not_reused(projects: Projects) -> None:
    with pytest.raises(RuntimeError), projects.workspace("beta") as ws:
        store = ws.reader()
        store.execute("CREATE TEMP TABLE half_done (x INTEGER)")
        raise RuntimeError("the request fails here")
    with projects.workspace("beta") as ws:
        assert ws.reader() is not store
        assert ws.mention_count() > 0
        assert not ws.reader().scalar(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'"
        )
