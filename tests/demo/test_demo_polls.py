"""The demo's poll and survey files: deterministic, and read by the polls analytics."""

from __future__ import annotations

from pathlib import Path

from rumeur.analytics.polls import read_poll_csv, read_survey_csv, results
from rumeur.demo.polls import write_polls


def test_demo_poll_and_survey(tmp_path: Path) -> None:
    poll, survey = write_polls(tmp_path / "a", seed=42)
    again = write_polls(tmp_path / "b", seed=42)
    assert poll.read_bytes() == again[0].read_bytes()
    assert survey.read_bytes() == again[1].read_bytes()
    rows = read_poll_csv(poll)
    first = [r for r in rows if r.wave.startswith("2025-09")]
    assert {r.option: r.votes for r in first} == {"Oui": 823, "Non": 330}  # 71.38 % of 1,153
    assert results(first)  # shares with intervals
    questions, answers = read_survey_csv(survey)
    assert len(questions) == 3 and len(answers) == 400
    assert len({a[questions[2]] for a in answers}) > 40  # open answers are varied


def test_demo_survey_questions_are_read_as_written(tmp_path: Path) -> None:
    """Two closed questions and an open one: the open one (197 distinct answers of 400)
    was read as one closed question with 197 options by `rumeur polls results`, while
    the report read it as open (two classifiers; now one, analytics.surveys)."""
    from rumeur.analytics.surveys import from_table

    _, survey = write_polls(tmp_path, seed=42)
    questions, answers = read_survey_csv(survey)
    assert [q.kind for q in from_table(questions, answers)] == ["single", "single", "open"]
