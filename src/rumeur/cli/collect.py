"""``rumeur collect``, ``rumeur watch``, ``rumeur sources`` and ``rumeur webhook``."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    emit_json,
    fail,
    load_project,
    print_error,
)
from rumeur.cli.app import app
from rumeur.config import Project
from rumeur.connectors import registry
from rumeur.connectors._http import SECRETS
from rumeur.connectors.watcher import RunResult, Watcher, collect, record_state
from rumeur.errors import ConnectorError, RumeurError, StoreError, StoreLockedError
from rumeur.storage import open_store

log = logging.getLogger("rumeur")


class _JsonLines(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg and the record's ``data``."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        out.update(getattr(record, "data", {}) or {})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return SECRETS(json.dumps(out, ensure_ascii=False, default=str))


class _Text(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return SECRETS(super().format(record))


def _setup_logging(fmt: str, level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        _JsonLines() if fmt == "json" else _Text("%(asctime)s %(levelname)s %(message)s")
    )
    root = logging.getLogger("rumeur")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False


def _log_run(result: RunResult) -> None:
    data = {"event": "run", **result.as_dict()}
    if result.error:
        hint = f" ({result.hint})" if result.hint else ""
        log.warning("source %s failed: %s%s", result.source, result.error, hint,
                    extra={"data": data})  # fmt: skip
    else:
        log.info(
            "source %s: %d new, %d duplicates, %d quarantined (%.2f s)", result.source,
            result.new, result.duplicates, result.quarantined, result.seconds,
            extra={"data": data},
        )  # fmt: skip


@app.command(
    "collect",
    epilog="Examples:\n\n"
    "  rumeur collect mastodon-fibrelia\n\n"
    "  rumeur collect actu-google-alerts --json\n\n"
    "Exit codes: 0 collected, 7 the source failed (network, credentials, quota).",
)
def collect_cmd(
    source: Annotated[str, typer.Argument(help="Name of a [[sources]] entry in rumeur.toml.")],
    enrich: Annotated[bool, typer.Option(help="Enrich the new mentions.")] = True,
    enrichers: Annotated[
        str, typer.Option(help="fast (language, sentiment-fast), all, or names: a,b.")
    ] = "fast",
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Collect one source once, from its saved cursor; prints what was stored."""
    try:
        proj = load_project(project)
        cfg = registry.source(proj, source)
        connector = registry.build(proj, cfg)
    except RumeurError as err:
        raise _collect_failed(err, source, json_) from None
    try:
        store = open_store(proj)
    except RumeurError as err:
        connector.close()
        raise _collect_failed(err, source, json_) from None
    try:
        with console.status(f"collecting {source}…") as status:

            def progress(_event: str, data: dict[str, Any]) -> None:
                status.update(f"collecting {source}… {data['new']} new, {data['items']} read")

            chosen = enrichers if enrichers in ("fast", "all") else enrichers.split(",")
            result = collect(store, proj, connector, enrich=enrich, enrichers=chosen,
                             progress=progress)  # fmt: skip
        record_state(store, source, success=result.error is None, error=result.error,
                     collected=result.new)  # fmt: skip
    except RumeurError as err:
        raise _collect_failed(err, source, json_) from None
    finally:
        connector.close()
        store.close()
    if json_:
        emit_json(result.as_dict())
    else:
        t = Table(title=f"{source} ({cfg.type})", show_header=False)
        for key in ("pages", "items", "new", "duplicates", "quarantined", "enriched", "seconds"):
            t.add_row(key, str(getattr(result, key)))
        console.print(t)
        if result.quarantined:
            console.print(f"{result.quarantined} item(s) set aside: rumeur quarantine list")
        if result.note:
            console.print(f"[yellow]{result.note}[/]")
    if result.error:
        if not json_:
            print_error(ConnectorError(f"{source}: {result.error}", hint=result.hint))
        raise typer.Exit(ConnectorError.exit_code)  # CredentialsError shares it


def _collect_failed(err: RumeurError, source: str, json_: bool) -> typer.Exit:
    """The exit of a collect that could not run; with --json the error is JSON too."""
    if not json_:
        return fail(err)
    emit_json({"source": source, "error": err.message, "error_kind": type(err).__name__,
               "hint": err.hint})  # fmt: skip
    return typer.Exit(err.exit_code)


