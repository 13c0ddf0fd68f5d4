"""What the watcher and ``rumeur sources`` keep about each source, in portable SQL over
a store's own :meth:`execute`/:meth:`query`: the last success and error, items collected,
the next run, and the saved cursors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rumeur.records import utcnow


class SourceStateMixin:
    """``source_state`` and ``cursors`` access for a store class."""

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def record_source_state(
        self,
        source: str,
        *,
        success: bool,
        error: str | None = None,
        collected: int = 0,
        next_run: datetime | None = None,
    ) -> None:
        """Record a run of ``source``: success (or the error), new items, next run."""
        now = utcnow()
        self.execute(
            "INSERT INTO source_state (source, items_collected) VALUES (?, 0) "
            "ON CONFLICT (source) DO NOTHING",
            [source],
        )
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

    def source_states(self) -> dict[str, dict[str, Any]]:
        """Each source's row of ``source_state``, by source name."""
        return {r["source"]: r for r in self.query("SELECT * FROM source_state")}

    def cursors(self) -> dict[str, Any]:
        """Each source's saved cursor (decoded JSON), by source name."""
        return {
            r["source"]: json.loads(r["cursor"]) if r["cursor"] else None
            for r in self.query("SELECT source, cursor FROM cursors")
        }

    def import_mention_ids(self, import_id: str) -> list[str]:
        """The ids of the mentions an import (or a collection batch) stored."""
        rows = self.query("SELECT mention_id FROM mentions WHERE import_id = ?", [import_id])
        return [r["mention_id"] for r in rows]
