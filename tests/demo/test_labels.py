"""The demo's ground truth follows the label guide (rumeur.demo.labels, docs/crisis-set.md):
what a brand's own accounts post and news are neutral, a question reporting a failure is
negative, a post of two statements takes the opinion (mixed: neutral)."""

from __future__ import annotations

from collections import Counter

import pytest

from rumeur.demo import BRANDS
from rumeur.demo.event_phrases import CARE_FAILURES, CARE_QUESTIONS
from rumeur.demo.labels import combined, question_label

_OWN = {h for b in BRANDS for h in b.own_accounts}


@pytest.mark.parametrize(
    ("first", "second", "label"),
    [
        ("pos", "pos", "pos"),
        ("neu", "neg", "neg"),  # a question, then a complaint
        ("neu", "pos", "pos"),
        ("neg", "neu", "neg"),
        ("pos", "neg", "neu"),  # praise and complaint: mixed
        ("neg", "pos", "neu"),
        ("neu", "neu", "neu"),
    ],
)
def test_two_statements_take_the_opinion(first, second, label):
    assert combined(first, second) == label


def test_questions_reporting_a_failure_are_negative():
    info = next(q for q in CARE_QUESTIONS if q not in CARE_FAILURES)
    assert "comment" in info  # the information request is the one left neutral
    assert question_label(info, "neu", CARE_FAILURES) == "neu"
    assert all(question_label(q, "neu", CARE_FAILURES) == "neg" for q in CARE_FAILURES)
    assert question_label(info, "neg", CARE_FAILURES) == "neg"  # a complaint stays one


def test_ground_truth_follows_the_guide(demo):
    truth = demo.truth["mentions"]
    brand_voice = [
        m for m in truth.values() if m["author"] in _OWN and m["kind"] != "review"
    ]  # a fake review by a brand's account speaks as a customer: labelled by its text
    assert len(brand_voice) > 300
    assert Counter(m["sentiment"] for m in brand_voice) == {"neutral": len(brand_voice)}
    kinds = Counter(m["kind"] for m in brand_voice)
    assert {"brand_post", "brand_spam", "brand_spam_reply", "care_answer"} <= set(kinds)
    news = [m for m in truth.values() if m["kind"] == "news"]
    assert news and all(m["sentiment"] == "neutral" for m in news)
    # the fake reviews by Cerise's care account keep their (positive) label
    own_reviews = [m for m in truth.values() if m["author"] in _OWN and m["kind"] == "review"]
    assert own_reviews and all(m["sentiment"] == "positive" for m in own_reviews)
    # care questions: mostly failures reported (negative), some information requests
    asks = Counter(m["sentiment"] for m in truth.values() if m["kind"] == "care_question")
    assert asks["negative"] > 3 * asks["neutral"] > 0