@app.command(
    "watch",
    epilog="Examples:\n\n"
    "  rumeur watch                       # every source, each on its interval\n\n"
    "  rumeur watch --log-format json     # JSON lines on stderr, for log collectors\n\n"
    "  rumeur watch --source actu --source masto\n\n"
    "Stop with Ctrl-C or SIGTERM: the current batch is finished and saved first.",
)
def watch_cmd(
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Only these sources.")
    ] = None,
    log_format: Annotated[str, typer.Option(help="text or json (JSON lines).")] = "text",
    log_level: Annotated[str, typer.Option(help="debug, info, warning.")] = "info",
    enrich: Annotated[bool, typer.Option(help="Enrich new mentions as they arrive.")] = True,
    enrichers: Annotated[
        str, typer.Option(help="fast (language, sentiment-fast), all, or names: a,b.")
    ] = "fast",
    batch_size: Annotated[int, typer.Option(help="Items stored per transaction.")] = 1000,
    rollup_every: Annotated[
        float,
        typer.Option(
            help="Rebuild the dashboard's analytics tables at most every N seconds while "
            "mentions arrive (and on stop)."
        ),
    ] = 600.0,
    max_runs: Annotated[
        int | None, typer.Option(help="Stop after this many source runs (tests, demos).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Collect every source of rumeur.toml continuously, on its schedule.

    Webhook sources are served on their host/port at the same time. After a crash, the
    next start resumes from the saved cursors: nothing is lost or stored twice.
    """
    _setup_logging(log_format, log_level)
    proj = load_project(project)
    store = open_store(proj)
    lock = threading.RLock()
    chosen = enrichers if enrichers in ("fast", "all") else enrichers.split(",")
    watcher = Watcher(store, proj, sources=source or None, batch_size=batch_size,
                      enrich=enrich, enrichers=chosen, on_run=_log_run, lock=lock,
                      rollup_every=rollup_every)  # fmt: skip
    hooks = [s for s in proj.sources if s.type in registry.PUSH_TYPES
             and (not source or s.name in source)]  # fmt: skip
    server = (_webhook_server(store, proj, hooks, lock, enrich, on_new=watcher.note_new)
              if hooks else None)  # fmt: skip
    signal.signal(signal.SIGTERM, watcher.stop)
    signal.signal(signal.SIGINT, watcher.stop)
    names = [s.config.name for s in watcher.slots] + [h.name for h in hooks]
    log.info("watching %s", ", ".join(names), extra={"data": {"event": "start",
             "sources": names, "webhook": server.address if server else None}})  # fmt: skip
    try:
        if watcher.slots:
            watcher.run(max_runs=max_runs)
        elif server is not None:
            watcher.stop_event.wait()
        else:
            raise ConnectorError("no source to watch in rumeur.toml",
                                 hint="add [[sources]] tables (docs/connectors.md)")  # fmt: skip
    finally:
        if server is not None:
            server.shutdown()
            watcher.flush_rollups()  # what pushes stored since the last rebuild
        store.close()
        log.info("stopped", extra={"data": {"event": "stop", "runs": watcher.runs}})


def _log_push(name: str, out: dict[str, Any]) -> None:
    log.info("webhook %s: %s", name, out, extra={"data": {"event": "push", "source": name, **out}})


def _webhook_server(
    store: Any, proj: Project, hooks: list[Any], lock: Any, enrich: bool,
    on_new: Callable[[int], None] | None = None,
) -> Any:  # fmt: skip
    """Serve the webhook sources; ``on_new`` hears how many new mentions each push stored."""
    from rumeur.connectors.webhook import WebhookServer

    def on_push(name: str, out: dict[str, Any]) -> None:
        _log_push(name, out)
        if on_new is not None:
            on_new(int(out.get("new") or 0))

    opts = hooks[0].options
    server = WebhookServer(
        store, proj, hooks, host=str(opts.get("host", "127.0.0.1")),
        port=int(opts.get("port", 8787)), lock=lock, enrich=enrich, on_push=on_push,
    )  # fmt: skip
    server.start()
    return server


@app.command(
    "webhook",
    epilog="Examples:\n\n"
    '  rumeur webhook                     # serves every type = "webhook" source\n\n'
    "  rumeur webhook --port 9000\n\n"
    "Senders POST signed JSON to /hooks/<source name> (docs/connectors.md).",
)
def webhook_cmd(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    enrich: Annotated[bool, typer.Option(help="Enrich pushed mentions.")] = True,
    log_format: Annotated[str, typer.Option(help="text or json (JSON lines).")] = "text",
    project: ProjectOption = None,
) -> None:
    """Serve the webhook intake alone (use `rumeur watch` to also poll sources)."""
    from rumeur.connectors.webhook import WebhookServer

    _setup_logging(log_format, "info")
    proj = load_project(project)
    hooks = [s for s in proj.sources if s.type in registry.PUSH_TYPES]
    if not hooks:
        raise ConnectorError('no source with type = "webhook" in rumeur.toml',
                             hint="see docs/connectors.md, section Webhook")  # fmt: skip
    store = open_store(proj)
    opts = hooks[0].options
    server = WebhookServer(store, proj, hooks, host=host or str(opts.get("host", "127.0.0.1")),
                           port=port or int(opts.get("port", 8787)), enrich=enrich)  # fmt: skip
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    console.print(f"webhook intake on {server.address}/hooks/<source> (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


@app.command(
    "sources",
    epilog="Examples:\n\n  rumeur sources\n\n  rumeur sources --json",
)
def sources_cmd(project: ProjectOption = None, json_: JsonOption = False) -> None:
    """Configured sources with their state: last success, last error, cursor, next run."""
    proj = load_project(project)
    state: dict[str, dict[str, Any]] = {}
    cursors: dict[str, Any] = {}
    note = None
    if proj.store_path.exists():
        try:
            store = open_store(proj, read_only=True)
        except StoreLockedError:
            # `rumeur watch` holds the store: read the state it leaves after each run
            state, cursors, note = _watcher_snapshot(proj)
        except StoreError as exc:
            note = f"state unavailable: {exc.message}"
        else:
            with store:
                state = store.source_states()
                cursors = {name: st["cursor"] for name, st in state.items()}
    rows = []
    for s in proj.sources:
        st = state.get(s.name, {})
        rows.append({
            "name": s.name, "type": s.type, "interval": s.options.get("interval", "5m"),
            "last_success": st.get("last_success"), "last_error": st.get("last_error"),
            "last_error_at": st.get("last_error_at"),
            "items_collected": int(st.get("items_collected") or 0),
            "cursor": cursors.get(s.name), "next_run": st.get("next_run"),
        })  # fmt: skip
    if json_:
        emit_json({"sources": rows, "note": note})
        return
    t = Table(title="Sources")
    for col in ("name", "type", "last success", "last error", "items", "cursor", "next run"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            r["name"], r["type"], _when(r["last_success"]),
            (r["last_error"] or "")[:60], str(r["items_collected"]),
            json.dumps(r["cursor"])[:40] if r["cursor"] else "", _when(r["next_run"]),
        )  # fmt: skip
    console.print(t)
    if note:
        console.print(f"[yellow]{note}[/]")


def _watcher_snapshot(proj: Project) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(state, cursors, note) from the file a running watcher writes after each run."""
    from rumeur.connectors.watcher import state_snapshot_path

    path = state_snapshot_path(proj.store_path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}, "state unavailable: the store is in use by another process (rumeur watch?)"
    state: dict[str, Any] = {}
    for name, row in doc.get("sources", {}).items():
        state[name] = {
            k: _parse_time(v) if k in _TIME_KEYS else v for k, v in row.items() if k != "cursor"
        }
    cursors = {name: row.get("cursor") for name, row in doc.get("sources", {}).items()}
    written = _parse_time(doc.get("written_at"))
    when = _when(written) or "?"
    return state, cursors, f"the store is in use by rumeur watch: its state as of {when} UTC"


_TIME_KEYS = ("last_success", "last_error_at", "next_run")


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else ""
