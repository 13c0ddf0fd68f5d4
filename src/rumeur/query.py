"""Reading mentions back: filters shared by the CLI, the report and the API.

The sentiment of a mention is the newest label of the best source that gave one: a
person's correction (``sentiment-human``, see :mod:`rumeur.labels`) over the accurate
model (``sentiment-accurate``) over the fast one (``sentiment-fast``).
:data:`SENTIMENT_SQL` is that choice, as a subquery to join on ``mention_id``; its
``sentiment_model`` says whose label it is (``sentiment-human@1``: a person's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from rumeur.errors import RumeurError
from rumeur.messages import Text
from rumeur.storage.base import Store
from rumeur.storage.search_labels import RANK_SQL, SENTIMENT_ROWS
from rumeur.suggest import unknown

# label sources by preference, best first (a person's correction beats every model),
# and the order of a mention's labels (rank, then time, as one BIGINT): see
# rumeur.storage.search_labels, which keeps a copy of the choice for search pages
_RANK = RANK_SQL
SENTIMENT_SQL = f"""
    SELECT mention_id,
           arg_max(label, {_RANK}) AS sentiment,
           arg_max(enricher || '@' || version, {_RANK}) AS sentiment_model
    FROM enrichments
    WHERE {SENTIMENT_ROWS}
    GROUP BY mention_id
