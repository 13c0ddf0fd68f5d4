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

Beside a large store (where the search engine is kept, :mod:`.search_engine`) the copy
is also written to plain files, ``<store file>.labels/`` (:class:`LabelsFile`): one
fixed-width array per column, the labels as codes, read at the page's positions by
memory mapping (microseconds) instead of DuckDB's 50 scattered rows (~10 ms at 10M:
each in its own row group). It is the same copy: used only while its stamp names the
copy's state (``search_labels_state``), written when the copy is written, extended
when it is extended.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol

import duckdb
import numpy as np

from rumeur.files import write_atomic
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


def _state(con: _Con, known: bool = False) -> dict[str, Any] | None:
    """The copy's state (None: no copy); ``known``: the table was seen on this
    connection already (the look at the catalog, 1.5 ms at 10M, is skipped)."""
    if not known:
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


def keep_labels(con: _Con, *, rewrite: bool = False, file: Path | None = None) -> str:
    """After a refresh of the index: write the copy again (``rewrite``: the positions
    were taken again; or it cannot be used; or too many labels were made since), else
    add the positions of the mentions stored since; what was done. ``file``: the
    folder of its files (kept in step; None: none kept, any there deleted)."""
    before = _state(con)
    done = _keep_labels(con, before, rewrite)
    if file is None:
        return done
    st = _state(con)
    if st is None:
        LabelsFile.drop(file)
    elif done == "extended" and LabelsFile.stamp(file) == _key(before):
        LabelsFile.extend(con, file, _key(st), int(before["positions"]) if before else 0)
    elif LabelsFile.stamp(file) != _key(st):
        LabelsFile.write(con, file, _key(st))
    return done


def _key(st: dict[str, Any] | None) -> str:
    """What names a state of the copy (a write or an extension changes it)."""
    if not st:
        return ""
    newest = st["newest"].isoformat() if isinstance(st["newest"], datetime) else st["newest"]
    return f"{st['enrichments']}|{newest}|{st['positions']}|{st['duckdb']}"


def _keep_labels(con: _Con, st: dict[str, Any] | None, rewrite: bool) -> str:
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


#: an absent BIGINT in the files (the keys are microseconds since 1970 plus a rank: > 0)
_NONE = np.iinfo(np.int64).min
#: the files' columns: name, numpy type, and how the copy's column is written in them
_FILE_COLUMNS = (
    ("h", np.uint64, "coalesce(h, 0)"),
    ("skey", np.int64, f"coalesce(skey, {_NONE})"),
    ("sentiment", np.int16, "sentiment_code"),
    ("smodel", np.int16, "smodel_code"),
    ("lkey", np.int64, f"coalesce(lkey, {_NONE})"),
    ("language", np.int16, "language_code"),
)
#: what :meth:`LabelsFile.read` gives: the length, the coded columns' values, the columns
_Read = tuple[int, dict[str, list[Any]], dict[str, np.ndarray]]
#: the copy's text columns, written as their place in a list of the values (0: NULL)
_CODED = ("sentiment", "smodel", "language")


