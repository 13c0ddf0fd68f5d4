"""Staging: turning a file or collected items into rows of text columns.

A *stage* is a SQL relation with :data:`~rumeur.ingest.formats.STAGE_COLUMNS` plus
``line`` (where the row was) and ``problem`` (why it cannot be read, if so); JSON stages
also carry ``payload``, the item as received.

- CSV and Parquet: :func:`table_source` returns a subquery over DuckDB's own reader,
  so the file is read once, in parallel, without being copied into Python.
- JSON(L) and collected items: :func:`json_rows` parses in Python and
  :func:`append_rows` loads the rows into the ``stage`` temp table in Arrow batches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from rumeur.errors import ImportFileError
from rumeur.ingest import columns, formats, sniff
from rumeur.ingest.reasons import stored
from rumeur.ingest.sql import ident, lit, text
from rumeur.messages import Text
from rumeur.storage.base import Store

#: the staging columns: those of the normalisers, the account's creation date (any
#: date form, parsed like ``created_at``), ``extra`` (JSON text: the columns Rumeur
#: does not know, kept as read) and ``is_own_account`` (a connector's word that the
#: brand wrote it: its own page's posts and answers; else own_accounts decides)
COLUMNS = (*formats.STAGE_COLUMNS, "author_created_at", "extra", "is_own_account")
STAGE_TABLE_COLUMNS = (*COLUMNS, "payload", "line", "problem")


@dataclass(frozen=True, slots=True)
class TableSource:
    """A CSV/Parquet file as a SQL relation, and how to get a row back as JSON."""

    relation: str  # SELECT ... FROM read_csv(...) with STAGE_COLUMNS, line, problem
    #: the same without line numbers (``line`` is NULL): numbering the rows of a file
    #: takes an ordered, single-threaded scan, so only the quarantine pass pays for it
    unnumbered: str
    default_platform: str  # for rows whose platform Rumeur does not know
    payload_sql: str  # SELECT line, payload FROM ... (the whole row as JSON), for quarantine
    rejects: str | None  # temp table of rows DuckDB's CSV reader could not parse
    #: the file's columns Rumeur does not know (kept in ``extra``), in the file's order
    extra_columns: tuple[str, ...] = ()


def check_mapping(path: Path, mapping: Mapping[str, str], headers: Sequence[str]) -> None:
    if "text" not in mapping:
        raise ImportFileError(
            Text(
                f"{path} : aucune colonne ne contient le texte (colonnes : {', '.join(headers)})",
                f"{path}: no column holds the text (columns: {', '.join(headers)})",
            ),
            hint=Text("nommez-la avec --map text=COLONNE", "name it with --map text=COLUMN"),
        )
    if "created_at" not in mapping:
        raise ImportFileError(
            Text(
                f"{path} : aucune colonne ne contient la date (colonnes : {', '.join(headers)})",
                f"{path}: no column holds the date (columns: {', '.join(headers)})",
            ),
            hint=Text(
                "nommez-la avec --map created_at=COLONNE", "name it with --map created_at=COLUMN"
            ),
        )


def table_source(
    store: Store,
    path: Path,
    read_path: Path,
    kind: sniff.FileKind,
    overrides: Mapping[str, str],
    platform: str | None,
    *,
    line_column: str | None = None,
) -> TableSource:
    """The stage relation of a CSV (already UTF-8 at ``read_path``) or Parquet file.

    ``line_column``: a column of the file that holds each row's line (a file written by
    :func:`rumeur.ingest.csvrows.split_rows`), instead of numbering the rows."""
    rejects = None
    if kind.format == "parquet":
        reader = f"read_parquet({lit(str(read_path))})"
        first_line = 1
    else:
        rejects = "csv_rejects"
        store.execute("DROP TABLE IF EXISTS temp.csv_rejects")
        store.execute("DROP TABLE IF EXISTS temp.csv_scans")
        # strict: a row with more cells than the header is set aside, not cut short
        delim = "," if line_column else (kind.delimiter or ",")
        reader = (
            f"read_csv({lit(str(read_path))}, delim={lit(delim)}, "
            "header=true, all_varchar=true, quote='\"', escape='\"', strict_mode=true, "
            "store_rejects=true, rejects_table='csv_rejects', rejects_scan='csv_scans', "
            f"max_line_size={16_000_000 if line_column else 4_000_000})"
        )
        first_line = 2  # after the header
    # (a duckdb.Error here goes up: the caller reads a CSV row by row instead)
    headers = store.columns(f"SELECT * FROM {reader}")
    if line_column:
        headers.remove(line_column)
    mapping = columns.guess_mapping(headers, overrides)
    check_mapping(path, mapping, headers)
    select = []
    default = platform or ("reviews" if "rating" in mapping else "other")
    known = set(mapping.values())
    extra = tuple(h for h in headers if h not in known)
    for col in COLUMNS:
        if col == "platform" and col not in mapping:
            select.append(f"{lit(default)} AS platform")
        elif col in mapping:
            select.append(f"CAST(t.{ident(mapping[col])} AS VARCHAR) AS {col}")
        elif col == "extra" and extra:
            select.append(f"{extra_json_sql(extra)} AS extra")
        else:
            select.append(f"CAST(NULL AS VARCHAR) AS {col}")
    line = (
        f"CAST(t.{ident(line_column)} AS BIGINT)"
        if line_column
        else f"row_number() OVER () + {first_line - 1}"
    )

    def relation(line_sql: str) -> str:
        return (
            f"(SELECT {', '.join(select)}, {line_sql} AS line, CAST(NULL AS VARCHAR) AS problem "
            f"FROM {reader} t)"
        )

    payload = "CAST(to_json(t) AS VARCHAR)"
    if line_column:  # the first column: left out of the row as received
        lead = '^[{]"' + line_column + '":"[0-9]+",?'
        payload = f"regexp_replace({payload}, {lit(lead)}, '{{')"
    payload_sql = f"SELECT {line} AS line, {payload} AS payload FROM {reader} t"
    unnumbered = relation(line if line_column else "CAST(NULL AS BIGINT)")
    return TableSource(relation(line), unnumbered, default, payload_sql, rejects, extra)


def extra_json_sql(headers: Sequence[str]) -> str:
    """SQL of a row's unknown columns as a JSON object (text), empty cells left out;
    NULL when all are empty."""
    entries = ", ".join(
        f"struct_pack(k := {lit(h)}, v := CAST(t.{ident(h)} AS VARCHAR))" for h in headers
    )
    return (
        f"nullif(CAST(to_json(map_from_entries(list_filter([{entries}], "
        "e -> e.v IS NOT NULL AND e.v <> ''))) AS VARCHAR), '{}')"
    )


def create_stage_table(store: Store) -> None:
    store.execute("DROP TABLE IF EXISTS temp.stage")
    cols = ", ".join(f"{c} VARCHAR" for c in COLUMNS)
    store.execute(
        f"CREATE TEMP TABLE stage ({cols}, payload VARCHAR, line BIGINT, problem VARCHAR)"
    )


def append_rows(store: Store, rows: list[dict[str, Any]]) -> None:
    """Load staging rows into the ``stage`` temp table."""
    if not rows:
        return
    append_columns(store, {n: [r.get(n) for r in rows] for n in STAGE_TABLE_COLUMNS})


def append_columns(store: Store, columns: Mapping[str, Sequence[Any]]) -> None:
    """Load staging rows given column by column (equal lengths; a column of
    :data:`STAGE_TABLE_COLUMNS` not given is all NULL) into the ``stage`` temp table."""
    n = max((len(v) for v in columns.values()), default=0)
    if not n:
        return
    nulls = [None] * n
    table = pa.table({
        c: pa.array(columns.get(c, nulls), type=pa.int64() if c == "line" else pa.string())
        for c in STAGE_TABLE_COLUMNS
    })  # fmt: skip
    with store.registered("_stage_batch", table):
        store.execute(
            f"INSERT INTO stage SELECT {', '.join(STAGE_TABLE_COLUMNS)} FROM _stage_batch"
        )


class _JsonMapper:
    """Turns one JSON object into a staging row (Mastodon, Bluesky or generic)."""

    def __init__(
        self,
        path: Path,
        overrides: Mapping[str, str],
        platform: str | None,
        extra_columns: dict[str, None],
    ) -> None:
        self.path = path
        self.platform = platform
        self.generic: dict[str, str] | None = dict(overrides) if overrides else None
        self.extra_columns = extra_columns  # keys kept in ``extra``, first seen first

    def row(self, obj: Any, line: int, payload: str) -> dict[str, Any]:
        if not isinstance(obj, Mapping):
            return {"payload": payload, "line": line, "problem": stored("not_json_object")}
        shape = (
            "Mastodon status" if formats.is_mastodon_status(obj)
            else "Bluesky post" if formats.is_bluesky_post(obj) else None
        )  # fmt: skip
        if shape is not None:
            # a record of that shape with a field of the wrong type (an account that is
            # not an object...) is one bad row, quarantined, not a failed file
            try:
                got = (formats.mastodon_row if shape == "Mastodon status"
                       else formats.bluesky_row)(obj)  # fmt: skip
            except (AttributeError, TypeError, ValueError, KeyError) as exc:
                problem = stored(
                    "malformed_mastodon" if shape == "Mastodon status" else "malformed_bluesky",
                    error=f"{type(exc).__name__}: {exc}"[:250],
                )
                return {"payload": payload, "line": line, "problem": problem}
            row: dict[str, Any] = {k: v if v is None or isinstance(v, str) else text(v)
                                   for k, v in got.items()}  # fmt: skip
        else:
            flat = formats.flatten(obj)
            if self.generic is None or not {"text", "created_at"} <= self.generic.keys():
                self.generic = columns.guess_mapping(flat.keys(), self.generic or {})
                check_mapping(self.path, self.generic, list(flat))
            row = {c: text(flat.get(self.generic[c])) if c in self.generic else None
                   for c in COLUMNS}  # fmt: skip
            row["platform"] = row["platform"] or self.platform or "other"
            known = set(self.generic.values())
            extra = {k: v for k, v in flat.items() if k not in known and v not in (None, "")}
            if extra:
                row["extra"] = orjson.dumps(extra).decode()
                self.extra_columns.update(extra)
        if self.platform and row.get("platform") in (None, "other"):
            row["platform"] = self.platform
        row.update(payload=payload, line=line, problem=None)
        return row


def json_rows(
    path: Path,
    kind: sniff.FileKind,
    overrides: Mapping[str, str],
    platform: str | None,
    extra_columns: dict[str, None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Staging rows of a JSON or JSON Lines file; a malformed line is a row with a problem.
    The keys of generic records kept in ``extra`` are added to ``extra_columns``."""
    mapper = _JsonMapper(path, overrides, platform, {} if extra_columns is None else extra_columns)
    with sniff.read_text_lines(path, kind.encoding) as fh:
        if kind.format == "json":
            try:
                doc = orjson.loads(fh.read())
            except orjson.JSONDecodeError as exc:
                raise ImportFileError(
                    Text(f"{path} : JSON invalide : {exc}", f"{path}: not valid JSON: {exc}"),
                    hint=Text(
                        "pour un objet par ligne, nommez le fichier .jsonl",
                        "for one object per line, name the file .jsonl",
                    ),
                ) from exc
            for i, obj in enumerate(formats.unwrap(doc), 1):
                yield mapper.row(obj, i, orjson.dumps(obj).decode())
            return
        for lineno, raw in enumerate(fh, 1):
            line_text = raw.strip()
            if not line_text:
                continue
            try:
                doc = orjson.loads(line_text)
            except orjson.JSONDecodeError as exc:
                problem = stored("malformed_json", error=exc)
                yield {"payload": line_text, "line": lineno, "problem": problem}
                continue
            objs = list(formats.unwrap(doc))
            for obj in objs:
                payload = line_text if len(objs) == 1 else orjson.dumps(obj).decode()
                yield mapper.row(obj, lineno, payload)
