"""Erasure of one person on request (RGPD art. 17): ``rumeur privacy erase``.

:func:`erase_author` removes, in one transaction:

1. their mentions, and their rows in every table keyed by ``mention_id`` (found in the
   catalog: enrichments, ``analytics_facts``, ``authenticity_flags``...; the hourly and
   per-author aggregates are rebuilt from what is left);
2. their raw items (the payloads their mentions came from, and any other payload they
   wrote: the same post collected twice, from two sources);
3. their quarantined rows (payloads with their handle as a value);
4. their rows in every archived file (rewritten: see :mod:`rumeur.privacy.archives`);
5. every remaining trace in any table (enumerated from the catalog, so a table added
   later is covered) and archive: their handle, names, texts, links and mention ids
   where someone else's data quotes them are replaced by ``[effacé]``.

It remembers them as keyed digests (``privacy_suppressions``: see
:mod:`rumeur.privacy.keys`), so an import or a collection that meets them again drops
them (:mod:`rumeur.privacy.guard`), records the operation in ``privacy_log`` without
their name, and finally rewrites the database file (the store's ``compact``):
DuckDB keeps the bytes of deleted rows in the file until it reuses the space.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rumeur.config import Project
from rumeur.privacy import audit
from rumeur.privacy._sql import INTEGERS, STRINGS, as_json
from rumeur.privacy.archives import Rewrite, rewrite_chunks, rewrite_file
from rumeur.privacy.keys import Keyed, project_keyed
from rumeur.privacy.subject import Subject, find_subject, payload_cells
from rumeur.records import utcnow

#: tables the sweep leaves alone (they hold digests, or nothing personal)
_SKIP_TABLES = frozenset({"privacy_suppressions", "privacy_log", "schema_migrations"})
#: key columns the sweep never edits: they hold hashes and ids, and the dedupe of the
#: next import relies on them
_SKIP_COLUMNS = frozenset(
    {"mention_id", "raw_id", "file_sha256", "quarantine_id", "archive", "mentions.dedupe_key"}
)


@dataclass(slots=True)
class Erasure:
    """What an erasure did (``counts``: what was deleted or rewritten, per place)."""

    subject: str
    platform: str | None
    counts: Counter[str] = field(default_factory=Counter)
    log_id: str | None = None
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "platform": self.platform,
            "dry_run": self.dry_run,
            "counts": dict(sorted(self.counts.items())),
            "log_id": self.log_id,
        }


def _affected(store: Any, sql: str, params: list[Any] | None = None) -> int:
    """Run a DELETE/UPDATE; the number of rows it touched."""
    rows = store.query(sql, params)
    return int(next(iter(rows[0].values()))) if rows else 0


def remember(store: Any, keyed: Keyed, subject: Subject) -> int:
    """Add the subject's digests to ``privacy_suppressions`` (once each)."""
    now = utcnow()
    digests = {(keyed.handle_digest(h), "handle", subject.platform) for h in subject.handles}
    digests |= {
        (keyed.id_digest(p, i), "id", p) for p, i in subject.ids if not i.startswith("anon-")
    }
    added = 0
    for digest, kind, platform in sorted(digests, key=str):
        if not store.query(
            "SELECT 1 FROM privacy_suppressions WHERE digest = ? AND kind = ? "
            "AND platform IS NOT DISTINCT FROM ?",
            [digest, kind, platform],
        ):
            store.execute(
                "INSERT INTO privacy_suppressions VALUES (?, ?, ?, ?)",
                [digest, kind, platform, now],
            )
            added += 1
    return added


