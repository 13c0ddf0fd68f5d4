"""Collection runs and the continuous watcher.

:func:`collect` runs one source once: it reads pages from the saved cursor on, groups
them into batches of about ``batch_size`` items, and stores each batch with the cursor of
its last page in one transaction (:meth:`~rumeur.ingest.pipeline.Ingestor.ingest_items`),
then enriches the new mentions (in a background thread, overlapping the next batch).
``kill -9`` at any point loses nothing and doubles nothing: the store holds either the
whole batch and its cursor or neither.

:class:`Watcher` runs every polled source of ``rumeur.toml`` on its ``interval``. One
source failing (network, bad credentials) is recorded in ``source_state`` and retried
later with a growing delay; the others keep running. :meth:`Watcher.stop` (SIGTERM,
SIGINT) lets the current batch finish, then returns.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
import weakref
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rumeur.config import Project, SourceConfig
from rumeur.connectors import registry
from rumeur.connectors._enrich_worker import EnrichWorker
from rumeur.connectors._http import StoppedError, interruptible_sleep
from rumeur.connectors.base import Connector, Context, Item, Page, Rejected
from rumeur.connectors.quota import QuotaBook
from rumeur.errors import ConnectorError, CredentialsError, RumeurError
from rumeur.ingest.pipeline import Ingestor
from rumeur.messages import NO_SOURCES, Text
from rumeur.records import utcnow
from rumeur.storage.base import Store

log = logging.getLogger("rumeur.watch")
Progress = Callable[[str, dict[str, Any]], None]


@dataclass(slots=True)
class RunResult:
    """What one run of one source did."""

    source: str
    pages: int = 0
    items: int = 0
    new: int = 0
    duplicates: int = 0
    #: stored mentions replaced by a newer version (an edited review)
    updated: int = 0
    quarantined: int = 0
    enriched: int = 0
    error: str | None = None
    error_kind: str | None = None
    #: what to do about the error (the connector error's hint)
    hint: str | None = None
    #: the run stopped at its page limit before the end of the pass: the next run
    #: continues it (the watcher runs again soon)
    backlog: bool = False
    #: what the user should know about this run (a page limit, the first pass's reach)
    note: str | None = None
    cursor: Any = None
    seconds: float = 0.0
    new_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("new_ids")
        return d


_INGESTORS: weakref.WeakKeyDictionary[Store, Ingestor] = weakref.WeakKeyDictionary()


def ingestor_for(store: Store, project: Project) -> Ingestor:
    """One Ingestor per open store (it registers a SQL function on the connection)."""
    ing = _INGESTORS.get(store)
    if ing is None:
        ing = _INGESTORS[store] = Ingestor(store, project)
    else:
        ing.project = project
    return ing


#: enrichers run on arrival by default: the fast tier (the others, and the accurate
#: tier's re-reads of the fast tier's unsure labels: ``rumeur enrich``). Naming
#: ``language,sentiment-fast,sentiment-accurate`` runs the cascade on arrival too; it is
#: not the default because on a loaded machine it throttles collection (the soak test's
#: watcher stored < 30 mentions in 30 s with it, 2026-12-06)
FAST_ENRICHERS = ("language", "sentiment-fast")


def enricher_names(choice: str | Sequence[str] | None) -> list[str] | None:
    """``"fast"`` (default) -> the fast tier that is installed; ``"all"`` -> every default
    enricher (None); a list -> those names."""
    if choice is None or choice == "fast":
        from rumeur.enrich.base import registry as enrich_registry

        known = enrich_registry()
        return [n for n in FAST_ENRICHERS if n in known] or None
    if choice == "all":
        return None
    import rumeur.enrich.builtin  # noqa: F401  (registers the built-in enrichers)
    from rumeur.enrich.base import registry as enrich_registry
    from rumeur.suggest import unknown

    names = [choice] if isinstance(choice, str) else list(choice)
    valid = sorted(enrich_registry())
    for name in names:
        if name not in valid:
            raise RumeurError(
                unknown(Text("enrichisseur inconnu", "unknown enricher"), name, valid),
                hint=Text(
                    "fast, all, ou des noms parmi : " + ", ".join(valid),
                    "fast, all, or names among: " + ", ".join(valid),
                ),
            )
    return names


def state_snapshot_path(store_path: Path) -> Path:
    """Where the sources' state is left for ``rumeur sources`` beside the store (DuckDB
    has one writer: while ``rumeur watch`` holds the store, nobody else can open it)."""
    return store_path.with_name(store_path.name + ".sources.json")


def write_state_snapshot(store: Store) -> None:
    """Write the sources' state and cursors to :func:`state_snapshot_path`, atomically
    (nothing for an in-memory store)."""
    if store.in_memory:
        return
    doc = {
        "written_at": utcnow().isoformat(),
        "sources": {
            name: {k: v.isoformat() if isinstance(v, datetime) else v for k, v in st.items()}
            for name, st in store.source_states().items()
        },
    }
    path = state_snapshot_path(store.path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only folder: `rumeur sources` waits for the store
        log.warning("could not write %s: %s", path, exc)


def record_state(
    store: Store,
    source: str,
    *,
    success: bool,
    error: str | None = None,
    collected: int = 0,
    next_run: datetime | None = None,
    backlog: bool | None = None,
) -> None:
    """Record a run's outcome (what ``rumeur sources`` shows) and the snapshot beside
    the store (what ``rumeur sources`` shows while a watcher holds the store)."""
    store.record_source_run(
        source, success=success, error=error, collected=collected, next_run=next_run,
        backlog=backlog,
    )  # fmt: skip
    write_state_snapshot(store)


def quota_book(connector: Connector) -> QuotaBook | None:
    """The quota book of a connector's Context (every connector keeps its Context as
    ``ctx``; a connector without one reports no quota)."""
    ctx = getattr(connector, "ctx", None)
    book = getattr(ctx, "quotas", None)
    return book if isinstance(book, QuotaBook) else None


def collect(
    store: Store,
    project: Project,
    connector: Connector,
    *,
    batch_size: int = 1000,
    enrich: bool = True,
    enrichers: str | Sequence[str] | None = "fast",
    stop: threading.Event | None = None,
    lock: threading.RLock | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Run ``connector`` once from its saved cursor; errors end up in ``result.error``.

    New mentions are enriched batch by batch with ``enrichers`` (see
    :func:`enricher_names`) unless ``enrich`` is false."""
    lock = lock or threading.RLock()
    with lock:  # both touch the store's connection, which other threads share
        worker = EnrichWorker(store, project, enricher_names(enrichers)) if enrich else None
        ingestor = ingestor_for(store, project)
    name = connector.name
    result = RunResult(source=name)
    started = time.perf_counter()
    items: list[Item] = []
    rejected: list[Rejected] = []
    cursor: Any = None
    pending = False
    origin: str | None = None

    def flush() -> None:
        nonlocal items, rejected, pending
        if not pending:
            return
        with lock:
            res = ingestor.ingest_items(
                items, source=name, origin=origin, rejected=rejected, cursor=cursor
            )
            ids = store.mention_ids_of_import(res.import_id)
            if book is not None:  # what was spent so far is saved with what it read
                store.record_quota(name, book.snapshot())
        if worker is not None:
            worker.submit(ids)
        result.new += res.imported
        result.duplicates += res.duplicates
        result.updated += res.updated
        result.quarantined += res.quarantined
        result.new_ids.extend(ids)
        result.cursor = cursor
        items, rejected, pending = [], [], False
        if progress:
            progress("batch", result.as_dict())

    book = quota_book(connector)
    try:
        with lock:
            start_cursor = store.get_cursor(name)
            if book is not None:
                book.load(store.source_quota(name))
        pages: Generator[Page, None, None] = prefetch(connector.fetch(start_cursor), stop=stop)
        with closing(pages):
            for page in pages:
                result.pages += 1
                result.items += len(page.items)
                items.extend(page.items)
                rejected.extend(page.rejected)
                cursor = page.cursor if page.cursor is not None else cursor
                origin = page.origin or origin
                result.backlog = page.more
                result.note = page.note or result.note
                pending = True
                if len(items) + len(rejected) >= batch_size:
                    flush()
                if stop is not None and stop.is_set():
                    break
        flush()
    except StoppedError:
        flush()  # asked to stop: what was read is kept, the cursor resumes after it
    except RumeurError as exc:
        flush()  # what was read before the failure is good: keep it and its cursor
        result.error = _without_source(exc.message, name)
        result.error_kind = type(exc).__name__
        result.hint = exc.hint
    except Exception as exc:  # a bug in a connector must not stop the watcher
        flush()
        log.exception("unexpected error in source %s", name)
        result.error = f"unexpected {type(exc).__name__}: {exc}"
        result.error_kind = type(exc).__name__
    if book is not None:  # readings taken after the last batch (an error, an empty run)
        with lock:
            try:
                store.record_quota(name, book.snapshot())
            except RumeurError as exc:
                log.warning("could not save the quota readings of %s: %s", name, exc.message)
    if worker is not None:
        try:
            result.enriched = worker.close()
        except RumeurError as exc:  # stored, not enriched: the next start catches up
            result.error = result.error or f"enrichment failed: {exc.message}"
            result.error_kind = result.error_kind or type(exc).__name__
        except Exception as exc:
            log.exception("enrichment failed in source %s", name)
            result.error = result.error or f"enrichment failed: {type(exc).__name__}: {exc}"
            result.error_kind = result.error_kind or type(exc).__name__
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _without_source(message: str, name: str) -> str:
    """The message without a leading ``"<source>: "`` (the source is named once, by
    whoever prints the result)."""
    prefix = f"{name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