"""

_SORTS = {  # the mention id last: ties come out in the same order every time
    "date": "m.created_at DESC, m.mention_id",
    "reach": "coalesce(m.views, m.author_followers, 0) DESC, m.created_at DESC, m.mention_id",
    "engagement": "coalesce(m.likes, 0) + coalesce(m.shares, 0) + coalesce(m.replies, 0) DESC, "
    "m.created_at DESC, m.mention_id",
    # the BM25 score of a search (see rumeur.storage.search), best first
    "relevance": "score DESC, m.mention_id",
}


@dataclass(frozen=True, slots=True)
class MentionFilter:
    search: str | None = None
    brand: str | None = None
    platform: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    sentiment: str | None = None
    language: str | None = None
    author: str | None = None
    unmatched: bool = False
    own: bool | None = None
    sort: str = "date"
    limit: int | None = 50
    #: skip the first N rows of the sorted result (pagination, with ``limit``)
    offset: int = 0
    #: only these mentions
    ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Parts:
    relation: str  # the search's (mention_id, score) subquery, "" without a search
    hits: str
    score: str
    where: str
    params: list[object]
    labels: str
    #: how many of ``params`` are the search relation's (they come first)
    n_rel: int = 0


_LABELS = f"""
    LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
    LEFT JOIN (SELECT mention_id, arg_max(label, created_at) AS label FROM enrichments
               WHERE enricher = 'language' GROUP BY mention_id) l
           ON l.mention_id = m.mention_id"""
#: the same, from the enrichments made since a time (two parameters: that time, twice)
_LABELS_SINCE = _LABELS.replace(
    "WHERE enricher IN (", "WHERE created_at >= ? AND enricher IN ("
).replace("WHERE enricher = 'language'", "WHERE created_at >= ? AND enricher = 'language'")


def _conditions(flt: MentionFilter) -> list[tuple[object, str]]:
    """The (value, condition) of each field of ``flt`` that filters (unmatched and ids
    aside)."""
    conditions: list[tuple[object, str]] = [
        (flt.brand, "list_contains(m.brands, ?)"),
        (flt.platform, "m.platform = ?"),
        (flt.since, "m.created_at >= ?"),
        (flt.until, "m.created_at < ?"),
        (flt.sentiment, "s.sentiment = ?"),
        (flt.language, "coalesce(l.label, m.language) = ?"),
        (flt.author, "lower(ltrim(m.author_handle, '@')) = lower(ltrim(?, '@'))"),
        (flt.own, "m.is_own_account = ?"),
    ]
    return [(v, c) for v, c in conditions if v is not None and v != ""]


def _search_only(flt: MentionFilter) -> bool:
    """A page of a search by relevance with no other filter (what :func:`_search_alone`
    says of its parts, from the filter alone)."""
    return bool(flt.search and flt.sort == "relevance" and flt.limit and not flt.unmatched
                and flt.ids is None and not _conditions(flt))  # fmt: skip


def _parts(store: Store, flt: MentionFilter) -> _Parts | None:
    """The joins and conditions of ``flt`` (None: a search with no term in it)."""
    if flt.sort not in _SORTS:
        raise RumeurError(
            unknown(Text("tri inconnu", "unknown sort"), flt.sort, _SORTS),
            hint=Text("au choix : " + ", ".join(_SORTS), "one of: " + ", ".join(_SORTS)),
        )
    where: list[str] = ["true"]
    params: list[object] = []
    rel = ""
    hits = ""  # the full-text search's matches and their score, joined on mention_id
    score = ""
    if flt.search:
        relation = store.search_relation(flt.search)
        if relation is None:  # only stop words or punctuation: nothing to look for
            return None
        rel = relation[0]
        hits = f"JOIN ({rel}) h ON h.mention_id = m.mention_id"
        score = ", h.score AS score"
        params.extend(relation[1])
    elif flt.sort == "relevance":
        raise RumeurError(
            Text(
                "--sort relevance : seulement avec --search",
                "--sort relevance: only with --search",
            )
        )
    n_rel = len(params)
    for value, condition in _conditions(flt):
        where.append(condition)
        params.append(value)
    if flt.unmatched:
        where.append("m.unmatched")
    if flt.ids is not None:
        where.append("list_contains(?, m.mention_id)")
        params.append(list(flt.ids))
    labels = _LABELS if flt.sentiment or flt.language else ""
    return _Parts(rel, hits, score, " AND ".join(where), params, labels, n_rel)


#: the newest (or oldest) value of a column of ``mentions``: a top-1 query, which DuckDB
#: answers from the row groups whose zone maps can hold it (0.7 ms of CPU on 10M
#: mentions), where ``max(column)`` reads the whole column (29 ms)
NEWEST_SQL = "SELECT {c} FROM mentions ORDER BY {c} DESC NULLS LAST LIMIT 1"
OLDEST_SQL = "SELECT {c} FROM mentions ORDER BY {c} ASC NULLS LAST LIMIT 1"


def time_bounds(store: Store, column: str = "created_at") -> tuple[Any, Any]:
    """The oldest and newest ``column`` of the stored mentions ((None, None) when there
    are none), as ``min()`` and ``max()`` would give them, from the zone maps."""
    assert column in ("created_at", "collected_at")
    return (store.scalar(OLDEST_SQL.format(c=column)),
            store.scalar(NEWEST_SQL.format(c=column)))  # fmt: skip


def _search_alone(flt: MentionFilter, p: _Parts) -> bool:
    """A search by relevance with no other filter: its page comes from the index alone."""
    return bool(p.relation and flt.sort == "relevance" and p.where == "true" and not p.labels)


def _engine_has(columns: str) -> bool:
    """Whether the search engine keeps every one of ``columns`` ("*": not all of them)."""
    from rumeur.storage.search_engine import COLUMNS

    wanted = {c.strip() for c in columns.split(",")} - {"mention_id"}
    return columns != "*" and wanted <= set(COLUMNS)


def _rows_of_hits(
    store: Store,
    top: list[tuple[str, float]],
    columns: str = "*",
    positions: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The mentions of a search's best hits (``columns`` of them; ``mention_id`` is
    always read), with their score, best first: read at the row positions the index
    keeps for them (a few vectors of the table read, not its whole id column), each
    checked against its id (those found there keep it as ``rumeur_position``, for
    :func:`_labels_of_hits`); those not found there (rows renumbered since the index
    took their positions, an index without them) by id. ``positions``: the hits' rows'
    positions, when known otherwise than from the index."""
    if not top:
        return []
    ids = [t[0] for t in top]
    if columns != "*":
        columns = ", ".join(dict.fromkeys(["mention_id", *map(str.strip, columns.split(","))]))
    if positions is None:
        positions = store.search_positions(ids)
    expected = {rid: mid for mid, rid in positions.items()}
    rows: list[dict[str, Any]] = []
    if expected:
        for r in store.query(
            f"SELECT rowid AS rumeur_position, {columns} FROM mentions "
            "WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [sorted(expected)],
        ):
            if expected[r["rumeur_position"]] == r["mention_id"]:
                rows.append(r)
    found = {r["mention_id"] for r in rows}
    if len(found) < len(ids):
        rows += _by_ids(store, "mentions", columns, [i for i in ids if i not in found])
    scores = dict(top)
    for r in rows:
        r["score"] = scores[r["mention_id"]]
    return sorted(rows, key=lambda r: (-r["score"], r["mention_id"]))


