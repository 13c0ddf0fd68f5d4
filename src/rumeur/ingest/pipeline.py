"""Import: files and collected items -> raw items, mentions and quarantine, atomically.

Every source goes through the same two steps:

1. *stage*: rows of text columns (:data:`~rumeur.ingest.formats.STAGE_COLUMNS`) plus the
   item as received (``payload``) and where it was (``line``). CSV and Parquet are staged
   by DuckDB itself, straight from the file; JSON(L) and connector items by Python.
2. *finalise* (:meth:`Ingestor._finalise`), in SQL: parse dates and numbers, send
   unreadable rows to ``quarantine`` with their reason, match brands, compute the dedupe
   key, then append the new raw items and the new mentions.

Both steps of one file run in one transaction: a crash (even ``kill -9``) leaves the
store as it was, and running the same command again gives exactly one clean import.
Dedupe: ``platform:external_id``; without an id, a fingerprint of the folded text, the
author and the minute. Importing the same file twice adds nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from rumeur.config import Project
from rumeur.errors import ImportFileError
from rumeur.ingest import columns, dates, formats, sniff
from rumeur.ingest.brands import BrandMatcher
from rumeur.records import MENTION_COLUMNS, PLATFORMS, Mention, utcnow
from rumeur.storage.duckdb import DuckDBStore

_BATCH = 50_000
_PLATFORM_ALIASES = {
    "x": "twitter", "x.com": "twitter", "twitter.com": "twitter", "tweet": "twitter",
    "fb": "facebook", "facebook.com": "facebook", "insta": "instagram", "ig": "instagram",
    "yt": "youtube", "youtube.com": "youtube", "reddit.com": "reddit", "bsky": "bluesky",
    "google": "reviews", "google reviews": "reviews", "avis google": "reviews",
    "trustpilot": "reviews", "avis verifies": "reviews", "tripadvisor": "reviews",
    "app store": "reviews", "google play": "reviews", "play store": "reviews",
    "presse": "news", "press": "news", "web": "news", "blog": "news", "forums": "forum",
}  # fmt: skip

Progress = Callable[[str], None]


@dataclass(slots=True)
class ImportResult:
    """What one import did; ``quarantined`` counts rows set aside (see ``rumeur quarantine``)."""

    origin: str
    import_id: str
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    quarantined: int = 0
    unmatched: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.origin, "import_id": self.import_id, "rows": self.rows,
            "imported": self.imported, "duplicates": self.duplicates,
            "quarantined": self.quarantined, "unmatched": self.unmatched,
            "quarantine_reasons": self.reasons,
        }  # fmt: skip


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class Ingestor:
    """Imports into one store for one project (brands, time zone)."""

    def __init__(self, store: DuckDBStore, project: Project) -> None:
        self.store = store
        self.project = project
        self.matcher = BrandMatcher(project.brands)
        self._reference: datetime = utcnow()
        con = store.con
        with contextlib.suppress(duckdb.Error):
            con.remove_function("rumeur_parse_date")
        con.create_function(
            "rumeur_parse_date", self._udf_date, [duckdb.sqltype("VARCHAR")],
            duckdb.sqltype("TIMESTAMPTZ"), null_handling="special", side_effects=False,
        )  # fmt: skip

    def _udf_date(self, value: str | None) -> datetime | None:
        try:
            return dates.parse_date(
                value, timezone=self.project.timezone, reference=self._reference
            )
        except (ValueError, OverflowError, KeyError):
            return None

    # -- files -----------------------------------------------------------------
    def import_file(
        self,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        platform: str | None = None,
        reference: datetime | None = None,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Import one CSV, JSONL/JSON or Parquet file (one transaction)."""
        path = Path(path)
        kind = sniff.sniff(path)
        self._reference = reference or datetime.fromtimestamp(path.stat().st_mtime, UTC)
        result = ImportResult(origin=str(path), import_id=uuid.uuid4().hex[:16])
        say = progress or (lambda _msg: None)
        with self.store.transaction():
            self._begin(result, "file", _sha256(path))
            say(f"reading {path.name} ({kind.format}, {kind.encoding})")
            if kind.format in ("csv", "parquet"):
                self._stage_table(path, kind, mapping or {}, platform)
            else:
                self._stage_json(path, kind, mapping or {}, platform, result)
            say("checking, matching brands, removing duplicates")
            self._finalise(result, source="file")
            self._end(result)
        return result

    def _begin(self, result: ImportResult, source: str, digest: str | None) -> None:
        self.store.execute(
            "INSERT INTO imports (import_id, source, origin, content_sha256, started_at, status)"
            " VALUES (?, ?, ?, ?, ?, 'running')",
            [result.import_id, source, result.origin, digest, utcnow()],
        )
        self.store.execute("DROP TABLE IF EXISTS temp.stage")
        cols = ", ".join(f"{c} VARCHAR" for c in formats.STAGE_COLUMNS)
        self.store.execute(
            f"CREATE TEMP TABLE stage ({cols}, payload VARCHAR, line BIGINT, problem VARCHAR)"
        )

    def _end(self, result: ImportResult) -> None:
        self.store.execute(
            "UPDATE imports SET finished_at = ?, status = 'done', n_rows = ?, n_imported = ?, "
            "n_duplicates = ?, n_quarantined = ? WHERE import_id = ?",
            [utcnow(), result.rows, result.imported, result.duplicates, result.quarantined,
             result.import_id],
        )  # fmt: skip
        self.store.execute("DROP TABLE IF EXISTS temp.stage")

    def _stage_table(
        self, path: Path, kind: sniff.FileKind, overrides: Mapping[str, str], platform: str | None
    ) -> None:
        con = self.store.con
        tmp: Path | None = None
        source_path = path
        if kind.format == "parquet":
            reader = f"read_parquet({_lit(str(path))})"
        else:
            if kind.encoding not in ("utf-8",):
                tmp = sniff.transcode_to_utf8(path, kind.encoding)
                source_path = tmp
            self.store.execute("DROP TABLE IF EXISTS temp.csv_rejects")
            self.store.execute("DROP TABLE IF EXISTS temp.csv_scans")
            reader = (
                f"read_csv({_lit(str(source_path))}, delim={_lit(kind.delimiter or ',')}, "
                "header=true, all_varchar=true, quote='\"', escape='\"', strict_mode=false, "
                "null_padding=true, store_rejects=true, rejects_table='csv_rejects', "
                "rejects_scan='csv_scans', max_line_size=4000000)"
            )
        try:
            headers = [d[0] for d in con.execute(f"SELECT * FROM {reader} LIMIT 0").description]
            mapping = columns.guess_mapping(headers, overrides)
            self._check_mapping(path, mapping, headers)
            select = []
            for col in formats.STAGE_COLUMNS:
                if col == "platform" and col not in mapping:
                    default = platform or ("reviews" if "rating" in mapping else "other")
                    select.append(f"{_lit(default)} AS platform")
                elif col in mapping:
                    select.append(f"CAST(t.{_ident(mapping[col])} AS VARCHAR) AS {col}")
                else:
                    select.append(f"NULL AS {col}")
            line = "row_number() OVER () + 1" if kind.format == "csv" else "row_number() OVER ()"
            self.store.execute(
                f"INSERT INTO stage SELECT {', '.join(select)}, CAST(to_json(t) AS VARCHAR), "
                f"{line}, NULL FROM {reader} t"
            )
            if kind.format == "csv":
                self.store.execute(
                    "INSERT INTO stage (payload, line, problem) "
                    "SELECT csv_line, line, 'unreadable CSV row: ' || error_type || "
                    "coalesce(' (' || column_name || ')', '') FROM csv_rejects"
                )
        except duckdb.Error as exc:
            raise ImportFileError(f"{path}: cannot read the file: {exc}") from exc
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)

    @staticmethod
    def _check_mapping(path: Path, mapping: Mapping[str, str], headers: Sequence[str]) -> None:
        if "text" not in mapping:
            raise ImportFileError(
                f"{path}: no column holds the text (columns: {', '.join(headers)})",
                hint="name it with --map text=COLUMN",
            )
        if "created_at" not in mapping:
            raise ImportFileError(
                f"{path}: no column holds the date (columns: {', '.join(headers)})",
                hint="name it with --map created_at=COLUMN",
            )

    def _stage_json(
        self,
        path: Path,
        kind: sniff.FileKind,
        overrides: Mapping[str, str],
        platform: str | None,
        result: ImportResult,
    ) -> None:
        generic: dict[str, str] | None = dict(overrides) if overrides else None
        batch: list[dict[str, Any]] = []

        def row_of(obj: Any, line: int, payload: str) -> dict[str, Any]:
            nonlocal generic
            if not isinstance(obj, Mapping):
                return {"payload": payload, "line": line, "problem": "not a JSON object"}
            if formats.is_mastodon_status(obj):
                row: dict[str, Any] = formats.mastodon_row(obj)
            elif formats.is_bluesky_post(obj):
                row = formats.bluesky_row(obj)
            else:
                flat = formats.flatten(obj)
                if generic is None or not {"text", "created_at"} <= generic.keys():
                    generic = columns.guess_mapping(flat.keys(), generic or {})
                    self._check_mapping(path, generic, list(flat))
                row = {
                    c: _text(flat.get(generic[c])) if c in generic else None
                    for c in formats.STAGE_COLUMNS
                }
                row["platform"] = row["platform"] or platform or "other"
            if platform and row.get("platform") in (None, "other"):
                row["platform"] = platform
            row.update(payload=payload, line=line, problem=None)
            return row

        with sniff.read_text_lines(path, kind.encoding) as fh:
            if kind.format == "json":
                text = fh.read()
                try:
                    doc = orjson.loads(text)
                except orjson.JSONDecodeError as exc:
                    raise ImportFileError(f"{path}: not valid JSON: {exc}") from exc
                for i, obj in enumerate(formats.unwrap(doc), 1):
                    batch.append(row_of(obj, i, orjson.dumps(obj).decode()))
            else:
                for lineno, raw in enumerate(fh, 1):
                    line_text = raw.strip()
                    if not line_text:
                        continue
                    try:
                        doc = orjson.loads(line_text)
                    except orjson.JSONDecodeError as exc:
                        batch.append(
                            {
                                "payload": line_text,
                                "line": lineno,
                                "problem": f"malformed JSON: {exc}",
                            }
                        )
                    else:
                        objs = list(formats.unwrap(doc))
                        for obj in objs:
                            payload = line_text if len(objs) == 1 else orjson.dumps(obj).decode()
                            batch.append(row_of(obj, lineno, payload))
                    if len(batch) >= _BATCH:
                        self._append_stage(batch)
                        batch = []
        self._append_stage(batch)

    def _append_stage(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = (*formats.STAGE_COLUMNS, "payload", "line", "problem")
        table = pa.table({
            n: pa.array([r.get(n) for r in rows], type=pa.int64() if n == "line" else pa.string())
            for n in names
        })  # fmt: skip
        self.store.con.register("_stage_batch", table)
        self.store.execute(f"INSERT INTO stage SELECT {', '.join(names)} FROM _stage_batch")
        self.store.con.unregister("_stage_batch")

    # -- collected items (connectors, webhook) ----------------------------------
    def ingest_items(
        self,
        items: Iterable[tuple[str, Mention]],
        *,
        source: str,
        origin: str | None = None,
        rejected: Iterable[tuple[str, str]] = (),
        cursor: Any = None,
    ) -> ImportResult:
        """Store collected items: (payload as received, Mention) pairs, plus rejected
        (payload, reason) pairs, and the source's new cursor, in one transaction."""
        result = ImportResult(origin=origin or source, import_id=uuid.uuid4().hex[:16])
        self._reference = utcnow()
        rows: list[dict[str, Any]] = []
        for i, (payload, m) in enumerate(items, 1):
            row = {k: _text(v) for k, v in m.to_row().items() if k in formats.STAGE_COLUMNS}
            row["created_at"] = m.created_at.astimezone(UTC).isoformat()
            row.update(payload=payload, line=i, problem=None)
            rows.append(row)
        for j, (payload, reason) in enumerate(rejected, len(rows) + 1):
            rows.append({"payload": payload, "line": j, "problem": reason})
        with self.store.transaction():
            self._begin(result, source, None)
            self._append_stage(rows)
            self._finalise(result, source=source)
            if cursor is not None:
                self.store.set_cursor(source, cursor)
            self._end(result)
        return result

    # -- the shared SQL ----------------------------------------------------------
    def _finalise(self, result: ImportResult, *, source: str) -> None:
        st = self.store
        tz = self.project.timezone
        ref = self._reference
        created = dates.sql_parse_date("s.created_at", tz)
        folded = "strip_accents(lower(coalesce(title || ' ', '') || text))"
        lowered = "lower(coalesce(title || ' ', '') || text)"
        handle = "lower(ltrim(author_handle, '@'))"
        platforms = ", ".join(_lit(p) for p in PLATFORMS)
        aliases = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in _PLATFORM_ALIASES.items())
        st.execute("DROP TABLE IF EXISTS temp.parsed")
        st.execute(f"""
            CREATE TEMP TABLE parsed AS
            SELECT s.* EXCLUDE (created_at, text, platform, rating),
                   nullif(trim(s.text), '') AS text,
                   CASE WHEN s.problem IS NULL THEN {created} END AS created_ts,
                   s.created_at AS created_raw,
                   CASE WHEN lower(trim(s.platform)) IN ({platforms}) THEN lower(trim(s.platform))
                        ELSE CASE strip_accents(lower(trim(s.platform))) {aliases}
                             ELSE 'other' END END AS platform,
                   try_cast(replace(regexp_extract(s.rating, '(\\d+(?:[.,]\\d+)?)', 1), ',', '.')
                            AS DOUBLE) AS rating,
                   md5({_lit(source)} || chr(31) || s.payload) AS raw_id
            FROM stage s
        """)
        st.execute(f"""
            CREATE OR REPLACE TEMP TABLE parsed AS
            SELECT *, CASE
                WHEN problem IS NOT NULL THEN problem
                WHEN text IS NULL THEN 'no text'
                WHEN created_raw IS NULL OR trim(created_raw) = '' THEN 'no date'
                WHEN created_ts IS NULL THEN 'unreadable date: ' || left(created_raw, 60)
                WHEN created_ts > TIMESTAMPTZ '{ref.isoformat()}' + INTERVAL 2 DAY
                    THEN 'date in the future: ' || left(created_raw, 60)
                WHEN contains(text, chr(65533)) THEN 'broken encoding (undecodable bytes)'
            END AS reason,
            CASE WHEN problem IS NOT NULL THEN NULL
                 WHEN text IS NULL OR contains(text, chr(65533)) THEN 'text'
                 ELSE 'created_at' END AS field
            FROM parsed
        """)
        q_id = "md5(coalesce(payload, '') || chr(31) || coalesce(reason, ''))"
        st.execute(f"""
            INSERT INTO quarantine (quarantine_id, import_id, source, origin, line, field,
                                    reason, payload, created_at)
            SELECT DISTINCT ON ({q_id}) {q_id}, ?, ?, ?, line, field, reason, payload, ?
            FROM parsed p WHERE reason IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM quarantine q
                              WHERE q.quarantine_id = {q_id} AND q.status = 'open')
        """, [result.import_id, source, result.origin, utcnow()])  # fmt: skip
        reasons = st.query(
            "SELECT split_part(reason, ':', 1) AS r, count(*) AS n FROM parsed "
            "WHERE reason IS NOT NULL GROUP BY r ORDER BY n DESC"
        )
        result.reasons = {r["r"]: int(r["n"]) for r in reasons}
        result.quarantined = sum(result.reasons.values())
        result.rows = int(st.scalar("SELECT count(*) FROM parsed") or 0)
        st.execute(f"""
            CREATE OR REPLACE TEMP TABLE good AS
            SELECT *,
                CASE WHEN nullif(trim(external_id), '') IS NOT NULL
                     THEN platform || ':' || trim(external_id)
                     ELSE 'fp:' || md5(trim(regexp_replace({folded}, '[^a-z0-9]+', ' ', 'g'))
                          || chr(31) || coalesce({handle}, lower(author_name), '')
                          || chr(31) || strftime(created_ts, '%Y-%m-%dT%H:%M'))
                END AS dedupe_key,
                {self.matcher.sql_brands(folded, lowered, handle)} AS brands_m,
                {self.matcher.sql_own_account(handle)} AS own_m
            FROM parsed WHERE reason IS NULL
        """)
        st.execute(f"""
            INSERT INTO raw_items
            SELECT DISTINCT ON (raw_id) raw_id, {_lit(source)}, ?, CAST(line AS VARCHAR), payload,
                   ?, ?
            FROM good g WHERE NOT EXISTS (SELECT 1 FROM raw_items r WHERE r.raw_id = g.raw_id)
        """, [result.origin, utcnow(), result.import_id])  # fmt: skip
        before = int(st.scalar("SELECT count(*) FROM mentions") or 0)
        values = {
            "mention_id": "md5(dedupe_key)",
            "dedupe_key": "dedupe_key",
            "author_followers": _sql_int("author_followers"),
            "author_verified": "coalesce(lower(trim(author_verified)) IN "
            "('true', '1', 'yes', 'oui', 'vrai', 'x', 'y', 'o'), false)",
            "is_own_account": "own_m",
            "language": "nullif(lower(trim(language)), '')",
            "created_at": "created_ts",
            "collected_at": "?",
            "likes": _sql_int("likes"),
            "shares": _sql_int("shares"),
            "replies": _sql_int("replies"),
            "views": _sql_int("views"),
            "reply_to": "nullif(trim(reply_to), '')",
            "thread_id": "nullif(trim(thread_id), '')",
            "brands": "brands_m",
            "unmatched": "len(brands_m) = 0",
            "import_id": "?",
        }
        select = ", ".join(values.get(c, c) for c in MENTION_COLUMNS)
        st.execute(f"""
            INSERT INTO mentions
            SELECT {select} FROM good g
            WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.dedupe_key = g.dedupe_key)
            QUALIFY row_number() OVER (PARTITION BY dedupe_key ORDER BY line) = 1
        """, [utcnow(), result.import_id])  # fmt: skip
        after = int(st.scalar("SELECT count(*) FROM mentions") or 0)
        result.imported = after - before
        result.duplicates = result.rows - result.quarantined - result.imported
        result.unmatched = int(st.scalar(
            "SELECT count(*) FROM mentions WHERE import_id = ? AND unmatched", [result.import_id]
        ) or 0)  # fmt: skip
        for t in ("parsed", "good"):
            st.execute(f"DROP TABLE IF EXISTS temp.{t}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return orjson.dumps(value).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _sql_int(col: str) -> str:
    """Counts as exports write them: '1 234', '1.234', '12,5k', '3M'."""
    return (
        f"CASE WHEN regexp_matches({col}, '^\\s*\\d+([.,]\\d+)?\\s*[kKmM]\\s*$') THEN "
        f"CAST(round(try_cast(replace(regexp_extract({col}, '(\\d+(?:[.,]\\d+)?)', 1), ',', '.')"
        f" AS DOUBLE) * CASE WHEN {col} ILIKE '%k%' THEN 1000 ELSE 1000000 END) AS BIGINT) "
        f"ELSE try_cast(regexp_replace({col}, '[\\s\u00a0\u202f.,]', '', 'g') AS BIGINT) END"
    )


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _ident(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def retry_quarantine(
    ingestor: Ingestor,
    *,
    ids: Sequence[str] | None = None,
    mapping: Mapping[str, str] | None = None,
    reference: datetime | None = None,
) -> tuple[ImportResult, int]:
    """Run open quarantine rows through the import again (after a fix: ``--map``, a
    corrected date, a newer Rumeur). Rows that now import are marked ``resolved``; the
    others stay ``open``. Returns the import result and the number resolved."""
    import tempfile

    store = ingestor.store
    where, params = "status = 'open'", []
    if ids:
        where += f" AND quarantine_id IN ({', '.join('?' for _ in ids)})"
        params = list(ids)
    rows = store.query(f"SELECT quarantine_id, payload FROM quarantine WHERE {where}", params)
    if not rows:
        return ImportResult(origin="quarantine", import_id="-"), 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quarantine.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write((r["payload"] or "").replace("\n", " ") + "\n")
        result = ingestor.import_file(path, mapping=mapping, reference=reference)
    result.origin = "quarantine"
    with store.transaction():
        store.execute(
            f"UPDATE quarantine SET status = 'resolved' WHERE {where} AND "
            "md5('file' || chr(31) || replace(coalesce(payload, ''), chr(10), ' ')) "
            "IN (SELECT raw_id FROM raw_items)", params)  # fmt: skip
        resolved = int(store.scalar(
            f"SELECT count(*) FROM quarantine WHERE status = 'resolved' AND quarantine_id IN "
            f"({', '.join('?' for _ in rows)})", [r["quarantine_id"] for r in rows]) or 0)  # fmt: skip
        store.execute(
            "UPDATE quarantine SET status = 'retried' WHERE status = 'open' AND import_id <> ? "
            "AND payload IN (SELECT payload FROM quarantine WHERE import_id = ?)",
            [result.import_id, result.import_id])  # fmt: skip
    return result, resolved
