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
    help="Les règles d'alerte de rumeur.toml [[alerts.rules]], envoyées par e-mail et webhooks.",
    no_args_is_help=True,
)
app.add_typer(alerts_app, name="alerts")
Now = Annotated[str | None, typer.Option(help="Évalue à cette date (par défaut : maintenant).")]


@alerts_app.command(
    "check",
    epilog="Exemples :\n\n  rumeur alerts check              # les règles dues, envoyées\n\n"
    "  rumeur alerts check --all        # toutes les règles, dues ou non\n\n"
    "  rumeur alerts check --dry-run --json\n\n"
    "  */15 * * * * cd /srv/veille && rumeur alerts check   # cron",
)
def check(
    now: Now = None,
    dry_run: Annotated[
        bool, typer.Option(help="Évalue seulement : n'envoie et n'inscrit rien.")
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="Toutes les règles, dues ou non.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Évalue les règles dues (every_minutes de chaque règle, toutes les heures par défaut) ;
    dédoublonne, applique les délais de carence et envoie les nouvelles alertes."""
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
    epilog="Exemples :\n\n  rumeur alerts test\n\n  rumeur alerts test --channel slack",
)
def test(
    channel: Annotated[list[str] | None, typer.Option(help="Seulement ce canal.")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Envoie un message de test par chaque canal configuré (code de sortie 1 si l'un échoue)."""
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
    epilog="Exemples :\n\n  rumeur alerts digest               # affiche le résumé du jour\n\n"
    "  rumeur alerts digest --period weekly --send",
)
def digest_cmd(
    period: Annotated[str | None, typer.Option(help="daily ou weekly (par défaut : rumeur.toml).")]
    = None,
    send_: Annotated[bool, typer.Option("--send", help="Envoie par chaque canal.")] = False,
    now: Now = None,
    project: ProjectOption = None,
) -> None:  # fmt: skip
    """Un résumé quotidien ou hebdomadaire : les alertes de la période et l'opinion de chaque
    marque, avec intervalles."""
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
    "log", epilog="Exemples :\n\n  rumeur alerts log --limit 20\n\n  rumeur alerts log --json"
)
def log(
    limit: Annotated[int, typer.Option(help="Au plus N lignes.")] = 50,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Les alertes déjà examinées : envoyées, en carence, en échec."""
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
    epilog="Exemples :\n\n"
    "  rumeur alerts replay                      # toute la période enregistrée\n\n"
    "  rumeur alerts replay --since 2025-09-01 --json",
)
def replay_cmd(
    since: Annotated[
        str | None, typer.Option(help="Début (par défaut : la première mention).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Fin (par défaut : la dernière mention).")
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Rejoue les règles sur les données passées, à leur rythme (toutes les heures par défaut) :
    ce qui se serait déclenché, et quand (heures dans le fuseau du projet).

    Rien n'est envoyé ni écrit (utile pour régler les seuils avant d'activer une règle ;
    c'est ce que montre la section Alertes du rapport).
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
