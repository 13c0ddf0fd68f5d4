from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from rumeur.analytics import frame
from rumeur.analytics.spikes import SpikeSettings, detect, scan
from rumeur.analytics.spikes_eval import evaluate, synthetic
from tests.analytics.conftest import T0, add_mention


def test_quiet_series_raise_nothing() -> None:
    rng = np.random.default_rng(11)
    for _ in range(6):
        times, series, injected = synthetic(rng, 40, 5.0, 0)
        assert injected == []
        assert detect(series, times, "b", SpikeSettings()) == []


def test_injected_spikes_precision_recall() -> None:
    r = evaluate(seed=1, n_series=16)
    assert r.injected == 16
    assert r.recall >= 0.9
    assert r.precision >= 0.9


def test_daily_rhythm_is_not_a_spike() -> None:
    # every day, lunch brings 10× the night's volume: seasonal, never alerted
    times = [T0 + timedelta(hours=h) for h in range(24 * 30)]
    vol = np.array([30.0 if t.hour == 12 else 3.0 for t in times])
    series = {"volume": vol, "negative": vol * 0.2, "negative_reach": vol * 20}
    assert detect(series, times, "b", SpikeSettings()) == []
    vol2 = vol.copy()
    vol2[24 * 25 + 15] = 40  # 15:00 on day 25, usually 3
    series["volume"] = vol2
    (spike,) = detect(series, times, "b", SpikeSettings(metrics=("volume",)))
    assert spike.start == times[24 * 25 + 15] and spike.observed == 40


@pytest.mark.slow
def test_scan_explains_a_crafted_bad_buzz(store) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    i = 0
    store.execute("BEGIN TRANSACTION")
    words = ["livraison rapide merci", "commande reçue", "service client sympa",
             "produit correct", "bonne appli"]  # fmt: skip
    for h in range(24 * 20):
        for _ in range(rng.poisson(1)):
            add_mention(
                store,
                f"q{i}",
                text=words[i % 5],
                sentiment="positive",
                views=100,
                author=f"u{i % 50}",
                created_at=T0 + timedelta(hours=h),
            )
            i += 1
    start = T0 + timedelta(days=18, hours=10)
    for k in range(40):
        add_mention(store, f"b{k}", text=f"Panne générale #voltagate impossible de payer {k}",
                    sentiment="negative", views=5000 if k == 3 else 50,
                    author="@relais" if k % 4 == 0 else f"angry{k}",
                    created_at=start + timedelta(minutes=3 * k + 1),
                    aspects={"service": "negative"})  # fmt: skip
    store.execute("COMMIT")
    rows = frame.load(store, frame.Scope(), with_text=True).rows
    spikes = scan(rows, T0, T0 + timedelta(days=20))
    assert spikes, "the bad buzz was not detected"
    first = min((s for s in spikes if s.metric == "negative"), key=lambda s: s.start)
    assert first.start == start
    ex = first.explanation
    terms = [t["term"] for t in ex["terms"]]
    assert "panne" in terms and "livraison" not in terms and "merci" not in terms
    assert ex["hashtags"][0]["term"] == "#voltagate"
    assert ex["most_seen"][0]["mention_id"] == "b3"
    assert ex["first_posts"][0]["mention_id"] == "b0"
    assert ex["accounts"][0]["author"] == "@relais"
    assert ex["aspects"][0]["aspect"] == "service"
    assert {s.metric for s in spikes} >= {"volume", "negative"}


def test_date_only_timestamps_are_spread_over_their_day() -> None:
    from datetime import UTC, datetime

    from rumeur.analytics.spikes import bucketize

    start = datetime(2025, 10, 1, tzinfo=UTC)
    midnight_paris = datetime(2025, 10, 2, 22, 0, tzinfo=UTC)  # 00:00 in Paris (UTC+2)
    rows = [{"created_at": midnight_paris, "sentiment": "negative", "reach": 24.0}] * 12
    rows.append({"created_at": midnight_paris + timedelta(minutes=7), "sentiment": None,
                 "reach": 1.0})  # fmt: skip
    times, s = bucketize(rows, start, start + timedelta(days=3))
    k = times.index(midnight_paris)
    assert s["volume"][k] == pytest.approx(12 / 24 + 1)
    assert s["volume"].sum() == pytest.approx(13)
    assert s["negative"][k + 23] == pytest.approx(12 / 24) and s["negative"][k + 24] == 0
    assert s["negative_reach"].sum() == pytest.approx(12 * 24)


def test_piles_of_identical_relative_dates_are_spread() -> None:
    from datetime import UTC, datetime

    from rumeur.analytics.spikes import bucketize

    start = datetime(2025, 10, 1, tzinfo=UTC)
    stamp = datetime(2025, 10, 2, 15, 59, tzinfo=UTC)  # "il y a 2 jours", seven times
    rows = [{"created_at": stamp, "sentiment": None, "reach": 1.0, "platform": "reviews"}] * 7
    rows.append({"created_at": stamp, "sentiment": None, "reach": 1.0, "platform": "twitter"})
    times, s = bucketize(rows, start, start + timedelta(days=3))
    k = times.index(stamp.replace(minute=0))
    assert s["volume"][k] == pytest.approx(7 / 24 + 1)  # the lone tweet stays where it is
    assert s["volume"][k - 12] == pytest.approx(7 / 24) and s["volume"][k + 12] == 0
