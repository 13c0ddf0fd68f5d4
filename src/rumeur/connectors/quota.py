"""Quotas: what a platform lets a source read, and the project's own read budget.

Two things, kept per source and shown by ``rumeur sources``:

- **Readings** (:class:`Quota`): what the platform says of its limits, as it says it
  (``X-App-Usage`` for Meta, ``x-rate-limit-*`` for X, a daily quota for Google...). A
  connector reports one with ``ctx.report_quota(Quota(...))`` whenever it learns one; a
  reading replaces the previous one of the same ``name``. The watcher stores the
  readings with each batch (``source_state.quota``).
- **The read budget** (:class:`ReadBudget`): a monthly ceiling the *user* sets
  (``monthly_read_budget = 10000`` in the source, ``budget_reset_day`` for the
  platform's billing day), for platforms where reads are paid. It is checked **before**
  each request: once spent, the connector raises :class:`BudgetSpentError` (a clear
  message, the reset date) and makes no further call until the next period. By default
  it counts HTTP requests (``ctx.http()`` charges one per request); a platform that
  bills items (X bills posts read) asks ``ctx.read_budget(unit="posts")`` before
  ``ctx.http()`` (which then charges no request) and charges itself:
  ``n = budget.allow(100)`` before the call (how many it may still ask for),
  ``budget.spend(len(items))`` after.
  What was spent is saved with the readings, so the budget holds across runs.

Everything here is plain data; storing is the watcher's business.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rumeur.errors import ConnectorError
from rumeur.messages import Text

#: the reading under which the read budget is saved
BUDGET = "budget"
#: what to do when a source's monthly read budget is spent
BUDGET_HINT = Text(
    "augmentez monthly_read_budget pour cette source dans rumeur.toml, ou attendez la remise "
    "à zéro ; ce qui a été lu est conservé",
    "raise monthly_read_budget for this source in rumeur.toml, or wait for the reset; what "
    "was read is kept",
)


class BudgetSpentError(ConnectorError):
    """The source's monthly read budget is spent: no request is made until it resets."""


@dataclass(frozen=True, slots=True)
class Quota:
    """One quota reading. Any figure may be unknown (None); ``remaining`` is worked out
    from ``limit - used`` when not given. Percentages (Meta's ``X-App-Usage``) are
    ``unit="%"`` with ``limit=100``."""

    name: str
    used: float | None = None
    limit: float | None = None
    remaining: float | None = None
    #: when the window or period starts again (aware datetime)
    reset_at: datetime | None = None
    #: what is counted: "requests", "posts", "units", "%"...
    unit: str = "requests"
    #: the window in words: "15 min", "day", "hour", "month"...
    period: str | None = None
    #: when the reading was taken (set by :meth:`QuotaBook.record` when missing)
    at: datetime | None = None

    def __post_init__(self) -> None:
        if self.remaining is None and self.used is not None and self.limit is not None:
            object.__setattr__(self, "remaining", max(0.0, self.limit - self.used))
        if self.used is None and self.remaining is not None and self.limit is not None:
            object.__setattr__(self, "used", max(0.0, self.limit - self.remaining))

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("reset_at", "at"):
            d[k] = d[k].astimezone(UTC).isoformat() if d[k] else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quota:
        def when(v: Any) -> datetime | None:
            return datetime.fromisoformat(v) if isinstance(v, str) and v else None

        return cls(
            name=str(d.get("name") or "quota"), used=d.get("used"), limit=d.get("limit"),
            remaining=d.get("remaining"), reset_at=when(d.get("reset_at")),
            unit=str(d.get("unit") or "requests"), period=d.get("period"), at=when(d.get("at")),
        )  # fmt: skip


