"""The server's connections to a project's store: reused from one request to the next,
never more than :data:`~rumeur.server.projects.CONNECTIONS` at a time (the others wait
their turn), and not reused after a request that failed (it may have failed halfway);
DuckDB's threads a query as ``--query-threads`` says; the store opened again after DuckDB
invalidated its database."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

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


def _gamma(tmp_path: Path) -> Path:
    """A new, empty project."""
    from tests.server.conftest import BRANDS

    from rumeur import config

    root = tmp_path / "gamma"
    root.mkdir()
    (root / config.CONFIG_NAME).write_text(config.template(name="Gamma", brands=BRANDS), "utf-8")
    return root


def test_query_threads_apply_to_every_request_s_connection(tmp_path: Path) -> None:
    """``rumeur serve --query-threads N``: each request's connection runs its queries on
    N of DuckDB's threads (a server answers many at once); without it, DuckDB's own."""
    own = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()
    n = 3 if own and own[0] != 3 else 2  # not what DuckDB would take by itself
    served = Projects([_gamma(tmp_path)], query_threads=n)
    try:
        with served.workspace("gamma") as ws, served.workspace("gamma") as other:
            for w in (ws, other):
                assert w.reader().scalar("SELECT current_setting('threads')") == n
    finally:
        served.close()


def test_a_database_duckdb_invalidated_is_opened_again(tmp_path: Path) -> None:
    """After an internal error DuckDB invalidates its database, and every later query of
    the process fails (1.5.5, a window function beside a LIMIT under concurrent reads:
    docs/benchmarks.md). The request that meets it has the store opened again, once;
    the next requests work, on connections to the new database with its settings; a
    connection of the old one given back later is not kept; other failures reopen
    nothing."""
    projects = Projects([_gamma(tmp_path)], query_threads=1)
    try:
        served = projects.served("gamma")
        before = served.owner.writer()
        in_flight = served.acquire()  # a request of the old database, still running
        assert in_flight is not None
        gone = "FATAL Error: Failed: database has been invalidated because of a previous " \
               "fatal error. The database must be restarted prior to being used again."  # fmt: skip
        with pytest.raises(RuntimeError), projects.workspace("gamma") as ws:
            try:
                ws.reader().scalar("SELECT 1")
                raise duckdb.FatalException(gone)
            except duckdb.FatalException as exc:  # as the Workspace wraps a store's errors
                raise RuntimeError("the page failed") from exc
        assert served.generation == 1 and served.owner.writer() is not before
        assert not served.release(in_flight)  # not kept: the caller closes it
        in_flight.close()
        with projects.workspace("gamma") as ws:
            assert ws.reader().scalar("SELECT count(*) FROM mentions") == 0
            assert ws.reader().scalar("SELECT current_setting('threads')") == 1
        assert served.idle.qsize() == 1  # that request's connection kept, no other
        with pytest.raises(ValueError), projects.workspace("gamma"):
            raise ValueError("an ordinary failure")
        assert served.generation == 1
    finally:
        projects.close()


def test_a_request_that_meets_an_invalidated_database_reopens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the API: the call that meets DuckDB's invalidation answers 500, the store
    is opened again, and the next call answers."""
    from rumeur.server import create_app
    from rumeur.server.accounts import Accounts
    from rumeur.workspace import Workspace

    projects = Projects([_gamma(tmp_path)])
    accounts = Accounts(tmp_path / "server.sqlite3")
    accounts.add_user("ines", "admin", [], "correct horse battery staple")
    client = TestClient(create_app(projects, accounts=accounts), raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {accounts.new_token('ines')}"
    real = Workspace.mentions

    def fails(self: Workspace, flt: object) -> object:
        raise duckdb.InternalException("Attempted to access index 0 within vector of size 0")

    try:
        monkeypatch.setattr(Workspace, "mentions", fails)
        assert client.get("/api/v1/projects/gamma/mentions").status_code == 500
        assert projects.served("gamma").generation == 1
        monkeypatch.setattr(Workspace, "mentions", real)
        answer = client.get("/api/v1/projects/gamma/mentions")
        assert answer.status_code == 200 and answer.json()["mentions"] == []
    finally:
        projects.close()
