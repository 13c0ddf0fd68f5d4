"""The dashboard's overview: headline figures with their intervals and trend, read from
the pre-aggregated rollups (:mod:`rumeur.analytics.rollup`: ``analytics_brand_hourly``,
a few rows per hour), so that it answers in milliseconds on a store of millions of
mentions. An overview is kept (in this process) for as long as the rollups' version
token stays the same: a server answers its dashboard's users from memory until the next
import, enrichment or correction. The full analytics (bootstrap intervals on reach,
authors...) stay with :meth:`~rumeur.workspace.Workspace.opinion`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rumeur.analytics.stats import Estimate, net_share, proportion
from rumeur.errors import StoreError
from rumeur.messages import Text
from rumeur.workspace._base import TimeLike, WorkspaceBase
from rumeur.workspace.memo import Memo

if TYPE_CHECKING:
    from rumeur.analytics.frame import Scope

_KPIS = """
    SELECT coalesce(sum(n), 0) AS mentions,
           coalesce(sum(CASE WHEN sentiment = 'positive' THEN n END), 0) AS pos,
           coalesce(sum(CASE WHEN sentiment = 'neutral' THEN n END), 0) AS neu,
           coalesce(sum(CASE WHEN sentiment = 'negative' THEN n END), 0) AS neg,
           coalesce(sum(reach), 0) AS reach,
           coalesce(sum(CASE WHEN sentiment = 'negative' THEN reach END), 0) AS neg_reach,
           coalesce(sum(CASE WHEN sentiment = 'positive' THEN reach END), 0) AS pos_reach
    FROM {table} WHERE hour >= ? AND hour < ? {brand} {suspicious}"""
_SERIES = """
    SELECT date_trunc('day', timezone(?, hour)) AS day, sum(n) AS n, sum(neg) AS neg,
           sum(pos) AS pos, sum(neg_reach) AS neg_reach
    FROM (  -- hour by hour first: the time zone is applied once an hour, not once a row
        SELECT hour, sum(n) AS n,
               sum(CASE WHEN sentiment = 'negative' THEN n ELSE 0 END) AS neg,
               sum(CASE WHEN sentiment = 'positive' THEN n ELSE 0 END) AS pos,
               sum(CASE WHEN sentiment = 'negative' THEN reach ELSE 0 END) AS neg_reach
        FROM {table} WHERE hour >= ? AND hour < ? {brand} {suspicious}
        GROUP BY hour)
    GROUP BY 1 ORDER BY 1"""

#: overviews computed, by (rollups version, time zone, brand, since, until, suspicious)
_MEMO = Memo(256)


@dataclass(frozen=True, slots=True)
class Figures:
    """Key figures of one period."""

    mentions: int
    scored: int
    reach: float
    negative_reach: float
    positive_reach: float
    shares: dict[str, Estimate]
    net: Estimate

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentions": self.mentions,
            "scored": self.scored,
            "reach": self.reach,
            "negative_reach": self.negative_reach,
            "positive_reach": self.positive_reach,
            "shares": {k: v.to_dict() for k, v in self.shares.items()},
            "net": self.net.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Overview:
    """Headline figures of a brand (or all) over [since, until), the same figures over
    the period just before (the trend), and the daily series (days in ``timezone``)."""

    brand: str | None
    since: datetime
    until: datetime
    timezone: str
    current: Figures
    previous: Figures
    series: list[dict[str, Any]] = field(default_factory=list)
    without_suspicious: bool = False
    #: ``rollups``, or ``rows`` when the rollups did not follow the store (stale)
    source: str = "rollups"

    def to_dict(self) -> dict[str, Any]:
        prev, cur = self.previous.mentions, self.current.mentions
        return {
            "brand": self.brand,
            "since": self.since,
            "until": self.until,
            "timezone": self.timezone,
            "without_suspicious": self.without_suspicious,
            "current": self.current.to_dict(),
            "previous": self.previous.to_dict(),
            "trend": {
                "mentions_change": (cur - prev) / prev if prev else None,
                "net_change": _diff(self.current.net.value, self.previous.net.value),
            },
            "series": [dict(r) for r in self.series],
            "source": self.source,
        }


def _diff(a: float, b: float) -> float | None:
    d = a - b
    return d if d == d else None  # NaN (a period without scored mentions): no trend


def _cached(key: tuple[Any, ...], compute: Any, version: str | None) -> Any:
    """``compute()``, kept under ``key`` while the rollups' ``version`` is the same (not
    kept without a version). Overviews are frozen: one object serves every caller."""
    return compute() if version is None else _MEMO.get(key, compute)


def _figures(row: dict[str, Any]) -> Figures:
    pos, neu, neg = int(row["pos"]), int(row["neu"]), int(row["neg"])
    n = pos + neu + neg
    return Figures(
        mentions=int(row["mentions"]),
        scored=n,
        reach=float(row["reach"]),
        negative_reach=float(row["neg_reach"]),
        positive_reach=float(row["pos_reach"]),
        shares={
            "negative": proportion(neg, n),
            "neutral": proportion(neu, n),
            "positive": proportion(pos, n),
        },
        net=net_share(pos, neg, n),
    )


def _from_rows(rows: list[dict[str, Any]]) -> Figures:
    """:func:`_figures` of one period's rows (one per mention × brand)."""
    sent = [r["sentiment"] for r in rows]
    return _figures({
        "mentions": len(rows), "pos": sent.count("positive"), "neu": sent.count("neutral"),
        "neg": sent.count("negative"), "reach": sum(float(r["reach"]) for r in rows),
        "neg_reach": sum(float(r["reach"]) for r in rows if r["sentiment"] == "negative"),
        "pos_reach": sum(float(r["reach"]) for r in rows if r["sentiment"] == "positive"),
    })  # fmt: skip


