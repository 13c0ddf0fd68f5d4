"""Use cases of collection: one source once, every source continuously (polled sources
and the webhook intake together), and the sources' state."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rumeur.messages import NO_SOURCES, Text
from rumeur.workspace._base import WorkspaceBase

if TYPE_CHECKING:
    from rumeur.connectors.watcher import RunResult, Watcher
    from rumeur.connectors.webhook import WebhookServer

#: progress(event, the run's counts so far)
CollectProgress = Callable[[str, dict[str, Any]], None]
#: on_push(source name, what the push stored)
PushHook = Callable[[str, dict[str, Any]], None]

_TIME_KEYS = ("last_success", "last_error_at", "next_run", "quota_at")


def enricher_choice(value: str | Sequence[str] | None) -> str | list[str] | None:
    """``"fast"``, ``"all"``, or enricher names (a list, or one comma-separated string)."""
    if value is None or value in ("fast", "all"):
        return value if value is None else str(value)
    if isinstance(value, str):
        return [name for name in value.split(",") if name]
    return list(value)


class Watch:
    """A running ``watch``: the polled sources' :class:`Watcher` and, when the project
    has webhook sources, their server. :meth:`run` blocks until :meth:`stop`."""

    def __init__(self, watcher: Watcher, server: WebhookServer | None, names: list[str]):
        self.watcher = watcher
        self.server = server
        #: the sources watched (polled first, then pushed)
        self.names = names

    @property
    def runs(self) -> int:
        return self.watcher.runs

    def stop(self, *_: Any) -> None:
        """Finish the current batch, then return from :meth:`run` (a signal handler)."""
        self.watcher.stop()

    def run(self, *, max_runs: int | None = None) -> None:
        """Collect until stopped (or ``max_runs`` source runs); the analytics rollups are
        rebuilt at the watcher's pace and once more on the way out."""
        from rumeur.errors import ConfigError

        try:
            if self.watcher.slots:
                self.watcher.run(max_runs=max_runs)
            elif self.server is not None:
                self.watcher.stop_event.wait()
            else:
                message, hint = NO_SOURCES
                # a configuration problem: exit code 3, like the others
                raise ConfigError(message, hint=hint)
        finally:
            if self.server is not None:
                self.server.shutdown()
                self.watcher.flush_rollups()  # what pushes stored since the last rebuild


