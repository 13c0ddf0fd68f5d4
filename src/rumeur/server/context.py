"""What one running server holds: its accounts, audit log, login limiter and projects,
and the settings given to :func:`rumeur.server.create_app`; reached from a request with
:func:`server_state`."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from rumeur.server.accounts import Accounts, User
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
    #: run when the server stops, before the stores are released (newest first)
    cleanups: list[Callable[[], None]] = field(default_factory=list)
    #: local tokens (SHA-256 digest -> project id): the CLI's reads of a served store
    local_tokens: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.audit = AuditLog(self.accounts)
        self.limiter = LoginLimiter(self.accounts)

    def local_token(self, project: str) -> str:
        """A new token for this machine's CLI to read ``project``'s store through the
        server (written to the runtime file only; forgotten when the server stops)."""
        token = "rmrlocal_" + secrets.token_urlsafe(32)
        self.local_tokens[hashlib.sha256(token.encode()).hexdigest()] = project
        return token

    def check_local_token(self, token: str) -> User | None:
        pid = self.local_tokens.get(hashlib.sha256(token.encode()).hexdigest())
        if pid is None:
            return None
        only = frozenset({pid})
        return User("cli-local", "viewer", only, only, via="local")

    def secure(self, request: Request) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return request.url.scheme == "https"


def server_state(request: Request) -> ServerState:
    """The :class:`ServerState` of the app serving ``request``."""
    state: ServerState = request.app.state.rumeur
    return state
