"""The FastAPI application: :func:`create_app` puts the parts together.

    from rumeur.server import create_app
    app = create_app(["./veille-telecom", "client-b=/srv/rumeur/client-b"])

The API lives under ``/api/v1`` (project routes under ``/api/v1/projects/{project}/``),
the schema at ``/api/v1/openapi.json`` (checked into docs/openapi.json), the browser's
login at ``/login`` and the dashboard (when :mod:`rumeur.server.dashboard.routes` exists)
at ``/``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rumeur import __version__
from rumeur.server.accounts import Accounts, default_state_path
from rumeur.server.context import ServerState
from rumeur.server.errors import StrictJSONResponse, install
from rumeur.server.projects import Projects

API = "/api/v1"
#: the routers of the API, one module per area (rumeur.server.api.<name>)
API_MODULES = (
    "session",
    "admin",
    "projects",
    "mentions",
    "metrics",
    "audits",
    "alerts",
    "sources",
    "reports",
    "privacy",
    "labels",
    "store",
)
DASHBOARD = "rumeur.server.dashboard.routes"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


class AuditMiddleware:
    """Writes one audit-log row per state-changing request once it is answered: who
    (noted by the auth dependencies), which project, which route, which status."""

    def __init__(self, app: ASGIApp, state: ServerState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _SAFE:
            await self.app(scope, receive, send)
            return
        note: dict[str, Any] = {}
        scope["rumeur.audit"] = note
        status = {"code": 500}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if not note.get("skip"):
                route = scope.get("route")
                action = note.get("action") or (
                    f"{scope['method']} {getattr(route, 'path', scope['path'])}"
                )
                client = scope.get("client")
                self.state.audit.record(
                    action,
                    user=note.get("user"),
                    project=note.get("project"),
                    target=scope["path"],
                    status=status["code"],
                    ip=client[0] if client else None,
                    detail=note.get("detail"),
                )


def _exists(module: str) -> bool:
    """Whether ``module`` (and its package) can be imported, without importing it."""
    package = module.rsplit(".", 1)[0]
    return importlib.util.find_spec(package) is not None and (
        importlib.util.find_spec(module) is not None
    )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    state: ServerState = app.state.rumeur
    try:
        for cleanup in reversed(state.cleanups):  # watchers stopped, runtime files removed
            cleanup()
    finally:
        state.projects.close()  # the stores are released when the server stops


def create_app(
    projects: Projects | Iterable[str | Path] | Mapping[str, str | Path],
    *,
    state_path: Path | str | None = None,
    accounts: Accounts | None = None,
    cookie_secure: bool | None = None,
    reports_dir: Path | None = None,
) -> FastAPI:
    """The Rumeur server for ``projects`` (specs ``PATH`` or ``ID=PATH``, a mapping id ->
    path, or a :class:`Projects`), with users in ``state_path`` (default:
    :func:`~rumeur.server.accounts.default_state_path`)."""
    served = projects if isinstance(projects, Projects) else Projects(projects)
    state = ServerState(
        accounts=accounts or Accounts(state_path or default_state_path()),
        projects=served,
        cookie_secure=cookie_secure,
        reports_dir=reports_dir,
    )
    app = FastAPI(
        title="Rumeur",
        version=__version__,
        description="L'API HTTP de Rumeur : mentions, indicateurs, pics, audits, alertes, "
        "sources, rapports, droits RGPD. Authentification : jeton (Authorization: Bearer) "
        "ou session du navigateur (cookie + jeton CSRF). Voir docs/server.md.",
        openapi_url=f"{API}/openapi.json",
        docs_url=f"{API}/docs",
        redoc_url=None,
        default_response_class=StrictJSONResponse,
        lifespan=_lifespan,
    )
    app.state.rumeur = state
    install(app)
    if _exists(DASHBOARD):  # the dashboard's pages: its own router, before the API's
        dashboard = importlib.import_module(DASHBOARD)
        setup = getattr(dashboard, "install", None)
        if callable(setup):
            setup(app)
        else:
            app.include_router(dashboard.router)
    for name in API_MODULES:
        module = importlib.import_module(f"rumeur.server.api.{name}")
        app.include_router(module.router)
    app.add_middleware(AuditMiddleware, state=state)
    return app