def erase_author(
    store: Any,
    project: Project,
    handles: Sequence[str] | str,
    platform: str | None = None,
    *,
    dry_run: bool = False,
    compact: bool = True,
) -> Erasure:
    """Erase the person behind ``handle`` (on ``platform``, or everywhere)."""
    handles = [handles] if isinstance(handles, str) else list(handles)
    keyed = project_keyed(project, create=not dry_run)
    subject = find_subject(store, handles, platform, keyed)
    ref = keyed.subject(handles, platform) if keyed else "-"
    result = Erasure(subject=ref, platform=platform, dry_run=dry_run)
    if dry_run:
        result.counts["mentions"] = len(subject.mentions)
        result.counts["raw_files"] = len(_archives(store, subject))
        return result
    assert keyed is not None
    scrub = subject.scrubber()
    needles = [n.lower() for n in subject.needles()]
    c = result.counts
    archives_done: list[tuple[str, Rewrite]] = []
    # the search engine keeps texts beside the store: gone first (the full refresh
    # below builds it again from what is left)
    store.drop_search_engine()
    with store.transaction():
        c["suppressions"] = remember(store, keyed, subject)
        _delete_mentions(store, subject, c)
        c["raw_items"] = _delete_owned(
            store, "raw_items", "payload", subject, needles, owned_ids=subject.raw_ids
        )
        c["quarantine"] = _delete_owned(store, "quarantine", "payload", subject, needles)
        archives_done = _rewrite_archives(store, subject, scrub, needles)
        c["archived_rows"] = sum(r.rows_dropped for _a, r in archives_done)
        c["archives_rewritten"] = len(archives_done)
        for table, n in sweep(store, scrub, needles).items():
            c[f"scrubbed:{table}"] = n
        result.log_id = audit.record(store, "erase", subject=ref, platform=platform, counts=dict(c))
    # the sweep edited others' texts in place: index them again (their words and the
    # erased person's rows are gone from the index before the file is rewritten)
    store.refresh_search_index(full=True)
    if compact:
        compactor: Callable[[], None] | None = getattr(store, "compact", None)
        if compactor is not None:
            compactor()
            # the rewritten file numbers the rows afresh: the index takes their positions
            # again (rows read by id until then)
            store.refresh_search_index()
    return result


def _delete_mentions(store: Any, subject: Subject, c: Counter[str]) -> None:
    """Their mentions, and their rows in every table keyed by ``mention_id``
    (enrichments, aggregates, authenticity flags; from the catalog, so a table added
    later is covered); the aggregates derived from the facts are rebuilt."""
    ids = subject.mention_ids
    if not ids:
        return
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _erase_ids AS SELECT " + STRINGS + " AS mention_id",
        [as_json(ids)],
    )
    inside = "mention_id IN (SELECT mention_id FROM _erase_ids)"
    tables = store.query(
        "SELECT c.table_name AS t FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_name = c.table_name "
        "AND t.table_schema = c.table_schema AND t.table_catalog = c.table_catalog "
        "WHERE c.column_name = 'mention_id' AND c.table_schema = 'main' "
        "AND c.table_catalog = current_database() AND t.table_type = 'BASE TABLE' "
        "AND c.table_name <> 'mentions' ORDER BY 1"
    )
    for t in tables:
        c[t["t"]] = _affected(store, f'DELETE FROM "{t["t"]}" WHERE {inside}')
    c["mentions"] = _affected(store, f"DELETE FROM mentions WHERE {inside}")
    if c["analytics_facts"]:
        from rumeur.analytics.rollup import rebuild_from_facts

        rebuild_from_facts(store)
    store.execute("DROP TABLE IF EXISTS temp._erase_ids")


def _re2_literal(text: str) -> str:
    """``text`` as a literal in an RE2 pattern (DuckDB's regular expressions): ASCII
    punctuation and spaces as hexadecimal escapes."""
    return "".join(ch if ch.isalnum() or ord(ch) > 127 else f"\\x{{{ord(ch):x}}}" for ch in text)


def _prefilter(column: str, needles: list[str]) -> tuple[str, list[str]]:
    """SQL (and its parameters) true where ``column`` holds one of the lower-case
    ``needles``: one RE2 alternation per 400 needles, so a person with thousands of
    texts costs a few scans, not one ``contains`` per text and row."""
    chunks = [needles[i : i + 400] for i in range(0, len(needles), 400)]
    sql = " OR ".join(f"regexp_matches(lower(CAST({column} AS VARCHAR)), ?)" for _ in chunks)
    return f"({sql})", ["|".join(_re2_literal(n) for n in c) for c in chunks]


def _delete_owned(
    store: Any,
    table: str,
    column: str,
    subject: Subject,
    needles: list[str],
    owned_ids: set[str] | None = None,
) -> int:
    """Delete the rows of ``table`` whose payload is the subject's: a raw id of theirs,
    one of their texts, or (not limited to a platform) a value equal to their handle."""
    if not needles:
        return 0
    cond, patterns = _prefilter(column, needles)
    params: list[Any] = list(patterns)
    if owned_ids:
        cond = f"({cond} OR raw_id IN (SELECT {STRINGS}))"
        params.append(as_json(sorted(owned_ids)))
    rows = store.query(
        f"SELECT rowid AS rid, {'raw_id' if owned_ids else 'NULL'} AS raw_id, "
        f"{column} AS v FROM {table} WHERE {cond}",
        params,
    )
    doomed = [
        r["rid"]
        for r in rows
        if (owned_ids and r["raw_id"] in owned_ids)
        or (subject.platform is None and subject.owns_row(payload_cells(r["v"])))
        or subject.holds_text(r["v"])
    ]
    if not doomed:
        return 0
    return _affected(
        store, f"DELETE FROM {table} WHERE rowid IN (SELECT {INTEGERS})", [as_json(doomed)]
    )