class LabelsFile:
    """The copy of the labels as fixed-width files, for reading at row positions
    without DuckDB. One folder: ``<column>.bin`` (native byte order, one value per
    position) and ``meta.json`` (the copy's state it holds, its length, the values of
    the coded columns). Opened files are kept per process (memory-mapped, shared by
    the threads) until the stamp changes."""

    _open: ClassVar[dict[str, tuple[str, _Read]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @staticmethod
    def path_for(store_path: Path) -> Path:
        return store_path.with_name(store_path.name + ".labels")

    @staticmethod
    def _meta(folder: Path) -> dict[str, Any] | None:
        try:
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    @classmethod
    def stamp(cls, folder: Path) -> str | None:
        meta = cls._meta(folder)
        return None if meta is None else str(meta.get("state"))

    @classmethod
    def drop(cls, folder: Path) -> None:
        (folder / "meta.json").unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        cls._open.pop(str(folder), None)

    @staticmethod
    def _save_meta(folder: Path, meta: dict[str, Any]) -> None:
        write_atomic(folder / "meta.json", json.dumps(meta))

    @classmethod
    def _rows(cls, con: _Con, first: int, vocab: dict[str, list[Any]]) -> dict[str, np.ndarray]:
        """The copy's rows from position ``first`` on, as the files' columns."""
        cols = ", ".join(
            f"coalesce(list_position(?::VARCHAR[], {c}), 0)::SMALLINT AS {c}_code" for c in _CODED
        )
        sql = (f"SELECT {', '.join(f'{w} AS {n}' for n, _t, w in _FILE_COLUMNS)} FROM "
               f"(SELECT *, {cols} FROM search_labels WHERE rowid >= {int(first)} "
               "ORDER BY rowid)")  # fmt: skip
        got = con.execute(sql, [vocab[c] for c in _CODED]).fetchnumpy()
        return {n: np.asarray(got[n], dtype=t) for n, t, _w in _FILE_COLUMNS}

    @classmethod
    def write(cls, con: _Con, folder: Path, key: str) -> None:
        """Write the files of the copy as it now is (its state ``key``)."""
        cls.drop(folder)
        folder.mkdir(parents=True)
        vocab = {c: [r[0] for r in con.execute(
            f"SELECT DISTINCT {c} FROM search_labels WHERE {c} IS NOT NULL ORDER BY 1"
        ).fetchall()] for c in _CODED}  # fmt: skip
        columns = cls._rows(con, 0, vocab)
        for name, array in columns.items():
            array.tofile(folder / f"{name}.bin")
        cls._save_meta(folder, {"state": key, "length": len(columns["h"]), "vocab": vocab})

    @classmethod
    def extend(cls, con: _Con, folder: Path, key: str, first: int) -> None:
        """Add the copy's rows from position ``first`` on (an extension: the mentions
        stored since, with no labels of their own in the copy)."""
        meta = cls._meta(folder)
        if meta is None or int(meta["length"]) != first:
            cls.write(con, folder, key)
            return
        (folder / "meta.json").unlink()  # out of step while it grows
        columns = cls._rows(con, first, meta["vocab"])
        for name, array in columns.items():
            with open(folder / f"{name}.bin", "ab") as f:
                array.tofile(f)
        meta.update(state=key, length=first + len(columns["h"]))
        cls._save_meta(folder, meta)
        cls._open.pop(str(folder), None)

    @classmethod
    def read(cls, folder: Path, key: str) -> _Read | None:
        """The files' length, coded values and columns, if they hold the state ``key``."""
        found = cls._open.get(str(folder))
        if found is None or found[0] != key:
            with cls._lock:
                meta = cls._meta(folder)
                if meta is None or meta.get("state") != key:
                    return None
                n = int(meta["length"])
                arrays: dict[str, np.ndarray] = {}
                try:
                    for name, t, _w in _FILE_COLUMNS if n else ():
                        arrays[name] = np.memmap(folder / f"{name}.bin", dtype=t, mode="r",
                                                 shape=(n,))  # fmt: skip
                except (OSError, ValueError):
                    return None
                read: _Read = (n, meta["vocab"], arrays)
                cls._open[str(folder)] = (key, read)
                return read
        return found[1]


def _from_file(
    folder: Path, st: dict[str, Any], positions: set[int]
) -> dict[int, tuple[Any, ...]] | None:
    """The copy's rows at ``positions`` from its files, as its table gives them (None:
    the files do not hold the copy's state)."""
    got = LabelsFile.read(folder, _key(st))
    if got is None:
        return None
    n, vocab, a = got

    def key(v: Any) -> int | None:
        return None if int(v) == _NONE else int(v)

    def text(column: str, code: Any) -> Any:
        return vocab[column][int(code) - 1] if int(code) else None

    return {
        p: (p, int(a["h"][p]), key(a["skey"][p]), text("sentiment", a["sentiment"][p]),
            text("smodel", a["smodel"][p]), key(a["lkey"][p]), text("language", a["language"][p]))
        for p in positions if p < n
    }  # fmt: skip


def labels_at(
    con: _Con,
    positions: dict[str, int],
    *,
    file: Path | None = None,
    known: bool = False,
    hashes: dict[str, int] | None = None,
) -> dict[str, tuple[Any, Any, Any]]:
    """``{mention_id: (sentiment, model, detected language)}`` of the mentions read at
    ``positions`` (``{mention_id: row position}``, each checked already against the
    mention row there) that the copy answers; the others ({} when the copy cannot be
    used) are read by id. ``file``: the copy's files, read instead of its table when
    they hold its state; ``known``: the copy's table was seen on this connection;
    ``hashes``: DuckDB's ``hash()`` of the ids, when known (else asked of DuckDB)."""
    if not positions:
        return {}
    st = _state(con, known)
    usable, _ = _usable(con, st)
    if not usable or st is None:
        return {}
    inside = {m: p for m, p in positions.items() if p < int(st["positions"])}
    if not inside:
        return {}
    if hashes is None or not set(inside) <= set(hashes):
        sql = "SELECT x, hash(x) FROM unnest(?::VARCHAR[]) t(x)"
        hashes = dict(_run(con, sql, [list(inside)]).fetchall())
    by_position = _from_file(file, st, set(inside.values())) if file is not None else None
    if by_position is None:
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
    "LabelsFile",
    "keep_labels",
    "labels_at",
    "write_labels",
]
