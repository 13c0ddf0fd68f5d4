"""Sources: each configured source's health (last success, last error, items collected,
cursor, next run) and the import backlog (quarantined rows waiting, per reason)."""

from __future__ import annotations

from typing import Any

from rumeur.server.api._common import project_router
from rumeur.server.auth import ProjectWorkspace

router = project_router("sources")


@router.get("/sources")
def sources(ws: ProjectWorkspace) -> dict[str, Any]:
    """``sources``: one row per ``[[sources]]`` entry with its state; ``quarantine``:
    open quarantined rows per reason (what waits to be fixed and retried); ``note``:
    why the state is missing or stale, if it is. A source over its API quota shows it in
    ``last_error`` (e.g. YouTube's ``quotaExceeded``), with ``last_error_at``."""
    status = ws.sources_status()
    return {**status, "quarantine": ws.quarantine_summary()}
