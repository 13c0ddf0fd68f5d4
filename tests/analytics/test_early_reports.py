"""The early warning's independent reports (rumeur.analytics.early, metric ``reports``):
unfavourable posts that answer no one, one per author and hour. A quiet history with
threads (one complaint and its answers) must stay silent at every hourly check, while
the first minutes of an outage (a few people, each on their own) are warned at the
first hourly check; one angry author or one thread is no outage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from rumeur.alerts.replay import replay
from rumeur.alerts.rules import parse
from rumeur.analytics.early import EarlySettings, detect, is_report
from rumeur.errors import ConfigError
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.early_data import (
    FIRST_CHECK,
    ONSET,
    ROOT_PROFILE,
    START,
    arrivals,
    checked_week,
    store_posts,
    upto,
)

CFG = EarlySettings(timezone="UTC")


def history(days: int = 35, seed: int = 11) -> list[dict[str, Any]]:
    """Root posts following PROFILE (weekends at 70 %) by authors of a pool of 400, 30 %
    unfavourable; a third of them start a thread: a few answers within 20 minutes from
    other people, mostly in the same tone (what makes unfavourable talk bursty)."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    n = 0
    for t in arrivals(rng, ROOT_PROFILE, days):
        neg = rng.random() < 0.3
        n += 1
        root = {"mention_id": f"r{n}", "created_at": t.replace(microsecond=123000),
                "author": f"u{rng.integers(400)}", "reply_to": None,
                "sentiment": "negative" if neg else "positive", "platform": "x",
                "brand": "volta"}  # fmt: skip
        rows.append(root)
        if rng.random() < 1 / 3:
            for _k in range(rng.poisson(3)):
                n += 1
                same = rng.random() < 0.8
                tone = root["sentiment"] if same else "neutral"
                at = t + timedelta(minutes=float(rng.uniform(1, 20)))
                rows.append({"mention_id": f"r{n}", "author": f"u{rng.integers(400)}",
                             "created_at": at.replace(microsecond=456000),
                             "reply_to": root["mention_id"], "sentiment": tone,
                             "platform": "x", "brand": "volta"})  # fmt: skip
    return sorted(rows, key=lambda r: r["created_at"])


def posts(minutes: list[int], authors: list[str], reply_to: str | None = None
          ) -> list[dict[str, Any]]:  # fmt: skip
    return [{"mention_id": f"o{m}-{a}", "created_at": ONSET + timedelta(minutes=m, seconds=5),
             "author": a, "reply_to": reply_to, "sentiment": "negative", "platform": "x",
             "brand": "volta", "text": "Plus de réseau depuis ce matin, vous aussi ?"}
            for m, a in zip(minutes, authors, strict=True)]  # fmt: skip


def test_a_quiet_month_with_threads_raises_no_report_warning() -> None:
    assert checked_week(history(), "volta", CFG, cache={}) == []


def test_threads_would_fire_if_replies_counted() -> None:
    """Why replies are left out: the same quiet week scored on every unfavourable post
    with the reports' own threshold and minimum raises warnings (threads), the reports
    none."""
    counted = EarlySettings(timezone="UTC", metrics=("negative",), threshold=4.0, min_count=3)
    assert len(checked_week(history(), "volta", counted)) >= 2


def test_an_outage_is_warned_at_the_first_hourly_check() -> None:
    """Four people, each on their own, in the first 13 minutes: warned at 08:00."""
    rows = history() + posts([0, 4, 8, 11], ["p1", "p2", "p3", "p4"])
    assert detect(upto(rows, ONSET - timedelta(minutes=47)), ONSET - timedelta(minutes=47),
                  "volta", CFG) is None  # fmt: skip
    burst = detect(upto(rows, FIRST_CHECK), FIRST_CHECK, "volta", CFG)
    assert burst is not None and burst.metric == "reports"
    assert burst.observed == 4 and burst.expected < 0.5
    assert burst.surprise >= CFG.reports_threshold
    assert burst.start <= ONSET < burst.end <= FIRST_CHECK


def test_one_angry_author_or_one_thread_is_no_outage() -> None:
    alone = history() + posts([0, 4, 8, 11], ["p1"] * 4)
    assert detect(upto(alone, FIRST_CHECK), FIRST_CHECK, "volta", CFG) is None
    root = posts([0], ["p0"])
    thread = history() + root + posts([3, 6, 9, 11], ["p1", "p2", "p3", "p4"],
                                      reply_to=root[0]["mention_id"])  # fmt: skip
    assert detect(upto(thread, FIRST_CHECK), FIRST_CHECK, "volta", CFG) is None
    # the brand's own account and reshares are no reports either
    assert not is_report({"sentiment": "negative", "is_own_account": True})
    assert not is_report({"sentiment": "negative", "text": "RT @p1: plus de réseau"})
    assert is_report({"sentiment": "negative", "text": "plus de réseau"})


def test_the_rule_tunes_the_reports() -> None:
    rule = parse({"rules": [{"name": "b", "type": "spike"}]}).rules[0]
    assert rule.options["early_metrics"] == ["volume", "reports"]
    assert rule.options["early_reports_threshold"] == 4.0
    assert rule.options["early_min_reports"] == 3
    with pytest.raises(ConfigError, match="early_metrics"):
        parse({"rules": [{"name": "b", "type": "spike", "early_metrics": ["signalements"]}]})
    # a stricter rule does not warn on the same four reports
    from rumeur.alerts.early import settings

    strict = parse({"rules": [{"name": "b", "type": "spike", "early_min_reports": 5}]}).rules[0]
    rows = history() + posts([0, 4, 8, 11], ["p1", "p2", "p3", "p4"])
    assert detect(upto(rows, FIRST_CHECK), FIRST_CHECK, "volta", settings(strict, "UTC")) is None


@pytest.mark.slow
def test_the_replay_alerts_the_outage_at_the_first_hourly_check(tmp_path: Any) -> None:
    """Through the alert engine and a real store: the 08:00 check raises the warning,
    naming the distinct people and quoting their posts."""
    rows = history(days=33) + posts([0, 4, 8, 11, 30, 41], ["p1", "p2", "p3", "p4", "p5", "p6"])
    with DuckDBStore(tmp_path / "r.duckdb") as st:
        store_posts(st, sorted(rows, key=lambda r: r["created_at"]), text="Volta")
        rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": "volta"}]})
        fired = replay(st, rules, START, ONSET + timedelta(hours=3), timezone="UTC")
    after = [f for f in fired if f.at >= ONSET]
    assert after and after[0].at == FIRST_CHECK
    alert = after[0].alert
    assert alert.data["metric"] == "reports" and alert.data["tone"] == "negative"
    assert "personnes distinctes signalant un problème" in alert.title
    assert "Plus de réseau" in alert.text
    # no warning before the outage
    assert not [f for f in fired if f.at < ONSET and f.alert.data.get("early")]
