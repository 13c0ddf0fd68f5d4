"""The embedded store: one DuckDB file next to ``rumeur.toml``.

DuckDB lets one process write a file at a time; a second writer gets
:class:`~rumeur.errors.StoreLockedError` with a hint. Readers may open the file
``read_only`` while no writer holds it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from rumeur.errors import StoreError, StoreLockedError
from rumeur.messages import Text
from rumeur.records import utcnow
from rumeur.storage.literals import inline
from rumeur.storage.schema import LATEST_VERSION, MIGRATIONS
from rumeur.storage.search import SearchMixin
from rumeur.storage.sources import SourceStateMixin

#: how long (seconds) a connection keeps a row of :meth:`DuckDBStore.stable_row` while
#: the store's files are unchanged
STABLE_TTL = 1.0


class DuckDBStore(SourceStateMixin, SearchMixin):
    """A Rumeur store in a DuckDB file (``":memory:"`` for a throw-away one)."""

    def __init__(
        self, path: Path | str, *, read_only: bool = False, memory_limit: str | None = None
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        #: a throw-away store: no file, no raw folder, no state left beside it
        self.in_memory = str(path) == ":memory:"
        if not self.in_memory:
            if read_only and not self.path.exists():
                raise StoreError(
                    Text(f"pas de magasin à {self.path}", f"no store at {self.path}"),
                    hint=Text(
                        "importez d'abord des données : rumeur import FICHIER",
                        "import something first: rumeur import FILE",
                    ),
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    Text(
                        f"le magasin {self.path} est utilisé par un autre processus Rumeur",
                        f"the store {self.path} is in use by another Rumeur process",
                    ),
                    hint=Text(
                        "DuckDB n'admet qu'un seul écrivain : attendez la fin de l'autre "
                        "commande (import, watch, enrich), ou arrêtez-la",
                        "DuckDB allows one writer: wait for the other command (import, "
                        "watch, enrich) to finish, or stop it",
                    ),
                ) from exc
            raise StoreError(
                Text(
                    f"impossible d'ouvrir le magasin {self.path} : {exc}",
                    f"cannot open the store {self.path}: {exc}",
                )
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(
                Text(
                    f"impossible d'ouvrir le magasin {self.path} : {exc}",
                    f"cannot open the store {self.path}: {exc}",
                )
            ) from exc
        _session(self.con)
        if memory_limit:
            self.con.execute(f"SET memory_limit = {_literal(memory_limit)}")
        self._depth = 0
        #: one search-index refresh at a time in this process (shared with the siblings:
        #: two connections refreshing at once conflict, and DuckDB fails both)
        self._index_lock = threading.Lock()
        self._memory_limit = memory_limit
        self._functions: set[str] = set()
        #: how each SQL function was registered, to register it again on a new connection
        self._function_defs: dict[str, tuple[Any, ...]] = {}
        if not read_only:
            self.migrate()

    @property
    def raw_dir(self) -> Path | None:
        """The folder beside the store where imported files are archived as received
        (``rumeur.duckdb.raw/``); None for an in-memory store (files go in ``raw_files``
        chunks). Copy it with the store: together they are the project's data."""
        if self.in_memory:
            return None
        return self.path.with_name(self.path.name + ".raw")

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0) if row else 0

    def migrate(self) -> int:
        """Apply pending migrations, each in its own transaction."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)"
        )
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise StoreError(
                Text(
                    f"le magasin {self.path} a la version de schéma {current}, plus récente "
                    f"que celles que ce Rumeur connaît ({LATEST_VERSION})",
                    f"the store {self.path} has schema version {current}, newer than this "
                    f"Rumeur knows ({LATEST_VERSION})",
                ),
                hint=Text(
                    "mettez Rumeur à jour (pip install -U rumeur)",
                    "upgrade Rumeur (pip install -U rumeur)",
                ),
            )
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, utcnow()]
                )
        return LATEST_VERSION

    # -- transactions and queries ---------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[DuckDBStore]:
        """Commit everything inside together; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")

    def _run(self, sql: str, params: Sequence[Any] | None) -> duckdb.DuckDBPyConnection:
        """Run ``sql``, its parameters written in as literals (:mod:`.literals`: DuckDB's
        client would search ``sys.path`` for pandas for every value)."""
        return self.con.execute(*inline(sql, params))

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._run(sql, params)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self._run(sql, params)
        cols = [d[0] for d in cur.description or ()]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self._run(sql, params).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return self._run(sql, params).fetchall()

    def columns(self, sql: str, params: Sequence[Any] | None = None) -> list[str]:
        cur = self._run(f"SELECT * FROM ({sql}) LIMIT 0", params)
        return [d[0] for d in cur.description or ()]

    @contextmanager
    def registered(self, name: str, table: Any) -> Iterator[None]:
        """``table`` (Arrow, pandas...) readable as ``name`` in the ``with`` block."""
        self.con.register(name, table)
        try:
            yield
        finally:
            self.con.unregister(name)

    def create_function(
        self,
        name: str,
        func: Callable[..., Any],
        params: Sequence[str],
        returns: str,
        *,
        null_handling: str = "default",
        side_effects: bool = False,
    ) -> None:
        if name in self._functions:
            raise StoreError(
                f"the SQL function {name!r} is registered on this store already",
                hint="register once per store; let the function read its settings",
            )
        self._functions.add(name)
        self._function_defs[name] = (func, params, returns, null_handling, side_effects)
        self._register(name)

    def _register(self, name: str) -> None:
        func, params, returns, null_handling, side_effects = self._function_defs[name]
        self.con.create_function(
            name, func, [duckdb.sqltype(p) for p in params], duckdb.sqltype(returns),
            null_handling=null_handling, side_effects=side_effects,
        )  # fmt: skip

    @contextmanager
    def setting(self, name: str, value: str) -> Iterator[None]:
        if not name.replace("_", "").isalnum():
            raise StoreError(f"not a setting name: {name!r}")
        self.con.execute(f"SET {name} = {_literal(value)}")
        try:
            yield
        finally:
            self.con.execute(f"RESET {name}")

    def iter_query(
        self, sql: str, params: Sequence[Any] | None = None, batch_size: int = 10_000
    ) -> Iterator[list[dict[str, Any]]]:
        cur = self.con.cursor()
        cur.execute(*inline(sql, params))
        cols = [d[0] for d in cur.description or ()]
        while rows := cur.fetchmany(batch_size):
            yield [dict(zip(cols, row, strict=True)) for row in rows]
        cur.close()

    def compact(self) -> None:
        """Rewrite the database file so that deleted rows leave no bytes behind.

        DuckDB marks deleted rows and reuses their space later, but their bytes stay in
        the file until then; erasing a person (``rumeur privacy erase``) must not leave
        them there. The live tables and views are copied into a fresh file, which then
        replaces the old one (a crash before the swap leaves the old file intact and a
        stray ``.compact`` file). No-op for an in-memory store."""
        if self.in_memory or self.read_only:
            return
        if self._depth:
            raise StoreError(
                Text(
                    "impossible de compacter le magasin pendant une transaction",
                    "cannot compact the store inside a transaction",
                )
            )
        fresh = self.path.with_name(f"{self.path.name}.compact")
        fresh.unlink(missing_ok=True)
        db = self.scalar("SELECT current_database()")
        self.con.execute("CHECKPOINT")
        self.con.execute("ATTACH " + _literal(str(fresh)) + " AS rumeur_compact")
        try:
            self.con.execute('COPY FROM DATABASE "' + db.replace('"', '""') + '" TO rumeur_compact')
        finally:
            self.con.execute("DETACH rumeur_compact")
        self.con.close()
        os.replace(fresh, self.path)
        self.path.with_name(self.path.name + ".wal").unlink(missing_ok=True)
        self.con = duckdb.connect(str(self.path))
        self._fts_loaded = False  # extensions are loaded per database instance
        _session(self.con)
        if self._memory_limit:
            self.con.execute(f"SET memory_limit = {_literal(self._memory_limit)}")
        for name in self._function_defs:  # SQL functions are per connection
            self._register(name)

    # -- cursors and source state ---------------------------------------------
    def get_cursor(self, source: str) -> Any | None:
        row = self._run("SELECT cursor FROM cursors WHERE source = ?", [source]).fetchone()
        return json.loads(row[0]) if row and row[0] is not None else None

    def set_cursor(self, source: str, cursor: Any) -> None:
        self._run(
            "INSERT OR REPLACE INTO cursors VALUES (?, ?, ?)",
            [source, json.dumps(cursor, default=str), utcnow()],
        )

    def stable_row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        """The first row of ``sql`` (a query of a few cheap aggregates or top-1s of the
        stored data), kept by this connection for up to :data:`STABLE_TTL` seconds
        while the database file and its write-ahead log are as they were (size, time; a
        commit by any connection or process changes one of them): what every page asks
        first (the newest mention's time, the fingerprint) costs 1-5 ms of CPU at 10M
        mentions, two ``stat`` calls microseconds. Not kept inside a transaction (its
        own uncommitted writes are in no file)."""
        files = self._files_stamp()
        now = time.monotonic()
        key = (sql, tuple(params))
        memo = self.__dict__.get("_stable_memo")
        if files is not None and memo is not None and memo[0] == files:
            kept = memo[1].get(key)
            if kept is not None and now - kept[0] < STABLE_TTL:
                return kept[1]
        row = tuple(self.con.execute(*inline(sql, params)).fetchone() or ())
        if files is not None:  # the files as they were before the query: never newer
            if memo is None or memo[0] != files or len(memo[1]) >= 256:
                fresh: dict[Any, tuple[float, tuple[Any, ...]]] = {}
                memo = (files, fresh)  # a new dict, never one a thread may be reading
                self._stable_memo = memo
            memo[1][key] = (now, row)
        return row

    def _files_stamp(self) -> tuple[Any, ...] | None:
        """The database file's and its write-ahead log's identity, size and modification
        time (None: an in-memory store, or inside a transaction)."""
        if getattr(self, "in_memory", True) or getattr(self, "_depth", 0):
            return None
        try:
            db = os.stat(self.path)
        except OSError:
            return None
        try:
            wal = os.stat(self.path.with_name(self.path.name + ".wal"))
            log: tuple[int, int] | None = (wal.st_size, wal.st_mtime_ns)
        except OSError:
            log = None
        return db.st_ino, db.st_size, db.st_mtime_ns, log

    def sibling(self) -> DuckDBStore:
        """A second connection to this open store, for a worker thread: same database,
        its own transactions (``close()`` closes only that connection)."""
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        twin.con = self.con.cursor()
        _session(twin.con)  # a cursor is a connection of its own: its settings are not ours
        twin._depth = 0
        twin.__dict__.pop("_stable_memo", None)  # what that connection read, its own
        twin._functions = set()  # SQL functions are per connection
        twin._function_defs = {}
        return twin

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _session(con: duckdb.DuckDBPyConnection) -> None:
    """The settings every connection to a store gets (they are per connection: a
    :meth:`DuckDBStore.sibling` does not inherit them): times in UTC whatever the
    machine's zone, and no progress bar drawn on the terminal for long queries."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