class CollectMixin(WorkspaceBase):
    """Collect, watch, the webhook intake and the sources' state."""

    def collect(
        self,
        source: str,
        *,
        enrich: bool = True,
        enrichers: str | Sequence[str] | None = "fast",
        progress: CollectProgress | None = None,
    ) -> RunResult:
        """Collect the ``[[sources]]`` entry named ``source`` once, from its saved cursor;
        the new mentions are enriched, the source's state recorded and, when something
        new was stored, the analytics rollups rebuilt. A source failure is in
        ``result.error`` (not raised)."""
        from rumeur.connectors import registry
        from rumeur.connectors.watcher import collect, record_state

        cfg = registry.source(self.project, source)
        connector = registry.build(self.project, cfg)
        try:
            store = self.writer()
            result = collect(
                store,
                self.project,
                connector,
                enrich=enrich,
                enrichers=enricher_choice(enrichers),
                progress=progress,
            )
            record_state(
                store,
                source,
                success=result.error is None,
                error=result.error,
                collected=result.new,
                backlog=result.backlog,
            )
        finally:
            connector.close()
        if result.new:
            self.refresh_rollups()
        return result

    def source_type(self, source: str) -> str:
        """The ``type`` of the ``[[sources]]`` entry named ``source``."""
        from rumeur.connectors import registry

        return registry.source(self.project, source).type

    def watch(
        self,
        sources: Sequence[str] | None = None,
        *,
        batch_size: int = 1000,
        enrich: bool = True,
        enrichers: str | Sequence[str] | None = "fast",
        rollup_every: float = 600.0,
        on_run: Callable[[RunResult], None] | None = None,
        on_push: PushHook | None = None,
    ) -> Watch:
        """Prepare watching every source (or ``sources``) on its schedule, webhook sources
        served at the same time; call :meth:`Watch.run` to start."""
        from rumeur.connectors import registry
        from rumeur.connectors.watcher import Watcher

        store = self.writer()
        lock = threading.RLock()
        watcher = Watcher(
            store,
            self.project,
            sources=list(sources) if sources else None,
            batch_size=batch_size,
            enrich=enrich,
            enrichers=enricher_choice(enrichers),
            on_run=on_run,
            lock=lock,
            rollup_every=rollup_every,
        )
        hooks = [
            s
            for s in self.project.sources
            if registry.is_pushed(s) and (not sources or s.name in sources)
        ]
        server = None
        if hooks:

            def pushed(name: str, out: dict[str, Any]) -> None:
                if on_push is not None:
                    on_push(name, out)
                watcher.note_new(int(out.get("new") or 0))

            server = self.webhook_server(enrich=enrich, lock=lock, on_push=pushed, hooks=hooks)
            server.start()
        names = [s.config.name for s in watcher.slots]
        names += [h.name for h in hooks if h.name not in names]  # a page both polled and pushed
        return Watch(watcher, server, names)

    def webhook_server(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        enrich: bool = True,
        lock: Any = None,
        on_push: PushHook | None = None,
        hooks: Sequence[Any] | None = None,
    ) -> WebhookServer:
        """The webhook intake of the project's ``type = "webhook"`` sources (not started:
        ``serve_forever()`` or ``start()``); host and port default to the first source's."""
        from rumeur.connectors import registry
        from rumeur.connectors.webhook import WebhookServer
        from rumeur.errors import ConfigError

        hooks = list(hooks or [s for s in self.project.sources if registry.is_pushed(s)])
        if not hooks:
            raise ConfigError(
                Text(
                    'aucune source type = "webhook" (ni source facebook avec webhook = true) '
                    "dans rumeur.toml",
                    'no source with type = "webhook" (or a facebook source with webhook = true) '
                    "in rumeur.toml",
                ),
                hint=Text(
                    "voir docs/connectors.md, section Webhook",
                    "see docs/connectors.md, section Webhook",
                ),
            )
        opts = next((h.options for h in hooks if h.type == "webhook"), hooks[0].options)
        return WebhookServer(
            self.writer(),
            self.project,
            hooks,
            host=host or str(opts.get("host", "127.0.0.1")),
            port=port if port is not None else int(opts.get("port", 8787)),
            lock=lock,
            enrich=enrich,
            on_push=on_push,
        )

    def sources_status(self) -> dict[str, Any]:
        """``{"sources": [...], "note": str | None, "timezone": str}``: each configured
        source with its type, interval, last success and error, items collected, backlog
        (its last run stopped at the page limit: the next run continues), quota readings
        (name -> used, limit, remaining, reset_at, unit, period, at: see
        :mod:`rumeur.connectors.quota`; ``budget`` is the monthly read budget), cursor
        and next run, and ``warning``: what may have been missed (Google Play lists only
        a week: a source not read for longer). While ``rumeur watch`` holds the store,
        the state it leaves after each run. Times are aware UTC datetimes; ``timezone``
        is the project's, for display."""
        from rumeur.errors import StoreError, StoreLockedError

        state: dict[str, dict[str, Any]] = {}
        cursors: dict[str, Any] = {}
        note = None
        if self.project.store_path.exists():
            try:
                store = self.reader()
            except StoreLockedError:
                state, cursors, note = self._watcher_snapshot()
            except StoreError as exc:
                note = f"state unavailable: {exc.message}"
            else:
                # items counted from the committed batches: right even after a crash
                state = store.source_states()
                cursors = {name: st["cursor"] for name, st in state.items()}
        from rumeur.connectors._reviews import gap_warning
        from rumeur.records import utcnow

        rows = []
        now = utcnow()
        for s in self.project.sources:
            st = state.get(s.name, {})
            last = st.get("last_success")
            rows.append(
                {
                    "name": s.name,
                    "type": s.type,
                    "interval": s.options.get("interval") or _duration(s.settings),
                    "last_success": st.get("last_success"),
                    "last_error": st.get("last_error"),
                    "last_error_at": st.get("last_error_at"),
                    "items_collected": int(st.get("items_collected") or 0),
                    "backlog": bool(st.get("backlog")),
                    "quota": st.get("quota") or {},
                    "quota_at": st.get("quota_at"),
                    "cursor": cursors.get(s.name),
                    "next_run": st.get("next_run"),
                    # a platform that lists only recent items, not read for longer
                    "warning": gap_warning(
                        s.type, cursors.get(s.name), last, now, self.project.timezone
                    ),
                }
            )
        return {"sources": rows, "note": note, "timezone": self.project.timezone}

    def _watcher_snapshot(self) -> tuple[dict[str, Any], dict[str, Any], str]:
        from rumeur.connectors.watcher import state_snapshot_path

        path = state_snapshot_path(self.project.store_path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return (
                {},
                {},
                ("state unavailable: the store is in use by another process (rumeur watch?)"),
            )
        state: dict[str, Any] = {}
        for name, row in doc.get("sources", {}).items():
            state[name] = {
                k: _parse_time(v) if k in _TIME_KEYS else v for k, v in row.items() if k != "cursor"
            }
        cursors = {name: row.get("cursor") for name, row in doc.get("sources", {}).items()}
        written = _parse_time(doc.get("written_at"))
        when = written.strftime("%Y-%m-%d %H:%M:%S") if written else "?"
        return state, cursors, f"the store is in use by rumeur watch: its state as of {when} UTC"


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _duration(settings: Any) -> str:
    """A source's interval when rumeur.toml leaves it out: its type's default (Google
    Play's is an hour), written as the file would (``"5m"``, ``"1h"``)."""
    seconds = float(getattr(settings, "interval", 300.0) or 300.0)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
