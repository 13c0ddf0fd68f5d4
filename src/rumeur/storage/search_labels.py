"""The labels of the indexed mentions, kept by row position for the pages of a search.

A page of search hits lies anywhere in the store, so its mentions' labels (sentiment,
detected language) cannot be found by the zone maps of ``enrichments``: reading them by
id is a scan of that table's id column (251 ms of a 400 ms search at 10M mentions). This
module keeps a copy of every mention's chosen labels in ``search_labels``, one row per
row position of ``mentions`` (the row of position ``p`` is ``search_labels``'s row
``p``), read at the positions of the page's mentions like the mentions themselves.

``search_labels``        ``rid`` (the mention's position), ``h`` (``hash(mention_id)``
                         of the mention there when written: a row is used only when it
                         matches the mention read at that position), the chosen sentiment
                         (``skey``, its rank and time as in :data:`RANK_SQL`; the label;
                         the model), and the newest detected language (``lkey``, label)
``search_labels_state``  how many enrichments there were when it was written, the newest
                         one's time, how many positions it covers, DuckDB's version (its
                         ``hash`` may differ in another one)

Labels made since it was written (the accurate tier, a person's correction, the
mentions stored since) are read from ``enrichments`` by time (``created_at`` after the
newest one then: the zone maps skip the older row groups) and weighed against the copy's,
so a page shows exactly what :data:`rumeur.query.SENTIMENT_SQL` chooses. The copy is
used only while ``enrichments`` holds exactly its rows plus those made since (a deletion,
or a label written with an earlier clock, and the page is read by id as before); the
refresh of the search index writes it again then, when the mentions' positions were
taken again, and when the labels made since pass :data:`TAIL_ROWS` (the page would read
too many of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import duckdb

from rumeur.storage.literals import inline

#: the sentiment label sources, best first (a person's correction beats every model)
SENTIMENT_ENRICHERS = ("sentiment-human", "sentiment-accurate", "sentiment-fast")

#: the order of a mention's sentiment labels, best last: the source's rank, then the time
#: (``enrichments.created_at`` is NOT NULL), as one BIGINT, rank × 10^17 + microseconds
#: since 1970 (a ``(rank, created_at)`` struct gives the same order; DuckDB's arg_max
#: compares it 1.1 to 1.3 times slower, on the explorer's filtered pages at 10M)
RANK_SQL = (
    "(CASE enricher WHEN 'sentiment-human' THEN 3 WHEN 'sentiment-accurate' THEN 2 ELSE 1 END)"
    "::BIGINT * 100000000000000000 + epoch_us(created_at)"
)
#: the condition on ``enrichments`` that keeps the sentiment labels
SENTIMENT_ROWS = "enricher IN (" + ", ".join(f"'{e}'" for e in SENTIMENT_ENRICHERS) + ")"

#: past this many label rows made since the copy was written (and past 2 % of its rows),
#: the next refresh writes it again
TAIL_ROWS = 20_000
TAIL_SHARE = 0.02


class _Con(Protocol):
    def execute(self, sql: str, params: Any = None) -> Any: ...


def _run(con: _Con, sql: str, params: Sequence[Any] | None = None) -> Any:
    """``sql`` with its parameters written in as literals (see :mod:`.literals`: the
    client would search ``sys.path`` for pandas for each value, 0.3 ms a value)."""
    return con.execute(*inline(sql, params))


def _extent(con: _Con) -> int:
    """One past the highest row position of ``mentions`` (0: none)."""
    row = _run(con, "SELECT max(rowid) FROM mentions").fetchone()
    return 0 if row is None or row[0] is None else int(row[0]) + 1


def _rows_sql(first: str, last: str) -> str:
    """The copy's rows for positions [first, last), in position order, with every
    mention's labels (a whole write)."""
    return f"""
        SELECT g.rid, hash(m.mention_id) AS h, s.skey, s.sentiment, s.smodel, l.lkey,
               l.language
        FROM range({first}, {last}) g(rid)
        LEFT JOIN (SELECT rowid AS rid, mention_id FROM mentions) m USING (rid)
        LEFT JOIN (
            SELECT mention_id, max({RANK_SQL}) AS skey, arg_max(label, {RANK_SQL}) AS sentiment,
                   arg_max(enricher || '@' || version, {RANK_SQL}) AS smodel
            FROM enrichments WHERE {SENTIMENT_ROWS} GROUP BY mention_id
        ) s USING (mention_id)
        LEFT JOIN (
            SELECT mention_id, max(epoch_us(created_at)) AS lkey,
                   arg_max(label, epoch_us(created_at)) AS language
            FROM enrichments WHERE enricher = 'language' GROUP BY mention_id
        ) l USING (mention_id)
        ORDER BY g.rid
    """


def write_labels(con: _Con) -> None:
    """Write the copy again, for every row position of the mentions (inside the
    refresh's transaction: a reader sees the old copy or the new one)."""
    extent = _extent(con)
    _run(con, f"CREATE OR REPLACE TABLE search_labels AS {_rows_sql('0', str(extent))}")
    _run(
        con,
        "CREATE OR REPLACE TABLE search_labels_state AS SELECT "
        "(SELECT count(*) FROM enrichments) AS enrichments, "
        "(SELECT max(created_at) FROM enrichments) AS newest, "
        "?::BIGINT AS positions, ?::VARCHAR AS duckdb",
        [extent, duckdb.__version__],
    )


