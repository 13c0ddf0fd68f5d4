"""What one running server holds: its accounts, audit log, login limiter and projects,
and the settings given to :func:`rumeur.server.create_app`; reached from a request with
:func:`server_state`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from rumeur.server.accounts import Accounts
from rumeur.server.auditlog import AuditLog, LoginLimiter
from rumeur.server.projects import Projects


@dataclass
class ServerState:
    """The server's parts, shared by every request."""

    accounts: Accounts
    projects: Projects
    #: cookies get the Secure flag: True, False, or None = when the request came by https
    cookie_secure: bool | None = None
    audit: AuditLog = field(init=False)
    limiter: LoginLimiter = field(init=False)
    #: where generated reports are kept, one folder per project
    reports_dir: Path | None = None
    #: background work the server runs itself (collection), by project id
    background: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.audit = AuditLog(self.accounts)
        self.limiter = LoginLimiter(self.accounts)

    def secure(self, request: Request) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return request.url.scheme == "https"


def server_state(request: Request) -> ServerState:
    """The :class:`ServerState` of the app serving ``request``."""
    state: ServerState = request.app.state.rumeur
    return state
