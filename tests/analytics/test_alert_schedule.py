"""Alerts on time: rules run at their schedule (hourly by default), replays check at that
granularity, ``rumeur watch`` checks after each collection, texts in the project's zone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rumeur import config
from rumeur.alerts.replay import replay
from rumeur.alerts.rules import parse
from rumeur.alerts.schedule import check_due, check_times, last_check
from rumeur.errors import ConfigError
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention
from tests.analytics.test_spike_tone_origin import BUZZ, PRAISE, _fill


def _new(outcomes: list[dict[str, Any]]) -> set[str]:
    return {o["key"] for o in outcomes if o["status"] != "duplicate"}


def test_rules_run_on_their_schedule(store: DuckDBStore) -> None:
    add_mention(store, "k1", text="rappel produit urgent", created_at=T0)
    rules = parse({"rules": [{"name": "mots", "type": "keyword", "terms": ["rappel produit"]},
                             {"name": "vite", "type": "keyword", "terms": ["urgent"],
                              "every_minutes": 15}]})  # fmt: skip
    now = T0 + timedelta(minutes=5)
    first = check_due(store, rules, now)
    assert _new(first) == {"mots:k1", "vite:k1"}
    assert last_check(store, rules.rules[0]) == now
    # 30 minutes later only the 15-minute rule is due (and finds nothing new)
    add_mention(store, "k2", text="encore un rappel produit urgent", created_at=now)
    later = check_due(store, rules, now + timedelta(minutes=30))
    assert _new(later) == {"vite:k2"}
    assert last_check(store, rules.rules[0]) == now
    # an hour after its last check the hourly rule runs again
    again = check_due(store, rules, now + timedelta(minutes=61))
    assert _new(again) == {"mots:k2"}
    assert store.scalar("SELECT count(*) FROM alert_log") == 4


def test_schedule_and_tones_are_validated() -> None:
    with pytest.raises(ConfigError, match="every_minutes"):
        parse({"rules": [{"type": "spike", "every_minutes": 0}]})
    with pytest.raises(ConfigError, match="tones"):
        parse({"rules": [{"type": "spike", "tones": ["négatif"]}]})


@pytest.fixture(scope="module")
def spike_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    st = DuckDBStore(tmp_path_factory.mktemp("alerts") / "a.duckdb")
    _fill(st)
    yield st
    st.close()


def test_replay_is_hourly_and_alerts_within_the_hour(spike_store: DuckDBStore) -> None:
    rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": "volta",
                              "tones": ["negative"]}]})  # fmt: skip
    end = T0 + timedelta(days=20)
    hourly = replay(spike_store, rules, T0, end)
    daily = replay(spike_store, rules, T0, end, step=timedelta(days=1))
    first = min(f.at for f in hourly)
    assert BUZZ < first <= BUZZ + timedelta(hours=1)  # the buzz starts at 11:00 UTC
    assert min(f.at for f in daily) - BUZZ > timedelta(hours=6)
    # the burst of praise is not bad buzz: a rule on negative spikes stays silent
    assert not [
        f for f in hourly if PRAISE - timedelta(hours=1) <= f.at <= PRAISE + timedelta(days=1)
    ]
    title = next(f.alert.title for f in hourly if f.at == first)
    assert "négatif" in title and "21/10 13:00 (CEST)" in title and "UTC" not in title
    assert "Origine : gros_compte" in next(f.alert.text for f in hourly if f.at == first)


def test_check_times_keep_the_schedule_clock() -> None:
    rule = parse({"rules": [{"name": "r", "type": "spike"}]}).rules[0]
    start = T0.replace(minute=7)
    on_the_hour = check_times(rule, start, start + timedelta(hours=2))
    assert [t.minute for t in on_the_hour] == [0, 0, 7]  # the last: the period's end
    assert on_the_hour[0] == T0 + timedelta(hours=1)
    quarter_past = check_times(rule, start, start + timedelta(hours=2), timedelta(minutes=15))
    assert quarter_past[:2] == [T0 + timedelta(minutes=15), T0 + timedelta(minutes=75)]
    # a phase of a whole period (or more) is the same clock
    assert check_times(rule, start, start + timedelta(hours=2), timedelta(minutes=75)) == (
        quarter_past
    )


def test_replay_on_another_clock_alerts_at_its_first_check_after_the_buzz(
    spike_store: DuckDBStore,
) -> None:
    rules = parse({"rules": [{"name": "buzz", "type": "spike", "brand": "volta",
                              "tones": ["negative"]}]})  # fmt: skip
    end = T0 + timedelta(days=20)
    on_the_hour = min(f.at for f in replay(spike_store, rules, T0, end))
    later = min(f.at for f in replay(spike_store, rules, T0, end, phase=timedelta(minutes=20)))
    assert later.minute == 20 and on_the_hour.minute == 0
    assert BUZZ < later <= BUZZ + timedelta(hours=1)
    assert abs(later - on_the_hour) < timedelta(hours=1)


def test_watch_checks_the_rules_after_each_collection(tmp_path: Path) -> None:
    from rumeur.connectors.doubles.server import ApiDouble
    from rumeur.connectors.watcher import Watcher
    from tests.connectors.conftest import write_project

    double = ApiDouble(items=30).start()
    try:
        toml = write_project(tmp_path / "proj", [
            {"name": "masto", "type": "mastodon", "base_url": double.url, "hashtag": "fibrelia",
             "limit": 40, "interval": "1h"}])  # fmt: skip
        with toml.open("a", encoding="utf-8") as fh:
            fh.write('\n[[alerts.rules]]\nname = "tout"\ntype = "keyword"\nterms = ["a"]\n'
                     "lookback_hours = 1000000\n")  # fmt: skip
        project = config.load(toml)
        with DuckDBStore(project.store_path) as st:
            Watcher(st, project, enrich=False).run(max_runs=1)
            assert st.scalar("SELECT count(*) FROM mentions") > 0
            assert (
                last_check(
                    st,
                    parse({"rules": [{"name": "tout", "type": "keyword", "terms": ["a"]}]}).rules[
                        0
                    ],
                )
                is not None
            )
            assert st.scalar("SELECT count(*) FROM alert_log WHERE rule = 'tout'") > 0
    finally:
        double.stop()
