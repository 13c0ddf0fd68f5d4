"""Pre-aggregated tables for fast dashboards on large stores.

``analytics_facts``: one row per (mention, brand) of the public's mentions, with its
estimated reach (see :mod:`rumeur.analytics.audience`) and best sentiment, sorted by
(brand, created_at) so DuckDB's zone maps skip what a brand × period query does not need.
``analytics_hourly``: counts and reach per (hour, brand, platform, sentiment).
``analytics_brand_hourly``: the same without the platform, sorted by hour: what the
dashboard's overview reads (a tenth of the rows: a period of all brands in milliseconds).
``analytics_version``: a token that changes with every rebuild or relabelling of the
rollups, so that a server may keep figures computed from them until it changes.
``analytics_authors``: per (brand, author) first and last mention, count, largest reach,
favourable and unfavourable counts (people lists, unique authors of trailing windows).

``authenticity_flags``: the mentions the authenticity audit flags (mention_id, score,
campaign); ``analytics_facts`` and ``analytics_hourly`` carry ``suspicious`` (true for
those), so every key figure can be given with and without them
(``DASHBOARD["kpis_without_suspicious"]``).

They are caches derived from ``mentions`` and ``enrichments``: :func:`refresh` rebuilds
them (after an import or an enrichment run; ``rumeur metrics refresh``). The dashboard
queries in :data:`DASHBOARD` read them with portable SQL (``date_trunc``, ``count``,
``sum``, ``GROUP BY``, ``ORDER BY ... LIMIT``), which run unchanged on ClickHouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rumeur.analytics.audience import PARENT_JOIN, AudienceSettings
from rumeur.query import SENTIMENT_SQL


def mentions_fingerprint(store: Any) -> str:
    """What the authenticity flags depend on: the set of stored mentions (rows are never
    edited after import, only added or erased, so the count and the last collection time
    change whenever it does)."""
    from rumeur.query import NEWEST_SQL

    n = store.scalar("SELECT count(*) FROM mentions")
    return f"{n}|{store.scalar(NEWEST_SQL.format(c='collected_at'))}"


def _has_table(store: Any, name: str) -> bool:
    rows = store.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", [name]
    )
    return bool(rows[0]["n"])


def flags_fingerprint(store: Any) -> str | None:
    """The mentions fingerprint the stored authenticity flags were computed for (works on
    a read-only store)."""
    if not _has_table(store, "authenticity_state"):
        return None
    rows = store.query("SELECT fingerprint FROM authenticity_state")
    return rows[0]["fingerprint"] if rows else None


def fresh_flags(store: Any) -> dict[str, str | None] | None:
    """mention id -> campaign of the stored authenticity flags, when they were computed
    for the mentions stored now; None when they are missing or stale."""
    if flags_fingerprint(store) != mentions_fingerprint(store):
        return None
    rows = store.query("SELECT mention_id, campaign FROM authenticity_flags")
    return {r["mention_id"]: r["campaign"] for r in rows}


def refresh(
    store: Any,
    audience: AudienceSettings | None = None,
    flags: Sequence[tuple[str, float, str | None]] | None = None,
) -> dict[str, int]:
    """Rebuild the tables; returns their row counts. ``flags``: (mention_id, score,
    campaign) of the suspicious mentions (see :mod:`rumeur.audits.authenticity`); None
    keeps the flags of the last refresh that gave some (none at first)."""
    aud = audience or AudienceSettings()
    if flags is not None:
        store.execute("CREATE OR REPLACE TABLE authenticity_flags "
                      "(mention_id VARCHAR, score DOUBLE, campaign VARCHAR)")  # fmt: skip
        if flags:
            ids, scores, camps = (list(x) for x in zip(*flags, strict=True))
            store.execute("INSERT INTO authenticity_flags SELECT unnest(?), unnest(?), "
                          "unnest(?)", [ids, scores, camps])  # fmt: skip
        store.execute("CREATE OR REPLACE TABLE authenticity_state AS SELECT ? AS fingerprint",
                      [mentions_fingerprint(store)])  # fmt: skip
    else:
        store.execute("CREATE TABLE IF NOT EXISTS authenticity_flags "
                      "(mention_id VARCHAR, score DOUBLE, campaign VARCHAR)")  # fmt: skip
    store.execute(f"""
        CREATE OR REPLACE TABLE analytics_facts AS
        SELECT * FROM (
          SELECT m.mention_id, unnest(m.brands) AS brand, m.platform,
                 coalesce(m.author_id, m.author_handle, m.mention_id) AS author,
                 m.created_at, {aud.sql("m", "p")} AS reach,
                 coalesce(s.sentiment, 'unscored') AS sentiment,
                 f.mention_id IS NOT NULL AS suspicious
          FROM mentions m {PARENT_JOIN}
          LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
          LEFT JOIN (SELECT DISTINCT mention_id FROM authenticity_flags) f
                 ON f.mention_id = m.mention_id
          WHERE NOT coalesce(m.is_own_account, false)
        ) ORDER BY brand, created_at
    """)  # fmt: skip
    rebuild_from_facts(store)
    stamp(store, aud)
    return {t: int(store.scalar(f"SELECT count(*) FROM {t}")) for t in TABLES}


def data_fingerprint(store: Any) -> str:
    """What the rollups are derived from, as it stands: the mentions (count, last
    collection) and the enrichments (count, newest). The last collection from a top-1
    query (zone maps: 0.8 ms of CPU on 10M mentions, where ``max(collected_at)`` read the
    whole column, 27 ms, on every overview call); the same value, so a stamp written
    before still matches."""
    from rumeur.query import NEWEST_SQL

    n = store.scalar("SELECT count(*) FROM mentions")
    last = store.scalar(NEWEST_SQL.format(c="collected_at"))
    e = store.query("SELECT count(*) AS n, max(created_at) AS last FROM enrichments")[0]
    return f"{n}|{last}|{e['n']}|{e['last']}"


def _audience_key(audience: AudienceSettings | None) -> str:
    """The reach formula the facts were built with (a digest of its SQL)."""
    import hashlib

    return hashlib.sha256((audience or AudienceSettings()).sql("m", "p").encode()).hexdigest()[:16]


def stamp(store: Any, audience: AudienceSettings | None = None) -> None:
    """Record that the rollups follow the mentions and enrichments stored now, with the
    reach of ``audience`` (``analytics_state``; :func:`refresh` does it)."""
    store.execute("CREATE OR REPLACE TABLE analytics_state AS "
                  "SELECT ?::VARCHAR AS fingerprint, ?::VARCHAR AS audience",
                  [data_fingerprint(store), _audience_key(audience)])  # fmt: skip


def restamp(store: Any) -> None:
    """After a change the rollups followed in place (a person's label: :func:`relabel`),
    keep them fresh: the new fingerprint, the same reach."""
    if _has_table(store, "analytics_state"):
        store.execute("UPDATE analytics_state SET fingerprint = ?", [data_fingerprint(store)])


def stamped(store: Any) -> str | None:
    """The fingerprint the rollups were last stamped with (None: never stamped, e.g.
    built by an older Rumeur)."""
    if not _has_table(store, "analytics_state"):
        return None
    rows = store.query("SELECT fingerprint FROM analytics_state")
    return rows[0]["fingerprint"] if rows else None


def is_fresh(store: Any, audience: AudienceSettings | None = None) -> bool:
    """Whether the rollups follow the mentions and enrichments stored now (nothing
    imported, enriched or erased since their last refresh) with the reach of
    ``audience``: then figures read from them are those of the rows."""
    if not _has_table(store, "analytics_state"):
        return False
    rows = store.query("SELECT fingerprint, audience FROM analytics_state")
    return bool(rows) and rows[0]["fingerprint"] == data_fingerprint(store) and (
        rows[0]["audience"] == _audience_key(audience))  # fmt: skip


#: the pre-aggregated tables, in the order they are built (and the flags they read)
TABLES = ("analytics_facts", "analytics_hourly", "analytics_brand_hourly", "analytics_authors",
          "authenticity_flags")  # fmt: skip


def rebuild_from_facts(store: Any) -> None:
    """Rebuild ``analytics_hourly`` and ``analytics_authors`` from ``analytics_facts``
    (also after rows of the facts were deleted: retention, erasure of a person)."""
    store.execute("""
        CREATE OR REPLACE TABLE analytics_hourly AS
        SELECT date_trunc('hour', created_at) AS hour, brand, platform, sentiment, suspicious,
               count(*) AS n, sum(reach) AS reach
        FROM analytics_facts GROUP BY ALL ORDER BY brand, hour
    """)
    build_brand_hourly(store)
    store.execute("""
        CREATE OR REPLACE TABLE analytics_authors AS
        SELECT brand, author, min(created_at) AS first_seen, max(created_at) AS last_seen,
               count(*) AS n, max(reach) AS reach,
               sum(CASE WHEN sentiment = 'positive' THEN 1 ELSE 0 END) AS pos,
               sum(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) AS neg
        FROM analytics_facts GROUP BY brand, author ORDER BY brand, last_seen
    """)
    new_version(store)


def build_brand_hourly(store: Any) -> None:
    """(Re)build ``analytics_brand_hourly`` from ``analytics_hourly`` (also to bring a
    store rolled up by an older Rumeur up to date without rebuilding the rest)."""
    store.execute("""
        CREATE OR REPLACE TABLE analytics_brand_hourly AS
        SELECT hour, brand, sentiment, suspicious, sum(n)::BIGINT AS n, sum(reach) AS reach
        FROM analytics_hourly GROUP BY ALL ORDER BY hour, brand, sentiment, suspicious
    """)
    new_version(store)


def new_version(store: Any) -> None:
    """Mark the rollups as changed (a new :func:`version`)."""
    import uuid

    store.execute("CREATE OR REPLACE TABLE analytics_version AS SELECT ?::VARCHAR AS token",
                  [uuid.uuid4().hex])  # fmt: skip


def version(store: Any, *, check: bool = False) -> str | None:
    """The rollups' current token (None: rolled up by a Rumeur without one; ``check``:
    look whether the table exists first): figures computed from the rollups stay true
    while it stays the same."""
    if check and not _has_table(store, "analytics_version"):
        return None
    token = store.scalar("SELECT token FROM analytics_version")
    return str(token) if token is not None else None


def relabel(store: Any, mention_id: str, sentiment: str) -> int:
    """Give ``mention_id`` the label ``sentiment`` in the rollups without rebuilding them
    (a person corrected it: see :mod:`rumeur.labels`): each of its facts rows moves from
    its old (hour, brand, platform, sentiment) cell of ``analytics_hourly`` to the new
    one, and its author's favourable/unfavourable counts follow. The number of facts
    rows moved (0 when the rollups were never built or the mention is not in them)."""
    if not _has_table(store, "analytics_facts"):
        return 0
    rows = store.query(
        "SELECT brand, platform, author, created_at, reach, sentiment, suspicious "
        "FROM analytics_facts WHERE mention_id = ? AND sentiment <> ?",
        [mention_id, sentiment],
    )
    has_brand_hourly = _has_table(store, "analytics_brand_hourly")
    cell = ("hour = date_trunc('hour', ?::TIMESTAMPTZ) AND brand = ? AND platform "
            "IS NOT DISTINCT FROM ? AND sentiment = ? AND suspicious = ?")  # fmt: skip
    for r in rows:
        key = [r["created_at"], r["brand"], r["platform"]]
        reach = r["reach"] or 0
        store.execute(f"UPDATE analytics_hourly SET n = n - 1, reach = reach - ? WHERE {cell}",
                      [reach, *key, r["sentiment"], r["suspicious"]])  # fmt: skip
        store.execute(f"DELETE FROM analytics_hourly WHERE n <= 0 AND {cell}",
                      [*key, r["sentiment"], r["suspicious"]])  # fmt: skip
        if store.scalar(f"SELECT count(*) FROM analytics_hourly WHERE {cell}",
                        [*key, sentiment, r["suspicious"]]):  # fmt: skip
            store.execute(f"UPDATE analytics_hourly SET n = n + 1, reach = reach + ? "
                          f"WHERE {cell}", [reach, *key, sentiment, r["suspicious"]])  # fmt: skip
        else:
            store.execute("INSERT INTO analytics_hourly (hour, brand, platform, sentiment, "
                          "suspicious, n, reach) VALUES (date_trunc('hour', ?::TIMESTAMPTZ), "
                          "?, ?, ?, ?, 1, ?)",
                          [*key, sentiment, r["suspicious"], reach])  # fmt: skip
        if has_brand_hourly:
            _move(store, "analytics_brand_hourly", "hour = date_trunc('hour', ?::TIMESTAMPTZ) "
                  "AND brand = ? AND suspicious = ? AND sentiment = ?",
                  [r["created_at"], r["brand"], r["suspicious"]], r["sentiment"], sentiment,
                  reach)  # fmt: skip
        pos = int(sentiment == "positive") - int(r["sentiment"] == "positive")
        neg = int(sentiment == "negative") - int(r["sentiment"] == "negative")
        store.execute("UPDATE analytics_authors SET pos = pos + ?, neg = neg + ? "
                      "WHERE brand = ? AND author = ?",
                      [pos, neg, r["brand"], r["author"]])  # fmt: skip
    store.execute("UPDATE analytics_facts SET sentiment = ? WHERE mention_id = ?",
                  [sentiment, mention_id])  # fmt: skip
    if rows:
        new_version(store)
    return len(rows)


def _move(store: Any, table: str, cell: str, key: list[Any], old: str, new: str,
          reach: float) -> None:  # fmt: skip
    """One mention from ``table``'s (``key``, sentiment ``old``) cell to its ``new`` one
    (``cell``: the key's condition, the sentiment's last)."""
    store.execute(f"UPDATE {table} SET n = n - 1, reach = reach - ? WHERE {cell}",
                  [reach, *key, old])  # fmt: skip
    store.execute(f"DELETE FROM {table} WHERE n <= 0 AND {cell}", [*key, old])
    if store.scalar(f"SELECT count(*) FROM {table} WHERE {cell}", [*key, new]):
        store.execute(f"UPDATE {table} SET n = n + 1, reach = reach + ? WHERE {cell}",
                      [reach, *key, new])  # fmt: skip
    else:
        store.execute(f"INSERT INTO {table} (hour, brand, suspicious, sentiment, n, reach) "
                      "VALUES (date_trunc('hour', ?::TIMESTAMPTZ), ?, ?, ?, 1, ?)",
                      [*key, new, reach])  # fmt: skip


def unique_authors(store: Any, brand: str, since: Any, until: Any) -> int:
    """Exact unique authors of ``brand`` in [since, until): from ``analytics_authors`` when
    the window ends after the newest mention (an author is active in a trailing window iff
    their last mention is in it), else by scanning ``analytics_facts``."""
    newest = store.scalar("SELECT max(last_seen) FROM analytics_authors WHERE brand = ?", [brand])
    if newest is None:
        return 0
    if until > newest:
        return int(store.scalar(DASHBOARD["unique_authors"], [brand, since]) or 0)
    return int(store.scalar(
        "SELECT count(DISTINCT author) FROM analytics_facts WHERE brand = ? AND created_at >= ? "
        "AND created_at < ?", [brand, since, until]) or 0)  # fmt: skip


#: the dashboard's queries for one brand over a period [since, until): name -> SQL; their
#: parameters are given by :func:`params`
_KPIS = """
        SELECT sum(n) AS mentions, sum(CASE WHEN sentiment = 'positive' THEN n END) AS pos,
               sum(CASE WHEN sentiment = 'neutral' THEN n END) AS neu,
               sum(CASE WHEN sentiment = 'negative' THEN n END) AS neg,
               sum(reach) AS reach,
               sum(CASE WHEN sentiment = 'negative' THEN reach END) AS neg_reach,
               sum(CASE WHEN sentiment = 'positive' THEN reach END) AS pos_reach
        FROM analytics_hourly WHERE brand = ? AND hour >= ? AND hour < ?"""

DASHBOARD: dict[str, str] = {
    "kpis": _KPIS,
    # the same key figures without the mentions the authenticity audit flags
    "kpis_without_suspicious": _KPIS + " AND NOT suspicious",
    # trailing window (ending after the newest mention): see unique_authors()
    "unique_authors": """
        SELECT count(*) AS authors FROM analytics_authors WHERE brand = ? AND last_seen >= ?""",
    "time_series": """
        SELECT date_trunc('day', hour) AS day, sum(n) AS n,
               sum(CASE WHEN sentiment = 'negative' THEN n ELSE 0 END) AS neg,
               sum(CASE WHEN sentiment = 'negative' THEN reach ELSE 0 END) AS neg_reach
        FROM analytics_hourly WHERE brand = ? AND hour >= ? AND hour < ?
        GROUP BY 1 ORDER BY 1""",
    "share_of_voice": """
        SELECT brand, sum(n) AS n, sum(reach) AS reach,
               sum(CASE WHEN sentiment = 'positive' THEN n ELSE 0 END) AS pos,
               sum(CASE WHEN sentiment = 'negative' THEN n ELSE 0 END) AS neg
        FROM analytics_hourly WHERE hour >= ? AND hour < ?
        GROUP BY brand ORDER BY n DESC""",
    "top_posts": """
        SELECT mention_id, author, created_at, reach, sentiment FROM analytics_facts
        WHERE brand = ? AND created_at >= ? AND created_at < ?
        ORDER BY reach DESC LIMIT 10""",
    "spike_scan": """
        SELECT hour, sum(n) AS n, sum(CASE WHEN sentiment = 'negative' THEN n ELSE 0 END) AS neg,
               sum(CASE WHEN sentiment = 'negative' THEN reach ELSE 0 END) AS neg_reach
        FROM analytics_hourly WHERE brand = ? AND hour >= ? AND hour < ?
        GROUP BY hour ORDER BY hour""",
}


def params(name: str, brand: str, since: Any, until: Any) -> list[Any]:
    """The parameters of dashboard query ``name``."""
    if name == "share_of_voice":
        return [since, until]
    if name == "unique_authors":
        return [brand, since]
    return [brand, since, until]


__all__ = [
    "DASHBOARD",
    "TABLES",
    "build_brand_hourly",
    "data_fingerprint",
    "is_fresh",
    "new_version",
    "params",
    "rebuild_from_facts",
    "refresh",
    "relabel",
    "restamp",
    "stamp",
    "stamped",
    "unique_authors",
    "version",
]
