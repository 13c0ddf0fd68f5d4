"""Early warning of a burst: the last minutes' mentions against the usual rate of that
hour of the week, scored at every alert check instead of waiting for whole hour buckets.

The hourly spike detector (:mod:`rumeur.analytics.spikes`) needs a complete anomalous
hour and a robust z of 5 before it speaks, so a bad buzz starting at 07:47 is alerted at
09:00 at best. This detector reads *partial* windows instead:

- **Baseline** (:func:`fit`): from the ``history_days`` days before the check's local
  day (from the first day holding data), the mean count of each local hour of the day
  (days whose total is more than ``outlier_days`` times the median day, past incidents,
  are left out) times a weekday
  factor (mean of that weekday's days / mean day, clipped to [0.5, 2]): the expected rate
  for that hour of the week. A floor keeps quiet night hours from making two posts a
  surprise. Counts are over-dispersed (threads, replies): a negative-binomial dispersion
  ``phi`` (Var = mu + phi * mu^2) is estimated from the same history's hourly counts by
  the method of moments.
- **Surprise**: for each window length in ``windows_minutes`` (15, 30, 60) ending at a
  point of a ``step_minutes`` grid, the observed count ``k`` against the expected
  ``mu`` integrated over the window: ``-log10 P(X >= k)`` under NB(mu, phi). A window
  *fires* when the surprise is at least ``threshold`` and ``k >= min_count``. Metrics:
  every mention (``volume``) and the independent unfavourable **reports** (``reports``):
  unfavourable posts that answer no one (replies and the brand's own accounts left
  out), an author counted once an hour, so ``k`` is the number of distinct people who
  each started an unfavourable post. That is how an outage or a harm starts: several
  people, each on their own, within minutes. Replies are left out because threads are
  what makes ordinary unfavourable talk bursty (one complaint and its answers): counted
  with them (``negative``, all unfavourable posts, still available), the same false
  alert rate needs a much larger surprise. ``reports`` fires at ``reports_threshold``
  with at least ``min_reports`` authors. Opt-in metrics read what the reports say
  (``severe``: crisis-lexicon words; ``issue``: one aspect; ``concerns``: not read as
  favourable), each with its own baseline (:mod:`rumeur.analytics.early_series`, which
  builds every metric's series; a metric may have several topics, one baseline each).
- **Late posts and wrong clocks** (:func:`detect`): each check re-scores the window ends
  of the last ``lookback_hours`` with what the store holds now, so posts collected after
  the check that should have seen them still count (at the next check). Posts stamped in
  the future (a device or server clock ahead; only a live check can see them) are counted
  at ``now``; posts stamped hours in the past (a clock behind) fall in an earlier window
  end, re-scored the same way. Stamps without a time of day (a review site's date only,
  exports' relative dates piled at one minute) are left out.

A :class:`Burst` names the earliest firing window end of the trailing scan: the alert
engine keys its early warning on it (:mod:`rumeur.alerts.engine`), so the checks after it
do not warn again for the same burst. The defaults (surprise 5, at least 6 mentions)
were chosen by the false alerts per brand-week on the quiet weeks of demo corpora
(seeds 1, 2, 3) other than the benchmark's; ``benchmarks/spikes.py`` prints the latency
and the false alerts of its own seeds beside the hourly detector alone.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from rumeur.analytics.early_series import ALL_METRICS, is_report, series

#: the default metrics (the others, :data:`ALL_METRICS`, can be asked for)
EARLY_METRICS = ("volume", "reports")


@dataclass(frozen=True, slots=True)
class EarlySettings:
    windows_minutes: tuple[int, ...] = (15, 30, 60)
    #: window ends are on a grid of this step (aligned on the hour)
    step_minutes: int = 15
    #: window ends re-scored at each check (late posts, clocks behind)
    lookback_hours: int = 6
    history_days: int = 28
    #: -log10 of the tail probability a window must reach
    threshold: float = 5.0
    #: mentions a firing window must hold
    min_count: int = 6
    #: the surprise and the distinct authors a window of ``reports`` needs
    reports_threshold: float = 4.0
    min_reports: int = 3
    #: the same for the severe reports (the crisis lexicon flags their text)
    severe_threshold: float = 5.0
    min_severe: int = 2
    #: the same for the reports finding fault with one same aspect (``issue``)
    issue_threshold: float = 6.0
    #: the same for the posts not read as favourable (``concerns``)
    concerns_threshold: float = 4.5
    #: an author's further reports within this many minutes are not new reports
    report_gap_minutes: int = 60
    metrics: tuple[str, ...] = EARLY_METRICS
    #: a day above this many times the median day is left out of the baseline
    outlier_days: float = 3.0
    timezone: str = "Europe/Paris"


@dataclass(frozen=True, slots=True)
class Baseline:
    """Expected mentions per hour for each (weekday, local hour), and the dispersion."""

    rate: np.ndarray  # shape (7, 24), mentions per hour
    phi: float
    days: int
    timezone: str

    def expected(self, start: datetime, end: datetime) -> float:
        """Mentions expected in ``[start, end)`` (split at local hour boundaries)."""
        zone = ZoneInfo(self.timezone)
        total, t = 0.0, start
        while t < end:
            local = t.astimezone(zone)
            nxt = min(end, t + timedelta(minutes=60 - local.minute, seconds=-local.second,
                                         microseconds=-local.microsecond))  # fmt: skip
            if nxt <= t:
                nxt = min(end, t + timedelta(hours=1))
            total += float(self.rate[local.weekday(), local.hour]) * (
                (nxt - t) / timedelta(hours=1)
            )
            t = nxt
        return total


def fit(times: Sequence[datetime], until: datetime, cfg: EarlySettings) -> Baseline | None:
    """The baseline from ``times`` (sorted) in the ``history_days`` days before the local
    day of ``until``; None when fewer than half of those days hold data."""
    zone = ZoneInfo(cfg.timezone)
    day0 = until.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    first = day0 - timedelta(days=cfg.history_days)
    lo, hi = bisect.bisect_left(times, first), bisect.bisect_left(times, day0)
    grid = np.zeros((cfg.history_days, 24))
    weekdays = np.array([(first + timedelta(days=d)).weekday() for d in range(cfg.history_days)])
    for t in times[lo:hi]:
        local = t.astimezone(zone)
        d = (local.date() - first.date()).days
        if 0 <= d < cfg.history_days:
            grid[d, local.hour] += 1
    daily = grid.sum(axis=1)
    active = daily > 0
    if active.sum() < cfg.history_days // 2:
        return None
    med = float(np.median(daily[active]))
    keep = daily <= cfg.outlier_days * max(med, 1.0)
    keep[: int(np.argmax(active))] = False  # before the first data: not collected, not quiet
    grid, daily, weekdays = grid[keep], daily[keep], weekdays[keep]
    mean_day = float(daily.mean())
    fac = np.ones(7)
    for w in range(7):
        sel = daily[weekdays == w]
        if sel.size and mean_day > 0:
            fac[w] = float(np.clip(sel.mean() / mean_day, 0.5, 2.0))
    profile = (grid / fac[weekdays][:, None]).mean(axis=0)
    # a quiet hour is never expected below a quarter of the mean hour (nor 1 per history)
    profile = np.maximum(profile, max(0.25 * float(profile.mean()), 1.0 / len(daily)))
    rate = fac[:, None] * profile[None, :]
    expected = rate[weekdays]  # per kept day and hour
    resid = ((grid - expected) ** 2 - grid).sum()
    phi = max(0.0, float(resid / max((expected**2).sum(), 1e-9)))
    return Baseline(rate, phi, len(daily), cfg.timezone)


def surprise(k: int, mu: float, phi: float) -> float:
    """``-log10 P(X >= k)`` for X ~ NB(mean mu, Var mu + phi mu^2) (Poisson when phi = 0)."""
    if k <= 0:
        return 0.0
    from scipy import special

    mu = max(mu, 1e-9)
    if phi <= 1e-9:
        p = float(special.gammainc(k, mu))  # P(Poisson(mu) >= k)
    else:
        r = 1.0 / phi
        p = float(special.betainc(k, r, mu / (r + mu)))  # P(NB >= k)
    return -math.log10(max(p, 1e-300))


@dataclass(slots=True)
class Burst:
    """The earliest firing window of a trailing scan, and how strong it was."""

    brand: str
    metric: str
    start: datetime
    end: datetime
    observed: int
    expected: float
    surprise: float
    #: the window ends of the scan that fired (earliest first)
    fired: list[datetime]
    #: the series' topic: the aspect of an ``issue`` burst, else ""
    topic: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "brand": self.brand, "metric": self.metric, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "observed": self.observed,
            "expected": round(self.expected, 3), "surprise": round(self.surprise, 2),
        } | ({"topic": self.topic} if self.topic else {})  # fmt: skip


def _grid(now: datetime, cfg: EarlySettings, since: datetime | None = None) -> list[datetime]:
    """Window ends from ``since`` (default: ``now - lookback_hours``, excluded) to ``now``
    on the ``step_minutes`` grid, and ``now`` itself."""
    step = timedelta(minutes=cfg.step_minutes)
    epoch = datetime(2000, 1, 1, tzinfo=now.tzinfo)
    first = since if since is not None else now - timedelta(hours=cfg.lookback_hours)
    t = epoch + step * ((now - epoch) // step)
    ends = []
    while t > first:
        ends.append(t)
        t -= step
    ends.reverse()
    if not ends or ends[-1] < now:
        ends.append(now)
    return ends


def _series(rows: Sequence[dict[str, Any]], metric: str, cfg: EarlySettings
            ) -> dict[str, list[datetime]]:  # fmt: skip
    """``{topic: sorted times}`` of ``metric`` (:func:`rumeur.analytics.early_series.series`)."""
    return series(rows, metric, cfg.timezone, cfg.report_gap_minutes)


def limits(cfg: EarlySettings, metric: str) -> tuple[int, float]:
    """The count and the surprise a window of ``metric`` needs to fire."""
    if metric == "reports":
        return cfg.min_reports, cfg.reports_threshold
    if metric == "severe":
        return cfg.min_severe, cfg.severe_threshold
    if metric == "issue":
        return cfg.min_reports, cfg.issue_threshold
    if metric == "concerns":
        return cfg.min_reports, cfg.concerns_threshold
    return cfg.min_count, cfg.threshold


def _fire(
    times: Sequence[datetime],
    ends: Sequence[datetime],
    baseline: Any,
    cfg: EarlySettings,
    metric: str = "volume",
) -> list[tuple[datetime, int, int, float, float]]:
    """(end, window minutes, count, expected, surprise) of every firing window of
    ``metric`` ending at one of ``ends``; ``baseline(end)`` gives the :class:`Baseline`
    (or None)."""
    least, threshold = limits(cfg, metric)
    out = []
    for end in ends:
        base = baseline(end)
        if base is None:
            continue
        hi = bisect.bisect_left(times, end)
        for w in cfg.windows_minutes:
            start = end - timedelta(minutes=w)
            k = hi - bisect.bisect_left(times, start)
            if k < least:
                continue
            mu = base.expected(start, end)
            s = surprise(k, mu, base.phi)
            if s >= threshold:
                out.append((end, w, k, mu, s))
    return out


def _key(metric: str, topic: str) -> str:
    """The baseline's name of a metric's topic series (``issue:price``)."""
    return f"{metric}:{topic}" if topic else metric


class _Baselines:
    """One baseline per (brand, metric, local day), fitted on first use."""

    def __init__(self, cache: dict[Any, Baseline | None] | None, cfg: EarlySettings):
        self.cache = cache if cache is not None else {}
        self.cfg, self.zone = cfg, ZoneInfo(cfg.timezone)

    def get(self, brand: str, metric: str, times: Sequence[datetime], at: datetime) -> Any:
        key = ("early", brand, metric, at.astimezone(self.zone).date(), self.cfg)
        if key not in self.cache:
            self.cache[key] = fit(times, at, self.cfg)
        return self.cache[key]


def detect(
    rows: Sequence[dict[str, Any]],
    now: datetime,
    brand: str,
    cfg: EarlySettings | None = None,
    *,
    live: bool = False,
    cache: dict[Any, Baseline | None] | None = None,
) -> Burst | None:
    """The earliest firing window of ``brand``'s rows (``created_at``, ``sentiment``;
    the ``history_days`` before ``now`` and the last ``lookback_hours``) over the window
    ends of the last ``lookback_hours`` at check time ``now``, or None. ``live``: rows
    stamped after ``now`` are counted at ``now`` (a clock ahead; a replay must not, they
    are its future). ``cache``: baselines shared by the checks of one day."""
    cfg = cfg or EarlySettings()
    bases = _Baselines(cache, cfg)
    best: Burst | None = None
    for metric in cfg.metrics:
        for topic, every in _series(rows, metric, cfg).items():
            # a replay stops at now; a live check counts a clock ahead at now
            keep = bisect.bisect_right(every, now)
            times = [min(t, now) for t in every] if live else every[:keep]
            ends = _grid(now, cfg)
            # counted up to now included (a post at the very check time is in)
            ends = [e if e < now else now + timedelta(microseconds=1) for e in ends]
            base = bases.get(brand, _key(metric, topic), times, now)
            fired = _fire(times, ends, lambda _e, b=base: b, cfg, metric)
            if not fired:
                continue
            end, w, k, mu, s = min(fired, key=lambda f: (f[0], -f[4]))
            end = min(end, now)
            burst = Burst(brand, metric, end - timedelta(minutes=w), end, k, mu, s,
                          sorted({min(f[0], now) for f in fired}), topic)  # fmt: skip
            if best is None or (burst.end, -burst.surprise) < (best.end, -best.surprise):
                best = burst
    return best


def firing_ends(
    rows: Sequence[dict[str, Any]],
    start: datetime,
    end: datetime,
    brand: str,
    cfg: EarlySettings | None = None,
    *,
    cache: dict[Any, Baseline | None] | None = None,
) -> list[datetime]:
    """Every window end in ``(start, end]`` at which a window of ``brand``'s rows fires,
    as the checks of a replay would have found them (a replay runs the checks just after
    these, and skips the others)."""
    cfg = cfg or EarlySettings()
    bases = _Baselines(cache, cfg)
    out: set[datetime] = set()
    ends = _grid(end, cfg, since=start)
    for metric in cfg.metrics:
        for topic, times in _series(rows, metric, cfg).items():
            key = _key(metric, topic)
            fired = _fire(times, ends, lambda e, t=times, m=key: bases.get(brand, m, t, e),
                          cfg, metric)  # fmt: skip
            out.update(f[0] for f in fired)
    return sorted(out)


__all__ = [
    "ALL_METRICS", "EARLY_METRICS", "Baseline", "Burst", "EarlySettings", "detect",
    "firing_ends", "fit", "is_report", "limits", "surprise",
]  # fmt: skip
