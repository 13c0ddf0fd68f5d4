"""Enrich stored batches in a background thread while the next batch is fetched and stored.

The worker writes through its own connection to the same database
(:meth:`~rumeur.storage.base.Store.sibling`: same process, same file, separate
transactions), so enrichment of
batch N overlaps the storage of batch N+1 (DuckDB releases the GIL while it works). The
queue is bounded: when enrichment falls behind, storing waits. A crash between a batch's
commit and its enrichment leaves mentions unenriched; the watcher enriches them when it
starts again (:meth:`rumeur.connectors.watcher.Watcher.catch_up`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from typing import Any

from rumeur.config import Project
from rumeur.storage.base import Store

_STOP = object()


class EnrichWorker:
    """Runs ``run_enrichment`` on each submitted list of mention ids, in order."""

    def __init__(
        self, store: Store, project: Project, names: Sequence[str] | None, depth: int = 2
    ) -> None:
        import rumeur.enrich.builtin  # noqa: F401  (registers the built-in enrichers)

        self.store = store.sibling()
        self.project = project
        self.names = names
        self.enriched = 0
        self.error: BaseException | None = None
        self._q: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._thread = threading.Thread(target=self._run, name="rumeur-enrich", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from rumeur.enrich.pipeline import run_enrichment

        while True:
            ids = self._q.get()
            if ids is _STOP:
                return
            if self.error is not None:
                continue
            try:
                done = run_enrichment(self.store, self.project, names=self.names, mention_ids=ids)
                self.enriched += max(done.values(), default=0)
            except Exception as exc:  # reported by close(); the mentions stay stored
                self.error = exc

    def submit(self, ids: list[str]) -> None:
        if ids:
            self._q.put(ids)

    def close(self) -> int:
        """Wait for the submitted batches; returns how many mentions were enriched."""
        self._q.put(_STOP)
        self._thread.join()
        self.store.close()
        if self.error is not None:
            raise self.error
        return self.enriched
