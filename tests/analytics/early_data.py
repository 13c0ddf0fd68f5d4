"""What the early-warning tests share (test_early, test_early_reports,
test_early_severity): the calendar of their synthetic month, Poisson arrivals that follow
an hour-of-day profile, the rows collected by a given time, the hourly checks of the
checked week, and the rows written to a real store for the alert engine's replay.

Each test file keeps its own rows (what they say, who writes them, how they thread) and
its seeds: the arrivals below draw from the caller's generator in the order the files
drew before they shared them, so every test reads the very same data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from rumeur.analytics.early import Burst, EarlySettings, detect
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import Batch, add_mention

START = datetime(2025, 9, 1, 0, 0, tzinfo=UTC)  # a Monday
#: 28 days of history, then the checked week
CHECKED = START + timedelta(days=28)
#: Thursday 07:47 UTC: something starts on a quiet morning
ONSET = CHECKED + timedelta(days=3, hours=7, minutes=47)
FIRST_CHECK = ONSET + timedelta(minutes=13)  # 08:00
#: posts that answer no one, per hour by hour of the day (UTC)
ROOT_PROFILE = np.array([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.2, 2, 2, 2, 2.2,
                         2.5, 2.2, 2, 2, 2.2, 2.5, 3, 3.5, 3, 2.5, 1.2, 0.6])  # fmt: skip


def arrivals(rng: np.random.Generator, profile: np.ndarray, days: int) -> Iterator[datetime]:
    """Poisson arrival times from START on, ``profile[h]`` a weekday's mean at hour h,
    weekends at 70 %. The caller may draw from ``rng`` between two arrivals (the
    post's tone, author...): the next arrival's draws come after its own."""
    for d in range(days):
        day = START + timedelta(days=d)
        weekend = 0.7 if day.weekday() >= 5 else 1.0
        for h in range(24):
            for _ in range(rng.poisson(profile[h] * weekend)):
                yield day + timedelta(hours=h, seconds=float(rng.uniform(0, 3600)))


def upto(rows: Iterable[dict[str, Any]], t: datetime) -> list[dict[str, Any]]:
    """The rows collected by ``t`` (stamped at or before it), in time order."""
    return sorted((r for r in rows if r["created_at"] <= t), key=lambda r: r["created_at"])


def checked_week(
    rows: list[dict[str, Any]],
    brand: str,
    cfg: EarlySettings,
    *,
    cache: dict[Any, Any] | None = None,
) -> list[tuple[int, Burst]]:
    """(hour, burst) of each hourly check of the checked week that warns."""
    found = []
    for h in range(1, 7 * 24 + 1):
        now = CHECKED + timedelta(hours=h)
        burst = detect(upto(rows, now), now, brand, cfg, cache=cache)
        if burst is not None:
            found.append((h, burst))
    return found


def store_posts(st: DuckDBStore, rows: Iterable[dict[str, Any]], text: str = "texte") -> None:
    """Write posts (``mention_id``, ``created_at``, ``author``, ``sentiment`` and, if
    they have them, ``reply_to``, ``text``, ``brand``) as mentions of a real store."""
    b = Batch()
    for r in rows:
        extra = {"brands": [r["brand"]]} if "brand" in r else {}
        add_mention(b, r["mention_id"], created_at=r["created_at"], author=r["author"],
                    handle=r["author"], sentiment=r["sentiment"], reply_to=r.get("reply_to"),
                    text=r.get("text", text), **extra)  # fmt: skip
    b.flush(st)
