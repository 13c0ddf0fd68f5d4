"""The tone of a spike from its mentions' sentiment against its baseline's
(:func:`rumeur.analytics.spike_explain.sentiment_shift`)."""

from __future__ import annotations

from typing import Any

import pytest

from rumeur.analytics.spike_explain import sentiment_shift


def rows(prefix: str, negative: int, positive: int, neutral: int) -> list[dict[str, Any]]:
    labels = ["negative"] * negative + ["positive"] * positive + ["neutral"] * neutral
    return [{"mention_id": f"{prefix}{i}", "sentiment": s} for i, s in enumerate(labels)]


#: a brand whose usual mix is already unfavourable: 81 / 36 / 34 of 151 (54 % / 24 %)
USUAL = rows("b", 81, 36, 34)


@pytest.mark.parametrize(
    ("window", "baseline", "tone"),
    [
        # an outage's first hours: 14 complaints, 2 compliments, 4 neutral of 20. Neither
        # share moves at z >= 2 on 20 posts, but the burst is plainly a bad buzz
        (rows("w", 14, 2, 4), USUAL, "negative"),
        # the same burst with its usual mix: mixed (a burst of ordinary talk)
        (rows("w", 11, 5, 4), USUAL, "mixed"),
        # one-sided, but less unfavourable than this brand's ordinary days: not a bad buzz
        (rows("w", 14, 2, 4), rows("b", 130, 5, 16), "mixed"),
        # a praise campaign for a liked brand, the mirror case
        (rows("w", 1, 15, 4), rows("b", 36, 81, 34), "positive"),
        # too small to take a tone from its own mix
        (rows("w", 7, 1, 1), USUAL, "mixed"),
        # both shares rising: a polarising burst stays mixed
        (rows("w", 20, 20, 0), rows("b", 30, 30, 91), "mixed"),
        # a large significant shift decides as before
        (rows("w", 45, 3, 12), USUAL, "negative"),
        (rows("w", 5, 40, 15), USUAL, "positive"),
    ],
)
def test_tone(window: list[dict[str, Any]], baseline: list[dict[str, Any]], tone: str) -> None:
    shift = sentiment_shift(window, baseline)
    assert shift.tone == tone, shift


def test_the_shares_behind_the_tone_are_reported() -> None:
    shift = sentiment_shift(rows("w", 14, 2, 4), USUAL)
    assert (shift.n, shift.negative, shift.positive) == (20, 0.7, 0.1)
    assert shift.baseline_n == 151 and shift.z_negative is not None and shift.z_negative < 2
