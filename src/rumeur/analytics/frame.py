"""The rows every analytic works on: one row per (mention, brand) in a :class:`Scope`.

:func:`load` runs one SQL query (kept to portable SQL apart from ``unnest`` of the
``brands`` list) and returns plain dicts, so each analytic is a pure function over them.
The query text and its parameters are kept on the result (:class:`Frame`) so that every
figure can be traced back to the mentions behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rumeur.analytics.audience import PARENT_JOIN, AudienceSettings
from rumeur.errors import ScopeTooLargeError
from rumeur.messages import Text
from rumeur.query import SENTIMENT_SQL

LABELS = ("negative", "neutral", "positive")
_ASPECT_LABELS = ("negative", "mixed", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which mentions: brands (empty = all), platforms, period [since, until).
    ``exclude_suspicious``: leave out what the authenticity audit flags (applied by
    :meth:`rumeur.workspace.Workspace.rows`, which runs the audit)."""

    brands: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    include_own: bool = False
    exclude_suspicious: bool = False

    def where(self, m: str = "m") -> tuple[str, list[Any]]:
        parts: list[str] = ["1 = 1"]
        params: list[Any] = []
        if self.since is not None:
            parts.append(f"{m}.created_at >= ?")
            params.append(self.since)
        if self.until is not None:
            parts.append(f"{m}.created_at < ?")
            params.append(self.until)
        if self.platforms:
            parts.append(f"{m}.platform IN ({', '.join('?' * len(self.platforms))})")
            params.extend(self.platforms)
        if not self.include_own:
            parts.append(f"NOT coalesce({m}.is_own_account, false)")
        return " AND ".join(parts), params


@dataclass(slots=True)
class Frame:
    """Rows plus the query that produced them."""

    rows: list[dict[str, Any]]
    sql: str
    params: list[Any] = field(default_factory=list)


def load(
    store: Any,
    scope: Scope,
    audience: AudienceSettings | None = None,
    *,
    with_text: bool = False,
    max_rows: int = 0,
) -> Frame:
    """Rows with: mention_id, brand, platform, author (id), author_handle, created_at, reach,
    sentiment (None when not scored), human_label (a person set the sentiment: see
    rumeur.labels), aspects (dict), is_own_account, external_id, reply_to, engagement
    (likes + shares + replies), and text/title when ``with_text``. ``max_rows`` (0: no
    limit): :class:`~rumeur.errors.ScopeTooLargeError` when ``scope`` holds more rows,
    counted first (a read of the filtered columns alone; at 10M mentions, 16 ms for a
    month, 155-192 ms for the whole year, wall; a refusal's period 0.5-0.9 s more)."""
    audience = audience or AudienceSettings()
    where, params = scope.where("m")
    brand_filter = ""
    if scope.brands:
        brand_filter = f"WHERE brand IN ({', '.join('?' * len(scope.brands))})"
        params = [*params, *scope.brands]
    if max_rows:
        _check_size(store, where, brand_filter, params, max_rows)
    text_cols = ", m.text, m.title, m.url, m.author_followers" if with_text else ""
    sql = f"""
        SELECT * FROM (
          SELECT m.mention_id, unnest(m.brands) AS brand, m.platform,
                 coalesce(m.author_id, m.author_handle, m.mention_id) AS author,
                 m.author_handle,
                 m.created_at, {audience.sql("m", "p")} AS reach, s.sentiment,
                 coalesce(starts_with(s.sentiment_model, 'sentiment-human@'), false)
                   AS human_label,
                 a.aspects, coalesce(m.is_own_account, false) AS is_own_account,
                 m.external_id, m.reply_to,
                 coalesce(m.likes, 0) + coalesce(m.shares, 0) + coalesce(m.replies, 0)
                   AS engagement {text_cols}
          FROM mentions m
          {PARENT_JOIN}
          LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
          LEFT JOIN (SELECT mention_id, arg_max(data, created_at) AS aspects
                     FROM enrichments WHERE enricher = 'aspects' GROUP BY mention_id) a
                 ON a.mention_id = m.mention_id
          WHERE {where}
        ) x {brand_filter}
        ORDER BY created_at, mention_id
    """
    rows = store.query(sql, params)
    for r in rows:
        r["aspects"] = _aspects(r["aspects"])
        if r["sentiment"] not in LABELS:
            r["sentiment"] = None
    return Frame(rows, sql, params)


def _check_size(
    store: Any, where: str, brand_filter: str, params: list[Any], max_rows: int
) -> None:
    # (without the parents' join, which only gives the replies' reach: a 10M x 10M join)
    rows = int(store.scalar(
        f"SELECT count(*) FROM (SELECT unnest(m.brands) AS brand FROM mentions m "
        f"WHERE {where}) x {brand_filter}", params
    ) or 0)  # fmt: skip
    if rows <= max_rows:
        return
    # the selection's last whole days that hold at most 90 % of the limit: the time of
    # its k-th newest row, a day of margin (a date given in any time zone stays after it)
    sub = (f"SELECT created_at FROM (SELECT unnest(m.brands) AS brand, m.created_at "
           f"FROM mentions m WHERE {where}) x {brand_filter} ORDER BY created_at DESC")  # fmt: skip
    k = max(1, int(0.9 * max_rows))
    last, kth = store.rows(
        f"SELECT ({sub} LIMIT 1), ({sub} LIMIT 1 OFFSET {k - 1})", [*params, *params]
    )[0]
    days = max(1, int((last - kth).total_seconds() // 86400) - 1)
    since = last - timedelta(days=days)
    fr, en = f"{rows:,}".replace(",", "\u202f"), f"{rows:,}"
    lfr, len_ = f"{max_rows:,}".replace(",", "\u202f"), f"{max_rows:,}"
    day = since.date().isoformat()
    raise ScopeTooLargeError(
        Text(
            f"cette analyse lit chaque mention de la sélection en mémoire : la sélection en "
            f"compte {fr} (une par marque citée), au-delà de la limite du projet ({lfr})",
            f"this analysis reads every mention of the selection into memory: the "
            f"selection holds {en} (one per brand named), over the project's limit ({len_})",
        ),
        rows=rows,
        limit=max_rows,
        since=since,
        days=days,
        hint=Text(
            f"réduisez la période (par exemple --since {day} : ses {days} derniers jours) ou "
            "choisissez une marque ; ou relevez la limite dans rumeur.toml, [analysis] "
            "max_rows = … (environ 8 Go de mémoire par million)",
            f"narrow the period (e.g. --since {day}: its last {days} days) or pick a "
            "brand; or raise the limit in rumeur.toml, [analysis] max_rows = … (about 8 GB "
            "of memory per million)",
        ),
    )


def _aspects(data: Any) -> dict[str, str]:
    if data is None:
        return {}
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return {}
    inner = data.get("aspects") if isinstance(data, dict) else None
    if not isinstance(inner, dict):  # e.g. {"language": "en", ...} for an unsupported text
        return {}
    return {str(k): str(v) for k, v in inner.items() if v in _ASPECT_LABELS}


def period_key(ts: datetime, period: str) -> str:
    """'day' -> 2025-10-03, 'week' -> 2025-W40, 'month' -> 2025-10, 'all' -> 'all'."""
    if period == "day":
        return ts.strftime("%Y-%m-%d")
    if period == "week":
        y, w, _ = ts.isocalendar()
        return f"{y}-W{w:02d}"
    if period == "month":
        return ts.strftime("%Y-%m")
    return "all"


__all__ = ["LABELS", "Frame", "Scope", "load", "period_key"]
