"""When people post: daily and weekly seasonality (Paris time), and event bursts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

#: Relative activity by local hour (0-23): quiet nights, lunch bump, evening peak.
HOUR_WEIGHTS: tuple[float, ...] = (
    0.45,
    0.25,
    0.15,
    0.10,
    0.08,
    0.12,
    0.35,
    0.75,
    1.05,
    1.10,
    1.05,
    1.10,
    1.35,
    1.25,
    1.00,
    0.95,
    1.00,
    1.15,
    1.40,
    1.65,
    1.85,
    1.90,
    1.55,
    0.95,
)
#: Relative activity by weekday (Monday=0).
DOW_WEIGHTS: tuple[float, ...] = (1.12, 1.06, 1.02, 1.03, 0.98, 0.86, 0.84)
_HMAX = max(HOUR_WEIGHTS)
_HOURS = tuple(range(24))
_HOUR_CUM = tuple(accumulate(HOUR_WEIGHTS))


class Clock:
    """Samples posting times within [start, end)."""

    def __init__(self, rng: random.Random, start: datetime, end: datetime) -> None:
        self.rng, self.start, self.end = rng, start, end
        local0 = start.astimezone(PARIS).replace(hour=0, minute=0, second=0, microsecond=0)
        self.days: list[datetime] = []
        d = local0
        while d.astimezone(UTC) < end:
            self.days.append(d)
            d = (d + timedelta(days=1, hours=3)).replace(hour=0)
        self.day_cum = list(accumulate(DOW_WEIGHTS[d.weekday()] for d in self.days))

    def _local(self, day: datetime, hour: int) -> datetime:
        r = self.rng
        naive = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            r.randrange(60),
            r.randrange(60),
            r.randrange(1000) * 1000,
        )
        return naive.replace(tzinfo=PARIS).astimezone(UTC)

    def sample(self, lo: datetime | None = None, hi: datetime | None = None) -> datetime:
        """A seasonal time between lo and hi (default: the whole period)."""
        lo, hi = lo or self.start, hi or self.end
        r = self.rng
        for _ in range(50):
            if lo == self.start and hi == self.end:
                day = r.choices(self.days, cum_weights=self.day_cum)[0]
            else:
                t = lo + (hi - lo) * r.random()
                day = t.astimezone(PARIS)
            hour = r.choices(_HOURS, cum_weights=_HOUR_CUM)[0]
            t = self._local(day, hour)
            if lo <= t < hi:
                return t
        return lo + (hi - lo) * r.random()

    def awake(self, t: datetime) -> bool:
        """Rejection test: True with a probability following the hour profile."""
        return self.rng.random() < HOUR_WEIGHTS[t.astimezone(PARIS).hour] / _HMAX

    def burst(self, t0: datetime, shape: float, scale_h: float, max_h: float) -> datetime:
        """A time after ``t0`` drawn from a gamma profile (rise then decay), thinned at night."""
        r = self.rng
        for _ in range(100):
            dt = r.gammavariate(shape, scale_h)
            if dt > max_h:
                continue
            t = t0 + timedelta(hours=dt)
            if t < self.end and self.awake(t):
                return t
        return t0 + timedelta(hours=r.random() * max_h * 0.3)

    def after(self, t: datetime, median_s: float, sigma: float = 1.0) -> datetime:
        """A reply time: lognormal delay after ``t`` (capped to the period's end)."""
        delay = self.rng.lognormvariate(0, sigma) * median_s
        return min(t + timedelta(seconds=max(20.0, delay)), self.end - timedelta(seconds=1))
