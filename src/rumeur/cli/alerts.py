"""``rumeur alerts``: check rules and deliver, send a test message, digests, the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    date_option,
    emit_json,
    load_project,
)
from rumeur.cli.app import app
from rumeur.storage import open_store

alerts_app = typer.Typer(
    help="Alert rules from rumeur.toml [[alerts.rules]], delivered by e-mail and webhooks.",
    no_args_is_help=True,
)
app.add_typer(alerts_app, name="alerts")
Now = Annotated[str | None, typer.Option(help="Evaluate as of this time (default: now).")]


@alerts_app.command(
    "check",
    epilog="Examples:\n\n  rumeur alerts check              # run every rule, deliver\n\n"
    "  rumeur alerts check --dry-run --json\n\n"
    "  */15 * * * * cd /srv/veille && rumeur alerts check   # cron",
)
def check(
    now: Now = None,
    dry_run: Annotated[bool, typer.Option(help="Evaluate only: send and log nothing.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every rule, due or not.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Evaluate the rules that are due (each rule's every_minutes, hourly by default);
    de-duplicate, apply cooldowns and deliver new alerts."""
    from rumeur.alerts import from_project
    from rumeur.alerts.schedule import check_due
    from rumeur.analytics.audience import from_project as audience

    proj = load_project(project)
    settings = from_project(proj)
    when = date_option(now, proj.timezone, "--now") or datetime.now(UTC)
    with open_store(proj) as store:
        out = check_due(store, settings, when, audience(proj), timezone=proj.timezone,
                        force=all_ or dry_run, dry_run=dry_run)  # fmt: skip
    if json_:
        emit_json(out)
        return
    for o in out:
        console.print(f"[{o['status']}] {o.get('title', o['key'])}", markup=False)
    console.print(f"[dim]{len(out)} alert(s)[/]")


@alerts_app.command(
    "test",
    epilog="Examples:\n\n  rumeur alerts test\n\n  rumeur alerts test --channel slack",
)
def test(
    channel: Annotated[list[str] | None, typer.Option(help="Only this channel.")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Send a test message through each configured channel (exit code 1 if one fails)."""
    from rumeur.alerts import DeliveryError, from_project, send

    proj = load_project(project)
    settings = from_project(proj)
    results = []
    for ch in settings.channels:
        if channel and ch.name not in channel:
            continue
        try:
            send(ch, "Test", f"Message de test de Rumeur ({proj.name}) : ce canal fonctionne.",
                 {"test": True})  # fmt: skip
            results.append({"channel": ch.name, "type": ch.type, "ok": True})
        except DeliveryError as exc:
            results.append({"channel": ch.name, "type": ch.type, "ok": False,
                            "error": exc.message})  # fmt: skip
    if json_:
        emit_json(results)
    else:
        for r in results:
            console.print(f"{'ok ' if r['ok'] else 'ERR'} {r['channel']} ({r['type']})"
                          + (f": {r['error']}" if not r["ok"] else ""))  # fmt: skip
        if not results:
            console.print("no channel configured: add [[alerts.channels]] to rumeur.toml")
    if not all(r["ok"] for r in results):
        raise typer.Exit(1)


@alerts_app.command(
    "digest",
    epilog="Examples:\n\n  rumeur alerts digest               # print the daily digest\n\n"
    "  rumeur alerts digest --period weekly --send",
)
def digest_cmd(
    period: Annotated[str | None, typer.Option(help="daily or weekly (default: rumeur.toml).")]
    = None,
    send_: Annotated[bool, typer.Option("--send", help="Deliver through every channel.")] = False,
    now: Now = None,
    project: ProjectOption = None,
) -> None:  # fmt: skip
    """A daily or weekly digest: alerts of the period and each brand's opinion with intervals."""
    from rumeur.alerts import DeliveryError, digest, from_project, send

    proj = load_project(project)
    settings = from_project(proj)
    when = date_option(now, proj.timezone, "--now") or datetime.now(UTC)
    days = 7 if (period or settings.digest) == "weekly" else 1
    with open_store(proj, read_only=proj.store_path.exists()) as store:
        text = digest(store, when - timedelta(days=days), when, timezone=proj.timezone)
    console.print(text, markup=False)
    failed = False
    if send_:
        for ch in settings.channels:
            try:
                send(ch, "Synthèse", text, {"digest": True})
            except DeliveryError as exc:
                failed = True
                console.print(f"ERR {ch.name}: {exc.message}")
    if failed:
        raise typer.Exit(1)


@alerts_app.command(
    "log", epilog="Examples:\n\n  rumeur alerts log --limit 20\n\n  rumeur alerts log --json"
)
def log(
    limit: Annotated[int, typer.Option(help="At most N rows.")] = 50,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Alerts already considered: sent, in cooldown, failed."""
    proj = load_project(project)
    with open_store(proj) as store:
        rows = store.query(
            "SELECT alert_id, rule, brand, status, title, min(fired_at) AS fired_at, "
            "count(*) AS keys FROM alert_log GROUP BY ALL ORDER BY fired_at DESC LIMIT ?",
            [limit],
        )
    if json_:
        emit_json(rows)
        return
    for r in rows:
        console.print(
            f"{r['fired_at']:%Y-%m-%d %H:%M} [{r['status']}] {r['rule']}: {r['title']}",
            markup=False,
        )


@alerts_app.command(
    "replay",
    epilog="Examples:\n\n  rumeur alerts replay                      # the whole stored period\n\n"
    "  rumeur alerts replay --since 2025-09-01 --json",
)
def replay_cmd(
    since: Annotated[str | None, typer.Option(help="Start (default: the first mention).")] = None,
    until: Annotated[str | None, typer.Option(help="End (default: the last mention).")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Replay the rules over past data at their schedule (hourly by default): what would
    have fired, and when (times in the project's time zone).

    Nothing is sent and nothing is written (useful to tune thresholds before enabling a
    rule, and what the report's Alerts section shows).
    """
    from rumeur.alerts import from_project
    from rumeur.alerts.replay import replay
    from rumeur.analytics.audience import from_project as audience

    proj = load_project(project)
    with open_store(proj) as store:
        bounds = store.query("SELECT min(created_at) AS lo, max(created_at) AS hi FROM mentions")
        lo = date_option(since, proj.timezone, "--since") or bounds[0]["lo"]
        hi = date_option(until, proj.timezone, "--until") or bounds[0]["hi"]
        if lo is None or hi is None:
            console.print("No mentions stored yet.")
            return
        fired = replay(store, from_project(proj), lo, hi, audience=audience(proj),
                       timezone=proj.timezone)  # fmt: skip
    if json_:
        emit_json([{"checked_at": f.at.isoformat(), "rule": f.alert.rule, "brand": f.alert.brand,
                    "title": f.alert.title, "text": f.alert.text,
                    "mention_ids": f.alert.mention_ids} for f in fired])  # fmt: skip
        return
    for f in fired:
        at = f.at.astimezone(ZoneInfo(proj.timezone))
        console.print(f"{at:%Y-%m-%d %H:%M %Z} {f.alert.rule} {f.alert.title}", markup=False)
    console.print(f"{len(fired)} alert(s)")