def _labels_of_hits(
    store: Store, rows: list[dict[str, Any]], *, scattered: bool = True
) -> list[dict[str, Any]]:
    """``rows`` of a search with their labels, as :func:`_with_labels` gives them:
    from the index's copy of the labels for the rows read with their position
    (``rumeur_position``), by :func:`_with_labels` for the others."""
    at: dict[str, int] = {}
    hashes: dict[str, int] = {}
    for r in rows:
        position = r.pop("rumeur_position", None)
        if position is not None:
            at[r["mention_id"]] = position
        if (h := r.pop("rumeur_hash", None)) is not None:  # the search engine keeps it
            hashes[r["mention_id"]] = h
    known = store.search_labels(at, hashes or None) if at else {}
    for r in rows:
        if (labels := known.get(r["mention_id"])) is not None:
            r["sentiment"], r["sentiment_model"], r["detected_language"] = labels
    _with_labels(store, [r for r in rows if r["mention_id"] not in known], scattered=scattered)
    return rows


def find_and_count(
    store: Store, flt: MentionFilter, columns: str = "*", *, fresh: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """:func:`find_mentions` and :func:`count_mentions` of ``flt``; a search by
    relevance gets both from one pass (alone: over its terms' postings; with filters
    on the mentions: over the postings joined with the filtered columns), and reads only
    ``columns`` of its mentions (with their labels and score). ``fresh``: the caller
    has just seen the search index fresh (the search engine need not look again)."""
    if _search_only(flt) and flt.limit and _engine_has(columns):
        # the search engine beside a large store, when it is in step
        found = store.search_engine_page(flt.search or "", limit=flt.limit,
                                         offset=flt.offset, fresh=fresh)  # fmt: skip
        if found is not None:
            return _finish(_labels_of_hits(store, found[1])), found[0]
    p = _parts(store, flt)
    if p is None:
        return [], 0
    if _search_alone(flt, p) and flt.limit:
        total, top = store.search_page(flt.search or "", limit=flt.limit, offset=flt.offset)
        return _finish(_labels_of_hits(store, _rows_of_hits(store, top, columns))), total
    if p.relation and flt.sort == "relevance" and not p.labels and flt.limit:
        return _filtered_search(store, flt, p, columns)
    return find_mentions(store, flt), count_mentions(store, flt)


def _filtered_search(
    store: Store, flt: MentionFilter, p: _Parts, columns: str
) -> tuple[list[dict[str, Any]], int]:
    """A search by relevance with filters on the mentions: the page's ids, scores and
    positions and the count from one query that reads only the filtered columns (at 10M,
    'panne' and a brand: 0.8 s of CPU, against 1.3 s for the page of whole rows and 0.6 s
    for the count apart), then the page's rows at their positions."""
    assert flt.limit
    # the matches once (materialized), then their page and their count: not
    # ``count(*) OVER ()`` beside the LIMIT, the plan DuckDB 1.5.5 failed on under
    # concurrent reads in _counted_page (invalidating the database); not seen failing
    # here in 386 filtered searches from 20 threads, but the failure is never worth it
    found = store.rows(
        f"WITH f AS MATERIALIZED (SELECT h.mention_id, h.score, m.rowid AS rid "
        f"FROM mentions m {p.hits} WHERE {p.where}) "
        f"SELECT mention_id, score, rid, (SELECT count(*) FROM f) FROM f m "
        f"ORDER BY {_SORTS['relevance']} LIMIT {int(flt.limit)} OFFSET {int(flt.offset)}",
        p.params,
    )
    if not found:  # none, or a page past the last one: the count alone
        return [], count_mentions(store, flt)
    top = [(str(mid), float(score)) for mid, score, _, _ in found]
    rows = _rows_of_hits(store, top, columns, {str(r[0]): int(r[2]) for r in found})
    return _finish(_labels_of_hits(store, rows)), int(found[0][3])


def count_mentions(store: Store, flt: MentionFilter) -> int:
    """How many mentions match ``flt`` (its sort, limit and offset aside)."""
    p = _parts(store, flt)
    if p is None:
        return 0
    if p.relation and p.where == "true" and not p.labels:  # the search alone
        return int(store.scalar(f"SELECT count(*) FROM ({p.relation})", p.params) or 0)
    sql = f"SELECT count(*) FROM mentions m {p.hits} {p.labels} WHERE {p.where}"
    return int(store.scalar(sql, p.params) or 0)


#: a date-sorted page is looked for first in the last hour before the newest mention
#: (or ``until``), then in wider windows (see :func:`_windowed`): a store is appended in
#: time order, so DuckDB's zone maps read only the recent row groups
_FIRST_WINDOW = timedelta(hours=1)
#: past this window, the whole store is read at once
_LAST_WINDOW = timedelta(days=400)
#: DuckDB's late materialization applies up to 50 rows (``late_materialization_max_rows``)
_TOP_N = 51


def find_mentions(store: Store, flt: MentionFilter, *, plain: bool = False) -> list[dict[str, Any]]:
    """Mentions matching ``flt``, with their sentiment and detected language (and their
    ``score`` with a search). ``plain``: in one query over the whole store, every label
    joined (the reference the faster plans are checked against; same rows)."""
    p = _parts(store, flt)
    if p is None:
        return []
    if plain:
        return _finish(_page(store, flt, p, with_labels=True))
    rows: list[dict[str, Any]] | None = None
    if flt.sort == "date" and flt.limit:
        rows = _windowed(store, flt, p)
        if rows is not None and p.labels:  # joined with the page already
            return _finish(rows)
    if p.labels:  # a filter on the labels: join them first (reads every label)
        return _finish(_page(store, flt, p, with_labels=True))
    if rows is None:
        rows = _page(store, flt, p)
    if p.relation:  # a search's hits: their labels from the index's copy, at their rows
        return _finish(_labels_of_hits(store, rows, scattered=flt.sort == "relevance"))
    return _finish(_with_labels(store, rows))


def _by_ids(store: Store, table: str, columns: str, ids: list[str]) -> list[dict[str, Any]]:
    """The rows of ``table`` (``mentions``, ``enrichments``) whose mention is one of
    ``ids`` (a page's worth): the id column alone is read to find them, then the rows by
    position. (A list of constants, ``mention_id IN ('…', …)``, is compared against every
    row: 5 s on 10M mentions; this takes 0.35 s there, the id column's scan. An ART index
    on ``mention_id`` answers in 2 ms but was rejected: see docs/search.md.)"""
    if not ids:
        return []
    return store.query(
        f"SELECT {columns} FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "
        "WHERE mention_id IN (SELECT unnest(?::VARCHAR[])))",
        [ids],
    )


def _windowed(store: Store, flt: MentionFilter, p: _Parts) -> list[dict[str, Any]] | None:
    """The date-sorted page of ``flt`` read from the newest mentions back: within a
    window before the newest one, widened (by the share of the page it held) until it
    holds the page or covers the filter's period; None: read the whole store. With
    filters, the window's matches are counted first (the filtered columns alone) and
    the page read once, in the window that holds it."""
    assert flt.limit
    newest = _first(store.stable_row(NEWEST_SQL.format(c="created_at")))  # None: no mention
    if newest is None:
        return []
    if flt.until is not None:
        newest = min(newest, flt.until)
    need = flt.limit + flt.offset
    window = _FIRST_WINDOW
    while window <= _LAST_WINDOW:
        bound = newest - window
        since = None
        if p.labels:
            # a filter on the labels: those of the window's mentions, made after their
            # collection (the enrichments before it are skipped by the zone maps)
            since = _first(store.stable_row(
                "SELECT min(collected_at) FROM mentions WHERE created_at >= ?", [bound]
            ))  # fmt: skip
        covers = flt.since is not None and bound <= flt.since
        if p.where == "true" and not p.labels:  # no filter: read the page directly
            rows = _page(store, flt, p, "m.created_at >= ?", (bound,))
            if len(rows) == flt.limit or covers:
                return rows
            found = len(rows) + flt.offset if rows else 0
        elif p.labels:  # a filter on the labels: the window's page and count at once
            rows, found = _counted_page(store, flt, p, bound, since, covers)
            if found >= need or covers:
                return rows
        else:
            found = _count(store, p, bound)
            if found >= need or covers:
                if not found:
                    return []
                return _page(store, flt, p, "m.created_at >= ?", (bound,))
        # the window held found of the need: widen it in proportion (x2 to x24)
        window *= min(24.0, max(2.0, 1.5 * need / found)) if found else 24.0
    return None


def _first(row: tuple[Any, ...]) -> Any:
    """The first value of a row (None: no row)."""
    return row[0] if row else None


def _count(store: Store, p: _Parts, bound: datetime) -> int:
    """How many mentions match ``p`` (no filter on the labels) since ``bound``."""
    sql = f"SELECT count(*) FROM mentions m {p.hits} WHERE {p.where} AND m.created_at >= ?"
    return int(store.scalar(sql, [*p.params, bound]) or 0)


def _counted_page(
    store: Store,
    flt: MentionFilter,
    p: _Parts,
    bound: datetime,
    labels_since: Any,
    covers: bool,
) -> tuple[list[dict[str, Any]], int]:
    """The page of ``flt`` among the mentions since ``bound`` with a filter on their
    labels (made since ``labels_since``; None: no mention there), and how many match
    there (when fewer than the page needs; else at least that many), in one pass over
    the window: its labels are gathered once, and the rows up to the page's end read
    (fewer: the window holds only those), where a count and a page apart gathered them
    twice (at 10M mentions the labels' join and its plan cost 8-10 ms of CPU a query,
    timed by hand).
    (``count(*) OVER ()`` beside the page's ``LIMIT`` would count them all, but DuckDB
    1.5.5 fails on that plan under concurrent reads, 'Attempted to access index 0 within
    vector of size 0', and a failure there invalidates the database for the whole
    process.) ``covers``: the window covers the filter's period (its page is wanted
    however short)."""
    assert flt.limit
    if labels_since is None:
        return [], 0
    if flt.language is None and not p.relation:
        got = _sentiment_page(store, flt, bound, labels_since, covers)
        if got is not None:
            return got
    params = [*p.params, bound]
    params[p.n_rel : p.n_rel] = [labels_since, labels_since]
    rows = store.query(
        f"SELECT m.*{p.score}, s.sentiment, s.sentiment_model, l.label AS detected_language "
        f"FROM mentions m {p.hits} {_LABELS_SINCE} WHERE {p.where} AND m.created_at >= ? "
        f"ORDER BY {_SORTS[flt.sort]} LIMIT {max(flt.offset + flt.limit, _TOP_N)}",
        params,
    )
    return rows[flt.offset : flt.offset + flt.limit], len(rows)


#: past this many labels made since a window's first collection, its sentiment filter
#: is left to DuckDB (:func:`_counted_page`) rather than chosen here
_CHOSEN_HERE = 3_000


def _sentiment_page(
    store: Store, flt: MentionFilter, bound: datetime, labels_since: Any, covers: bool
) -> tuple[list[dict[str, Any]], int] | None:
    """:func:`_counted_page` of a filter on the sentiment alone (no search, no language),
    its labels chosen here from those made since ``labels_since`` (a few thousand rows;
    None past :data:`_CHOSEN_HERE`), then the mentions of that sentiment read with the
    other filters: not at all when fewer of them were labelled since than the page
    needs (the window is too short); with no other filter, the rows up to the page's
    end in one query (as :func:`_counted_page`); with others, counted first and the
    page read only when the window holds it (or covers the period). The plan of the
    labels aggregated and joined in the query alone costs 3-4 ms of CPU at 10M."""
    assert flt.limit and flt.sentiment
    labels = store.rows(
        "SELECT mention_id, enricher, version, label, epoch_us(created_at) FROM enrichments "
        f"WHERE created_at >= ? AND ({SENTIMENT_ROWS} OR enricher = 'language') "
        f"LIMIT {_CHOSEN_HERE + 1}",
        [labels_since],
    )
    if len(labels) > _CHOSEN_HERE:
        return None
    best = _choose(labels)
    ids = [mid for (mid, language), b in best.items()
           if not language and b[1] == flt.sentiment]  # fmt: skip
    need = flt.offset + flt.limit
    if len(ids) <= flt.offset or (len(ids) < need and not covers):
        return [], len(ids)  # at most that many in the window
    rest = _parts(store, replace(flt, sentiment=None))
    assert rest is not None and not rest.labels
    these = "FROM mentions m SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS id) k ON k.id = m.mention_id"
    where = f"WHERE {rest.where} AND m.created_at >= ?"
    params = [ids, *rest.params, bound]
    if rest.where == "true":  # most of them in the window: the rows up to the page's end
        rows = store.query(
            f"SELECT m.* {these} {where} ORDER BY {_SORTS[flt.sort]} LIMIT {max(need, _TOP_N)}",
            params,
        )
        found, rows = len(rows), rows[flt.offset : need]
    else:
        found = int(store.scalar(f"SELECT count(*) {these} {where}", params) or 0)
        if found <= flt.offset or (found < need and not covers):
            return [], found
        rows = store.query(  # at least _TOP_N rows: see _page
            f"SELECT m.* {these} {where} ORDER BY {_SORTS[flt.sort]} "
            f"LIMIT {max(int(flt.limit), _TOP_N)} OFFSET {int(flt.offset)}",
            params,
        )[: flt.limit]
    for r in rows:
        _, r["sentiment"], r["sentiment_model"] = best[(r["mention_id"], False)]
        language = best.get((r["mention_id"], True))
        r["detected_language"] = language[1] if language else None
    return rows, found


def _page(
    store: Store,
    flt: MentionFilter,
    p: _Parts,
    bound: str = "",
    bound_params: tuple[Any, ...] = (),
    *,
    with_labels: bool = False,
) -> list[dict[str, Any]]:
    """One query for the page of ``flt`` (within ``bound``, a condition on ``m``; with
    every label joined: ``with_labels``)."""
    hits, score = p.hits, p.score
    where = f"{p.where} AND {bound}" if bound else p.where
    params = [*p.params, *bound_params]
    # a page within a window: at least _TOP_N rows, so that DuckDB does not use late
    # materialization (sort keys first, then the page's rows fetched again by row id,
    # which reads the window twice: 3 to 5 times the plain top-N's work on 10M mentions)
    wanted = flt.limit if not bound or not flt.limit else max(flt.limit, _TOP_N)
    limit = f"LIMIT {int(wanted)}" if wanted else ""
    if flt.offset:
        limit += f" OFFSET {int(flt.offset)}"
    if flt.sort == "relevance" and where == "true" and not with_labels and flt.limit:
        # the search alone: its best hits first, then read only those mentions
        return _rows_of_hits(
            store, store.search_hits(flt.search or "", limit=flt.limit, offset=flt.offset)
        )
    if with_labels:  # the plain plan (also the reference of the others)
        sql = f"""
            SELECT m.*{score}, s.sentiment, s.sentiment_model, l.label AS detected_language
            FROM mentions m {hits} {_LABELS}
            WHERE {where}
            ORDER BY {_SORTS[flt.sort]} {limit}
        """
    else:  # a search's rows with their positions, for the index's copy of the labels
        position = ", m.rowid AS rumeur_position" if hits else ""
        sql = f"SELECT m.*{score}{position} FROM mentions m {hits} WHERE {where} ORDER BY " \
              f"{_SORTS[flt.sort]} {limit}"  # fmt: skip
    rows = store.query(sql, params)
    return rows[: flt.limit] if wanted != flt.limit else rows


def _with_labels(
    store: Store, rows: list[dict[str, Any]], *, scattered: bool = False
) -> list[dict[str, Any]]:
    """``rows`` with their mentions' sentiment (and model) and detected language, chosen
    as :data:`SENTIMENT_SQL` chooses them, from one read of these mentions' enrichments:
    an enrichment is made after its mention was collected, so the rows older than the
    page's first collection are skipped (DuckDB's zone maps on ``created_at``); the
    enrichments of ``scattered`` rows (a search's best hits, from any time) are found
    by id."""
    if not rows:
        return rows
    ids = [r["mention_id"] for r in rows]
    collected = [r["collected_at"] for r in rows if r.get("collected_at") is not None]
    since = min(collected) if len(collected) == len(rows) and not scattered else None
    columns = "mention_id, enricher, version, label, created_at"
    found: list[Any]
    if since is None:
        found = [tuple(r.values()) for r in _by_ids(store, "enrichments", columns, ids)]
    else:
        found = store.rows(
            f"SELECT {columns} FROM enrichments WHERE created_at >= ? "
            "AND mention_id IN (SELECT unnest(?::VARCHAR[]))",
            [since, ids],
        )
    best = _choose(found)
    for r in rows:
        sentiment = best.get((r["mention_id"], False))
        language = best.get((r["mention_id"], True))
        r["sentiment"] = sentiment[1] if sentiment else None
        r["sentiment_model"] = sentiment[2] if sentiment else None
        r["detected_language"] = language[1] if language else None
    return rows


#: :data:`_RANK` in Python: a person's label over the accurate model over the fast one
_ENRICHER_RANK = {"sentiment-human": 3, "sentiment-accurate": 2, "sentiment-fast": 1,
                  "language": 0}  # fmt: skip


def _choose(
    found: list[Any],
) -> dict[tuple[str, bool], tuple[tuple[int, Any], str | None, str]]:
    """The labels :data:`SENTIMENT_SQL` and the newest detected language choose among
    ``found`` (rows of mention id, enricher, version, label, time): ``{(mention id,
    False): (key, sentiment, model), (mention id, True): (key, language, model)}``."""
    best: dict[tuple[str, bool], tuple[tuple[int, Any], str | None, str]] = {}
    for mention_id, enricher, version, label, created in found:
        if enricher not in _ENRICHER_RANK:
            continue
        key = (_ENRICHER_RANK[enricher], created)
        slot = (mention_id, enricher == "language")
        if slot not in best or key > best[slot][0]:
            best[slot] = (key, label, f"{enricher}@{version}")
    return best


def _finish(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from rumeur.labels import labelled_by

    for r in rows:
        r.pop("dedupe_key", None)
        r.pop("rumeur_position", None)
        r["labelled_by"] = labelled_by(r.get("sentiment_model"))  # "human": a person's label
    return rows
