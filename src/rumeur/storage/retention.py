"""Retention: delete what the project's ``[retention]`` says not to keep (GDPR: keep
personal data no longer than needed).

``mentions_days``: mentions published longer ago, with their enrichments;
``raw_days``: raw items and archived files received longer ago;
``quarantine_days``: quarantined rows set aside longer ago. 0 keeps forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rumeur.config import Retention
from rumeur.records import utcnow
from rumeur.storage.base import Store

#: table -> (timestamp column, retention setting)
_RULES = {
    "mentions": ("created_at", "mentions_days"),
    "raw_items": ("received_at", "raw_days"),
    "raw_files": ("received_at", "raw_days"),
    "quarantine": ("created_at", "quarantine_days"),
}


@dataclass(frozen=True, slots=True)
class Purged:
    table: str
    cutoff: datetime | None
    rows: int


def apply_retention(
    store: Store, retention: Retention, *, dry_run: bool = False, now: datetime | None = None
) -> list[Purged]:
    """Delete (or, with ``dry_run``, count) what is older than the retention settings."""
    now = now or utcnow()
    out = []
    archives: list[str] = []
    with store.transaction():
        for table, (column, setting) in _RULES.items():
            days = getattr(retention, setting)
            if not days:
                out.append(Purged(table, None, 0))
                continue
            cutoff = now - timedelta(days=days)
            n = int(store.scalar(f"SELECT count(*) FROM {table} WHERE {column} < ?",
                                 [cutoff]) or 0)  # fmt: skip
            if n and not dry_run:
                if table == "mentions":
                    store.execute(
                        "DELETE FROM enrichments WHERE mention_id IN "
                        "(SELECT mention_id FROM mentions WHERE created_at < ?)",
                        [cutoff],
                    )
                if table == "raw_files":
                    archives = [r["archive"] for r in store.query(
                        "SELECT archive FROM raw_files WHERE received_at < ? "
                        "AND archive IS NOT NULL", [cutoff])]  # fmt: skip
                store.execute(f"DELETE FROM {table} WHERE {column} < ?", [cutoff])
            out.append(Purged(table, cutoff, n))
    # the archived copies go once their rows are gone (a crash in between leaves files
    # no row points to: harmless, and the next import of the same file reuses them)
    raw_dir = store.raw_dir
    for name in archives:
        if raw_dir is not None:
            (raw_dir / name).unlink(missing_ok=True)
    return out
