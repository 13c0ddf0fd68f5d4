"""Import: files and collected items -> raw items, mentions and quarantine, atomically.

Every source is first a *stage* (:mod:`rumeur.ingest.stage`): rows of text columns,
where each row was (``line``) and why it cannot be read, if so. All parsing is one SQL
relation (:func:`rumeur.ingest.sql.parsed_select_sql`): dates and numbers, the reason a
row goes to ``quarantine``, brands, the dedupe key. Then:

- CSV and Parquet (:meth:`Ingestor._import_table`): DuckDB reads the file itself, in
  parallel, and the good rows stream straight into ``mentions``; no copy of the file is
  staged, the rows are judged (counted per reason) only when not all of them went in,
  and numbered only when some must go to quarantine.
- JSON(L) and collected items (:meth:`Ingestor._finalise`): parsed by Python into a
  ``stage`` table with each item's payload, then ``parsed``, judged, then raw items,
  mentions and quarantine.

Both share the same steps: :meth:`Ingestor._judge` (rows and reasons),
:meth:`Ingestor._insert_new` (the good rows whose key is not stored yet) and
:meth:`Ingestor._settle` (one copy kept of a key the batch repeats, chosen by content;
the counts).

Everything of one file runs in one transaction: a crash (even ``kill -9``) leaves the
store as it was, and running the same command again gives exactly one clean import.
Dedupe: ``platform:external_id``; without an id, a fingerprint of the folded text, the
author and the minute. Importing the same file twice adds nothing.

Raw items: a CSV/Parquet file is kept whole, as received, in the store's raw folder
and recorded in ``raw_files`` (once per content hash; its mentions have ``raw_id`` = the
hash's first 16 hex digits); a JSON record or collected item is kept in ``raw_items``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from rumeur.config import Project
from rumeur.errors import ImportFileError
from rumeur.ingest import csvrows, dates, decode, reasons, revisions, sniff, stage
from rumeur.ingest.brands import BrandMatcher
from rumeur.ingest.sql import (
    INHERIT_BRANDS_SQL,
    MENTION_VALUES,
    bulk_settings,
    lit,
    parsed_select_sql,
    text,
)
from rumeur.messages import Text
from rumeur.records import MENTION_COLUMNS, Mention, utcnow
from rumeur.storage.base import Store

_BATCH = 50_000
_RAW_CHUNK = 8 * 1024 * 1024
#: DuckDB's memory cap during an import (it spills to disk beyond it)
IMPORT_MEMORY_LIMIT = "800MB"

Progress = Callable[[str], None]
#: DuckDB threads while a batch of collected items is stored (:meth:`Ingestor.ingest_items`).
#: Measured on the 2-core machine under load (benchmarks/collect_meta.py's Facebook harness,
#: 4,800 items, three pairs): 1 thread 0.28-0.32 s CPU, 0.9-1.1 s wall; 2 threads 0.49-0.64 s
#: CPU, 1.75-2.5 s wall. Files keep every thread (their scans are large).
ITEM_THREADS = "1"


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
    erased: int = 0  # rows of people erased on request, dropped again (rumeur privacy)
    #: stored mentions replaced by a newer version (an edited review: ingest/revisions.py)
    updated: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    #: the rows set aside per reason code (rumeur.ingest.reasons); "" for a reason of no
    #: known kind
    codes: dict[str, int] = field(default_factory=dict)
    encoding: str = "utf-8"  # as read; "utf-8+cp1252": UTF-8 with Windows-1252 rows
    repaired_lines: int = 0  # lines of a UTF-8 file whose bytes were read as cp1252
    #: the file's columns Rumeur does not know, kept in each mention's ``extra``
    extra_columns: list[str] = field(default_factory=list)
    status: str = "done"  # "failed": the file could not be imported at all (see error)
    error: str | None = None
    hint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.status == "failed":
            return {"file": self.origin, "import_id": None, "status": "failed",
                    "error": self.error, "hint": self.hint}  # fmt: skip
        return {
            "file": self.origin, "import_id": self.import_id, "status": self.status,
            "rows": self.rows, "imported": self.imported, "duplicates": self.duplicates,
            "quarantined": self.quarantined, "unmatched": self.unmatched, "erased": self.erased,
            "quarantine_reasons": self.reasons, "quarantine_codes": self.codes,
            "encoding": self.encoding,
            "repaired_lines": self.repaired_lines, "extra_columns": self.extra_columns,
        }  # fmt: skip


def _literal(path: Path, tmp: list[Path]) -> Path:
    """A path DuckDB reads as that one file: its readers take ``*``, ``?``, ``[...]``
    and ``{...}`` as glob patterns (``export[1].csv`` would read ``export1.csv``), so a
    name holding one is read through a link with a plain name."""
    full = path.resolve()
    if not any(c in str(full) for c in "*?[]{}"):
        return full
    folder = Path(tempfile.mkdtemp(prefix="rumeur-link-"))
    link = folder / ("input" + "".join(c for c in path.suffix if c.isalnum() or c == "."))
    try:
        link.symlink_to(full)
    except OSError:
        shutil.copyfile(full, link)
    tmp.append(link)
    return link


class _DateUDF:
    """The SQL function ``rumeur_parse_date`` of one connection: it parses with the
    settings (time zone, reference time) of the Ingestor that last used the connection,
    so several Ingestors can share a store one after the other."""

    def __init__(self) -> None:
        self.ingestor: Ingestor | None = None

    def __call__(self, value: str | None) -> datetime | None:
        return self.ingestor._udf_date(value) if self.ingestor is not None else None


_UDFS: weakref.WeakKeyDictionary[Any, _DateUDF] = weakref.WeakKeyDictionary()


def _date_udf(store: Store) -> _DateUDF:
    """Register ``rumeur_parse_date`` on ``store`` once."""
    try:
        return _UDFS[store]
    except (KeyError, TypeError):
        pass
    udf = _DateUDF()
    store.create_function(
        "rumeur_parse_date", udf, ["VARCHAR"], "TIMESTAMPTZ", null_handling="special"
    )
    with contextlib.suppress(TypeError):
        _UDFS[store] = udf
    return udf


class Ingestor:
    """Imports into one store for one project (brands, time zone)."""

    def __init__(self, store: Store, project: Project) -> None:
        self.store = store
        self.project = project
        self.matcher = BrandMatcher(project.brands)
        from rumeur.privacy.guard import IngestGuard  # (rumeur.privacy reads rumeur.ingest)

        self.guard = IngestGuard(store, project)
        self._reference: datetime = utcnow()
        _date_udf(store).ingestor = self

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
        anchor: bool = True,
    ) -> ImportResult:
        """Import one CSV, JSONL/JSON or Parquet file (one transaction).

        Relative dates ("Il y a 3 heures") are read against ``reference`` (the export
        time), else the time first used for the same content (see
        :meth:`_anchored_reference`; ``anchor=False`` leaves that out), else the file's
        modification time."""
        path = Path(path)
        kind = sniff.sniff(path)
        result = ImportResult(origin=str(path), import_id=uuid.uuid4().hex[:16])
        say = progress or (lambda _msg: None)
        scan = decode.scan_file(path)
        result.encoding = kind.encoding if scan.utf8 or kind.encoding != "utf-8" else decode.MIXED
        tmp: list[Path] = []
        settings = contextlib.ExitStack()  # the import's memory cap, lifted at the end
        try:
            read_path, lines, content = path, scan.lines, scan.content_sha256
            if kind.format == "csv" and not (kind.encoding == "utf-8" and scan.readable_as_is):
                say(f"decoding {path.name} ({result.encoding})")
                clean = decode.to_clean_utf8(path, result.encoding)
                tmp.append(clean.path)
                read_path, lines, content = clean.path, clean.lines, clean.content_sha256
                result.repaired_lines = clean.repaired_lines
            elif kind.format == "parquet":
                content = scan.sha256
            elif kind.format != "csv" and not (scan.utf8 and kind.encoding == "utf-8"):
                content = decode.content_sha256_of_text(path, result.encoding)
            fallback = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            self._reference, new_anchor = (
                self._anchored_reference(content, reference, fallback)
                if anchor
                else (reference or fallback, False)
            )
            settings.enter_context(self.store.setting("memory_limit", IMPORT_MEMORY_LIMIT))
            try:
                self._import_once(
                    result, path, kind, _literal(read_path, tmp), scan.sha256, lines,
                    mapping or {}, platform, say,
                    content if new_anchor else None,
                )  # fmt: skip
            except duckdb.Error as exc:
                if kind.format != "csv" or isinstance(
                    exc, (duckdb.FatalException, duckdb.InternalException)
                ):
                    raise
                # DuckDB's reader gave up on the file (a quote never closed, a huge cell):
                # read it row by row, set the bad rows aside, import the rest
                say(f"{path.name}: reading row by row ({str(exc).splitlines()[0][:80]})")
                split = csvrows.split_rows(read_path, kind.delimiter or ",")
                tmp.append(split.path)
                self._import_once(
                    result, path, kind, _literal(split.path, tmp), scan.sha256, split.rows + 1,
                    mapping or {}, platform, say,
                    content if new_anchor else None, split=split,
                )  # fmt: skip
        except duckdb.Error as exc:
            why = str(exc).splitlines()[0]
            raise ImportFileError(
                Text(
                    f"{path} : le fichier n'a pas pu être lu : {why}",
                    f"{path}: the file could not be read: {why}",
                ),
                hint=Text(
                    "rien n'a été enregistré ; vérifiez le fichier, ou nommez ses colonnes "
                    "avec --map",
                    "nothing was stored; check the file, or pass --map to name its columns",
                ),
            ) from exc
        finally:
            with contextlib.suppress(duckdb.Error):
                settings.close()
            for t in tmp:
                t.unlink(missing_ok=True)
                if t.parent.name.startswith("rumeur-link-"):
                    with contextlib.suppress(OSError):
                        t.parent.rmdir()
        return result

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        on_done: Callable[[ImportResult], None] | None = None,
        **options: Any,
    ) -> list[ImportResult]:
        """Import several files, each in its own transaction (see :meth:`import_file`
        for ``options``). A file that cannot be imported at all does not stop the
        others: its result has ``status`` "failed" and the error; nothing of it is
        stored. ``on_done`` is called with each file's result as soon as it is known."""
        results = []
        for path in paths:
            try:
                result = self.import_file(Path(path), **options)
            except ImportFileError as exc:
                # told in the project's language (the summary around it is)
                error, hint = exc.render(self.project.language)
                result = ImportResult(
                    origin=str(path), import_id="", status="failed", error=error, hint=hint,
                )  # fmt: skip
            except OSError as exc:  # unreadable (rights, a device error): nothing stored
                fr = self.project.language != "en"
                why = exc.strerror or exc
                result = ImportResult(
                    origin=str(path), import_id="", status="failed",
                    error=f"{path} : lecture impossible : {why}" if fr
                    else f"{path}: cannot read the file: {why}",
                    hint="vérifiez les droits du fichier, ou copiez-le dans un dossier lisible"
                    if fr else "check the file's rights, or copy it somewhere readable",
                )  # fmt: skip
            results.append(result)
            if on_done is not None:
                on_done(result)
        return results

    def _import_once(
        self,
        result: ImportResult,
        path: Path,
        kind: sniff.FileKind,
        read_path: Path,
        digest: str,
        lines: int | None,
        mapping: Mapping[str, str],
        platform: str | None,
        say: Progress,
        new_anchor: str | None,
        split: csvrows.Split | None = None,
    ) -> None:
        """One try at importing a file, in one transaction (rolled back if it fails)."""
        store = self.store
        result.rows = result.imported = result.duplicates = result.quarantined = 0
        result.reasons, result.codes = {}, {}
        with self.store.transaction():
            self._begin(result, "file", digest)
            if new_anchor is not None:
                self.store.execute(
                    "INSERT INTO content_anchors VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [new_anchor, self._reference, result.import_id, utcnow()],
                )
            say(f"reading {path.name} ({kind.format}, {result.encoding})")
            if kind.format in ("csv", "parquet"):
                src = stage.table_source(
                    store, path, read_path, kind, mapping, platform,
                    line_column=csvrows.LINE_COLUMN if split else None,
                )  # fmt: skip
                result.extra_columns = list(src.extra_columns)
                say("checking, matching brands, removing duplicates")
                # a CSV's rows are at most its lines less the header's
                most = lines - 1 if kind.format == "csv" and lines is not None else None
                self._import_table(result, src, digest, most)
                if split is not None and split.bad:
                    self._quarantine_bad_rows(result, split.bad)
                self._keep_file(path, digest)
            else:
                stage.create_stage_table(store)
                batch: list[dict[str, Any]] = []
                extra: dict[str, None] = {}
                for row in stage.json_rows(path, kind, mapping, platform, extra):
                    batch.append(row)
                    if len(batch) >= _BATCH:
                        stage.append_rows(store, batch)
                        batch = []
                stage.append_rows(store, batch)
                result.extra_columns = list(extra)
                say("checking, matching brands, removing duplicates")
                self._finalise(result, "file", "stage", _payload_raw_id("file"))
            self._end(result)

    def _anchored_reference(
        self, content: str, given: datetime | None, fallback: datetime
    ) -> tuple[datetime, bool]:
        """The reference time of relative dates for a file whose content digest is
        ``content``, and whether it is a new anchor to record.

        The first import of a content records its reference (``given``, else
        ``fallback``: the file's modification time); a later import of the same content
        (a copy, re-encoded, with other line ends, touched) reuses it, so its relative
        dates land on the same times and nothing is added twice. A ``given`` reference
        (``--export-time``) always wins."""
        if given is not None:
            known = self.store.scalar(
                "SELECT count(*) FROM content_anchors WHERE content_sha256 = ?", [content]
            )
            return given, not known
        first = self.store.scalar(
            "SELECT reference_at FROM content_anchors WHERE content_sha256 = ?", [content]
        )
        if first is not None:
            return first.astimezone(UTC), False
        return fallback, True

    def _quarantine_bad_rows(self, result: ImportResult, bad: Sequence[csvrows.BadRow]) -> None:
        """Rows :func:`csvrows.split_rows` set aside, to quarantine, counted."""
        table = pa.table({
            "line": pa.array([b.line for b in bad], pa.int64()),
            "reason": pa.array([b.reason for b in bad], pa.string()),
            "payload": pa.array([b.payload.rstrip("\r\n") for b in bad], pa.string()),
        })  # fmt: skip
        with self.store.registered("_bad_rows", table):
            self._quarantine(
                result, "file", "SELECT line, NULL AS field, reason, payload FROM _bad_rows",
                utcnow(),
            )  # fmt: skip
        key = csvrows.READ_REASON
        result.reasons[key] = result.reasons.get(key, 0) + len(bad)
        for b in bad:
            code = reasons.classify(b.reason)[0] or ""
            result.codes[code] = result.codes.get(code, 0) + 1
        result.quarantined += len(bad)
        result.rows += len(bad)

    def _import_table(
        self, result: ImportResult, src: stage.TableSource, digest: str, most: int | None
    ) -> None:
        """A CSV/Parquet file, streamed from DuckDB's reader straight into ``mentions``.

        No staging copy and no row numbering on the main path, so every step runs in
        parallel: (1) one scan inserts the good rows whose key is not stored yet (the
        reasons of :func:`parsed_select_sql`: date, text); (2) if as many rows were
        inserted as the file can hold (``most``: its lines less the header, None if not
        known) or, failing that, as a bare count of its rows finds, nothing was bad or
        already stored and the file is done;
        (3) otherwise one scan judges every row (counts per reason) and, only if some are
        bad, a numbered scan puts them in quarantine with their line; (4) if the file
        repeats a key, all copies but one are removed again (see :meth:`_drop_repeats`).

        The mentions of a file point to it as a whole (``raw_id`` = the first 16 hex
        digits of its SHA-256; the file is archived in ``raw_files``): the row is the one
        with the mention's external id, or its text, author and time.
        """
        st = self.store
        parsed = partial(
            parsed_select_sql, timezone=self.project.timezone, reference=self._reference,
            matcher=self.matcher, raw_id=lit(digest[:16]), with_payload=False,
            default_platform=src.default_platform,
        )  # fmt: skip
        now = utcnow()
        inserted = self._insert_new(result, parsed(src.unnumbered), now)
        # every row good and new: the judging scan would find nothing to report. Known
        # for free when the file has no more rows than were inserted (``most``, counted
        # while hashing it), else from a bare count (a third of the judging scan's cost)
        if inserted == most or inserted == st.scalar(f"SELECT count(*) FROM {src.unnumbered}"):
            result.rows = inserted
        else:
            self._judge(result, parsed(src.unnumbered))
        if result.reasons:
            with bulk_settings(st):
                self._quarantine(
                    result, "file",
                    f"SELECT p.line, p.field, p.reason, r.payload "
                    f"FROM ({parsed(src.relation)}) p JOIN ({src.payload_sql}) r USING (line) "
                    "WHERE p.reason IS NOT NULL", now)  # fmt: skip
        if src.rejects:
            # every scan of the file logs its rejects again: keep those of the first one
            rejects = (  # one row per line (a row of too many cells is logged twice)
                f"(SELECT DISTINCT ON (line) * FROM {src.rejects} "
                f"WHERE scan_id = (SELECT min(scan_id) FROM {src.rejects}) ORDER BY line)"
            )
            by_code = st.query(
                f"SELECT {reasons.sql_code(_REJECT_REASON)} AS c, count(*) AS n "
                f"FROM {rejects} GROUP BY c"
            )
            n_rejects = sum(int(r["n"]) for r in by_code)
            if n_rejects:
                self._quarantine(
                    result, "file",
                    f"SELECT line, NULL AS field, {_REJECT_REASON} AS reason, "
                    f"csv_line AS payload FROM {rejects}", now)  # fmt: skip
                result.reasons[csvrows.READ_REASON] = n_rejects
                for r in by_code:
                    code = r["c"] or ""
                    result.codes[code] = result.codes.get(code, 0) + int(r["n"])
                result.quarantined += n_rejects
                result.rows += n_rejects
        self._settle(result, inserted)

    def _judge(self, result: ImportResult, relation: str) -> None:
        """Count the rows of ``relation`` (parsed rows) and why the bad ones are bad:
        ``result.rows``, ``result.reasons`` (first part of the reason -> rows) and
        ``result.quarantined``."""
        with bulk_settings(self.store):
            counts = self.store.query(
                f"SELECT split_part(reason, ':', 1) AS r, "
                f"CASE WHEN reason IS NOT NULL THEN {reasons.sql_code('reason')} END AS c, "
                f"count(*) AS n FROM ({relation}) GROUP BY r, c ORDER BY n DESC, r, c"
            )
        result.rows = sum(int(c["n"]) for c in counts)
        result.reasons, result.codes = {}, {}
        for c in counts:
            if c["r"] is not None:
                result.reasons[c["r"]] = result.reasons.get(c["r"], 0) + int(c["n"])
                result.codes[c["c"] or ""] = result.codes.get(c["c"] or "", 0) + int(c["n"])
        result.quarantined = sum(result.reasons.values())

    def _insert_new(self, result: ImportResult, relation: str, now: datetime) -> int:
        """Insert the good rows of ``relation`` (parsed rows) whose key is not stored yet
        (every copy of a key the batch repeats); the number of rows inserted."""
        st = self.store
        select = ", ".join(MENTION_VALUES.get(c, c) for c in MENTION_COLUMNS)
        # NOT IN, not NOT EXISTS: without filter pushdown a correlated NOT EXISTS is
        # planned as a delim join that buffers every row (and a NULL key, which no import
        # writes, is kept out of the list: it would make NOT IN reject everything)
        with bulk_settings(st):
            inserted = st.scalar(f"""
                INSERT INTO mentions
                SELECT {select} FROM ({relation}) g
                WHERE reason IS NULL
                  AND dedupe_key NOT IN
                      (SELECT dedupe_key FROM mentions WHERE dedupe_key IS NOT NULL)
            """, [now, result.import_id])  # fmt: skip
        return int(inserted or 0)  # DuckDB answers an INSERT with its row count

    def _settle(self, result: ImportResult, inserted: int) -> None:
        """After :meth:`_insert_new`: keep one copy of a key the batch repeats, let replies
        inherit their thread's brands, and fill in the result's counts (``rows`` and
        ``quarantined`` are set)."""
        st = self.store
        result.imported = inserted - self._drop_repeats(result.import_id)
        self._inherit_brands(result.import_id)
        result.duplicates = result.rows - result.quarantined - result.imported
        result.unmatched = int(st.scalar(
            "SELECT count(*) FROM mentions WHERE import_id = ? AND unmatched", [result.import_id]
        ) or 0)  # fmt: skip

    def _drop_repeats(self, import_id: str) -> int:
        """Keep one mention per key inserted by ``import_id`` (a file or batch that
        repeats a key); the number of rows removed.

        Rows are inserted by several threads at once, so their order in the table is
        not the file's: the copy kept is chosen by content (the same one, whatever the
        order the file was read in), so a re-run after a crash gives the same store."""
        st = self.store
        mine = "FROM mentions WHERE import_id = ?"
        # distinct 64-bit hashes mean distinct keys (and are cheaper to count than
        # strings); equal hashes, a repeat or a collision, go to the exact query below
        if not st.scalar(f"SELECT count(*) - count(DISTINCT hash(dedupe_key)) {mine}",
                         [import_id]):  # fmt: skip
            return 0
        content = (
            "(coalesce(text, ''), created_at, coalesce(author_handle, ''), "
            "coalesce(author_name, ''), coalesce(url, ''), coalesce(likes, -1), "
            "coalesce(shares, -1), coalesce(replies, -1), coalesce(views, -1), "
            "coalesce(author_followers, -1), coalesce(title, ''), coalesce(rating, -1))"
        )
        removed = st.scalar(
            f"DELETE FROM mentions WHERE import_id = ? AND rowid NOT IN "
            f"(SELECT arg_min(rowid, {content}) {mine} GROUP BY dedupe_key)",
            [import_id, import_id],
        )
        return int(removed or 0)

    def _keep_file(self, path: Path, digest: str) -> None:
        """Archive the file as received, once per content: a copy in the store's raw
        folder (outside the database file: 100 MB through DuckDB's write-ahead log and
        checkpoint cost as much as the import itself), recorded in ``raw_files`` in the
        import's transaction. A crash can leave a copy with no row; the next import of
        the file reuses it."""
        if self.store.scalar("SELECT count(*) FROM raw_files WHERE file_sha256 = ?", [digest]):
            return
        now = utcnow()
        raw_dir = self.store.raw_dir
        if raw_dir is None:  # in-memory store
            with path.open("rb") as fh:
                seq = 0
                while chunk := fh.read(_RAW_CHUNK):
                    self.store.execute(
                        "INSERT INTO raw_files (file_sha256, name, seq, data, received_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [digest, path.name, seq, chunk, now],
                    )
                    seq += 1
            return
        suffix = "".join(c for c in path.suffix.lower() if c.isalnum() or c == ".")[:12]
        archive = f"{digest}{suffix}"
        target = raw_dir / archive
        if not (target.exists() and target.stat().st_size == path.stat().st_size):
            raw_dir.mkdir(parents=True, exist_ok=True)
            for stale in raw_dir.glob(f".{archive}.*.tmp"):  # a copy a crash interrupted
                stale.unlink(missing_ok=True)
            tmp = raw_dir / f".{archive}.{uuid.uuid4().hex[:8]}.tmp"
            try:
                shutil.copyfile(path, tmp)
                os.replace(tmp, target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise ImportFileError(
                    Text(
                        f"{path} : impossible d'archiver le fichier dans {raw_dir} : {exc}",
                        f"{path}: cannot archive the file in {raw_dir}: {exc}",
                    ),
                    hint=Text(
                        "rien n'a été enregistré ; vérifiez l'espace disque et les droits "
                        "du dossier",
                        "nothing was stored; check the disk space and the folder's rights",
                    ),
                ) from exc
        self.store.execute(
            "INSERT INTO raw_files (file_sha256, name, seq, data, received_at, archive) "
            "VALUES (?, ?, 0, ''::BLOB, ?, ?)",
            [digest, path.name, now, archive],
        )

    def _begin(self, result: ImportResult, source: str, digest: str | None) -> None:
        _date_udf(self.store).ingestor = self  # dates parse with this project's settings
        self.store.execute(
            "INSERT INTO imports (import_id, source, origin, content_sha256, started_at, status)"
            " VALUES (?, ?, ?, ?, ?, 'running')",
            [result.import_id, source, result.origin, digest, utcnow()],
        )

    def _end(self, result: ImportResult) -> None:
        erased = self.guard.apply(result.import_id)  # erased people, pseudonyms, redaction
        result.imported, result.erased = result.imported - erased, erased
        self.store.execute(
            "UPDATE imports SET finished_at = ?, status = 'done', n_rows = ?, n_imported = ?, "
            "n_duplicates = ?, n_quarantined = ? WHERE import_id = ?",
            [utcnow(), result.rows, result.imported, result.duplicates, result.quarantined,
             result.import_id],
        )  # fmt: skip
        for t in ("stage", "parsed", "csv_rejects", "csv_scans"):
            self.store.execute(f"DROP TABLE IF EXISTS temp.{t}")

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
        # one DuckDB thread: a batch of a few thousand items is too small to share out,
        # and the second thread only costs (see ITEM_THREADS)
        with self.store.setting("threads", ITEM_THREADS), self.store.transaction():
            self._begin(result, source, None)
            stage.create_stage_table(self.store)
            stage.append_columns(self.store, _stage_columns(items, rejected))
            self._finalise(result, source, "stage", _payload_raw_id(source))
            if cursor is not None:
                self.store.set_cursor(source, cursor)
            self._end(result)
        return result

    # -- the shared SQL ----------------------------------------------------------
    def _finalise(self, result: ImportResult, source: str, relation: str, raw_id: str) -> None:
        """JSON(L) files and collected items: the ``stage`` table, each row with its
        payload, parsed into ``parsed``, then raw items, mentions and quarantine."""
        st = self.store
        st.execute("DROP TABLE IF EXISTS temp.parsed")
        st.execute("CREATE TEMP TABLE parsed AS " + parsed_select_sql(
            relation, timezone=self.project.timezone, reference=self._reference,
            matcher=self.matcher, raw_id=raw_id, with_payload=True,
        ))  # fmt: skip
        now = utcnow()
        self._judge(result, "SELECT * FROM parsed")
        if result.reasons:
            self._quarantine(
                result, source,
                "SELECT line, field, reason, payload FROM parsed WHERE reason IS NOT NULL", now,
            )  # fmt: skip
        st.execute(f"""
            INSERT INTO raw_items
            SELECT DISTINCT ON (raw_id) raw_id, {lit(source)}, ?, CAST(line AS VARCHAR),
                   payload, ?, ?
            FROM parsed g WHERE reason IS NULL
              AND NOT EXISTS (SELECT 1 FROM raw_items r WHERE r.raw_id = g.raw_id)
        """, [result.origin, now, result.import_id])  # fmt: skip
        result.updated = revisions.replace_revised(st)
        inserted = self._insert_new(result, "SELECT * FROM parsed", now)
        self._source_brand(source, result.import_id)
        self._settle(result, inserted)
        result.imported -= result.updated

    def _source_brand(self, source: str, import_id: str) -> None:
        """A source with ``brand = "<id>"`` (the brand's own app, shop, page): every
        mention it brings is about that brand, whatever its text names (the id was
        checked when rumeur.toml was loaded)."""
        conf = next((s for s in self.project.sources if s.name == source), None)
        brand = conf.options.get("brand") if conf is not None else None
        if not brand:
            return
        self.store.execute(
            "UPDATE mentions SET brands = list_append(brands, ?), unmatched = false "
            "WHERE import_id = ? AND NOT list_contains(brands, ?)",
            [brand, import_id, brand],
        )

    def _inherit_brands(self, import_id: str) -> None:
        """Unmatched replies take their thread's brands (see INHERIT_BRANDS_SQL), for the
        mentions of this import and for older replies whose parent just arrived."""
        st = self.store
        waiting = (
            "SELECT count(*) FROM mentions WHERE unmatched AND NOT is_own_account AND "
            "(thread_id IS NOT NULL OR reply_to IS NOT NULL)"
        )
        if not st.scalar(waiting):
            return
        st.execute(
            "CREATE OR REPLACE TEMP TABLE _inherit_scope AS "
            "SELECT mention_id FROM mentions WHERE import_id = ?",
            [import_id],
        )
        for _level in range(4):
            changed = 0
            for link in ("thread_id", "reply_to"):
                rows = st.rows(INHERIT_BRANDS_SQL.format(link=f"mentions.{link}"))
                if rows:
                    st.execute(
                        "INSERT INTO _inherit_scope SELECT unnest(?)", [[r[0] for r in rows]]
                    )
                    st.search_touched([r[0] for r in rows])  # indexed ones change in place
                changed += len(rows)
            if not changed:
                break
        st.execute("DROP TABLE IF EXISTS temp._inherit_scope")

    def _quarantine(self, result: ImportResult, source: str, rows_sql: str, now: datetime) -> None:
        q_id = "md5(coalesce(b.payload, '') || chr(31) || coalesce(b.reason, ''))"
        self.store.execute(f"""
            INSERT INTO quarantine (quarantine_id, import_id, source, origin, line, field,
                                    reason, payload, created_at, code)
            SELECT DISTINCT ON ({q_id}) {q_id}, ?, ?, ?, b.line, b.field, b.reason, b.payload, ?,
                   {reasons.sql_code("b.reason")}
            FROM ({rows_sql}) b
            WHERE NOT EXISTS (SELECT 1 FROM quarantine q
                              WHERE q.quarantine_id = {q_id} AND q.status = 'open')
        """, [result.import_id, source, result.origin, now])  # fmt: skip


#: the reason of a row DuckDB's CSV reader rejects (see rumeur.ingest.reasons, csv_reader)
_REJECT_REASON = (
    f"'{csvrows.READ_REASON}: ' || error_type || coalesce(' (' || column_name || ')', '')"
)

#: the fields of :meth:`Mention.to_row` that go to the stage as text
_STAGED = tuple(c for c in stage.COLUMNS if c != "created_at")


def _stage_columns(
    items: Iterable[tuple[str, Mention]], rejected: Iterable[tuple[str, str]]
) -> dict[str, list[Any]]:
    """The stage of collected items, column by column: every field as text (see
    :func:`~rumeur.ingest.sql.text`), ``created_at`` in ISO form (UTC), each item's
    payload and line (its place in the batch); then the rejected items (payload and
    reason as ``problem``), lines following on."""
    payloads: list[Any] = []
    rows = []
    for payload, m in items:
        payloads.append(payload)
        rows.append(m.to_row())
    bad = list(rejected)
    n, pad = len(rows), [None] * len(bad)
    cols: dict[str, list[Any]] = {}
    for c in _STAGED:  # (a str is most values: no call for it)
        cols[c] = [v if v is None or v.__class__ is str else text(v)
                   for v in [r.get(c) for r in rows]] + pad  # fmt: skip
    # to_row gives created_at in UTC already
    cols["created_at"] = [r["created_at"].isoformat() for r in rows] + pad
    cols["payload"] = payloads + [p for p, _ in bad]
    cols["line"] = list(range(1, n + len(bad) + 1))
    cols["problem"] = [None] * n + [reason for _, reason in bad]
    return cols


def _payload_raw_id(source: str) -> str:
    return f"md5({lit(source)} || chr(31) || s.payload)"
