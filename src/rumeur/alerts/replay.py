"""Replaying the alert rules over a past period: which alerts would have fired, and when.

Used by the report (a section listing the alerts of the period) and by
``rumeur alerts replay``. Nothing is delivered and nothing is written: the rules are
evaluated as a daily ``rumeur alerts check`` would have evaluated them, alerts are
de-duplicated on their keys, and each is reported at the first check that raised it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rumeur.alerts.engine import Alert, evaluate
from rumeur.alerts.rules import AlertSettings
from rumeur.analytics.audience import AudienceSettings
from rumeur.analytics.spikes import SpikeSettings


@dataclass(frozen=True, slots=True)
class Fired:
    """An alert and the check (time) that first raised it."""

    at: datetime
    alert: Alert


def replay(
    store: Any,
    settings: AlertSettings,
    start: datetime,
    end: datetime,
    *,
    step: timedelta = timedelta(days=1),
    audience: AudienceSettings | None = None,
) -> list[Fired]:
    """Alerts the rules raise at each check from ``start + warm_up`` to ``end``.

    The first checks wait until the spike detector has its ``history_days`` of baseline
    (before that, every ordinary day would look like a spike)."""
    if not settings.rules:
        return []
    seen: set[str] = set()
    fired: list[Fired] = []
    now = start + max(step, timedelta(days=SpikeSettings().history_days))
    while True:
        at = min(now, end)
        for alert in evaluate(store, settings, at, audience):
            keys = [alert.dedupe_key, *alert.extra_keys]
            if all(k in seen for k in keys):
                continue
            seen.update(keys)
            fired.append(Fired(at, alert))
        if at >= end:
            return fired
        now += step
