"""Share of voice read from ``analytics_facts`` (:mod:`rumeur.analytics.rollup`) instead of
every row, with the figures of :func:`rumeur.analytics.sov.share_of_voice` on the rows
while the rollups are fresh: the same counts, hence the same Wilson intervals, net voice
and z-test; the same reach interval, because the author-cluster bootstrap is fed the same
per-author sums in the same (author id) order, drawn with the same seed
(:func:`rumeur.analytics.sov.voices`).

The per-author reach sums must be the very same floats. The rows give each author's
exactly rounded sum (``math.fsum``); here DuckDB adds the reaches as 128-bit integers in
units of 2⁻⁶⁴ (exact: a reach is a multiple of 2⁻⁶⁴ unless it is below 1/4096 and not a
round binary fraction) and hands each exact total over as two floats whose IEEE sum is
the total rounded once. When a reach of the period is not such a multiple (or absurdly
large), or a total too large to be handed over exactly (over 10¹² per author),
:func:`sums` says so (None) and the rows are read instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from rumeur.analytics import from_rollups
from rumeur.analytics.frame import Scope
from rumeur.analytics.sov import VoiceSums

_FIXED = "18446744073709551616.0"  # 2**64 as a DOUBLE literal
_LARGEST = "1e11"  # reaches at or above: not summed here (the rows are read)
_EXACT = float(1 << 53)  # integers below: exact as floats


def _where(scope: Scope) -> tuple[str, list[Any]]:
    """``scope`` over the facts (the public's mentions, suspicious ones included)."""
    return from_rollups.scope_where(scope, time="created_at")


def sums(store: Any, scope: Scope) -> VoiceSums | None:
    """:class:`~rumeur.analytics.sov.VoiceSums` of ``scope`` (and of the period of the same
    length before it, as :meth:`rumeur.workspace.Workspace.share_of_voice` takes it from
    the rows) from ``analytics_facts``; None when a reach cannot be summed exactly here."""
    where, params = _where(scope)
    counts = store.rows(
        "SELECT brand, count(*), count(*) FILTER (WHERE sentiment = 'positive'), "
        "count(*) FILTER (WHERE sentiment = 'negative') "
        f"FROM analytics_facts WHERE {where} GROUP BY brand ORDER BY brand",
        params,
    )
    brands = [str(r[0]) for r in counts]
    if not brands:
        return VoiceSums({}, {}, {}, [], {}, np.zeros(0))
    per_brand = ", ".join(f"sum(x) FILTER (WHERE brand = ?) AS s{i}" for i in range(len(brands)))
    cols = ", ".join(_split(f"s{i}") for i in range(len(brands)))
    rows = store.rows(
        f"""
        WITH f AS (
          SELECT author, brand,
                 CASE WHEN reach >= 0 AND reach < {_LARGEST}
                      THEN CAST(reach * {_FIXED} AS HUGEINT) END AS x,
                 NOT (reach >= 0 AND reach < {_LARGEST})
                   OR reach * {_FIXED} <> round(reach * {_FIXED}) AS inexact
          FROM analytics_facts WHERE {where}),
        a AS (SELECT author, bool_or(inexact) AS inexact, sum(x) AS t, {per_brand}
              FROM f GROUP BY author)
        SELECT author, inexact, {_split("t")}, {cols} FROM a ORDER BY author""",
        [*params, *brands],
    )
    if any(r[1] for r in rows):
        return None
    columns = list(zip(*rows, strict=True))
    authors = [str(a) for a in columns[0]]
    order = None
    if any(a >= b for a, b in pairwise(authors)):  # another collation
        order = sorted(range(len(authors)), key=authors.__getitem__)
        authors = [authors[i] for i in order]
    exact = [_exact(columns[k], columns[k + 1], order) for k in range(2, len(columns), 2)]
    if any(x is None for x in exact):
        return None
    return VoiceSums(
        mentions={b: int(r[1]) for b, r in zip(brands, counts, strict=True)},
        favourable={b: int(r[2]) for b, r in zip(brands, counts, strict=True) if r[2]},
        unfavourable={b: int(r[3]) for b, r in zip(brands, counts, strict=True) if r[3]},
        authors=authors,
        reach={b: x for b, x in zip(brands, exact[1:], strict=True) if x is not None},
        total_reach=exact[0] if exact[0] is not None else np.zeros(0),
        previous=_previous(store, scope, where, params),
    )


def _split(col: str) -> str:
    """A sum in units of 2⁻⁶⁴ as two floats adding up to it exactly (the second one is
    exact while under 2⁵³: :func:`_exact` checks)."""
    v = f"coalesce({col}, 0)"
    return f"{v}::DOUBLE AS {col}_hi, ({v} - {v}::DOUBLE::HUGEINT)::DOUBLE AS {col}_lo"


def _exact(hi: Sequence[float], lo: Sequence[float], order: list[int] | None) -> np.ndarray | None:
    """Each sum ``hi + lo`` (units of 2⁻⁶⁴) rounded once to the nearest float (IEEE
    addition rounds the exact sum), in ``order``; None when a ``lo`` may not be exact."""
    h, r = np.asarray(hi, dtype=float), np.asarray(lo, dtype=float)
    if r.size and np.abs(r).max() >= _EXACT:
        return None
    out = np.ldexp(h + r, -64)
    return out if order is None else out[order]


def _previous(store: Any, scope: Scope, where: str, params: list[Any]) -> dict[str, int]:
    """Brand-mentions per brand over the period of the same length before ``scope``'s
    (its bounds, where open, those of its first and last mention, the last one's second
    included)."""
    from dataclasses import replace
    from datetime import timedelta

    lo, hi = scope.since, scope.until
    if lo is None or hi is None:
        first, last = store.rows(
            f"SELECT min(created_at), max(created_at) FROM analytics_facts WHERE {where}", params
        )[0]
        lo = lo if lo is not None else first
        hi = hi if hi is not None else last + timedelta(seconds=1)
    before = replace(scope, since=lo - (hi - lo), until=lo)
    prev_where, prev_params = _where(before)
    return {
        str(b): int(n)
        for b, n in store.rows(
            f"SELECT brand, count(*) FROM analytics_facts WHERE {prev_where} GROUP BY brand",
            prev_params,
        )
    }


__all__ = ["sums"]
