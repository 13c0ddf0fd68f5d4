"""The projects one server serves, each under an id, and each one's store owned by the
server for as long as it runs.

A project's id is its folder's name (``rumeur serve --project ./veille-telecom`` serves
``veille-telecom``), or the name given as ``ID=PATH``. The server opens each store once,
for writing (DuckDB allows one writer per file), and hands each request a Workspace on a
connection of its own to that open store (:meth:`Store.sibling`): requests read in
parallel; the writes of one project go one at a time (:attr:`Served.write_lock`).

The connections are pooled: at most :data:`CONNECTIONS` requests of a project use the
store at a time (made on demand, kept for the next request); the others wait their turn
in order. On a small machine twenty requests at once would otherwise share two cores
twenty ways (and each DuckDB query its worker threads): every answer would come late,
where a queue answers most of them at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import re
import threading
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from starlette.concurrency import run_in_threadpool

from rumeur import config
from rumeur.errors import UsageError
from rumeur.messages import Text

if TYPE_CHECKING:
    from rumeur.storage.base import Store
    from rumeur.workspace import Workspace

_log = logging.getLogger("rumeur.server")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
#: connections to a project's store used at once (requests beyond wait their turn): four
#: per core, at least eight (fewer would let a few slow pages, an analytics page over
#: millions of mentions, hold every connection while quick calls wait behind them)
CONNECTIONS = max(8, 4 * (os.cpu_count() or 1))


def invalidated(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is DuckDB saying its database is invalidated:
    a fatal or internal error, after which every query of the process fails."""
    seen: BaseException | None = exc
    for _ in range(8):  # the chain of causes, a few deep
        if seen is None:
            return False
        if isinstance(seen, duckdb.FatalException | duckdb.InternalException):
            return True
        if "database has been invalidated" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def default_query_threads() -> int:
    """DuckDB's threads for one query of ``rumeur serve`` (``--query-threads``): one per
    four cores, at least one. DuckDB alone takes every core for each query; a server
    answers many at once, and their threads then only get in each other's way: with 20
    users on 2 cores (benchmarks/api.py, 10M mentions) one thread a query cut the
    explorer's filtered pages from 26-28 to 21-22 ms of CPU a call and their p95 from
    89-97 to 62-65 ms, in-process (``benchmarks/api.py --mode workspace --query-threads
    N``; docs/benchmarks.md)."""
    return max(1, (os.cpu_count() or 1) // 4)


def project_id(name: str) -> str:
    """``name`` as a project id (lower case), or a UsageError saying what one looks like."""
    pid = name.strip().lower()
    if not _ID.match(pid):
        raise UsageError(
            Text(
                f"--project : identifiant de projet invalide {name!r}",
                f"--project: invalid project id {name!r}",
            ),
            hint=Text(
                "lettres minuscules, chiffres, '.', '_' ou '-' (63 au plus) ; "
                "nommez-le avec ID=DOSSIER",
                "lower-case letters, digits, '.', '_' or '-' (63 at most); name it with ID=FOLDER",
            ),
        )
    return pid


def parse_spec(spec: str | Path) -> tuple[str, Path]:
    """``"ID=PATH"`` or ``PATH`` (the id is then the project folder's name)."""
    text = str(spec)
    if "=" in text and not Path(text).exists():
        pid, _, target = text.partition("=")
        return project_id(pid), Path(target)
    where = Path(text)
    folder = where.parent if where.suffix == ".toml" else where
    return project_id(folder.resolve().name), where


@dataclass
class Served:
    """One served project: its id, its ``rumeur.toml`` and the server's own Workspace
    (holding the store open for writing)."""

    id: str
    project: config.Project
    owner: Workspace
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: guards making connections to the open store from several threads
    handles: threading.Lock = field(default_factory=threading.Lock)
    #: connections made and free for the next request (at most ``slots``' size in all)
    idle: queue.LifoQueue[Store] = field(default_factory=queue.LifoQueue)
    slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(CONNECTIONS)
    )
    #: requests waiting for a slot (one that does not wait never jumps their queue)
    waiting: int = 0
    _count: threading.Lock = field(default_factory=threading.Lock)
    #: DuckDB's threads for one query (None: DuckDB's default)
    query_threads: int | None = None
    #: how many times the store was opened again after DuckDB invalidated it
    generation: int = 0
    #: the generation each connection made was born in (by ``id()``)
    _born: dict[int, int] = field(default_factory=dict)

    def open(self) -> None:
        """Open the store for writing (StoreLockedError when another process has it),
        with :attr:`query_threads` for every connection to it."""
        store = self.owner.writer()
        if self.query_threads is not None:
            store.execute(f"SET threads = {int(self.query_threads)}")

    def recover_after(self, handle: Store, error: BaseException) -> None:
        """If a request on ``handle`` failed because DuckDB invalidated the database (an
        internal error, such as DuckDB 1.5.5's under some concurrent window queries,
        makes every later query of the process fail until the database is opened
        again), open the store again, once per invalidation: the connections of the old
        database are dropped as they come back (:meth:`release`), and the requests after
        this one get connections to the new one."""
        born = self._born.get(id(handle))
        if born is None or not invalidated(error):
            return
        with self.handles:
            if born != self.generation:  # opened again already, by another request
                return
            self.generation += 1
            self.close_idle()
            self.owner.close()
            self.open()
        _log.warning("project %s: DuckDB invalidated its database; store opened again", self.id)

    def acquire(self, *, wait: bool = True) -> Store | None:
        """A connection of its own to the open store, for one request (give it back with
        :meth:`release`); at most :data:`CONNECTIONS` at a time: the next request waits
        for one to be free. With ``wait=False``: None at once instead of waiting for a
        slot or making a new connection (what the event loop may do without blocking),
        or while other requests wait for a slot (their turn comes first)."""
        if not wait:
            if self.waiting or not self.slots.acquire(blocking=False):
                return None
        elif not self.slots.acquire(blocking=False):
            with self._count:
                self.waiting += 1
            try:
                self.slots.acquire()
            finally:
                with self._count:
                    self.waiting -= 1
        try:
            try:
                return self.idle.get_nowait()
            except queue.Empty:
                if not wait:
                    self.slots.release()
                    return None
                with self.handles:
                    handle = self.owner.writer().sibling()
                    self._born[id(handle)] = self.generation
                    return handle
        except BaseException:
            self.slots.release()
            raise

    def release(self, handle: Store, ok: bool = True) -> bool:
        """Give back a connection of :meth:`acquire`: kept for the next request, unless
        its request failed (``ok`` False), left it inside a transaction, or it belongs
        to a database opened again since (:meth:`recover_after`): then False, and the
        caller closes it."""
        born = self._born.get(id(handle))
        healthy = ok and not getattr(handle, "_depth", 0) and born == self.generation
        if healthy:
            self.idle.put(handle)
        else:
            self._born.pop(id(handle), None)
        self.slots.release()
        return healthy

    @contextmanager
    def connection(self) -> Iterator[Store]:
        """A connection of its own to the open store, for one request (:meth:`acquire`)."""
        handle = self.acquire()
        assert handle is not None
        ok = False
        try:
            yield handle
            ok = True
        except BaseException as exc:
            self.recover_after(handle, exc)
            raise
        finally:
            if not self.release(handle, ok):
                handle.close()

    def close_idle(self) -> None:
        while True:
            try:
                handle = self.idle.get_nowait()
            except queue.Empty:
                return
            self._born.pop(id(handle), None)
            handle.close()