_DONE = object()


def prefetch(
    pages: Iterator[Page], depth: int = 3, stop: threading.Event | None = None
) -> Generator[Page, None, None]:
    """Read ``pages`` in a thread, ``depth`` pages ahead, so that fetching the next pages
    overlaps storing this one. Closing the iterator, or setting ``stop``, stops the reader
    (at once: a request in flight is abandoned); pages read ahead but not consumed are
    simply read again next run (their cursor was never saved)."""
    q: queue.Queue[Any] = queue.Queue(maxsize=depth)
    halt = threading.Event()

    def put(obj: Any) -> bool:
        while not halt.is_set():
            try:
                q.put(obj, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for page in pages:
                if not put(page):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    threading.Thread(target=run, name="rumeur-prefetch", daemon=True).start()
    try:
        while True:
            try:
                obj = q.get(timeout=0.1)
            except queue.Empty:
                if stop is not None and stop.is_set():
                    return
                continue
            if obj is _DONE:
                return
            if isinstance(obj, BaseException):
                raise obj
            yield obj
    finally:
        halt.set()


def _interval(project: Project, source: SourceConfig) -> float:
    """The source's declared ``interval`` (seconds)."""
    return float(Context(project, source).settings.interval)


#: seconds between two runs of a source while its backlog is drained
BACKLOG_DELAY = 1.0


@dataclass(slots=True)
class _Slot:
    config: SourceConfig
    interval: float
    next_at: float = 0.0
    failures: int = 0
    connector: Connector | None = None


class Watcher:
    """Runs every polled source on its schedule until :meth:`stop`."""

    def __init__(
        self,
        store: Store,
        project: Project,
        *,
        sources: list[str] | None = None,
        batch_size: int = 1000,
        enrich: bool = True,
        enrichers: str | Sequence[str] | None = "fast",
        on_run: Callable[[RunResult], None] | None = None,
        lock: threading.RLock | None = None,
        rollup_every: float = 600.0,
    ) -> None:
        self.store = store
        #: the dashboard's pre-aggregated tables (:mod:`rumeur.analytics.rollup`) are
        #: rebuilt at most this often (seconds) while new mentions arrive, and on stop
        self.rollup_every = rollup_every
        self._rollup_pending = 0
        self._rollup_at = time.monotonic()
        self.project = project
        self.batch_size = batch_size
        self.enrich = enrich
        if enrich:
            enricher_names(enrichers)  # an unknown name is refused now, not at each run
        self.enrichers = enrichers
        self.on_run = on_run
        self.stop_event = threading.Event()
        self.lock = lock or threading.RLock()
        self.runs = 0
        picked = [
            s
            for s in project.sources
            if s.type not in registry.PUSH_TYPES and (not sources or s.name in sources)
        ]
        self.slots = [_Slot(s, _interval(project, s)) for s in picked]

    def stop(self, *_: Any) -> None:
        self.stop_event.set()

    def _connector(self, slot: _Slot) -> Connector:
        if slot.connector is None:
            slot.connector = registry.build(
                self.project, slot.config, sleep=interruptible_sleep(self.stop_event)
            )
        return slot.connector

    def run_once(self, slot: _Slot) -> RunResult:
        name = slot.config.name
        try:
            connector = self._connector(slot)
        except RumeurError as exc:
            result = RunResult(source=name, error=exc.message, error_kind=type(exc).__name__)
        else:
            result = collect(
                self.store, self.project, connector, batch_size=self.batch_size,
                enrich=self.enrich, enrichers=self.enrichers, stop=self.stop_event, lock=self.lock,
            )  # fmt: skip
        if result.error:
            slot.failures += 1
            # credentials do not fix themselves quickly: wait longer before retrying
            factor = 8 if result.error_kind == CredentialsError.__name__ else 2**slot.failures
            delay = min(slot.interval * factor, max(slot.interval, 3600.0))
            if result.error_kind == CredentialsError.__name__:
                slot.connector = None  # rebuilt next time: the secret may have been renewed
        else:
            slot.failures = 0
            # a backlog (the page limit stopped the pass) is drained without waiting
            delay = min(slot.interval, BACKLOG_DELAY) if result.backlog else slot.interval
        slot.next_at = time.monotonic() + delay
        next_run = utcnow() + timedelta(seconds=delay)
        with self.lock:
            record_state(
                self.store, name, success=result.error is None, error=result.error,
                collected=result.new, next_run=next_run, backlog=result.backlog,
            )  # fmt: skip
        self.runs += 1
        self.note_new(result.new)
        self.check_alerts()
        if self.on_run:
            self.on_run(result)
        return result

    def note_new(self, n: int) -> None:
        """Count ``n`` new mentions (from a polled source or a webhook push) and rebuild
        the analytics tables if the last rebuild is older than ``rollup_every``."""
        with self.lock:  # pushes arrive on the webhook server's threads
            self._rollup_pending += n
            if self._rollup_pending and time.monotonic() - self._rollup_at >= self.rollup_every:
                self.refresh_rollups()

    def flush_rollups(self) -> None:
        """Rebuild the analytics tables if new mentions arrived since the last rebuild."""
        if self._rollup_pending:
            self.refresh_rollups()

    def refresh_rollups(self) -> None:
        """Rebuild the dashboard's pre-aggregated tables from the store (see
        :func:`rumeur.analytics.rollup.refresh`) and bring the search index up to date; a
        failure is logged, not raised: the mentions are stored, and the next refresh (or
        ``rumeur metrics refresh``) catches up."""
        from rumeur.analytics import audience
        from rumeur.analytics.rollup import refresh

        try:
            with self.lock:
                refresh(self.store, audience.from_project(self.project))
                self.store.refresh_search_index()
        except Exception:
            log.exception("could not refresh the analytics tables")
            return
        self._rollup_pending = 0
        self._rollup_at = time.monotonic()

    def check_alerts(self) -> None:
        """After each collection: evaluate the alert rules that are due (hourly by default,
        see :mod:`rumeur.alerts.schedule`) and deliver; a failure is logged, not raised."""
        from rumeur.alerts.schedule import check_project

        try:
            with self.lock:
                check_project(self.store, self.project, utcnow())
        except Exception:
            log.exception("could not check the alert rules")

    def catch_up(self) -> int:
        """Enrich mentions stored but not yet enriched (a crash between a batch's commit
        and its enrichment leaves some): the watcher does this when it starts."""
        if not self.enrich:
            return 0
        import rumeur.enrich.builtin  # noqa: F401
        from rumeur.enrich.pipeline import run_enrichment

        with self.lock:
            done = run_enrichment(self.store, self.project, names=enricher_names(self.enrichers))
        n = max(done.values(), default=0)
        self._rollup_pending += n  # new labels: the rollups follow at the next rebuild
        return n

    def run(self, *, max_runs: int | None = None) -> None:
        """Loop until stopped (or ``max_runs`` source runs, for tests and demos)."""
        if not self.slots:
            message, hint = NO_SOURCES
            raise ConnectorError(message, hint=hint)
        self.catch_up()
        try:
            while not self.stop_event.is_set():
                now = time.monotonic()
                due = [s for s in self.slots if s.next_at <= now]
                for slot in sorted(due, key=lambda s: s.next_at):
                    if self.stop_event.is_set():
                        break
                    self.run_once(slot)
                    if max_runs is not None and self.runs >= max_runs:
                        return
                if not due:
                    wait = min(s.next_at for s in self.slots) - time.monotonic()
                    self.stop_event.wait(max(0.0, min(wait, 1.0)))
        finally:
            for slot in self.slots:
                if slot.connector is not None:
                    slot.connector.close()
            self.flush_rollups()


__all__ = ["RunResult", "Watcher", "collect", "ingestor_for", "quota_book", "record_state"]
