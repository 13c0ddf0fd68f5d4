"""``rumeur collect``, ``rumeur watch``, ``rumeur sources`` and ``rumeur webhook``."""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    clean,
    console,
    emit_json,
    new_table,
    open_workspace,
    print_error,
    say,
)
from rumeur.cli.app import app
from rumeur.errors import ConnectorError, RumeurError

if TYPE_CHECKING:
    from rumeur.connectors.watcher import RunResult

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
        from rumeur.connectors._http import SECRETS

        return SECRETS(json.dumps(out, ensure_ascii=False, default=str))


class _Text(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from rumeur.connectors._http import SECRETS

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
        with open_workspace(project) as ws:
            kind = ws.source_type(source)
            with console.status(clean(f"collecting {source}…")) as status:

                def progress(_event: str, data: dict[str, Any]) -> None:
                    status.update(
                        clean(f"collecting {source}… {data['new']} new, {data['items']} read")
                    )

                result = ws.collect(source, enrich=enrich, enrichers=enrichers, progress=progress)
    except RumeurError as err:  # with --json, every error is JSON too
        if not json_:
            raise
        emit_json({"source": source, "error": err.message, "error_kind": type(err).__name__,
                   "hint": err.hint})  # fmt: skip
        raise typer.Exit(err.exit_code) from None
    if json_:
        emit_json(result.as_dict())
    else:
        t = new_table(title=f"{source} ({kind})", show_header=False)
        for key in ("pages", "items", "new", "duplicates", "quarantined", "enriched", "seconds"):
            t.add_row(key, str(getattr(result, key)))
        console.print(t)
        if result.quarantined:
            console.print(say("collect.set_aside", n=result.quarantined))
        if result.note:
            console.print(result.note, style="yellow")
    if result.error:
        if not json_:  # the source named once, then the hint
            print_error(ConnectorError(f"{source}: {result.error}", hint=result.hint))
        raise typer.Exit(ConnectorError.exit_code)  # CredentialsError shares it


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
        list[str] | None, typer.Option("--source", help="Only these sources (repeatable).")
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
    with open_workspace(project) as ws:
        watch = ws.watch(
            source or None, batch_size=batch_size, enrich=enrich, enrichers=enrichers,
            rollup_every=rollup_every, on_run=_log_run, on_push=_log_push,
        )  # fmt: skip
        signal.signal(signal.SIGTERM, watch.stop)
        signal.signal(signal.SIGINT, watch.stop)
        server = watch.server.address if watch.server is not None else None
        log.info("watching %s", ", ".join(watch.names), extra={"data": {"event": "start",
                 "sources": watch.names, "webhook": server}})  # fmt: skip
        try:
            watch.run(max_runs=max_runs)
        finally:
            log.info("stopped", extra={"data": {"event": "stop", "runs": watch.runs}})


def _log_push(name: str, out: dict[str, Any]) -> None:
    log.info("webhook %s: %s", name, out, extra={"data": {"event": "push", "source": name, **out}})


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
    _setup_logging(log_format, "info")
    with open_workspace(project) as ws:
        server = ws.webhook_server(host=host, port=port, enrich=enrich)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        console.print(say("collect.webhook", address=server.address))
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


@app.command(
    "sources",
    epilog="Examples:\n\n  rumeur sources\n\n  rumeur sources --json",
)
def sources_cmd(project: ProjectOption = None, json_: JsonOption = False) -> None:
    """Configured sources with their state: last success, last error, backlog, quota
    used/left (and when it resets), cursor, next run. Times in the project's time zone."""
    from rumeur.connectors.quota import describe, short_quota

    with open_workspace(project) as ws:
        status = ws.sources_status()
    rows, note, tz = status["sources"], status["note"], status["timezone"]
    if json_:
        emit_json({"sources": rows, "note": note, "timezone": tz})
        return
    t = new_table(title=f"Sources (heures {tz})")
    cols = ("source", "type", "dernier succès", "dernière erreur", "éléments", "retard",
            "quota restant", "prochain passage")  # fmt: skip
    for col in cols:
        t.add_column(col)
    for r in rows:
        t.add_row(
            r["name"], r["type"], _when(r["last_success"], tz),
            (r["last_error"] or "")[:60], str(r["items_collected"]),
            "oui" if r["backlog"] else "non", short_quota(r["quota"]),
            _when(r["next_run"], tz),
        )  # fmt: skip
    console.print(t)
    for r in rows:
        if r["backlog"]:
            console.print(say("collect.backlog", name=r["name"]))
        for q in r["quota"].values():
            console.print(f"{r['name']} — {describe(q, tz)}", soft_wrap=True)
        if r.get("warning"):
            console.print(
                f"{r['name']} : attention, {r['warning']}", style="yellow", soft_wrap=True
            )
    if note:
        console.print(note, style="yellow")


def _when(value: Any, tz: str) -> str:
    from zoneinfo import ZoneInfo

    if not isinstance(value, datetime):
        return ""
    when = value if value.tzinfo else value.replace(tzinfo=UTC)
    return when.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M:%S")
