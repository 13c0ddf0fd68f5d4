"""The server's connections to a project's store: reused from one request to the next,
never more than :data:`~rumeur.server.projects.CONNECTIONS` at a time (the others wait
their turn), and not reused after a request that failed (it may have failed halfway)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

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


def test_the_event_loop_path_shares_the_same_bounded_pool(projects: Projects) -> None:
    """The API's dependency takes a free connection on the event loop (no worker thread):
    the same pool, never more than CONNECTIONS at once, the others waiting their turn."""
    import asyncio

    served = projects.served("alpha")
    busy, peak = [0], [0]

    async def request() -> int:
        async with projects.workspace_async("alpha") as ws:
            busy[0] += 1
            peak[0] = max(peak[0], busy[0])
            n = ws.mention_count()
            await asyncio.sleep(0.02)
            busy[0] -= 1
            return n

    async def main() -> list[int]:
        return await asyncio.gather(*(request() for _ in range(3 * projects_module.CONNECTIONS)))

    counts = asyncio.run(main())
    assert len(set(counts)) == 1 and counts[0] > 0
    assert peak[0] == projects_module.CONNECTIONS  # all used, never more
    assert served.idle.qsize() <= projects_module.CONNECTIONS


def test_a_request_that_need_not_wait_never_jumps_the_queue(projects: Projects) -> None:
    served = projects.served("alpha")
    held = [served.acquire() for _ in range(projects_module.CONNECTIONS)]
    assert served.acquire(wait=False) is None  # none free: the event loop does not wait
    waiter = threading.Thread(target=lambda: held.append(served.acquire()))
    waiter.start()
    while not served.waiting:
        time.sleep(0.01)
    served.release(held.pop(0))  # a slot frees while a request waits for one:
    assert served.acquire(wait=False) is None  # it is the waiting request's
    waiter.join(timeout=10)
    assert not waiter.is_alive() and len(held) == projects_module.CONNECTIONS
    for handle in held:
        served.release(handle)
    handle = served.acquire(wait=False)  # nobody waits, one is free: taken at once
    assert handle is not None
    served.release(handle)


def test_the_failed_request_of_the_event_loop_path_closes_its_connection(
    projects: Projects,
) -> None:
    import asyncio

    async def failing() -> object:
        with pytest.raises(RuntimeError):
            async with projects.workspace_async("beta") as ws:
                store = ws.reader()
                store.execute("CREATE TEMP TABLE half_done_async (x INTEGER)")
                raise RuntimeError("the request fails here")
        return store

    store = asyncio.run(failing())
    with projects.workspace("beta") as ws:
        assert ws.reader() is not store
        assert not ws.reader().scalar(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done_async'"
        )


def test_query_threads_apply_to_every_request_s_connection(tmp_path: Path) -> None:
    """``rumeur serve --query-threads N``: each request's connection runs its queries on
    N of DuckDB's threads (a server answers many at once); without it, DuckDB's own."""
    from tests.server.conftest import BRANDS

    from rumeur import config

    root = tmp_path / "gamma"
    root.mkdir()
    (root / config.CONFIG_NAME).write_text(config.template(name="Gamma", brands=BRANDS), "utf-8")
    served = Projects([root], query_threads=1)
    try:
        with served.workspace("gamma") as ws, served.workspace("gamma") as other:
            for w in (ws, other):
                assert w.reader().scalar("SELECT current_setting('threads')") == 1
    finally:
        served.close()
