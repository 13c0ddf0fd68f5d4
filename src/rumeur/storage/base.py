"""The Store protocol: what every storage backend offers the rest of Rumeur.

The embedded default is :class:`rumeur.storage.duckdb.DuckDBStore` (one file). A
server-class backend (ClickHouse, PostgreSQL) implements the same methods; analytics
only use :meth:`Store.query` with the portable SQL of ``rumeur.analytics``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Store(Protocol):
    """A place where raw items, mentions, enrichments and quarantine rows live."""

    path: Path

    def migrate(self) -> int:
        """Apply pending schema migrations; return the schema version."""
        ...

    def transaction(self) -> AbstractContextManager[Any]:
        """A context manager: everything inside commits together or not at all."""
        ...

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement (inside the current transaction if one is open)."""
        ...

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts."""
        ...

    def iter_query(
        self, sql: str, params: Sequence[Any] | None = None, batch_size: int = 10_000
    ) -> Iterator[list[dict[str, Any]]]:
        """Stream a read query's rows in batches."""
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
    ) -> None:
        """Note the outcome of one collection run of ``source``."""
        ...

    def source_states(self) -> dict[str, dict[str, Any]]:
        """Per source: last success/error, next run, cursor, items collected."""
        ...

    def mention_ids_of_import(self, import_id: str) -> list[str]:
        """The mentions that one import or collected batch stored."""
        ...

    def sibling(self) -> Store:
        """A second connection to the same open store, for a worker thread."""
        ...

    def close(self) -> None: ...
