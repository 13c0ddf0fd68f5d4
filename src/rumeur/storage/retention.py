"""Retention: delete what the project's ``[retention]`` says not to keep (GDPR: keep
personal data no longer than needed). ``rumeur retention`` applies it; schedule it.

Settings and their defaults (0 keeps forever):

``mentions_days`` (default 0)
    mentions published longer ago, with their enrichments, their rows in the
    pre-aggregated tables (``analytics_facts``; ``analytics_hourly`` and
    ``analytics_authors`` are rebuilt from what is left) and the alerts fired longer
    ago (``alert_log``: their bodies quote mentions);
``raw_days`` (default 0)
    raw items and archived files received longer ago: the ``raw_files`` rows and the
    copies in ``<store>.raw/``;
``quarantine_days`` (default 90)
    quarantined rows set aside longer ago.

Whatever the settings, a file in ``<store>.raw/`` that no ``raw_files`` row points to (a
copy a crash left behind, the old copy of a purged file) is removed.

A run that deletes something is recorded in ``privacy_log`` (operation ``retention``).
Keyed digests of erased people (``privacy_suppressions``) and the log itself hold no
personal data and are kept: they prove and maintain erasures.
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
    "analytics_facts": ("created_at", "mentions_days"),
    "alert_log": ("fired_at", "mentions_days"),
    "raw_items": ("received_at", "raw_days"),
    "raw_files": ("received_at", "raw_days"),
    "quarantine": ("created_at", "quarantine_days"),
}
#: the archived copies no ``raw_files`` row points to (see :func:`apply_retention`)
ORPHANS = "raw archives (orphans)"


@dataclass(frozen=True, slots=True)
class Purged:
    table: str
    cutoff: datetime | None
    rows: int


def _exists(store: Store, table: str) -> bool:
    return bool(store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
        "AND table_schema = 'main' AND table_catalog = current_database()", [table]))  # fmt: skip


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
            if not _exists(store, table):  # the aggregates exist once refreshed
                continue
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
                if table == "analytics_facts":
                    from rumeur.analytics.rollup import rebuild_from_facts

                    rebuild_from_facts(store)
            out.append(Purged(table, cutoff, n))
        orphans = _orphans(store)
        out.append(Purged(ORPHANS, None, len(orphans)))
        deleted = {p.table: p.rows for p in out if p.rows}
        if deleted and not dry_run:
            from rumeur.privacy.audit import record

            record(store, "retention", counts=deleted, at=now)
    # the archived copies go once their rows are gone (a crash in between leaves files
    # no row points to: the next run removes them as orphans)
    raw_dir = store.raw_dir
    if raw_dir is not None and not dry_run:
        for name in [*archives, *orphans]:
            (raw_dir / name).unlink(missing_ok=True)
    return out


def _orphans(store: Store) -> list[str]:
    """Files in the raw folder that no ``raw_files`` row points to."""
    raw_dir = store.raw_dir
    if raw_dir is None or not raw_dir.is_dir():
        return []
    known = {r["archive"] for r in store.query(
        "SELECT archive FROM raw_files WHERE archive IS NOT NULL")}  # fmt: skip
    return sorted(p.name for p in raw_dir.iterdir() if p.is_file() and p.name not in known)


__all__ = ["ORPHANS", "Purged", "apply_retention"]
