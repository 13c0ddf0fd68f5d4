"""Who did what on the server, and the login rate limit; both in the server's state file
(:mod:`rumeur.server.accounts`).

The audit log gets one row per state-changing request (any method but GET/HEAD/OPTIONS,
whatever its outcome), per login (success or failure), logout, and per read of personal
data (the privacy access export): time, user, project, action (the route's name), target
(the path), HTTP status, client address. Admins read it through
``GET /api/v1/audit-log``; rows are never edited.

Login rate limit: :data:`MAX_FAILURES` failed logins for the same user name from the same
address within :data:`WINDOW` seconds lock that pair out until the oldest failure leaves
the window (HTTP 429 with ``Retry-After``); a success clears the pair's failures.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

from rumeur.server.accounts import Accounts

MAX_FAILURES = 5
WINDOW = 60.0


class AuditLog:
    """Append and read the audit log."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def record(
        self,
        action: str,
        *,
        user: str | None,
        project: str | None = None,
        target: str | None = None,
        status: int | None = None,
        ip: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        with self.accounts._db() as db:
            db.execute(
                "INSERT INTO audit_log (at, user, project, action, target, status, ip, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    time.time(),
                    user,
                    project,
                    action,
                    target,
                    status,
                    ip,
                    json.dumps(detail, ensure_ascii=False) if detail else None,
                ],
            )

    def entries(
        self,
        *,
        limit: int = 100,
        before: int | None = None,
        user: str | None = None,
        project: str | None = None,
        action: str | None = None,
    ) -> list[dict[str, Any]]:
        """Newest first; ``before``: only rows with a smaller id (the next page)."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        for column, value in (("user", user), ("project", project), ("action", action)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if before is not None:
            where.append("id < ?")
            params.append(before)
        with self.accounts._db() as db:
            rows = db.execute(
                f"SELECT * FROM audit_log WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
                [*params, limit],
            ).fetchall()
        return [
            {
                "id": r["id"],
                "at": r["at"],
                "user": r["user"],
                "project": r["project"],
                "action": r["action"],
                "target": r["target"],
                "status": r["status"],
                "ip": r["ip"],
                "detail": json.loads(r["detail"]) if r["detail"] else None,
            }
            for r in rows
        ]


class LoginLimiter:
    """Failed logins per (user name, address) in a sliding window."""

    def __init__(self, accounts: Accounts, *, max_failures: int = MAX_FAILURES) -> None:
        self.accounts = accounts
        self.max_failures = max_failures

    def retry_after(self, user: str, ip: str) -> int | None:
        """Seconds to wait before trying again, or None when a login may be tried."""
        now = time.time()
        with self.accounts._db() as db:
            db.execute("DELETE FROM login_failures WHERE at < ?", [now - WINDOW])
            rows = db.execute(
                "SELECT at FROM login_failures WHERE user = ? AND ip = ? ORDER BY at DESC",
                [user, ip],
            ).fetchall()
        if len(rows) < self.max_failures:
            return None
        oldest_counted = rows[self.max_failures - 1]["at"]
        return max(1, math.ceil(oldest_counted + WINDOW - now))

    def failed(self, user: str, ip: str) -> None:
        with self.accounts._db() as db:
            db.execute("INSERT INTO login_failures VALUES (?, ?, ?)", [user, ip, time.time()])

    def succeeded(self, user: str, ip: str) -> None:
        with self.accounts._db() as db:
            db.execute("DELETE FROM login_failures WHERE user = ? AND ip = ?", [user, ip])
