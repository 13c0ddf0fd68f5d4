"""Access request (RGPD art. 15): everything the project holds about one person, as JSON.

:func:`export_author` gathers, for the person behind a handle (see
:func:`rumeur.privacy.subject.find_subject`): their mentions with every enrichment, the
raw items they came from, their rows in archived files, their quarantined rows, the
per-author analytics, the alerts that quoted them; and what the law says they must be
told: purposes, legal basis, recipients, sources, retention (from ``rumeur.toml``).
The export is recorded in the privacy log (counts only).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rumeur.config import Project
from rumeur.ingest import sniff
from rumeur.privacy import audit
from rumeur.privacy._sql import STRINGS, as_json
from rumeur.privacy.keys import project_keyed
from rumeur.privacy.settings import settings
from rumeur.privacy.subject import Subject, find_subject, payload_cells
from rumeur.records import utcnow

FORMAT = "rumeur-access-export/1"


def _json(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


def export_author(
    store: Any, project: Project, handles: Sequence[str] | str, platform: str | None = None
) -> dict[str, Any]:
    """The access export of the person behind ``handle`` (on ``platform``, or any)."""
    handles = [handles] if isinstance(handles, str) else list(handles)
    keyed = project_keyed(project)
    subject = find_subject(store, handles, platform, keyed)
    ids = subject.mention_ids
    enrich: dict[str, list[dict[str, Any]]] = {}
    if ids:
        for e in store.query(
            "SELECT mention_id, enricher, version, label, score, data, created_at FROM enrichments "
            f"WHERE mention_id IN (SELECT {STRINGS}) ORDER BY created_at",
            [as_json(ids)],
        ):
            e["data"] = _json(e["data"])
            enrich.setdefault(e.pop("mention_id"), []).append(e)
    mentions = []
    if ids:
        for m in store.query(
            "SELECT * EXCLUDE (dedupe_key) FROM mentions WHERE mention_id IN "
            f"(SELECT {STRINGS}) ORDER BY created_at",
            [as_json(ids)],
        ):
            m["enrichments"] = enrich.get(m["mention_id"], [])
            mentions.append(m)
    out: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": utcnow(),
        "project": project.name,
        "request": {"authors": handles, "platform": platform},
        "identifiers": {
            "handles": sorted(subject.handles),
            "accounts": [{"platform": p, "id": i} for p, i in sorted(subject.ids)],
            "names": sorted(subject.names),
        },
        "mentions": mentions,
        "raw_items": _raw_items(store, subject),
        "archived_rows": _archived_rows(store, subject),
        "quarantine": _quarantine(store, subject, project.language),
        "analytics": _analytics(store, subject),
        "alerts": _alerts(store, ids),
        "processing": processing(project),
    }
    counts = {
        k: len(out[k]) for k in ("mentions", "raw_items", "archived_rows", "quarantine", "alerts")
    }
    with store.transaction():
        ref = keyed.subject(handles, platform) if keyed else None
        audit.record(store, "export", subject=ref, platform=platform, counts=counts)
    return out


def processing(project: Project) -> dict[str, Any]:
    """What art. 13-15 say a person must be told, from the project's configuration."""
    s = settings(project)
    r = project.retention
    return {
        "controller": s.controller,
        "contact": s.contact,
        "dpo": s.dpo,
        "purpose": s.purpose or "suivi de la réputation des marques configurées",
        "legal_basis": s.legal_basis,
        "recipients": list(s.recipients),
        "sources": [{"name": x.name, "type": x.type} for x in project.sources],
        "retention_days": {
            "mentions": r.mentions_days,
            "raw": r.raw_days,
            "quarantine": r.quarantine_days,
        },
        "pseudonymised": s.pseudonymise_authors,
        "texts_redacted": s.redact_text,
        "rights": "accès, rectification, effacement, opposition, limitation : "
        + (s.contact or "contact à compléter dans [privacy] contact"),
    }


def _raw_items(store: Any, subject: Subject) -> list[dict[str, Any]]:
    handles = sorted(subject.handles)
    if not handles and not subject.raw_ids:
        return []
    cond = " OR ".join("contains(lower(payload), ?)" for _ in handles) or "false"
    rows = store.query(
        "SELECT raw_id, source, origin, received_at, payload FROM raw_items WHERE "
        f"raw_id IN (SELECT {STRINGS}) OR {cond} ORDER BY received_at",
        [as_json(sorted(subject.raw_ids)), *handles],
    )
    return [
        {**r, "payload": _json(r["payload"])}
        for r in rows
        if r["raw_id"] in subject.raw_ids or subject.owns_row(payload_cells(r["payload"]))
    ]


def _archived_rows(store: Any, subject: Subject) -> list[dict[str, Any]]:
    raw_dir: Path | None = getattr(store, "raw_dir", None)
    prefixes = sorted(subject.raw_ids)
    if raw_dir is None or not prefixes:
        return []
    out = []
    for f in store.query(
        "SELECT DISTINCT file_sha256, name, archive, received_at FROM raw_files WHERE archive "
        f"IS NOT NULL AND left(file_sha256, 16) IN (SELECT {STRINGS})",
        [as_json(prefixes)],
    ):
        path = raw_dir / f["archive"]
        if not path.is_file():
            continue
        for line, row in _rows(path):
            if subject.owns_row([str(v) for v in row.values() if v is not None]):
                out.append(
                    {"file": f["name"], "received_at": f["received_at"], "row": line, "values": row}
                )
    return out


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if sniff.detect_format(path) == "parquet":
        import pyarrow.parquet as pq

        return [(i, r) for i, r in enumerate(pq.read_table(path).to_pylist(), 1)]
    kind = sniff.sniff(path)
    with sniff.read_text_lines(path, kind.encoding) as fh:
        reader = csv.reader(io.StringIO(fh.read()), delimiter=kind.delimiter or ",")
        rows = list(reader)
    if not rows:
        return []
    header = rows[0]
    return [(i, dict(zip(header, r, strict=False))) for i, r in enumerate(rows[1:], 2)]


def _quarantine(store: Any, subject: Subject, lang: str) -> list[dict[str, Any]]:
    """Their rows set aside, each reason in the project's language (``code`` beside)."""
    from rumeur.ingest import reasons

    handles = sorted(subject.handles)
    if not handles:
        return []
    cond = " OR ".join("contains(lower(payload), ?)" for _ in handles)
    rows = store.query(
        "SELECT source, origin, line, field, reason, code, payload, created_at, status "
        f"FROM quarantine WHERE {cond}",
        handles,
    )
    out = [r for r in rows if subject.owns_row(payload_cells(r["payload"]))]
    for r in out:
        r["reason"] = reasons.render(r["reason"], lang, r["code"])
    return out


def _analytics(store: Any, subject: Subject) -> list[dict[str, Any]]:
    if not store.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = "
        "'analytics_authors' AND table_catalog = current_database()"
    ):
        return []
    keys = sorted(
        {m["author_id"] or m["author_handle"] or m["mention_id"] for m in subject.mentions}
    )
    if not keys:
        return []
    return store.query(
        f"SELECT * FROM analytics_authors WHERE author IN (SELECT {STRINGS}) ORDER BY brand",
        [as_json(keys)],
    )


def _alerts(store: Any, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    cond = " OR ".join("contains(CAST(data AS VARCHAR), ?)" for _ in ids)
    rows = store.query(
        f"SELECT rule, brand, status, title, body, fired_at FROM alert_log "
        f"WHERE {cond} ORDER BY fired_at",
        ids,
    )
    return rows


__all__ = ["FORMAT", "export_author", "processing"]
