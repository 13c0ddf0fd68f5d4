"""The early warning's opt-in signals that read what the reports say
(rumeur.analytics.early_series): ``severe`` (reports whose text the crisis lexicon flags),
``issue`` (reports finding fault with one same aspect) and ``concerns`` (posts answering
no one that are not read as favourable). A quiet month of everyday grumbling, some of it
with crisis words ("bug", "retard"), stays silent; three people reporting intoxications
within minutes are warned at the first hourly check by ``severe`` (the plain reports are
not surprised enough), with an alert that says why; late posts and clocks ahead behave as
for the other metrics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from rumeur.alerts.early import settings
from rumeur.alerts.replay import replay
from rumeur.alerts.rules import parse
from rumeur.analytics.early import EarlySettings, detect
from rumeur.analytics.early_series import crisis_words, series
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

#: everyday complaints: one in five holds a crisis word (a bug, a delay)
GRUMBLES = ("Facture Nelvia encore fausse ce mois-ci", "Le SAV Nelvia ne répond jamais",
            "Nelvia trop cher pour ce que c'est", "Livraison Nelvia lente, bof",
            "Encore un bug dans l'appli Nelvia")  # fmt: skip
PRAISE = ("Super produit Nelvia", "Merci Nelvia, livraison rapide", "Nelvia au top")
HARM = ("Intoxication après le yaourt Nelvia, mon fils aux urgences cette nuit",
        "Rappel du lot Nelvia ? Toute la famille malade, intoxication alimentaire",
        "Hospitalisée après un dessert Nelvia, c'est grave")  # fmt: skip
CFG = EarlySettings(timezone="UTC", metrics=("volume", "reports", "severe"))


def history(days: int = 35, seed: int = 6) -> list[dict[str, Any]]:
    """Root posts following PROFILE (weekends at 70 %) by 400 invented people, 30 %
    unfavourable everyday grumbling (a fifth of it with a crisis word)."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for t in arrivals(rng, ROOT_PROFILE, days):
        neg = rng.random() < 0.3
        text = (GRUMBLES if neg else PRAISE)[int(rng.integers(5 if neg else 3))]
        rows.append({"mention_id": f"h{len(rows)}", "author": f"u{rng.integers(400)}",
                     "created_at": t.replace(microsecond=123000), "reply_to": None,
                     "sentiment": "negative" if neg else "positive", "text": text,
                     "platform": "x", "brand": "nelvia", "reach": 100.0})  # fmt: skip
    return sorted(rows, key=lambda r: r["created_at"])


def harm(minutes: list[int], authors: list[str], texts: tuple[str, ...] = HARM,
         sentiment: str = "negative") -> list[dict[str, Any]]:  # fmt: skip
    return [{"mention_id": f"x{m}-{a}", "created_at": ONSET + timedelta(minutes=m, seconds=7),
             "author": a, "reply_to": None, "sentiment": sentiment, "platform": "x",
             "brand": "nelvia", "text": texts[i % len(texts)], "reach": 50.0}
            for i, (m, a) in enumerate(zip(minutes, authors, strict=True))]  # fmt: skip


def test_severe_reports_are_the_flagged_ones_one_per_person() -> None:
    rows = [
        *harm([0, 3, 9], ["p1", "p2", "p1"]),
        {"mention_id": "g", "created_at": ONSET + timedelta(minutes=5, seconds=3), "author": "p3",
         "reply_to": None, "sentiment": "negative", "text": GRUMBLES[0], "platform": "x"},
        {"mention_id": "r", "created_at": ONSET + timedelta(minutes=6, seconds=3), "author": "p4",
         "reply_to": "x0-p1", "sentiment": "negative", "text": HARM[0], "platform": "x"},
    ]  # fmt: skip
    got = series(rows, "severe", "UTC")[""]
    # p1's second report within the hour, the plain complaint and the reply are not counted
    assert got == [ONSET + timedelta(seconds=7), ONSET + timedelta(minutes=3, seconds=7)]
    assert len(series(rows, "reports", "UTC")[""]) == 3
    assert crisis_words([r["text"] for r in rows[:3]])[:2] == ["intoxication", "urgences"]


def test_a_quiet_month_of_grumbling_raises_no_severe_warning() -> None:
    assert checked_week(history(), "nelvia", CFG, cache={}) == []


def test_three_intoxications_are_warned_at_the_first_check_by_severity_alone() -> None:
    rows = history() + harm([0, 5, 11], ["p1", "p2", "p3"])
    default = EarlySettings(timezone="UTC")  # volume + reports: three reports are not enough
    assert detect(upto(rows, FIRST_CHECK), FIRST_CHECK, "nelvia", default) is None
    burst = detect(upto(rows, FIRST_CHECK), FIRST_CHECK, "nelvia", CFG)
    assert burst is not None and burst.metric == "severe" and burst.observed == 3
    assert burst.surprise >= CFG.severe_threshold
    assert burst.start <= ONSET < burst.end <= FIRST_CHECK
    # the same three posts without a crisis word are everyday grumbling
    plain = history() + harm([0, 5, 11], ["p1", "p2", "p3"], texts=GRUMBLES[:3])
    assert detect(upto(plain, FIRST_CHECK), FIRST_CHECK, "nelvia", CFG) is None