def _state(con: _Con) -> dict[str, Any] | None:
    exists = _run(
        con,
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'search_labels_state' "
        "AND schema_name = 'main' AND database_name = current_database()",
    ).fetchone()
    if not exists or not exists[0]:
        return None
    cur = _run(con, "SELECT enrichments, newest, positions, duckdb FROM search_labels_state")
    row = cur.fetchone()
    keys = ("enrichments", "newest", "positions", "duckdb")
    return None if row is None else dict(zip(keys, row, strict=True))


def _since(con: _Con, newest: datetime | None) -> tuple[int, int]:
    """How many enrichments there are, and how many were made after ``newest`` (the
    zone maps of ``created_at`` skip the row groups before it)."""
    if newest is None:  # none then
        total = int(_run(con, "SELECT count(*) FROM enrichments").fetchone()[0])
        return total, total
    row = _run(
        con,
        "SELECT (SELECT count(*) FROM enrichments), "
        "(SELECT count(*) FROM enrichments WHERE created_at > ?)",
        [newest],
    ).fetchone()
    return int(row[0]), int(row[1])


def _usable(con: _Con, st: dict[str, Any] | None) -> tuple[bool, int]:
    """Whether the copy plus the labels made since are every label (and how many were
    made since)."""
    if st is None or st["duckdb"] != duckdb.__version__:
        return False, 0
    total, since = _since(con, st["newest"])
    return total == int(st["enrichments"]) + since, since


def keep_labels(con: _Con, *, rewrite: bool = False) -> str:
    """After a refresh of the index: write the copy again (``rewrite``: the positions
    were taken again; or it cannot be used; or too many labels were made since), else
    add the positions of the mentions stored since; what was done."""
    st = _state(con)
    usable, since = _usable(con, st)
    if (rewrite or not usable or st is None
            or since > max(TAIL_ROWS, TAIL_SHARE * int(st["positions"]))):  # fmt: skip
        write_labels(con)
        return "written"
    extent = _extent(con)
    if extent > int(st["positions"]):  # mentions stored since: their labels come after
        # their rows: the mention's hash alone; their labels were all made since the
        # copy was written (after the mention was stored), and are read as such
        _run(
            con,
            "INSERT INTO search_labels SELECT g.rid, hash(m.mention_id), NULL, NULL, NULL, "
            "NULL, NULL FROM range(?, ?) g(rid) LEFT JOIN (SELECT rowid AS rid, mention_id "
            "FROM mentions WHERE rowid >= ?) m USING (rid) ORDER BY g.rid",
            [int(st["positions"]), extent, int(st["positions"])],
        )
        _run(con, "UPDATE search_labels_state SET positions = ?", [extent])
        return "extended"
    return "kept"


def labels_at(con: _Con, positions: dict[str, int]) -> dict[str, tuple[Any, Any, Any]]:
    """``{mention_id: (sentiment, model, detected language)}`` of the mentions read at
    ``positions`` (``{mention_id: row position}``, each checked already against the
    mention row there) that the copy answers; the others ({} when the copy cannot be
    used) are read by id."""
    if not positions:
        return {}
    st = _state(con)
    usable, _ = _usable(con, st)
    if not usable or st is None:
        return {}
    inside = {m: p for m, p in positions.items() if p < int(st["positions"])}
    if not inside:
        return {}
    sql = "SELECT x, hash(x) FROM unnest(?::VARCHAR[]) t(x)"
    hashes = dict(_run(con, sql, [list(inside)]).fetchall())
    by_position = {
        int(r[0]): r
        for r in _run(
            con,
            "SELECT rowid, h, skey, sentiment, smodel, lkey, language FROM search_labels "
            "WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [sorted(set(inside.values()))],
        ).fetchall()
    }
    best: dict[str, list[Any]] = {}
    for mid, p in inside.items():
        r = by_position.get(p)
        if r is not None and r[1] == hashes.get(mid):
            best[mid] = [r[2], r[3], r[4], r[5], r[6]]
    if best:  # the labels made since the copy was written
        after = "" if st["newest"] is None else "created_at > ? AND "
        for mid, enricher, version, label, skey, lkey in _run(
            con,
            f"SELECT mention_id, enricher, version, label, {RANK_SQL}, epoch_us(created_at) "
            f"FROM enrichments WHERE {after}({SENTIMENT_ROWS} OR enricher = 'language') "
            "AND mention_id IN (SELECT unnest(?::VARCHAR[]))",
            [*([st["newest"]] if after else []), list(best)],
        ).fetchall():
            b = best[mid]
            if enricher == "language":
                if b[3] is None or lkey > b[3]:
                    b[3], b[4] = lkey, label
            elif b[0] is None or skey > b[0]:
                b[0], b[1], b[2] = skey, label, f"{enricher}@{version}"
    return {mid: (b[1], b[2], b[4]) for mid, b in best.items()}


__all__ = [
    "RANK_SQL",
    "SENTIMENT_ENRICHERS",
    "SENTIMENT_ROWS",
    "keep_labels",
    "labels_at",
    "write_labels",
]
