"""``rumeur alerts``: check rules and deliver, send a test message, digests, the log."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    emit_json,
    open_workspace,
    say,
)
from rumeur.cli.app import app

alerts_app = typer.Typer(
    rich_markup_mode=None,
    help="Alert rules from rumeur.toml [[alerts.rules]], delivered by e-mail and webhooks.",
    no_args_is_help=True,
)
app.add_typer(alerts_app, name="alerts")
Now = Annotated[str | None, typer.Option(help="Evaluate as of this time (default: now).")]


@alerts_app.command(
    "check",
    epilog="Examples:\n\n  rumeur alerts check              # run the due rules, deliver\n\n"
    "  rumeur alerts check --all        # every rule, due or not\n\n"
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
    with open_workspace(project) as ws:
        out = ws.check_alerts(now=now, dry_run=dry_run, force=all_)
    if json_:
        emit_json(out)
        return
    for o in out:
        console.print(f"[{o['status']}] {o.get('title', o['key'])}", markup=False)
    console.print(say("alerts.count", n=len(out)), style="dim")


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
    with open_workspace(project) as ws:
        results = ws.test_alerts(channel)
    if json_:
        emit_json(results)
    else:
        for r in results:
            console.print(f"{'ok ' if r['ok'] else 'ERR'} {r['channel']} ({r['type']})"
                          + (f": {r['error']}" if not r["ok"] else ""))  # fmt: skip
        if not results:
            console.print(say("alerts.no_channel"))
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
    with open_workspace(project) as ws:
        text = ws.digest(period=period, now=now)
        console.print(text, markup=False)
        sent = ws.send_digest(text) if send_ else []
    for r in sent:
        if not r["ok"]:
            console.print(f"ERR {r['channel']}: {r['error']}", markup=False)
    if not all(r["ok"] for r in sent):
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
    with open_workspace(project) as ws:
        rows = ws.alert_log(limit)
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
    with open_workspace(project) as ws:
        fired = ws.replay_alerts(since=since, until=until)
        empty = not fired and ws.mention_count() == 0
        zone = ZoneInfo(ws.project.timezone)
    if empty and not json_:
        console.print(say("alerts.no_mentions"))
        return
    if json_:
        emit_json([{"checked_at": f.at.isoformat(), "rule": f.alert.rule, "brand": f.alert.brand,
                    "title": f.alert.title, "text": f.alert.text,
                    "mention_ids": f.alert.mention_ids} for f in fired])  # fmt: skip
        return
    for f in fired:
        at = f.at.astimezone(zone)
        console.print(f"{at:%Y-%m-%d %H:%M %Z} {f.alert.rule} {f.alert.title}", markup=False)
    console.print(say("alerts.count", n=len(fired)))