def _archives(store: Any, subject: Subject) -> list[dict[str, Any]]:
    prefixes = sorted(subject.raw_ids)
    if not prefixes:
        return []
    return store.query(
        "SELECT DISTINCT file_sha256, name, archive FROM raw_files "
        f"WHERE left(file_sha256, 16) IN (SELECT {STRINGS})",
        [as_json(prefixes)],
    )


def _file_mentions(path: Path, needles: list[str]) -> bool:
    """Does the file's text (UTF-8 or Windows-1252) hold one of the needles?"""
    data = path.read_bytes().lower()
    return any(n.encode(enc, "ignore") in data for n in needles for enc in ("utf-8", "cp1252"))


def _rewrite_archives(
    store: Any, subject: Subject, scrub: Callable[[str], str], needles: list[str]
) -> list[tuple[str, Rewrite]]:
    """Rewrite every archive that holds a row of theirs or quotes them."""
    done: list[tuple[str, Rewrite]] = []
    raw_dir: Path | None = getattr(store, "raw_dir", None)
    now = utcnow()
    own = {r["file_sha256"] for r in _archives(store, subject)}
    for r in store.query("SELECT DISTINCT file_sha256, name, archive FROM raw_files"):
        if r["archive"] and raw_dir is not None:
            path = raw_dir / r["archive"]
            if not path.is_file() or not (r["file_sha256"] in own or _file_mentions(path, needles)):
                continue
            result = rewrite_file(path, subject.owns_row, scrub)
        else:
            chunks = store.query(
                "SELECT data FROM raw_files WHERE file_sha256 = ? ORDER BY seq", [r["file_sha256"]]
            )
            blob = b"".join(bytes(x["data"]) for x in chunks)
            if not any(n.encode() in blob.lower() for n in needles):
                continue
            result, new = rewrite_chunks(
                [blob], r["name"] or "archive.csv", subject.owns_row, scrub
            )
            if result.changed:
                received = store.query(
                    "SELECT min(received_at) AS t FROM raw_files WHERE file_sha256 = ?",
                    [r["file_sha256"]],
                )[0]["t"]
                store.execute("DELETE FROM raw_files WHERE file_sha256 = ?", [r["file_sha256"]])
                for seq, chunk in enumerate(new):
                    store.execute(
                        "INSERT INTO raw_files (file_sha256, name, seq, data, received_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [r["file_sha256"], r["name"], seq, chunk, received],
                    )
        if result.changed:
            store.execute(
                "UPDATE raw_files SET edited_at = ? WHERE file_sha256 = ?", [now, r["file_sha256"]]
            )
            done.append((r["file_sha256"], result))
    return done


def sweep(store: Any, scrub: Callable[[str], str], needles: list[str]) -> dict[str, int]:
    """Replace what ``scrub`` finds in every text column of every table of the store
    (from the catalog: a table added later is covered); rows changed per table."""
    if not needles:
        return {}
    cols = store.query("""
        SELECT c.table_name AS t, c.column_name AS c, c.data_type AS type
        FROM information_schema.columns c JOIN information_schema.tables t
          ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         AND t.table_catalog = c.table_catalog
        WHERE c.table_schema = 'main' AND c.table_catalog = current_database()
          AND t.table_type = 'BASE TABLE' AND c.data_type IN ('VARCHAR', 'JSON')
        ORDER BY 1, 2""")
    changed: Counter[str] = Counter()
    for col in cols:
        table, column = col["t"], col["c"]
        if table in _SKIP_TABLES or {column, f"{table}.{column}"} & _SKIP_COLUMNS:
            continue
        q = f'"{column}"'
        cond, patterns = _prefilter(q, needles)
        rows = store.query(
            f'SELECT rowid AS rid, CAST({q} AS VARCHAR) AS v FROM "{table}" WHERE {cond}',
            patterns,
        )
        cast = "::JSON" if col["type"] == "JSON" else ""
        for r in rows:
            new = scrub(r["v"])
            if new != r["v"]:
                store.execute(
                    f'UPDATE "{table}" SET {q} = ?{cast} WHERE rowid = ?', [new, r["rid"]]
                )
                changed[table] += 1
    return dict(changed)


__all__ = ["Erasure", "erase_author", "remember", "sweep"]
