"""When rules run: each rule on its own schedule, hourly by default.

A rule's ``every_minutes`` (default :data:`DEFAULT_EVERY_MINUTES` = 60) says how often it
is evaluated. :func:`check_due` evaluates the rules whose last check is at least that old
(the time of each rule's last check is kept in the store, under
``@alerts/<rule>`` in the cursors table), de-duplicates and delivers (see
:func:`rumeur.alerts.engine.dispatch`). ``rumeur alerts check`` calls it (from cron, as
often as the most frequent rule), and so does ``rumeur watch`` after each collection, so a
bad buzz is alerted within the hour of its first anomalous bucket, not the next day.
:func:`check_times` gives the check times a replay uses (:mod:`rumeur.alerts.replay`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from rumeur.alerts.engine import dispatch, evaluate
from rumeur.alerts.rules import AlertSettings, Rule
from rumeur.analytics.audience import AudienceSettings

DEFAULT_EVERY_MINUTES = 60
#: a check this early is still on time (cron and the watcher do not tick exactly)
_SLACK = timedelta(minutes=1)


def every(rule: Rule) -> timedelta:
    """How often ``rule`` runs."""
    return timedelta(minutes=int(rule.options.get("every_minutes", DEFAULT_EVERY_MINUTES)))


def _key(rule: Rule) -> str:
    return f"@alerts/{rule.name}"


def last_check(store: Any, rule: Rule) -> datetime | None:
    value = store.get_cursor(_key(rule))
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def due(store: Any, settings: AlertSettings, now: datetime) -> list[Rule]:
    """The rules whose schedule says they should run at ``now``."""
    out = []
    for rule in settings.rules:
        last = last_check(store, rule)
        if last is None or now - last >= every(rule) - _SLACK or now < last:
            out.append(rule)
    return out


def check_due(
    store: Any,
    settings: AlertSettings,
    now: datetime,
    audience: AudienceSettings | None = None,
    *,
    timezone: str = "Europe/Paris",
    force: bool = False,
    dry_run: bool = False,
    project: Any = None,
) -> list[dict[str, Any]]:
    """Evaluate the rules that are due (every rule when ``force``), deliver new alerts and
    record the check; one outcome dict per alert (``status`` ``dry-run`` when ``dry_run``:
    nothing sent, nothing recorded)."""
    rules = list(settings.rules) if force else due(store, settings, now)
    if not rules:
        return []
    subset = AlertSettings(settings.channels, tuple(rules), settings.cooldown_minutes,
                           settings.digest)  # fmt: skip
    alerts = evaluate(store, subset, now, audience, timezone=timezone, project=project)
    if dry_run:
        return [{"key": a.dedupe_key, "title": a.title, "status": "dry-run"} for a in alerts]
    out = dispatch(store, settings, alerts, now)
    for rule in rules:
        store.set_cursor(_key(rule), now.isoformat())
    return out


def check_project(store: Any, project: Any, now: datetime) -> list[dict[str, Any]]:
    """:func:`check_due` with a project's rules, audience and time zone (what
    ``rumeur watch`` runs after each collection)."""
    from rumeur.alerts.rules import from_project
    from rumeur.analytics.audience import from_project as audience

    settings = from_project(project)
    if not settings.rules:
        return []
    return check_due(
        store, settings, now, audience(project), timezone=project.timezone, project=project
    )


def check_times(
    rule: Rule, start: datetime, end: datetime, phase: timedelta = timedelta(0)
) -> list[datetime]:
    """The times ``rule`` runs between ``start`` and ``end`` (both included), aligned on
    whole multiples of its period shifted by ``phase`` (an hourly rule runs on the hour;
    with ``phase`` 15 minutes, at a quarter past: a watcher started at 9:15 keeps that
    clock, see :func:`due`)."""
    step = every(rule)
    epoch = datetime(2000, 1, 1, tzinfo=start.tzinfo) + phase % step
    first = epoch + step * -(-(start - epoch) // step)  # ceil to the grid
    out, t = [], first
    while t <= end:
        out.append(t)
        t += step
    if not out or out[-1] < end:
        out.append(end)
    return out


__all__ = [
    "DEFAULT_EVERY_MINUTES", "check_due", "check_project", "check_times", "due", "every",
    "last_check",
]  # fmt: skip
