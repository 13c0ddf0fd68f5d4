"""The early warning (rumeur.analytics.early) on synthetic arrivals: deterministic quiet
weeks that must stay silent, bursts found in the first minutes, late posts, clocks ahead
and behind, stamps without a time of day; and the alert engine's one warning per burst."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from rumeur.alerts.replay import replay
from rumeur.alerts.rules import parse
from rumeur.alerts.schedule import check_due
from rumeur.analytics.early import EarlySettings, detect, firing_ends, fit, surprise
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import Batch, add_mention
from tests.analytics.early_data import CHECKED, START, arrivals, checked_week, upto

#: mentions per hour by hour of the day (UTC): quiet nights, busy evenings
PROFILE = np.array([0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 2, 3, 3, 3, 3.5,
                    4, 3.5, 3, 3, 3.5, 4, 5, 5.5, 5, 4, 2, 1])  # fmt: skip
BURST = CHECKED + timedelta(days=2, hours=17, minutes=47)  # Wednesday 17:47 UTC


def quiet(days: int = 35, seed: int = 3) -> list[dict[str, Any]]:
    """Poisson arrivals following PROFILE (weekends at 70 %), a quarter unfavourable."""
    rng = np.random.default_rng(seed)
    rows = []
    for t in arrivals(rng, PROFILE, days):
        neg = rng.random() < 0.25
        rows.append({"created_at": t.replace(microsecond=123000),
                     "sentiment": "negative" if neg else "positive",
                     "platform": "twitter", "brand": "volta"})  # fmt: skip
    return sorted(rows, key=lambda r: r["created_at"])


def burst(at: datetime, n: int = 8, every_min: float = 2.5) -> list[dict[str, Any]]:
    return [{"created_at": at + timedelta(minutes=every_min * k, seconds=7), "platform": "x",
             "sentiment": "negative", "brand": "volta"} for k in range(n)]  # fmt: skip


def test_surprise_is_the_tail_probability() -> None:
    # P(Poisson(1) >= 1) = 1 - e^-1; the negative binomial's tail is heavier
    assert surprise(1, 1.0, 0.0) == pytest.approx(-np.log10(1 - np.exp(-1)))
    assert surprise(0, 1.0, 0.0) == 0.0
    assert surprise(8, 0.5, 0.5) < surprise(8, 0.5, 0.0)
    assert surprise(8, 0.5, 0.0) > 7  # eight when half of one is expected


def test_baseline_follows_the_hour_of_the_week() -> None:
    rows = quiet()
    base = fit([r["created_at"] for r in rows], CHECKED, EarlySettings(timezone="UTC"))
    assert base is not None
    wed, sat = base.rate[2], base.rate[5]
    counts = np.zeros((28, 24))
    for r in rows:
        if r["created_at"] < CHECKED:
            counts[(r["created_at"] - START).days, r["created_at"].hour] += 1
    assert np.corrcoef(wed, counts.mean(axis=0))[0, 1] > 0.95
    assert wed.sum() == pytest.approx(counts[[2, 9, 16, 23]].sum(axis=1).mean(), rel=0.15)
    assert 0.6 < sat[19] / wed[19] < 0.9  # weekends are quieter (0.7 in truth)
    assert wed[3] < 0.25 * wed[19]  # a floor at night, far under the evening
    one_hour = base.expected(CHECKED + timedelta(hours=19), CHECKED + timedelta(hours=20))
    assert one_hour == pytest.approx(base.rate[CHECKED.weekday(), 19])


def test_a_quiet_week_raises_nothing_at_any_hourly_check() -> None:
    assert checked_week(quiet(), "volta", EarlySettings(timezone="UTC"), cache={}) == []


def test_a_burst_is_warned_at_the_first_check_after_its_first_minutes() -> None:
    rows = sorted(quiet() + burst(BURST), key=lambda r: r["created_at"])
    cfg = EarlySettings(timezone="UTC")
    # 17:47 plus 8 posts every 2.5 min: at the 18:00 check six are in (17:47-17:59)
    at_8 = detect(upto(rows, BURST + timedelta(minutes=13)), BURST + timedelta(minutes=13),
                  "volta", cfg)  # fmt: skip
    # eight unfavourable posts that answer no one, by authors of their own: reports
    assert at_8 is not None and at_8.metric == "reports"
    assert at_8.observed >= 6 and at_8.expected < 1.5 and at_8.surprise >= cfg.threshold
    assert at_8.start <= BURST < at_8.end
    # the hour before, nothing
    assert detect(upto(rows, BURST - timedelta(minutes=47)), BURST - timedelta(minutes=47),
                  "volta", cfg) is None  # fmt: skip


def test_the_same_posts_at_a_busy_hour_are_no_burst() -> None:
    """Eight posts in 20 minutes are a burst at 04:00 but ordinary at 19:00 if they are
    not unfavourable, nor more than that hour holds."""
    evening = CHECKED + timedelta(days=2, hours=19, minutes=10)
    mild = [dict(r, sentiment="positive") for r in burst(evening, n=4, every_min=5)]
    rows = sorted(quiet() + mild, key=lambda r: r["created_at"])
    now = evening + timedelta(minutes=20)
    assert detect(upto(rows, now), now, "volta", EarlySettings(timezone="UTC")) is None


def test_late_posts_are_counted_at_the_next_check() -> None:
    """The burst's posts reach the store 70 minutes late: the 18:00 check cannot see them,
    the 19:00 check finds the window that ended at 18:00, although its own last hour is
    ordinary."""
    rows = quiet()
    late = burst(BURST)
    cfg = EarlySettings(timezone="UTC")
    at_8 = BURST + timedelta(minutes=13)
    assert detect(upto(rows, at_8), at_8, "volta", cfg) is None  # not collected yet
    at_9 = at_8 + timedelta(hours=1)
    found = detect(sorted(upto(rows, at_9) + late, key=lambda r: r["created_at"]), at_9,
                   "volta", cfg)  # fmt: skip
    assert found is not None and found.end <= at_8
    # without the trailing re-scoring (the last hour only) it would be missed
    last_hour = EarlySettings(timezone="UTC", lookback_hours=0)
    assert detect(sorted(upto(rows, at_9) + late, key=lambda r: r["created_at"]), at_9,
                  "volta", last_hour) is None  # fmt: skip


def test_a_clock_ahead_counts_at_the_check_live_and_never_in_a_replay() -> None:
    """Posts collected before the 18:00 check but stamped 90 minutes ahead (a device or
    server clock ahead): a live check counts them now; a replay must not read its future."""
    rows = quiet()
    now = BURST + timedelta(minutes=13)
    ahead = [dict(r, created_at=r["created_at"] + timedelta(minutes=90)) for r in burst(BURST)]
    mixed = sorted(upto(rows, now) + ahead, key=lambda r: r["created_at"])
    cfg = EarlySettings(timezone="UTC")
    live = detect(mixed, now, "volta", cfg, live=True)
    assert live is not None and live.end == now and live.observed >= 8
    assert detect(mixed, now, "volta", cfg, live=False) is None


def test_a_clock_behind_is_found_in_an_earlier_window() -> None:
    """The same burst stamped three hours behind, collected before the 18:00 check."""
    rows = quiet()
    now = BURST + timedelta(minutes=13)
    behind = [dict(r, created_at=r["created_at"] - timedelta(hours=3)) for r in burst(BURST)]
    found = detect(sorted(upto(rows, now) + behind, key=lambda r: r["created_at"]), now,
                   "volta", EarlySettings(timezone="UTC"))  # fmt: skip
    assert found is not None and found.end <= now - timedelta(hours=2, minutes=30)


def test_stamps_without_a_time_of_day_are_no_burst() -> None:
    """Reviews dated by day only (local midnight) and relative dates piled on one minute."""
    rows = quiet()
    now = CHECKED + timedelta(days=2, hours=22, minutes=30)
    midnight = datetime(2025, 10, 1, 22, 0, tzinfo=UTC)  # 00:00 in Paris
    days = [{"created_at": midnight, "platform": "avis", "sentiment": "negative",
             "brand": "volta"} for _ in range(12)]  # fmt: skip
    pile = [{"created_at": now - timedelta(minutes=20), "platform": "avis",
             "sentiment": "negative", "brand": "volta"} for _ in range(12)]  # fmt: skip
    mixed = sorted(upto(rows, now) + days + pile, key=lambda r: r["created_at"])
    assert detect(mixed, now, "volta", EarlySettings()) is None
    firing = firing_ends(mixed, now - timedelta(days=1), now, "volta", EarlySettings())
    assert firing == []


# -- through the alert engine ---------------------------------------------------------


@pytest.fixture(scope="module")
def early_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    st = DuckDBStore(tmp_path_factory.mktemp("early") / "e.duckdb")
    b = Batch()
    for i, r in enumerate(sorted(quiet() + burst(BURST, n=30, every_min=2),
                                 key=lambda r: r["created_at"])):  # fmt: skip
        add_mention(b, f"m{i}", created_at=r["created_at"], sentiment=r["sentiment"],
                    text="panne réseau Volta" if r["platform"] == "x" else "Volta ok",
                    handle=f"u{i % 40}", views=100)  # fmt: skip
    b.flush(st)
    yield st
    st.close()


@pytest.mark.slow
def test_one_early_warning_per_burst_before_the_hourly_spike(early_store: DuckDBStore) -> None:
    rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": "volta"}]})
    old = parse({"rules": [{"name": "buzz", "type": "spike", "brand": "volta",
                            "early": False}]})  # fmt: skip
    # checks from CHECKED on (a replay waits 14 days for its baseline)
    since, end = CHECKED - timedelta(days=14), BURST + timedelta(days=1)
    new_fired = replay(early_store, rules, since, end, timezone="UTC")
    old_fired = replay(early_store, old, since, end, timezone="UTC")
    first_new = min(f.at for f in new_fired if f.at >= BURST)
    first_old = min(f.at for f in old_fired if f.at >= BURST)
    assert first_new == BURST + timedelta(minutes=13)  # the 18:00 check
    assert first_old >= BURST + timedelta(minutes=73)  # a whole anomalous hour first
    early = [f for f in new_fired if f.alert.data.get("early")]
    assert len(early) == 1 and early[0].alert.data["tone"] == "negative"
    assert "Début de pic probable" in early[0].alert.title
    assert "(UTC)" in early[0].alert.title
    # the early warning adds nothing else: the same spike alerts follow
    assert {f.alert.dedupe_key for f in old_fired} <= {f.alert.dedupe_key for f in new_fired}


@pytest.mark.slow
def test_live_checks_warn_once(tmp_path: Any) -> None:
    """Checks every 15 minutes as posts arrive: one early warning for the burst."""
    rules = parse({"rules": [{"name": "vite", "type": "spike", "brand": "volta",
                              "metrics": ["negative_share"], "every_minutes": 15}]})  # fmt: skip
    rows = sorted(quiet(days=31) + burst(BURST, n=30, every_min=3),
                  key=lambda r: r["created_at"])  # fmt: skip
    first = BURST - timedelta(minutes=2)
    with DuckDBStore(tmp_path / "live.duckdb") as st:
        b = Batch()
        for i, r in enumerate(rows):
            if r["created_at"] <= first:
                add_mention(b, f"m{i}", created_at=r["created_at"], sentiment=r["sentiment"])
        b.flush(st)
        outcomes: list[dict[str, Any]] = []
        for k in range(9):
            now = first + timedelta(minutes=15 * k)
            for i, r in enumerate(rows):
                if now - timedelta(minutes=15) < r["created_at"] <= now and k:
                    add_mention(st, f"m{i}", created_at=r["created_at"], sentiment=r["sentiment"])
            outcomes += check_due(st, rules, now, timezone="UTC")
    early = [o for o in outcomes if ":early:" in o["key"] and o["status"] != "duplicate"]
    assert len(early) == 1 and early[0]["key"].startswith("vite:volta:early:")
    assert "Début de pic probable" in early[0]["title"]
