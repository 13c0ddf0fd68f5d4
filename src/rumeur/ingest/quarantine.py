"""The quarantine: rows set aside by an import, to look at, export, fix and retry.

- :func:`quarantine_rows` lists them (newest first);
- :func:`quarantine_counts` counts the open ones per kind of reason;
- :func:`export_quarantine` writes them as CSV (formula-safe, :mod:`rumeur.csvsafe`) or
  JSON Lines, with their original content, to be fixed by hand;
- :func:`retry_quarantine` runs open rows through the import again.

A row's ``reason`` is given in the language asked for, with its details (the cell's
value, the counts), and its stable ``code`` beside (:mod:`rumeur.ingest.reasons`).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from rumeur import csvsafe
from rumeur.errors import UsageError
from rumeur.ingest import reasons
from rumeur.ingest.pipeline import ImportResult, Ingestor
from rumeur.storage.base import Store
from rumeur.suggest import VALUE, listed, unknown

EXPORT_COLUMNS = (
    "quarantine_id", "origin", "line", "field", "reason", "status", "payload", "code",
)  # fmt: skip
STATUSES = ("open", "resolved", "retried", "all")
FORMATS = ("csv", "jsonl")


def _shown(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """A stored row with its reason in ``lang`` and its code (found from the text for a
    row stored before codes were)."""
    code = row.get("code") or reasons.classify(row["reason"])[0]
    row["reason"] = reasons.render(row["reason"], lang, code)
    row["code"] = code
    return row


def quarantine_rows(
    store: Store,
    reason: str | None = None,
    status: str = "open",
    limit: int | None = None,
    lang: str = "fr",
) -> list[dict[str, Any]]:
    """Quarantined rows, newest first, their reasons in ``lang``; ``reason`` keeps the
    rows whose code, kind (in either language) or stored text contains it."""
    if status not in STATUSES:
        raise UsageError(unknown(VALUE, status, STATUSES, option="--status"), hint=listed(STATUSES))
    where, params = [], []
    if status != "all":
        where.append("status = ?")
        params.append(status)
    if reason:
        codes = reasons.matching(reason)
        known = f"coalesce(code, {reasons.sql_code('reason')})"
        where.append(
            "(reason ILIKE ? ESCAPE '\\'"
            + (f" OR {known} IN ({', '.join('?' for _ in codes)})" if codes else "")
            + ")"
        )
        params.append(
            "%" + reason.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        params.extend(codes)
    sql = "SELECT * FROM quarantine" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY created_at DESC, origin, line"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_shown(r, lang) for r in store.query(sql, params)]


def quarantine_counts(store: Store, lang: str = "fr") -> list[dict[str, Any]]:
    """Open quarantined rows counted per kind of reason, most first: ``reason`` (the
    kind in ``lang``), ``code`` (None for a reason of no known kind) and ``n``."""
    rows = store.query(
        "SELECT code, split_part(reason, ':', 1) AS head, min(reason) AS reason, count(*) AS n "
        "FROM quarantine WHERE status = 'open' GROUP BY code, head"
    )
    counts: dict[tuple[str | None, str], dict[str, Any]] = {}
    for r in rows:
        code = r["code"] or reasons.classify(r["reason"])[0]
        name = reasons.label(code, lang, r["head"])
        got = counts.setdefault((code, name), {"reason": name, "code": code, "n": 0})
        got["n"] += int(r["n"])
    return sorted(counts.values(), key=lambda c: (-c["n"], c["reason"]))


def export_quarantine(
    store: Store, out: TextIO, fmt: str = "csv", status: str = "open", lang: str = "fr"
) -> int:
    """Write the quarantined rows to ``out`` as ``csv`` or ``jsonl``, their reasons in
    ``lang`` (and their ``code``); the number written.

    In CSV, a cell a spreadsheet would run as a formula (``=HYPERLINK(...)`` in a
    row's text) is neutralised (:func:`rumeur.csvsafe.neutralise`); JSON Lines keep the
    values as they are."""
    if fmt not in FORMATS:
        raise UsageError(unknown(VALUE, fmt, FORMATS, option="--format"), hint=listed(FORMATS))
    rows = quarantine_rows(store, None, status, None, lang)
    if fmt == "csv":
        return csvsafe.write_rows(out, EXPORT_COLUMNS, rows)
    for r in rows:
        out.write(json.dumps({c: r[c] for c in EXPORT_COLUMNS}, ensure_ascii=False) + "\n")
    return len(rows)


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
        result = ingestor.import_file(path, mapping=mapping, reference=reference, anchor=False)
    result.origin = "quarantine"
    with store.transaction():
        store.execute(
            f"UPDATE quarantine SET status = 'resolved' WHERE {where} AND "
            "md5('file' || chr(31) || replace(coalesce(payload, ''), chr(10), ' ')) "
            "IN (SELECT raw_id FROM raw_items)", params)  # fmt: skip
        marks = ", ".join("?" for _ in rows)
        ids_retried = [r["quarantine_id"] for r in rows]
        resolved = int(
            store.scalar(
                "SELECT count(*) FROM quarantine WHERE status = 'resolved' "
                f"AND quarantine_id IN ({marks})",
                ids_retried,
            )
            or 0
        )
        store.execute(
            "UPDATE quarantine SET status = 'retried' WHERE status = 'open' AND import_id <> ? "
            "AND payload IN (SELECT payload FROM quarantine WHERE import_id = ?)",
            [result.import_id, result.import_id])  # fmt: skip
    return result, resolved