def _series_from_rows(rows: list[dict[str, Any]], tz: str) -> list[dict[str, Any]]:
    """The daily series of :data:`_SERIES` (days in ``tz``) from the rows."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    days: dict[str, dict[str, Any]] = {}
    for r in rows:
        day = r["created_at"].astimezone(zone).date().isoformat()
        d = days.setdefault(day, {"day": day, "n": 0, "neg": 0, "pos": 0, "neg_reach": 0.0})
        d["n"] += 1
        if r["sentiment"] == "negative":
            d["neg"] += 1
            d["neg_reach"] += float(r["reach"])
        elif r["sentiment"] == "positive":
            d["pos"] += 1
    return [days[k] for k in sorted(days)]


class OverviewMixin(WorkspaceBase):
    """The dashboard's overview, from the rollups (from the rows while they are stale)."""

    if TYPE_CHECKING:
        prefer_rollups: bool

        def rows(self, scope: Scope | None = None, *, with_text: bool = False
                 ) -> list[dict[str, Any]]: ...  # fmt: skip

    def overview(
        self,
        *,
        brand: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
        days: int = 30,
        exclude_suspicious: bool = False,
    ) -> Overview:
        """Mentions, reach, shares (Wilson 95 % intervals) and net sentiment of ``brand``
        (None: every brand) over [since, until) (default: the ``days`` days up to the
        newest mention), against the period of the same length just before; the daily
        series. Reads the rollups (built after every import, collection and enrichment)
        while they follow the store (:func:`rumeur.analytics.rollup.is_fresh`), else the
        rows (``source``: ``rows``; slower on a large store: ``rumeur metrics refresh``)."""
        if brand is not None:
            self.check_brands([brand], "brand")
        from rumeur.analytics import rollup

        store = self.reader()
        tables = {r["table_name"] for r in store.query(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name IN ('analytics_hourly', "
            "'analytics_brand_hourly', 'analytics_version')")}  # fmt: skip
        if "analytics_hourly" not in tables:
            raise StoreError(
                Text(
                    "les tables d'agrégats n'existent pas encore",
                    "the aggregate tables do not exist yet",
                ),
                hint=Text(
                    "rumeur metrics refresh (ou un import suivi de rumeur enrich)",
                    "rumeur metrics refresh (or an import followed by rumeur enrich)",
                ),
            )
        # the same cells without the platform when the store has them (a store rolled up
        # by an older Rumeur: the hourly table, summed the same way)
        table = "analytics_brand_hourly" if "analytics_brand_hourly" in tables \
            else "analytics_hourly"  # fmt: skip
        version = rollup.version(store) if "analytics_version" in tables else None
        fresh = self.prefer_rollups and rollup.is_fresh(store, self._audience())
        end = self.time(until, "until")
        if end is None:
            newest = _cached((version, "newest"), lambda: store.scalar(
                f"SELECT max(hour) FROM {table}"), version) if fresh else store.scalar(
                "SELECT max(date_trunc('hour', created_at)) FROM mentions WHERE NOT "
                "coalesce(is_own_account, false) AND len(brands) > 0")  # fmt: skip
            if newest is None:
                raise StoreError(
                    Text("aucune mention dans les agrégats", "no mentions in the aggregates"),
                    hint=Text("rumeur import FICHIER", "rumeur import FILE"),
                )
            end = newest + timedelta(hours=1)
        start = self.time(since, "since") or end - timedelta(days=days)
        tz = self.project.timezone

        def compute() -> Overview:
            cond = "AND brand = ?" if brand is not None else ""
            susp = "AND NOT suspicious" if exclude_suspicious else ""
            extra = [brand] if brand is not None else []
            sql = _KPIS.format(table=table, brand=cond, suspicious=susp)
            cur = store.query(sql, [start, end, *extra])[0]
            prev = store.query(sql, [start - (end - start), start, *extra])[0]
            series = store.query(
                _SERIES.format(table=table, brand=cond, suspicious=susp), [tz, start, end, *extra]
            )
            for r in series:
                r["day"] = r["day"].date().isoformat()
            return Overview(brand, start, end, tz, _figures(cur), _figures(prev), series,
                            exclude_suspicious)  # fmt: skip

        if not fresh:
            return self._overview_rows(brand, start, end, exclude_suspicious)
        return _cached((version, tz, brand, start, end, exclude_suspicious), compute, version)

    def _overview_rows(
        self, brand: str | None, start: datetime, end: datetime, exclude_suspicious: bool
    ) -> Overview:
        """:meth:`overview` from every row of the two periods (the rollups are stale)."""
        from rumeur.analytics.frame import Scope

        brands = (brand,) if brand is not None else ()
        cur = self.rows(Scope(brands=brands, since=start, until=end,
                              exclude_suspicious=exclude_suspicious))  # fmt: skip
        prev = self.rows(Scope(brands=brands, since=start - (end - start), until=start,
                               exclude_suspicious=exclude_suspicious))  # fmt: skip
        tz = self.project.timezone
        return Overview(brand, start, end, tz, _from_rows(cur), _from_rows(prev),
                        _series_from_rows(cur, tz), exclude_suspicious, "rows")  # fmt: skip
