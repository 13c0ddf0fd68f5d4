"""Replaying the alert rules over a past period: which alerts would have fired, and when.

Used by the report (a section listing the alerts of the period) and by
``rumeur alerts replay``. Nothing is delivered and nothing is written: each rule is
evaluated at the times its schedule would have run it (hourly by default, see
:mod:`rumeur.alerts.schedule`; ``step`` forces another granularity, e.g. one day, for a
comparison), alerts are de-duplicated on their keys, and each is reported at the first
check that raised it. The period's rows are read from the store once, and spike rules
skip the checks at which nothing unusual could have fired (:func:`_worth_checking`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rumeur.alerts.engine import Alert, evaluate
from rumeur.alerts.rules import AlertSettings, Rule
from rumeur.alerts.schedule import check_times
from rumeur.analytics import frame
from rumeur.analytics.audience import AudienceSettings
from rumeur.analytics.spikes import SpikeSettings


@dataclass(frozen=True, slots=True)
class Fired:
    """An alert and the check (time) that first raised it."""

    at: datetime
    alert: Alert


class _Preloaded:
    """The rows of ``[since, until)`` read once; scopes answered by bisection."""

    def __init__(self, store: Any, since: datetime, until: datetime, aud: AudienceSettings):
        scope = frame.Scope(since=since, until=until)
        self.rows = frame.load(store, scope, aud, with_text=True).rows
        self.times = [r["created_at"] for r in self.rows]

    def __call__(self, scope: frame.Scope, with_text: bool) -> list[dict[str, Any]]:
        lo = 0 if scope.since is None else bisect.bisect_left(self.times, scope.since)
        hi = len(self.rows) if scope.until is None else bisect.bisect_left(self.times, scope.until)
        rows = self.rows[lo:hi]
        return [r for r in rows if r["brand"] in scope.brands] if scope.brands else rows


def _worth_checking(
    rule: Rule,
    rows: _Preloaded,
    start: datetime,
    end: datetime,
    times: list[datetime],
    timezone: str = "Europe/Paris",
) -> list[datetime]:
    """The check times of a spike rule at which it may fire. One scan of the whole period
    with a relaxed detector (60 % of the rule's z threshold, minimum count and ratio) finds
    the hours where anything unusual happened. A spike is alerted at the first check after
    its first anomalous bucket, which lies in one of those spans, so only the checks during
    a span (and the first one after it) can raise a new alert; the others are skipped (an
    hourly replay of the 90-day demo runs about a hundred checks instead of 1,800). The
    rule's early warning adds the checks just after a window where it may fire."""
    from rumeur.analytics.spikes import METRICS, scan

    relaxed = SpikeSettings(
        metrics=tuple(rule.options.get("metrics", METRICS)),
        threshold=0.6 * float(rule.options.get("threshold", 5.0)),
        min_count=max(1, int(0.6 * int(rule.options.get("min_count", 8)))),
        min_ratio=0.6 * SpikeSettings().min_ratio,
    )
    scope = frame.Scope(brands=(rule.brand,) if rule.brand else (), since=start, until=end)
    loaded = rows(scope, True)
    found = scan(loaded, start, end, relaxed, explain_spikes=False)
    spans = sorted((s.start, s.end) for s in found)
    keep: set[datetime] = set(_early_checks(rule, loaded, start, end, times, timezone))
    for a, b in spans:
        # the checks during the unusual hours, and the first one after them
        i = bisect.bisect_right(times, a)
        j = bisect.bisect_right(times, b + timedelta(hours=1))
        keep.update(times[i : j + 1])
    return sorted(keep)


def _early_checks(
    rule: Rule,
    rows: list[dict[str, Any]],
    start: datetime,
    end: datetime,
    times: list[datetime],
    timezone: str,
) -> list[datetime]:
    """The checks at which the rule's early warning may fire: the first check at or after
    each window end where a relaxed early detector (threshold - 1) fires."""
    if not rule.options.get("early", True):
        return []
    from dataclasses import replace

    from rumeur.alerts.early import settings
    from rumeur.analytics.early import firing_ends

    cfg = settings(rule, timezone)
    relaxed = replace(cfg, threshold=max(0.0, cfg.threshold - 1.0),
                      reports_threshold=max(0.0, cfg.reports_threshold - 1.0))  # fmt: skip
    keep: set[datetime] = set()
    for brand in sorted({r["brand"] for r in rows}):
        mine = [r for r in rows if r["brand"] == brand]
        for e in firing_ends(mine, start, end, brand, relaxed):
            i = bisect.bisect_left(times, e)
            if i < len(times):
                keep.add(times[i])
    return sorted(keep)


def replay(
    store: Any,
    settings: AlertSettings,
    start: datetime,
    end: datetime,
    *,
    step: timedelta | None = None,
    phase: timedelta = timedelta(0),
    audience: AudienceSettings | None = None,
    timezone: str = "Europe/Paris",
    project: Any = None,
) -> list[Fired]:
    """Alerts the rules raise at each of their checks from ``start + warm_up`` to ``end``
    (``step``: check every ``step`` instead of each rule's schedule; ``phase``: the
    schedule's clock, e.g. 15 minutes for hourly checks at a quarter past the hour).

    The first checks wait until the spike detector has its ``history_days`` of baseline
    (before that, every ordinary day would look like a spike)."""
    if not settings.rules:
        return []
    warm = start + timedelta(days=SpikeSettings().history_days)
    if step is not None:
        warm = start + max(step, warm - start)
    from rumeur.analytics.early import EarlySettings

    margin = timedelta(days=max(SpikeSettings().history_days, EarlySettings().history_days) + 2)
    rows = _Preloaded(store, start - margin, end, audience or AudienceSettings())
    seen: set[str] = set()
    cache: dict[Any, Any] = {}
    fired: list[Fired] = []
    for rule in settings.rules:
        one = AlertSettings(settings.channels, (rule,), settings.cooldown_minutes, settings.digest)
        if step is None:
            times = check_times(rule, warm, end, phase)
        else:
            times = [warm + k * step for k in range(int((end - warm) / step) + 1)]
            times = [t for t in times if t < end] + [end]
        if rule.type == "spike":
            times = _worth_checking(rule, rows, start - margin, end, times, timezone)
        for at in times:
            for alert in evaluate(store, one, at, audience, timezone=timezone, loader=rows,
                                  seen=seen, project=project, cache=cache):  # fmt: skip
                keys = [alert.dedupe_key, *alert.extra_keys]
                if all(k in seen for k in keys):
                    continue
                seen.update(keys)
                fired.append(Fired(at, alert))
    fired.sort(key=lambda f: (f.at, f.alert.rule))
    return fired
