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
    epilog="Exemples :\n\n"
    "  rumeur collect mastodon-fibrelia\n\n"
    "  rumeur collect actu-google-alerts --json\n\n"
    "Codes de sortie : 0 collecté, 7 la source a échoué (réseau, identifiants, quota).",
)
def collect_cmd(
    source: Annotated[str, typer.Argument(help="Nom d'une entrée [[sources]] de rumeur.toml.")],
    enrich: Annotated[bool, typer.Option(help="Enrichit les nouvelles mentions.")] = True,
    enrichers: Annotated[
        str, typer.Option(help="fast (language, sentiment-fast), all, ou des noms : a,b.")
    ] = "fast",
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Collecte une source une fois, depuis son curseur enregistré ; affiche ce qui a été
    enregistré."""
    try:
        with open_workspace(project) as ws:
            kind = ws.source_type(source)
            with console.status(clean(say("collect.collecting", source=source))) as status:

                def progress(_event: str, data: dict[str, Any]) -> None:
                    status.update(clean(say("collect.progress", source=source, new=data["new"],
                                            items=data["items"])))  # fmt: skip

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
            t.add_row(say(f"collect.{key}"), str(getattr(result, key)))
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
    epilog="Exemples :\n\n"
    "  rumeur watch                       # chaque source, à son rythme\n\n"
    "  rumeur watch --log-format json     # JSON lines sur stderr, pour les collecteurs de logs\n\n"
    "  rumeur watch --source actu --source masto\n\n"
    "Arrêt par Ctrl-C ou SIGTERM : le lot en cours est d'abord terminé et enregistré.",
)
def watch_cmd(
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Seulement ces sources (répétable).")
    ] = None,
    log_format: Annotated[str, typer.Option(help="text ou json (JSON lines).")] = "text",
    log_level: Annotated[str, typer.Option(help="debug, info, warning.")] = "info",
    enrich: Annotated[
        bool, typer.Option(help="Enrichit les nouvelles mentions à leur arrivée.")
    ] = True,
    enrichers: Annotated[
        str, typer.Option(help="fast (language, sentiment-fast), all, ou des noms : a,b.")
    ] = "fast",
    batch_size: Annotated[int, typer.Option(help="Éléments enregistrés par transaction.")] = 1000,
    rollup_every: Annotated[
        float,
        typer.Option(
            help="Reconstruit les tables d'analyse du tableau de bord au plus toutes les N "
            "secondes pendant que des mentions arrivent (et à l'arrêt)."
        ),
    ] = 600.0,
    max_runs: Annotated[
        int | None,
        typer.Option(help="S'arrête après ce nombre de passages de sources (tests, démos)."),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Collecte en continu chaque source de rumeur.toml, à son rythme.

    Les sources webhook sont servies en même temps sur leur hôte/port. Après un plantage,
    le démarrage suivant reprend aux curseurs enregistrés : rien n'est perdu ni enregistré
    deux fois.
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
    epilog="Exemples :\n\n"
    '  rumeur webhook                     # sert chaque source type = "webhook"\n\n'
    "  rumeur webhook --port 9000\n\n"
    "Les émetteurs envoient (POST) du JSON signé à /hooks/<nom de la source> "
    "(docs/connectors.md).",
)
def webhook_cmd(
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute.")] = None,
    port: Annotated[int | None, typer.Option(help="Port d'écoute.")] = None,
    enrich: Annotated[bool, typer.Option(help="Enrichit les mentions reçues.")] = True,
    log_format: Annotated[str, typer.Option(help="text ou json (JSON lines).")] = "text",
    project: ProjectOption = None,
) -> None:
    """Sert seulement la réception des webhooks (`rumeur watch` interroge aussi les sources)."""
    _setup_logging(log_format, "info")
    with open_workspace(project) as ws:
        server = ws.webhook_server(host=host, port=port, enrich=enrich)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        console.print(say("collect.webhook", address=server.address))
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


@app.command(
    "sources",
    epilog="Exemples :\n\n  rumeur sources\n\n  rumeur sources --json",
)
def sources_cmd(project: ProjectOption = None, json_: JsonOption = False) -> None:
    """Les sources configurées et leur état : dernier succès, dernière erreur, retard, quota
    utilisé/restant (et sa remise à zéro), curseur, prochain passage. Heures dans le fuseau
    du projet."""
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