class Projects:
    """The served projects by id; stores opened on first use (or by :meth:`open_all`)."""

    def __init__(
        self,
        specs: Iterable[str | Path] | Mapping[str, str | Path],
        *,
        query_threads: int | None = None,
    ) -> None:
        """``query_threads``: DuckDB's threads for a query on each store (None: DuckDB's
        default, every core; see :func:`default_query_threads`)."""
        self.query_threads = query_threads
        pairs = (
            [(project_id(k), Path(v)) for k, v in specs.items()]
            if isinstance(specs, Mapping)
            else [parse_spec(s) for s in specs]
        )
        self._paths: dict[str, Path] = {}
        for pid, path in pairs:
            if pid in self._paths:
                raise UsageError(
                    Text(
                        f"--project : deux projets s'appellent {pid!r}",
                        f"--project: two projects are called {pid!r}",
                    ),
                    hint=Text(
                        "nommez-les : --project ID=DOSSIER", "name them: --project ID=FOLDER"
                    ),
                )
            self._paths[pid] = path
        self._served: dict[str, Served] = {}
        self._projects = {pid: config.load(path) for pid, path in self._paths.items()}
        self._lock = threading.Lock()

    def ids(self) -> list[str]:
        return sorted(self._paths)

    def __contains__(self, pid: object) -> bool:
        return pid in self._paths

    def project(self, pid: str) -> config.Project:
        return self._projects[pid]

    def served(self, pid: str) -> Served:
        """The project ``pid``, its store opened for writing on first use."""
        with self._lock:
            hit = self._served.get(pid)
            if hit is None:
                from rumeur.workspace import Workspace

                owner = Workspace(self._projects[pid])
                hit = Served(pid, self._projects[pid], owner, query_threads=self.query_threads)
                hit.open()  # claims the store: StoreLockedError when another process has it
                self._served[pid] = hit
            return hit

    def opened(self, pid: str) -> Served | None:
        """The project ``pid`` when its store is open already, else None (never waits)."""
        return self._served.get(pid)

    def reload(self, pid: str) -> config.Project:
        """Read ``pid``'s rumeur.toml again (after an edit through the API)."""
        with self._lock:
            project = config.load(self._paths[pid])
            self._projects[pid] = project
            if pid in self._served:
                self._served[pid].project = project
                self._served[pid].owner.project = project
            return project

    def open_all(self) -> None:
        """Open every project's store now (``rumeur serve`` fails fast on a busy one)."""
        for pid in self.ids():
            self.served(pid)

    @contextmanager
    def workspace(self, pid: str) -> Iterator[Workspace]:
        """A Workspace of ``pid`` on a connection of its own, closed afterwards."""
        from rumeur.workspace import Workspace

        served = self.served(pid)
        with served.connection() as handle:
            yield Workspace(served.project, handle)

    @asynccontextmanager
    async def workspace_async(self, pid: str) -> AsyncIterator[Workspace]:
        """:meth:`workspace` for the event loop, without a worker thread when it need not
        wait: the store open and a connection free (most requests). Opening the store,
        waiting for a slot or making a connection happen in a worker thread."""
        from rumeur.workspace import Workspace

        served = self.opened(pid)
        if served is None:
            served = await run_in_threadpool(self.served, pid)
        handle = served.acquire(wait=False)
        if handle is None:
            handle = await run_in_threadpool(served.acquire)
        assert handle is not None
        ok = False
        try:
            yield Workspace(served.project, handle)
            ok = True
        except BaseException as exc:
            if invalidated(exc):
                await run_in_threadpool(served.recover_after, handle, exc)
            raise
        finally:
            if not served.release(handle, ok):
                await run_in_threadpool(handle.close)

    def close(self) -> None:
        with self._lock:
            for served in self._served.values():
                served.close_idle()
                served.owner.close()
            self._served.clear()
