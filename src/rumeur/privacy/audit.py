"""The log of privacy operations (``privacy_log``; ``rumeur privacy log``).

Every erasure, access export, register generation and retention run is recorded: when,
which operation, by whom (the system user), about whom, and what it did (counts). The
subject is the keyed reference :meth:`rumeur.privacy.keys.Keyed.subject`, never a handle
or a name: the log proves a request was carried out without keeping the person it was
about; whoever holds the handle and the key can check that a given request is in it.
"""

from __future__ import annotations

import getpass
import json
import uuid
from datetime import datetime
from typing import Any

from rumeur.records import utcnow


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return "?"


def record(
    store: Any,
    operation: str,
    *,
    subject: str | None = None,
    platform: str | None = None,
    counts: dict[str, Any] | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> str:
    """Append one operation to the log; its id."""
    log_id = uuid.uuid4().hex[:16]
    store.execute(
        "INSERT INTO privacy_log (log_id, occurred_at, operation, subject, platform, actor, "
        "counts, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            log_id,
            at or utcnow(),
            operation,
            subject,
            platform,
            _actor(),
            json.dumps(counts or {}, ensure_ascii=False, default=str),
            note,
        ],
    )
    return log_id


def entries(store: Any, *, limit: int = 100, operation: str | None = None) -> list[dict[str, Any]]:
    """The newest entries first."""
    where, params = "", []
    if operation:
        where, params = "WHERE operation = ?", [operation]
    rows = store.query(
        "SELECT log_id, occurred_at, operation, subject, platform, actor, counts, note "
        f"FROM privacy_log {where} ORDER BY occurred_at DESC LIMIT ?",
        [*params, limit],
    )
    for r in rows:
        r["counts"] = json.loads(r["counts"]) if r["counts"] else {}
    return rows


__all__ = ["entries", "record"]
