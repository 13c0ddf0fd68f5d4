"""The Store protocol: what every storage backend offers the rest of Rumeur.

Code outside ``rumeur.storage`` types against :class:`Store` and uses only these
methods (a test greps the tree: no ``.con``, no ``DuckDBStore`` outside this package).
The embedded default is :class:`rumeur.storage.duckdb.DuckDBStore` (one file, or
``:memory:``); a server-class backend (ClickHouse) implements the same methods and passes
the conformance suite in ``tests/storage/``. :func:`rumeur.storage.open_store` is the one
place that picks the backend.

SQL given to :meth:`Store.execute`/:meth:`Store.query` is the portable subset the
analytics use (``?`` parameters); the bulk paths of ingest and enrichment hand Arrow
tables to :meth:`Store.registered` and register scalar functions with
:meth:`Store.create_function`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from rumeur.storage.search import SearchIndexInfo


@runtime_checkable
class Store(Protocol):
    """A place where raw items, mentions, enrichments and quarantine rows live."""

    #: where the store lives (``:memory:`` for a throw-away one)
    path: Path
    #: opened for reading only: every write raises
    read_only: bool
    #: a throw-away store: no file, no raw folder, nothing left beside it
    in_memory: bool

    @property
    def raw_dir(self) -> Path | None:
        """The folder where imported files are archived as received (None: in the store)."""
        ...

    def migrate(self) -> int:
        """Apply pending schema migrations; return the schema version."""
        ...

    def schema_version(self) -> int:
        """The schema version the store is at (0: empty)."""
        ...

    def transaction(self) -> AbstractContextManager[Any]:
        """A context manager: everything inside commits together or not at all
        (nested calls join the outer transaction)."""
        ...

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement (inside the current transaction if one is open)."""
        ...

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts."""
        ...

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """The first column of the first row of a query (None when there is no row)."""
        ...

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """A query's rows as tuples (for large results where dicts cost too much)."""
        ...

    def stable_row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        """The first row of ``sql`` (a few cheap aggregates of the stored data), which
        the store may keep for a second while its files are unchanged."""
        ...

    def columns(self, sql: str, params: Sequence[Any] | None = None) -> list[str]:
        """The column names a query returns (the query's rows are not read)."""
        ...

    def iter_query(
        self, sql: str, params: Sequence[Any] | None = None, batch_size: int = 10_000
    ) -> Iterator[list[dict[str, Any]]]:
        """Stream a read query's rows in batches, on a handle of its own (other queries
        may run meanwhile; it reads the stored tables, not this handle's temp tables)."""
        ...

    def registered(self, name: str, table: Any) -> AbstractContextManager[None]:
        """Make an Arrow table readable as ``name`` in SQL for the ``with`` block."""
        ...

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
        """Register a scalar SQL function implemented in Python, once per store handle
        (a second registration of the name raises StoreError: let the function read its
        settings instead); types are SQL type names (``VARCHAR``, ``TIMESTAMPTZ``...)."""
        ...

    def setting(self, name: str, value: str) -> AbstractContextManager[None]:
        """Set an engine setting (``memory_limit``...) for the ``with`` block."""
        ...

    def get_cursor(self, source: str) -> Any | None:
        """The saved resumable position of a source, or None."""
        ...

    def set_cursor(self, source: str, cursor: Any) -> None:
        """Save a source's position (call inside the transaction that stores its data)."""
        ...

    def record_source_run(
        self,
        source: str,
        *,
        success: bool,
        error: str | None = None,
        collected: int = 0,
        next_run: datetime | None = None,
        backlog: bool | None = None,
    ) -> None:
        """Note the outcome of one collection run of ``source``."""
        ...

    def record_quota(self, source: str, quota: dict[str, Any]) -> None:
        """Save a source's quota readings (name -> reading as a dict)."""
        ...

    def source_quota(self, source: str) -> dict[str, Any]:
        """The quota readings saved for ``source``."""
        ...

    def source_states(self) -> dict[str, dict[str, Any]]:
        """Per source: last success/error, next run, backlog, quota, cursor, items
        collected."""
        ...

    def mention_ids_of_import(self, import_id: str) -> list[str]:
        """The mentions that one import or collected batch stored."""
        ...

    # -- full-text search of the mentions (see rumeur.storage.search) ------------
    def search_index_info(self) -> SearchIndexInfo:
        """Whether the search index exists and covers the stored mentions (works
        read-only)."""
        ...

    def refresh_search_index(self, *, full: bool = False, wait: bool = True) -> SearchIndexInfo:
        """Bring the search index up to the stored mentions (incrementally; everything
        again with ``full``, e.g. after texts were edited in place); one refresh at a
        time, the next one waiting (``wait`` False: returns at once, index as it is)."""
        ...

    def search_terms(self, text: str) -> list[str]:
        """The index terms of ``text``: stop words dropped, stemmed (French), accents
        stripped; distinct, in the order typed."""
        ...

    def search_relation(self, text: str) -> tuple[str, list[Any]] | None:
        """``(sql, params)``: a subquery of ``(mention_id, score)``, the mentions holding
        every term of ``text`` with their BM25 score; None when ``text`` holds no term.
        Raises StoreError when the store has no index."""
        ...

    def search_hits(self, text: str, *, limit: int, offset: int = 0) -> list[tuple[str, float]]:
        """The best ``limit`` ``(mention_id, score)`` of a search after ``offset``, best
        first, ties by mention id ([] when ``text`` holds no term)."""
        ...

    def search_page(
        self, text: str, *, limit: int, offset: int = 0
    ) -> tuple[int, list[tuple[str, float]]]:
        """How many mentions hold every term of ``text``, and the best ``limit``
        (mention_id, score) after ``offset``, as :meth:`search_hits` (one pass)."""
        ...

    def search_engine_page(
        self, text: str, *, limit: int, offset: int = 0, fresh: bool = False
    ) -> tuple[int, list[dict[str, Any]]] | None:
        """How many mentions hold every term of ``text`` and their page by relevance,
        from the search engine beside a large store (rows of the columns a hit shows,
        with ``mention_id``, ``score`` and ``rumeur_position``); None when there is no
        engine in step with a fresh index (``fresh``: the caller has just seen the index
        fresh, in this call)."""
        ...

    def search_touched(self, ids: list[str]) -> None:
        """Mentions whose shown columns were changed in place (the search engine writes
        them again at the next refresh)."""
        ...

    def drop_search_engine(self) -> None:
        """Delete the search engine beside the store, if any."""
        ...

    def search_positions(self, ids: list[str]) -> dict[str, int]:
        """The row positions the index gave those of ``ids`` among the last page of hits
        found (:meth:`search_hits`, :meth:`search_page`); a row read there must be
        checked against its id (rows may have been renumbered since)."""
        ...

    def search_labels(
        self, positions: dict[str, int], hashes: dict[str, int] | None = None
    ) -> dict[str, tuple[Any, Any, Any]]:
        """``{mention_id: (sentiment, sentiment model, detected language)}`` of the
        mentions read at ``positions`` (``{mention_id: row position}``, checked against
        their ids) that the index's copy of the labels answers; read the others by id.
        ``hashes``: DuckDB's ``hash()`` of those ids, when known (the search engine
        keeps them)."""
        ...

    def sibling(self) -> Store:
        """A second connection to the same open store, for a worker thread."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...
