"""The dashboard's figures read from the rollups (:mod:`rumeur.analytics.rollup`) instead
of every row, with the same values as the row analytics on the same store while the
rollups are fresh (:func:`rumeur.analytics.rollup.is_fresh`):

- :func:`tallies`: volume, unique authors, sentiment counts and shares (Wilson 95 %),
  net sentiment, reach and human labels per brand / period / platform, as
  :func:`rumeur.analytics.opinion.opinion` counts them (without its reach-weighted
  bootstrap, which needs every author's rows);
- :func:`hourly_series`: each brand's hourly volume, unfavourable count and reach, as
  :func:`rumeur.analytics.spikes.bucketize` makes them from the rows (coarse timestamps
  spread over their day the same way), so that :func:`spikes` finds the same spikes and
  explains them from the rows of their windows only.

What the rollups cannot answer (brand accounts' posts, the authenticity filter, periods
that do not start and end on the hour) is for the row analytics: :func:`supports`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from rumeur.analytics.frame import LABELS, Scope
from rumeur.analytics.stats import Estimate, net_share, proportion

#: a period key of an hour (UTC, as :func:`rumeur.analytics.frame.period_key` reads the rows)
_PERIOD = {
    "day": "strftime(hour, '%Y-%m-%d')",
    "week": "isoyear(hour)::VARCHAR || '-W' || lpad(week(hour)::VARCHAR, 2, '0')",
    "month": "strftime(hour, '%Y-%m')",
    "all": "'all'",
}


@dataclass(slots=True)
class Tally:
    """The counted figures of an opinion cell (:class:`~rumeur.analytics.opinion.OpinionCell`
    has the same names); ``authors`` is None where it was not asked for."""

    key: dict[str, str]
    volume: int
    authors: int | None
    unscored: int
    counts: dict[str, int]
    shares: dict[str, Estimate]
    net: Estimate
    reach: float
    human_labels: int = 0
    source: str = field(default="rollups")

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.key, "volume": self.volume, "authors": self.authors,
            "unscored": self.unscored, "counts": self.counts,
            "shares": {k: v.to_dict() for k, v in self.shares.items()},
            "net": self.net.to_dict(), "reach": self.reach,
            "human_labels": self.human_labels, "source": self.source,
        }  # fmt: skip


def _on_the_hour(t: datetime | None) -> bool:
    """An hour of the rollups (UTC hours): on the hour in a zone a whole hours off UTC."""
    if t is None:
        return True
    off = t.utcoffset()
    return off is not None and off % timedelta(hours=1) == timedelta(0) and (
        t.minute == t.second == t.microsecond == 0)  # fmt: skip


def supports(scope: Scope) -> bool:
    """Whether the rollups hold ``scope``'s mentions exactly: the public's (not the
    brands' own accounts), suspicious ones included, over whole hours."""
    return (not scope.include_own and not scope.exclude_suspicious
            and _on_the_hour(scope.since) and _on_the_hour(scope.until))  # fmt: skip


def scope_where(scope: Scope, time: str = "hour") -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) of ``scope``'s period, brands and platforms
    over a rollup table whose time column is ``time``."""
    parts: list[str] = ["1 = 1"]
    params: list[Any] = []
    if scope.since is not None:
        parts.append(f"{time} >= ?")
        params.append(scope.since)
    if scope.until is not None:
        parts.append(f"{time} < ?")
        params.append(scope.until)
    for col, values in (("brand", scope.brands), ("platform", scope.platforms)):
        if values:
            parts.append(f"{col} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return " AND ".join(parts), params


def _keys(by: Sequence[str], period: str) -> list[str]:
    return [_PERIOD[period] if k == "period" else k for k in by]


def tallies(
    store: Any, scope: Scope, by: Sequence[str], period: str = "all", *, authors: bool = False
) -> list[Tally]:
    """Cells grouped by ``by`` (brand, period, platform) in the order
    :func:`~rumeur.analytics.opinion.opinion` gives them; ``authors``: count each cell's
    unique authors too (from ``analytics_authors`` for a brand over a trailing period, else
    by reading ``analytics_facts``)."""
    table = "analytics_hourly" if scope.platforms or "platform" in by \
        else "analytics_brand_hourly"  # fmt: skip
    keys = _keys(by, period)
    cols = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
    where, params = scope_where(scope)
    sql = (f"SELECT {cols}{', ' if cols else ''}sentiment, sum(n) AS n, sum(reach) AS reach "
           f"FROM {table} WHERE {where} GROUP BY ALL")  # fmt: skip
    counts: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    reach: dict[tuple[str, ...], float] = defaultdict(float)
    for r in store.query(sql, params):
        key = tuple(str(r[f"k{i}"]) for i in range(len(keys)))
        counts[key][r["sentiment"]] = counts[key].get(r["sentiment"], 0) + int(r["n"])
        reach[key] += float(r["reach"] or 0.0)
    human = _grouped(
        store,
        scope,
        keys,
        "count(*)",
        "mention_id IN (SELECT mention_id FROM enrichments WHERE enricher = "
        "'sentiment-human') AND sentiment IN ('negative', 'neutral', 'positive')",
    )
    who = _authors(store, scope, by, keys) if authors else {}
    out = []
    for key, c in sorted(counts.items()):
        scored = {lab: c.get(lab, 0) for lab in LABELS}
        n, volume = sum(scored.values()), sum(c.values())
        if not volume:
            continue
        out.append(Tally(
            key=dict(zip(by, key, strict=True)), volume=volume,
            authors=who.get(key, 0) if authors else None, unscored=volume - n, counts=scored,
            shares={lab: proportion(k, n) for lab, k in scored.items()},
            net=net_share(scored["positive"], scored["negative"], n), reach=reach[key],
            human_labels=human.get(key, 0),
        ))  # fmt: skip
    return out


def _grouped(
    store: Any, scope: Scope, keys: Sequence[str], agg: str, cond: str = "1 = 1"
) -> dict[tuple[str, ...], int]:
    """``agg`` over the facts of ``scope`` meeting ``cond``, per cell."""
    where, params = scope_where(scope, "created_at")
    cols = "".join(f"{k} AS k{i}, " for i, k in enumerate(keys))
    group = f"GROUP BY {', '.join(f'k{i}' for i in range(len(keys)))}" if keys else ""
    rows = store.query(
        f"SELECT {cols}{agg} AS n FROM (SELECT *, date_trunc('hour', created_at) AS hour "
        f"FROM analytics_facts WHERE {where} AND {cond}) f {group}", params)  # fmt: skip
    return {tuple(str(r[f"k{i}"]) for i in range(len(keys))): int(r["n"]) for r in rows}


def _authors(
    store: Any, scope: Scope, by: Sequence[str], keys: Sequence[str]
) -> dict[tuple[str, ...], int]:
    """Unique authors per cell. A brand's over a period that ends after its newest
    mention are those whose last mention is in it (``analytics_authors``); else they are
    counted in the facts (the period's rows only)."""
    if tuple(by) != ("brand",) or scope.platforms:
        return _grouped(store, scope, keys, "count(DISTINCT author)")
    where, params = scope_where(replace(scope, since=None, until=None))
    spans = store.query(f"SELECT brand, count(*) AS n, min(first_seen) AS first, "
                        f"max(last_seen) AS last FROM analytics_authors WHERE {where} "
                        f"GROUP BY brand", params)  # fmt: skip
    out: dict[tuple[str, ...], int] = {}
    for s in spans:
        trailing = scope.until is None or scope.until > s["last"]
        if trailing and (scope.since is None or scope.since <= s["first"]):
            out[(s["brand"],)] = int(s["n"])
        elif trailing:
            out[(s["brand"],)] = int(store.scalar(
                "SELECT count(*) FROM analytics_authors WHERE brand = ? AND last_seen >= ?",
                [s["brand"], scope.since]))  # fmt: skip
        else:
            one = replace(scope, brands=(s["brand"],))
            out.update(_grouped(store, one, keys, "count(DISTINCT author)"))
    return out


def span(store: Any, scope: Scope) -> tuple[datetime, datetime] | None:
    """The first and last mention time of ``scope`` (None: no mention)."""
    where, params = scope_where(scope, "created_at")
    row = store.query("SELECT min(created_at) AS lo, max(created_at) AS hi FROM analytics_facts "
                      f"WHERE {where}", params)[0]  # fmt: skip
    return None if row["lo"] is None else (row["lo"], row["hi"])


_SERIES = """
    SELECT brand, CAST(epoch(hour) AS BIGINT) AS hour, sum(n) AS n,
           sum(CASE WHEN sentiment = 'negative' THEN n ELSE 0 END) AS neg,
           sum(CASE WHEN sentiment = 'positive' THEN n ELSE 0 END) AS pos,
           sum(CASE WHEN sentiment IN ('negative', 'neutral', 'positive') THEN n ELSE 0 END)
             AS scored,
           sum(CASE WHEN sentiment = 'negative' THEN reach ELSE 0 END) AS neg_reach
    FROM {table} WHERE {where} GROUP BY brand, hour ORDER BY brand, hour"""
#: the mentions :func:`~rumeur.analytics.spikes.bucketize` spreads over a day: date-only
#: ones (local midnight) and piles of 3 or more of a platform at one whole minute
_COARSE = """
    WITH m AS (SELECT brand, platform, created_at, sentiment, reach FROM analytics_facts
               WHERE epoch_us(created_at) % 60000000 = 0 AND {where}),
         pile AS (SELECT brand, platform, created_at FROM m GROUP BY ALL HAVING count(*) >= 3),
         l AS (SELECT *, timezone(?, created_at) AS local FROM m)
    SELECT l.brand, l.created_at, l.sentiment = 'negative' AS neg, l.reach,
           hour(l.local) = 0 AND minute(l.local) = 0 AS midnight
    FROM l LEFT JOIN pile p ON p.brand = l.brand AND p.created_at = l.created_at
                           AND p.platform IS NOT DISTINCT FROM l.platform
    WHERE (hour(l.local) = 0 AND minute(l.local) = 0) OR p.brand IS NOT NULL
    ORDER BY l.brand, l.created_at"""


def hourly_series(
    store: Any, scope: Scope, start: datetime, end: datetime, timezone: str
) -> dict[str, tuple[list[datetime], dict[str, np.ndarray]]]:
    """Per brand of ``scope`` with mentions: :func:`~rumeur.analytics.spikes.bucketize`'s
    hourly buckets from ``start`` to ``end`` (times, series), from the rollups; and the
    scored, unfavourable and favourable mentions of each hour, as stamped
    (``scored``, ``scored_negative``, ``scored_positive``)."""
    step = timedelta(hours=1)
    start = start.replace(minute=0, second=0, microsecond=0)
    n = max(1, -(-(end - start) // step))
    times = [start + k * step for k in range(n)]
    table = "analytics_hourly" if scope.platforms else "analytics_brand_hourly"
    where, params = scope_where(scope)
    out: dict[str, tuple[list[datetime], dict[str, np.ndarray]]] = {}

    def series(brand: str) -> dict[str, np.ndarray]:
        if brand not in out:
            out[brand] = (times, {k: np.zeros(n) for k in (
                "volume", "negative", "negative_reach", "scored", "scored_negative",
                "scored_positive")})  # fmt: skip
        return out[brand][1]

    origin = int(start.timestamp())
    for r in store.query(_SERIES.format(table=table, where=where), params):
        k = (r["hour"] - origin) // 3600
        if 0 <= k < n and r["n"]:
            s = series(r["brand"])
            s["volume"][k] += r["n"]
            s["negative"][k] += r["neg"]
            s["negative_reach"][k] += float(r["neg_reach"] or 0.0)
            # the labels as stamped (not spread): what a spike's tone compares
            s["scored"][k], s["scored_negative"][k] = r["scored"], r["neg"]
            s["scored_positive"][k] = r["pos"]
    where, params = scope_where(scope, "created_at")
    for r in store.query(_COARSE.format(where=where), [*params, timezone]):
        ts, s = r["created_at"], series(r["brand"])
        half = 0 if r["midnight"] else 12
        spread = [int((ts + j * step - start) / step) for j in range(-half, 24 - half)]
        for k, w in [(int((ts - start) / step), -1.0), *((k, 1 / 24) for k in spread)]:
            if 0 <= k < n:
                s["volume"][k] += w
                if r["neg"]:
                    s["negative"][k] += w
                    s["negative_reach"][k] += w * float(r["reach"])
    return dict(sorted(out.items()))


def spikes(store: Any, scope: Scope, cfg: Any) -> list[Any]:
    """:func:`rumeur.analytics.spikes.scan` over the rollups, without the explanations:
    the spikes found in :func:`hourly_series`, each with its tone and sentiment shift
    against its baseline (what the explanation gives them, from the same counts);
    :func:`explain` explains the ones a page shows."""
    from rumeur.analytics.spikes import detect, episodes

    found = span(store, scope)
    if found is None:
        return []
    lo = scope.since or found[0]
    hi = scope.until or found[1] + timedelta(hours=1)
    zone = ZoneInfo(cfg.timezone)
    out = []
    for brand, (times, series) in hourly_series(store, scope, lo, hi, cfg.timezone).items():
        got = detect(series, times, brand, cfg, end=hi)
        for s in got:
            s.start, s.end, s.peak = (t.astimezone(zone) for t in (s.start, s.end, s.peak))
        onsets = {s.key(): ep.start for ep in episodes(got) for s in ep.spikes}
        for s in got:
            _shift(s, times, series, onsets[s.key()], cfg.history_days)
        out.extend(got)
    return out


def _shift(s: Any, times: list[datetime], series: dict[str, np.ndarray], onset: datetime,
           days: int) -> None:  # fmt: skip
    """The spike's tone and sentiment shift (see
    :func:`~rumeur.analytics.spike_explain.sentiment_shift`) from the hourly counts."""
    from rumeur.analytics.spike_explain import shift_of_counts

    base_end = min(onset, s.start)
    step, t0 = timedelta(hours=1), times[0]

    def counts(a: datetime, b: datetime) -> tuple[int, int, int]:
        i, j = max(0, -(-(a - t0) // step)), max(0, -(-(b - t0) // step))
        return tuple(int(np.rint(series[k][i:j].sum())) for k in (  # type: ignore[return-value]
            "scored_negative", "scored_positive", "scored"))  # fmt: skip

    shift = shift_of_counts(*counts(s.start, s.end),
                            *counts(base_end - timedelta(days=days), base_end))  # fmt: skip
    s.tone, s.shift = shift.tone, shift
    # explained later (:func:`explain`), when a page shows it
    s.explanation = {"tone": shift.tone, "sentiment_shift": shift.to_dict(), "deferred": True}


_WINDOW = """
    WITH f AS (SELECT mention_id, brand, author, reach, sentiment FROM analytics_facts
               WHERE {where})
    SELECT f.mention_id, f.brand, m.platform, f.author, m.author_handle, m.created_at, f.reach,
           CASE WHEN f.sentiment IN ('negative', 'neutral', 'positive') THEN f.sentiment END
             AS sentiment,
           h.mention_id IS NOT NULL AS human_label, a.aspects,
           coalesce(m.is_own_account, false) AS is_own_account, m.external_id, m.reply_to,
           coalesce(m.likes, 0) + coalesce(m.shares, 0) + coalesce(m.replies, 0) AS engagement,
           m.text, m.title, m.url, m.author_followers
    FROM f JOIN mentions m ON m.mention_id = f.mention_id {mentions}
    LEFT JOIN (SELECT DISTINCT mention_id FROM enrichments WHERE enricher = 'sentiment-human'
               AND mention_id IN (SELECT mention_id FROM f)) h ON h.mention_id = f.mention_id
    LEFT JOIN (SELECT mention_id, arg_max(data, created_at) AS aspects FROM enrichments
               WHERE enricher = 'aspects' AND mention_id IN (SELECT mention_id FROM f)
               GROUP BY mention_id) a ON a.mention_id = f.mention_id
    ORDER BY m.created_at, f.mention_id"""


def window_rows(store: Any, scope: Scope) -> list[dict[str, Any]]:
    """:func:`rumeur.analytics.frame.load`'s rows of ``scope`` with text, read from the
    facts of its period (sorted by brand and time: a short period of a brand reads a
    small part of them) and those mentions' own rows, instead of every mention's labels."""
    from rumeur.analytics.frame import _aspects

    where, params = scope_where(scope, "created_at")
    extra, more = "", []
    for op, t in ((">=", scope.since), ("<", scope.until)):
        if t is not None:  # the mentions' zone maps skip the rest of the file
            extra += f" AND m.created_at {op} ?"
            more.append(t)
    rows = store.query(_WINDOW.format(where=where, mentions=extra), [*params, *more])
    for r in rows:
        r["aspects"] = _aspects(r["aspects"])
    return rows


def explain(
    store: Any, scope: Scope, every: Sequence[Any], wanted: Sequence[Any], cfg: Any,
    budget: int | None = None,
) -> None:  # fmt: skip
    """Explain ``wanted``, some of ``every`` spike :func:`spikes` found in ``scope``, as
    :func:`~rumeur.analytics.spikes.scan` does, from the rows of their brand around them
    only (:func:`window_rows`). ``budget``: read at most this many rows (the windows in
    ``wanted``'s order while they fit; the spikes of the others stay unexplained)."""
    from rumeur.analytics.spike_explain import ORIGIN_LEAD
    from rumeur.analytics.spike_explain import explain as _explain
    from rumeur.analytics.spikes import episodes

    found = span(store, scope)
    if found is None or not wanted:
        return
    lo = scope.since or found[0]
    hi = scope.until or found[1] + timedelta(hours=1)
    order = {id(s): i for i, s in enumerate(wanted)}
    work = []
    for brand in sorted({s.brand for s in wanted}):
        mine = [s for s in every if s.brand == brand]
        onsets = {s.key(): ep.start for ep in episodes(mine) for s in ep.spikes}
        asked = [s for s in wanted if s.brand == brand]
        for group in _windows(asked, onsets, cfg.history_days, ORIGIN_LEAD):
            w0 = max(min(w for w, _, _ in group), lo)
            w1 = min(max(w for _, w, _ in group), hi)
            first = min(order[id(s)] for _, _, s in group)
            work.append((first, replace(scope, brands=(brand,), since=w0, until=w1), group,
                         onsets))  # fmt: skip
    left = budget
    cache: dict[str, frozenset[str]] = {}  # terms of each mention (one brand's windows)
    for _, window, group, onsets in sorted(work, key=lambda w: w[0]):
        if left is not None:
            where, params = scope_where(window)
            table = "analytics_hourly" if window.platforms else "analytics_brand_hourly"
            size = int(store.scalar(f"SELECT coalesce(sum(n), 0) FROM {table} WHERE {where}",
                                    params))  # fmt: skip
            if size > left:
                continue
            left -= size
        rows = window_rows(store, window)
        for _, _, s in group:
            s.explanation = _explain(s, rows, cfg.history_days, lang=cfg.lang, cache=cache,
                                     baseline_end=onsets[s.key()])  # fmt: skip


def _windows(
    spikes: Sequence[Any], onsets: dict[str, datetime], days: int, lead: timedelta
) -> list[list[tuple[datetime, datetime, Any]]]:
    """The spikes grouped by overlapping windows of the rows their explanation reads
    (baseline before the incident's start, origin lead, the spike itself)."""
    spans = sorted(
        ((min(min(onsets[s.key()], s.start) - timedelta(days=days), s.start - lead), s.end, s)
         for s in spikes), key=lambda w: (w[0], w[1]))  # fmt: skip
    groups: list[list[tuple[datetime, datetime, Any]]] = []
    for w in spans:
        if groups and w[0] <= max(x[1] for x in groups[-1]):
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


__all__ = [
    "Tally",
    "explain",
    "hourly_series",
    "scope_where",
    "span",
    "spikes",
    "supports",
    "tallies",
    "window_rows",
]
