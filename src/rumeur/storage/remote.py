"""Reading a store that ``rumeur serve`` holds, through the server.

DuckDB lets one process hold a file for writing, and then no other process may even read
it. While ``rumeur serve`` runs, the server is that process: it writes a runtime file
beside the project (``.rumeur/server.json``, readable by its owner only) with its
address and a token that only works from this machine's files. A CLI command that wants
to read a store which is in use finds that file and reads through the server
(:class:`RemoteStore`): the same SQL, sent to the server, which runs it on its own
connection (read-only statements only: DuckDB's parser must call every statement a
SELECT) and answers Arrow IPC, so the rows come back with their types (aware datetimes,
lists, decimals). Writing through it is refused with a message saying what to do.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rumeur.errors import StoreError, UsageError
from rumeur.messages import Text
from rumeur.storage.sources import SourceStateMixin

if TYPE_CHECKING:
    from rumeur.config import Project
    from rumeur.storage.base import Store

RUNTIME = Path(".rumeur") / "server.json"
_WRITE_HINT = Text(
    "rumeur serve tient ce magasin : modifiez-le par le serveur (son API ou son tableau de "
    "bord), ou arrêtez d'abord le serveur",
    "rumeur serve holds this store: change it through the server (its API or dashboard), "
    "or stop the server first",
)


def runtime_path(project: Project) -> Path:
    return project.root / RUNTIME


def write_runtime(project: Project, info: dict[str, Any]) -> Path:
    """Write the runtime file (mode 0600) for ``project``; returns its path."""
    path = runtime_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({**info, "pid": os.getpid()}, fh)
    tmp.replace(path)
    return path


def read_runtime(project: Project) -> dict[str, Any] | None:
    """The live server's runtime file of ``project``, or None (absent, unreadable, or
    left behind by a server that is gone)."""
    try:
        info = json.loads(runtime_path(project).read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)  # the server is still running
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if isinstance(info, dict) else None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def decode_params(values: Sequence[Any]) -> list[Any]:
    """The parameters a :class:`RemoteStore` sent, with their dates back."""

    def one(v: Any) -> Any:
        if isinstance(v, dict) and "$datetime" in v:
            return datetime.fromisoformat(v["$datetime"])
        if isinstance(v, dict) and "$date" in v:
            return date.fromisoformat(v["$date"])
        if isinstance(v, list):
            return [one(x) for x in v]
        return v

    return [one(v) for v in values]


def run_read_query(store: Store, sql: str, params: Sequence[Any]) -> bytes:
    """Run a read-only query on ``store`` (the server's) and return its rows as Arrow IPC
    stream bytes; anything but SELECT statements is refused (UsageError)."""
    import duckdb
    import pyarrow as pa

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UsageError(Text(f"SQL illisible : {exc}", f"unreadable SQL: {exc}")) from exc
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise UsageError(
            Text(
                "seules les requêtes de lecture (une instruction SELECT) passent",
                "only reading queries (one SELECT statement) are allowed",
            )
        )
    con = store.con  # type: ignore[attr-defined]  # the DuckDB store of the server
    cur = con.execute(sql, list(params))
    to_arrow = getattr(cur, "to_arrow_table", None) or cur.fetch_arrow_table
    table = to_arrow()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


class RemoteStore(SourceStateMixin):
    """The reading half of the Store protocol, through a running ``rumeur serve``."""

    read_only = True
    in_memory = False

    def __init__(self, project: Project, info: dict[str, Any]) -> None:
        import httpx

        self.path = project.store_path
        self.url = str(info["url"]).rstrip("/")
        self.project_id = str(info["project"])
        self._client = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {info['token']}"}, timeout=300
        )

    @property
    def raw_dir(self) -> Path | None:
        return self.path.with_name(self.path.name + ".raw")

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        import httpx
        import pyarrow as pa

        try:
            r = self._client.post(
                f"/api/v1/projects/{self.project_id}/store/query",
                json={"sql": sql, "params": [_encode(p) for p in params or ()]},
            )
        except httpx.TransportError as exc:
            raise StoreError(
                Text(
                    f"le serveur {self.url} ne répond pas : {exc}",
                    f"the server at {self.url} does not answer: {exc}",
                )
            ) from exc
        if r.status_code != 200:
            try:
                message = r.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = r.text[:200]
            raise StoreError(
                Text(
                    f"le serveur {self.url} a refusé la lecture : {message}",
                    f"the server at {self.url} refused the read: {message}",
                )
            )
        rows: list[dict[str, Any]] = pa.ipc.open_stream(r.content).read_all().to_pylist()
        return rows

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.query(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) for r in self.query(sql, params)]

    def stable_row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        rows = self.rows(sql, params)
        return rows[0] if rows else ()

    def columns(self, sql: str, params: Sequence[Any] | None = None) -> list[str]:
        rows = self.query(f"SELECT * FROM ({sql}) LIMIT 1", params)
        return list(rows[0]) if rows else []

    def iter_query(
        self, sql: str, params: Sequence[Any] | None = None, batch_size: int = 10_000
    ) -> Iterator[list[dict[str, Any]]]:
        rows = self.query(sql, params)
        for i in range(0, len(rows), batch_size):
            yield rows[i : i + batch_size]

    def schema_version(self) -> int:
        return int(self.scalar("SELECT max(version) FROM schema_migrations") or 0)

    # -- what a reader never does: refused with what to do -----------------------------
    def _refuse(self, *_: Any, **__: Any) -> Any:
        raise StoreError(
            Text(
                f"le magasin {self.path} est lu par le serveur",
                f"the store {self.path} is read through the server",
            ),
            hint=_WRITE_HINT,
        )

    execute = _refuse
    migrate = _refuse
    set_cursor = _refuse
    record_source_run = _refuse
    record_quota = _refuse
    create_function: Callable[..., None] = _refuse
    registered = _refuse
    setting = _refuse

    def transaction(self) -> Any:
        return nullcontext(self)

    def sibling(self) -> RemoteStore:
        return self

    # -- full-text search: the server's own index, through its API ---------------------
    def _no_search(self) -> StoreError:
        return StoreError(
            Text(
                "rumeur serve tient ce magasin : la recherche plein texte passe par le serveur",
                "rumeur serve holds this store: full-text search goes through the server",
            ),
            hint=Text(
                "GET /api/v1/projects/{projet}/mentions?search=... (ou le tableau de bord)",
                "GET /api/v1/projects/{project}/mentions?search=... (or the dashboard)",
            ),
        )

    def search_index_info(self) -> Any:
        raise self._no_search()

    def refresh_search_index(self, *, full: bool = False, wait: bool = True) -> Any:
        raise self._no_search()

    def search_terms(self, text: str) -> list[str]:
        raise self._no_search()

    def search_relation(self, text: str) -> tuple[str, list[Any]] | None:
        raise self._no_search()

    def search_hits(self, text: str, *, limit: int, offset: int = 0) -> list[tuple[str, float]]:
        raise self._no_search()

    def search_page(
        self, text: str, *, limit: int, offset: int = 0
    ) -> tuple[int, list[tuple[str, float]]]:
        raise self._no_search()

    def search_engine_page(
        self, text: str, *, limit: int, offset: int = 0, fresh: bool = False
    ) -> tuple[int, list[dict[str, Any]]] | None:
        raise self._no_search()

    def search_touched(self, ids: list[str]) -> None:
        raise self._no_search()

    def drop_search_engine(self) -> None:
        raise self._no_search()

    def search_positions(self, ids: list[str]) -> dict[str, int]:
        raise self._no_search()

    def search_labels(
        self, positions: dict[str, int], hashes: dict[str, int] | None = None
    ) -> dict[str, tuple[Any, Any, Any]]:
        raise self._no_search()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def served_store(project: Project) -> RemoteStore | None:
    """A :class:`RemoteStore` when a live ``rumeur serve`` holds ``project``'s store."""
    info = read_runtime(project)
    return RemoteStore(project, info) if info is not None else None
