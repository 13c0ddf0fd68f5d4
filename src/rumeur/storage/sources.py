"""Source state in the store: what ``rumeur sources`` shows and what the watcher records.

The number of items collected from a source is counted from the ``imports`` rows that
each collected batch writes in its own transaction, so it is right even after a crash
between a batch and the run's end (``source_state.items_collected``, bumped at the end of
a run, undercounted then; it is kept only for older readers).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Protocol

from rumeur.records import utcnow


class _Sql(Protocol):
    def execute(self, sql: str, params: Any = None) -> None: ...

    def query(self, sql: str, params: Any = None) -> list[dict[str, Any]]: ...


class SourceStateMixin:
    """Source-state methods of a SQL store (needs ``execute`` and ``query``)."""

    def record_source_run(
        self: _Sql,
        source: str,
        *,
        success: bool,
        error: str | None = None,
        collected: int = 0,
        next_run: datetime | None = None,
        backlog: bool | None = None,
    ) -> None:
        """Note the outcome of one run of ``source`` (last success or error, next run,
        whether a backlog is left for the next run)."""
        now = utcnow()
        self.execute(
            "INSERT INTO source_state (source, items_collected) VALUES (?, 0) "
            "ON CONFLICT (source) DO NOTHING",
            [source],
        )
        if backlog is not None:
            self.execute("UPDATE source_state SET backlog = ? WHERE source = ?", [backlog, source])
        if success:
            self.execute(
                "UPDATE source_state SET last_success = ?, "
                "items_collected = items_collected + ?, next_run = ? WHERE source = ?",
                [now, collected, next_run, source],
            )
        else:
            self.execute(
                "UPDATE source_state SET last_error = ?, last_error_at = ?, "
                "items_collected = items_collected + ?, next_run = ? WHERE source = ?",
                [error, now, collected, next_run, source],
            )

    def record_quota(self: _Sql, source: str, quota: dict[str, Any]) -> None:
        """Save a source's quota readings (:meth:`rumeur.connectors.quota.QuotaBook.snapshot`)."""
        self.execute(
            "INSERT INTO source_state (source, items_collected) VALUES (?, 0) "
            "ON CONFLICT (source) DO NOTHING",
            [source],
        )
        self.execute(
            "UPDATE source_state SET quota = ?, quota_at = ? WHERE source = ?",
            [json.dumps(quota, ensure_ascii=False), utcnow(), source],
        )

    def source_quota(self: _Sql, source: str) -> dict[str, Any]:
        """The quota readings saved for ``source`` (empty when none)."""
        rows = self.query("SELECT quota FROM source_state WHERE source = ?", [source])
        return json.loads(rows[0]["quota"]) if rows and rows[0]["quota"] else {}

    def source_states(self: _Sql) -> dict[str, dict[str, Any]]:
        """Per source: last_success, last_error, last_error_at, next_run, backlog, quota
        (the readings, see :mod:`rumeur.connectors.quota`), quota_at, cursor and
        items_collected (new mentions stored from it, counted from the committed batches)."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.query(
            "SELECT source, last_success, last_error, last_error_at, next_run, backlog, quota, "
            "quota_at FROM source_state"
        ):
            r["quota"] = json.loads(r["quota"]) if r["quota"] else {}
            r["backlog"] = bool(r["backlog"])
            out[r.pop("source")] = {**r, "items_collected": 0, "cursor": None}
        empty: dict[str, Any] = {"last_success": None, "last_error": None, "last_error_at": None,
                 "next_run": None, "backlog": False, "quota": {}, "quota_at": None,
                 "items_collected": 0, "cursor": None}  # fmt: skip
        for r in self.query(
            "SELECT source, sum(n_imported) AS n FROM imports WHERE source IN "
            "(SELECT source FROM cursors UNION SELECT source FROM source_state) GROUP BY source"
        ):
            out.setdefault(r["source"], dict(empty))["items_collected"] = int(r["n"] or 0)
        for r in self.query("SELECT source, cursor FROM cursors"):
            cursor = json.loads(r["cursor"]) if r["cursor"] else None
            out.setdefault(r["source"], dict(empty))["cursor"] = cursor
        return out

    def mention_ids_of_import(self: _Sql, import_id: str) -> list[str]:
        """The mentions that one import or collected batch stored."""
        rows = self.query("SELECT mention_id FROM mentions WHERE import_id = ?", [import_id])
        return [r["mention_id"] for r in rows]