class ReadBudget:
    """A monthly read budget: ``limit`` ``unit`` per period, starting on ``reset_day``
    of each month at midnight in ``tz`` (the project's time zone). Thread-safe."""

    def __init__(
        self, limit: int, *, unit: str = "requests", reset_day: int = 1, tz: str = "UTC",
        source: str = "", used: int = 0, now: Any = None,
    ) -> None:  # fmt: skip
        self.limit = int(limit)
        self.unit = unit
        self.reset_day = max(1, min(28, int(reset_day)))
        self.tz = ZoneInfo(tz)
        self.source = source
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self.period = self._period_start()
        self.used = int(used)

    def _period_start(self) -> datetime:
        local = self._now().astimezone(self.tz)
        start = local.replace(day=self.reset_day, hour=0, minute=0, second=0, microsecond=0)
        if local < start:  # before this month's reset day: the period began last month
            y, m = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
            start = start.replace(year=y, month=m)
        return start

    @property
    def reset_at(self) -> datetime:
        s = self.period
        y, m = (s.year, s.month + 1) if s.month < 12 else (s.year + 1, 1)
        return s.replace(year=y, month=m)

    def _roll(self) -> None:
        start = self._period_start()
        if start != self.period:  # a new month: the budget is whole again
            self.period, self.used = start, 0

    def restore(self, reading: Quota | None) -> None:
        """Take up what was spent in this period (from the saved reading), if anything."""
        if reading is None or reading.used is None or reading.at is None:
            return
        with self._lock:
            self._roll()
            if reading.at >= self.period:
                self.used = max(self.used, int(reading.used))

    @property
    def remaining(self) -> int:
        with self._lock:
            self._roll()
            return max(0, self.limit - self.used)

    def allow(self, wanted: int = 1) -> int:
        """Before a request: how many of ``wanted`` may still be read (at least 1), or
        :class:`BudgetSpentError` when nothing is left."""
        left = self.remaining
        if left <= 0:
            when = self.reset_at.strftime("%d/%m/%Y %H:%M")
            raise BudgetSpentError(
                Text(
                    f"{self.source} : budget de lecture mensuel épuisé ({self.used} / "
                    f"{self.limit} {self.unit}) ; aucune requête avant le {when} ({self.tz.key})",
                    f"{self.source}: monthly read budget spent ({self.used} / {self.limit} "
                    f"{self.unit}); no request before {when} ({self.tz.key})",
                ),
                hint=BUDGET_HINT,
            )
        return min(wanted, left)

    def spend(self, n: int = 1) -> None:
        """After (or just before) a request: count ``n`` reads."""
        with self._lock:
            self._roll()
            self.used += int(n)

    def reading(self) -> Quota:
        with self._lock:
            self._roll()
            return Quota(
                name=BUDGET, used=self.used, limit=self.limit, reset_at=self.reset_at,
                unit=self.unit, period="month", at=self._now(),
            )  # fmt: skip


class QuotaBook:
    """A source's quota readings and read budget, as the connector learns them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.readings: dict[str, Quota] = {}
        self.budget: ReadBudget | None = None
        #: the saved readings, until :meth:`snapshot` replaces them
        self.saved: dict[str, Quota] = {}

    def record(self, q: Quota, *, now: datetime | None = None) -> None:
        if q.at is None:
            q = replace(q, at=now or _utc())
        with self._lock:
            self.readings[q.name] = q

    def load(self, saved: dict[str, Any] | None) -> None:
        """The readings saved by the previous run (``source_state.quota``)."""
        self.saved = {
            k: Quota.from_dict(v) for k, v in (saved or {}).items() if isinstance(v, dict)
        }
        if self.budget is not None:
            self.budget.restore(self.saved.get(BUDGET))

    def snapshot(self) -> dict[str, Any]:
        """Every reading known (the new ones over the saved ones), as JSON-ready dicts."""
        with self._lock:
            out = {**self.saved, **self.readings}
        if self.budget is not None:
            out[BUDGET] = self.budget.reading()
        return {k: v.as_dict() for k, v in sorted(out.items())}


def _utc() -> datetime:
    return datetime.now(UTC)


#: units as shown in French
_UNITS = {"requests": "requêtes", "units": "unités", "posts": "posts", "reviews": "avis"}
_PERIODS = {"hour": "heure", "day": "jour", "month": "mois"}


def _n(v: float | None) -> str:
    return "?" if v is None else f"{v:g}"


def describe(q: dict[str, Any], tz: str) -> str:
    """One reading in words (French), times in ``tz``, labelled: ``"budget : 120 posts
    sur 10000 par mois, reste 9880 (remise à zéro 01/01 00:00 Europe/Paris)"``."""
    r = Quota.from_dict(q)
    unit = _UNITS.get(r.unit, r.unit)
    per = f" par {_PERIODS.get(r.period, r.period)}" if r.period else ""
    if r.unit == "%":  # Meta's usage headers: a share of the limit
        text = f"{r.name} : {_n(r.used)} % de la limite{per}"
        text += f", reste {_n(r.remaining)} %" if r.remaining is not None else ""
    else:
        text = f"{r.name} : {_n(r.used)} {unit} sur {_n(r.limit)}{per}"
        text += f", reste {_n(r.remaining)}" if r.remaining is not None else ""
    if r.reset_at is not None:
        text += f" (remise à zéro {r.reset_at.astimezone(ZoneInfo(tz)):%d/%m %H:%M} {tz})"
    return text


def short_quota(readings: dict[str, Any]) -> str:
    """What is left of each reading, for a table cell: ``"budget 9880/10000"``."""
    parts = []
    for name, q in sorted(readings.items()):
        r = Quota.from_dict(q)
        unit = "%" if r.unit == "%" else ""
        parts.append(f"{name} {_n(r.remaining)}{unit}/{_n(r.limit)}{unit}")
    return ", ".join(parts)


__all__ = [
    "BUDGET",
    "BudgetSpentError",
    "Quota",
    "QuotaBook",
    "ReadBudget",
    "describe",
    "short_quota",
]