def test_late_severe_posts_count_at_the_next_check_and_a_clock_ahead_only_live() -> None:
    rows = history()
    late = harm([0, 5, 11], ["p1", "p2", "p3"])
    # collected after the 08:00 check: it sees nothing, the 09:00 check re-scores 07:45-08:00
    assert detect(upto(rows, FIRST_CHECK), FIRST_CHECK, "nelvia", CFG) is None
    at_9 = FIRST_CHECK + timedelta(hours=1)
    found = detect(sorted(upto(rows, at_9) + late, key=lambda r: r["created_at"]), at_9,
                   "nelvia", CFG)  # fmt: skip
    assert found is not None and found.metric == "severe" and found.end <= FIRST_CHECK
    # a phone 25 minutes ahead stamps the third report after the check
    ahead = harm([0, 5], ["p1", "p2"]) + [
        r | {"created_at": r["created_at"] + timedelta(minutes=25)} for r in harm([11], ["p3"])
    ]
    mixed = sorted(upto(rows, FIRST_CHECK) + ahead, key=lambda r: r["created_at"])
    live = detect(mixed, FIRST_CHECK, "nelvia", CFG, live=True)
    assert live is not None and live.metric == "severe" and live.end == FIRST_CHECK
    assert detect(mixed, FIRST_CHECK, "nelvia", CFG, live=False) is None


def test_issue_and_concerns_count_what_reports_leave_out() -> None:
    base = {"reply_to": None, "platform": "x", "brand": "nelvia"}
    rows = [base | {"mention_id": f"m{i}", "author": f"p{i}", "text": "Nelvia ?",
                    "created_at": ONSET + timedelta(minutes=i, seconds=1), **kw}
            for i, kw in enumerate([
                {"sentiment": "negative", "aspects": {"price": "negative"}},
                {"sentiment": "negative", "aspects": {"price": "mixed", "quality": "negative"}},
                {"sentiment": "negative", "aspects": {"quality": "positive"}},
                {"sentiment": "neutral"}, {"sentiment": None}, {"sentiment": "positive"},
            ])]  # fmt: skip
    issue = series(rows, "issue", "UTC")
    assert sorted(issue) == ["price", "quality"]
    assert len(issue["price"]) == 2 and len(issue["quality"]) == 1
    # neutral questions and unscored posts are concerns; favourable ones are not
    assert len(series(rows, "concerns", "UTC")[""]) == 5


def test_the_rule_opts_in_and_tunes_the_new_signals() -> None:
    rule = parse({"rules": [{"name": "b", "type": "spike"}]}).rules[0]
    assert rule.options["early_metrics"] == ["volume", "reports"]
    assert rule.options["early_severe_threshold"] == 5.0
    assert rule.options["early_min_severe"] == 2
    opted = parse(
        {
            "rules": [
                {
                    "name": "b",
                    "type": "spike",
                    "early_severe_threshold": 7,
                    "early_metrics": ["volume", "reports", "severe"],
                }
            ]
        }
    )
    cfg = settings(opted.rules[0], "UTC")
    assert cfg.metrics == ("volume", "reports", "severe") and cfg.severe_threshold == 7.0
    rows = history() + harm([0, 5, 11], ["p1", "p2", "p3"])
    assert detect(upto(rows, FIRST_CHECK), FIRST_CHECK, "nelvia", cfg) is None
    with pytest.raises(ConfigError, match="early_metrics"):
        parse({"rules": [{"name": "b", "type": "spike", "early_metrics": ["grave"]}]})


@pytest.mark.slow
def test_the_replay_says_why_a_severe_warning_fired(tmp_path: Any) -> None:
    """Through the alert engine and a real store: the 08:00 check warns, naming the crisis
    words and quoting the reports."""
    rows = history(days=33) + harm([0, 5, 11, 40], ["p1", "p2", "p3", "p4"])
    with DuckDBStore(tmp_path / "s.duckdb") as st:
        store_posts(st, rows)
        rules = parse({"rules": [{"name": "grave", "type": "spike", "brand": "nelvia",
                                  "early_metrics": ["volume", "reports", "severe"]}]})  # fmt: skip
        fired = replay(st, rules, START, ONSET + timedelta(hours=3), timezone="UTC")
    assert not [f for f in fired if f.at < ONSET and f.alert.data.get("early")]
    after = [f for f in fired if f.at >= ONSET]
    assert after and after[0].at == FIRST_CHECK
    alert = after[0].alert
    assert alert.data["metric"] == "severe" and alert.data["tone"] == "negative"
    assert "3 signalements graves de personnes distinctes en 15 min" in alert.title
    # why it fired: the crisis words of the reports, in the title and the text
    assert "; intoxication, urgences, rappel" in alert.title
    assert "Mots de crise : intoxication, urgences, rappel" in alert.text
    assert "Intoxication après le yaourt" in alert.text


def test_a_report_warning_says_how_many_reports_are_severe_and_an_issue_its_aspect() -> None:
    from rumeur.alerts.early import _what
    from rumeur.analytics.early import Burst

    posts = harm([0, 5], ["p1", "p2"]) + harm([8, 9], ["p3", "p4"], texts=GRUMBLES[:2])
    reports = Burst("nelvia", "reports", ONSET, FIRST_CHECK, 4, 0.16, 4.2, [FIRST_CHECK])
    title, text = _what(reports, posts)[1:]
    assert title == " ; dont 2 signalements graves : intoxication, urgences, rappel"
    assert "Dont 2 signalements graves (mots de crise : intoxication" in text
    # no crisis word, nothing added
    assert _what(reports, posts[2:]) == ("personnes distinctes signalant un problème", "", "")
    issue = Burst("nelvia", "issue", ONSET, FIRST_CHECK, 3, 0.1, 6.2, [FIRST_CHECK], "price")
    assert _what(issue, posts[2:])[0] == "personnes distinctes signalant un problème de prix"
