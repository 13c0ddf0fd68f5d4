"""What the early warning (:mod:`rumeur.analytics.early`) counts: the time series of each
metric, built from a brand's rows.

- ``volume``: every mention; ``negative``: every unfavourable one.
- ``reports``: the independent unfavourable reports (:func:`is_report`: unfavourable
  posts that answer no one, neither reshares nor the brand's own accounts), an author's
  further reports within ``report_gap_minutes`` left out: distinct people, each on their
  own.
- ``severe``: the reports whose text (title and body) the crisis lexicon flags
  (:func:`rumeur.nlp.crisis.crisis_flags`: harm, recall, outage, scam, boycott, legal
  words). A harm or an outage is much rarer than an everyday complaint, so it has its own
  baseline and needs fewer people (``min_severe``).
- ``issue``: the reports that find fault with one same aspect (the ``aspects``
  enricher's ``negative`` or ``mixed`` verdict: price, quality, service...), one series
  per aspect, each with its own baseline: several people reporting the same problem
  within minutes is rarer than as many complaints about anything. Without the aspects
  enricher's results there is no ``issue`` series.

Each series is a dict ``{topic: sorted times}``: ``issue`` has one topic per aspect,
the others the single topic ``""``. Stamps that carry no time of day are left out of
every series (date-only ones, exactly local midnight; piles of 3+ of one platform at one
whole minute, relative dates resolved against an export time): they are no burst.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rumeur.nlp.crisis import CRISIS_STEMS, crisis_flags

#: the metrics the early warning knows; those of a default spike rule
ALL_METRICS = ("volume", "negative", "reports", "severe", "issue", "concerns")
REPORT_METRICS = ("reports", "severe", "issue", "concerns")
#: aspect verdicts that find fault
_FAULT = ("negative", "mixed")


def is_root(row: dict[str, Any]) -> bool:
    """A post that starts something: not a reply, not a reshare (``RT @x: ...``), not one
    of the brand's own accounts."""
    if row.get("reply_to") or row.get("is_own_account"):
        return False
    return not (row.get("text") or "").lstrip().startswith("RT @")


def is_report(row: dict[str, Any]) -> bool:
    """An unfavourable post that starts something (:func:`is_root`)."""
    return row.get("sentiment") == "negative" and is_root(row)


def is_concern(row: dict[str, Any]) -> bool:
    """A post that starts something and is not read as favourable."""
    return row.get("sentiment") != "positive" and is_root(row)


def _text(row: dict[str, Any]) -> str:
    return f"{row.get('title') or ''} {row.get('text') or ''}"


def severe_flags(rows: Sequence[dict[str, Any]]) -> list[bool]:
    """Whether each row's title and text hold a word of the crisis lexicon."""
    return [bool(f) for f in crisis_flags([_text(r) for r in rows])]


def faults(row: dict[str, Any]) -> list[str]:
    """The aspects the row finds fault with (sorted)."""
    aspects = row.get("aspects") or {}
    return sorted(a for a, v in aspects.items() if v in _FAULT)


_FOLD = re.compile("[\u0300-\u036f]")


def crisis_words(texts: Sequence[str], limit: int = 4) -> list[str]:
    """The crisis-lexicon words of ``texts`` as written (``rappel``, ``#boycott``), the
    most frequent first: what makes a report severe, for the alert's text."""
    count: Counter[str] = Counter()
    for text in texts:
        for word in re.findall(r"#?\w[\w'-]*", text):
            folded = _FOLD.sub("", unicodedata.normalize("NFKD", word.lower())).lstrip("#")
            if any(folded.startswith(s) for s in CRISIS_STEMS if " " not in s):
                count[word.lower()] += 1
    return [w for w, _ in count.most_common(limit)]


def _clean(rows: Sequence[dict[str, Any]], zone: ZoneInfo) -> list[dict[str, Any]]:
    """The rows in time order without the stamps that carry no time of day."""
    whole = [r for r in rows if r["created_at"].second == r["created_at"].microsecond == 0]
    piles = Counter((r.get("platform"), r["created_at"]) for r in whole)
    out = []
    for r in sorted(rows, key=lambda r: r["created_at"]):
        ts = r["created_at"]
        local = ts.astimezone(zone)
        if local.hour == local.minute == local.second == local.microsecond == 0:
            continue
        if piles.get((r.get("platform"), ts), 0) >= 3:
            continue
        out.append(r)
    return out


def series(
    rows: Sequence[dict[str, Any]], metric: str, timezone: str, report_gap_minutes: int = 60
) -> dict[str, list[datetime]]:
    """``{topic: sorted times}`` of ``metric`` (see the module's docstring)."""
    clean = _clean(rows, ZoneInfo(timezone))
    if metric == "volume":
        return {"": [r["created_at"] for r in clean]}
    if metric == "negative":
        return {"": [r["created_at"] for r in clean if r.get("sentiment") == "negative"]}
    if metric not in REPORT_METRICS:
        raise ValueError(f"unknown early-warning metric {metric!r}; use {ALL_METRICS}")
    reports = [r for r in clean if is_report(r)]
    topics: dict[str, list[dict[str, Any]]] = {}
    if metric == "concerns":
        topics[""] = [r for r in clean if is_concern(r)]
    elif metric == "reports":
        topics[""] = reports
    elif metric == "severe":
        topics[""] = [r for r, f in zip(reports, severe_flags(reports), strict=True) if f]
    else:
        for r in reports:
            for a in faults(r):
                topics.setdefault(a, []).append(r)
    gap = timedelta(minutes=report_gap_minutes)
    out: dict[str, list[datetime]] = {}
    for topic, chosen in sorted(topics.items()):
        last: dict[Any, datetime] = {}
        times = []
        for r in chosen:
            ts = r["created_at"]
            who = r.get("author") or r.get("author_handle") or id(r)
            if who in last and ts - last[who] < gap:
                continue
            last[who] = ts
            times.append(ts)
        out[topic] = times
    return out


def members(rows: Sequence[dict[str, Any]], metric: str, topic: str = "") -> list[dict[str, Any]]:
    """The rows ``metric``'s ``topic`` series counts (before its one-per-author rule)."""
    if metric == "volume":
        return list(rows)
    if metric == "negative":
        return [r for r in rows if r.get("sentiment") == "negative"]
    reports = [r for r in rows if is_report(r)]
    if metric == "severe":
        return [r for r, f in zip(reports, severe_flags(reports), strict=True) if f]
    if metric == "issue":
        return [r for r in reports if topic in faults(r)]
    return reports


__all__ = [
    "ALL_METRICS", "REPORT_METRICS", "crisis_words", "faults", "is_report", "members",
    "series", "severe_flags",
]  # fmt: skip
