"""Who is asking, and may they: the FastAPI dependencies every route uses (the API's and
the dashboard's alike).

- :func:`current_user`: the user of a browser session (cookie ``rumeur_session``) or of
  an API token (``Authorization: Bearer rmr_...``); 401 otherwise (a browser asking for
  an HTML page outside ``/api/`` is sent to ``/login?next=...`` instead).
- :func:`optional_user`: the same, or None (pages that show something to everyone).
- :func:`require_role`: ``Depends(require_role("analyst"))``: 403 below that role.
- :func:`csrf_protect`: on a state-changing request made with a session cookie, the
  session's CSRF token must come in the ``X-CSRF-Token`` header or a ``csrf_token``
  form field (403 otherwise). Token requests carry no ambient credential: exempt.
  :func:`csrf_token` gives the token to put in a page's forms.
- :func:`workspace`: for routes with a ``{project}`` path parameter: the project's
  Workspace (a connection of its own to the server's store), after checking the user may
  open it; a project they may not open is a 404, exactly like an unknown one.
- :func:`writing`: the project's write lock, for routes that change its store.

Roles: ``viewer`` reads; ``analyst`` also corrects labels, edits alert rules and
generates reports; ``admin`` also manages users, reads the audit log, runs privacy
requests (access, erasure) and sees every project.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from rumeur.server.accounts import RANK, User
from rumeur.server.context import server_state
from rumeur.server.errors import ApiError

if TYPE_CHECKING:
    from rumeur.workspace import Workspace

SESSION_COOKIE = "rumeur_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _note(request: Request, **values: Any) -> None:
    """Tell the audit middleware who the request was for (see :mod:`.app`)."""
    note = request.scope.get("rumeur.audit")
    if isinstance(note, dict):
        note.update(values)


def _bearer(request: Request) -> str | None:
    """The request's bearer token, None without an Authorization header; 401 for any
    other kind of credentials."""
    header = request.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def _checked(request: Request, user: User | None, token: str | None) -> User | None:
    if token is not None and user is None:
        raise ApiError(401, "unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    if user is not None:
        request.state.user = user
        _note(request, user=user.name)
    return user


def request_user(request: Request) -> User | None:
    """The user of the request's bearer token or session cookie, or None. A bearer
    token that does not check out is a 401 (never silently anonymous). Reads the users
    file: for a worker thread (:func:`optional_user` is the dependency)."""
    state = server_state(request)
    token = _bearer(request)
    if token is None:
        sid = request.cookies.get(SESSION_COOKIE)
        return _checked(request, state.accounts.check_session(sid) if sid else None, None)
    if token.startswith("rmrlocal_"):
        return _checked(request, state.check_local_token(token), token)
    return _checked(request, state.accounts.check_token(token), token)


async def optional_user(request: Request) -> User | None:
    """:func:`request_user`, answered on the event loop for a token checked in the last
    minute (or a local one): no worker thread for what memory knows. A session, or a
    token to check in the users file, goes to a worker thread."""
    state = server_state(request)
    token = _bearer(request)
    if token is not None:
        if token.startswith("rmrlocal_"):
            return _checked(request, state.check_local_token(token), token)
        user = state.accounts.recent_token(token)
        if user is not None:
            return _checked(request, user, token)
    return await run_in_threadpool(request_user, request)


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The user making the request; 401 when there is none."""
    if user is None:
        raise ApiError(401, "unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(role: str) -> Callable[..., Awaitable[User]]:
    """A dependency giving the user when their role is ``role`` or higher, else 403."""
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")

    async def dependency(user: CurrentUser) -> User:
        if not user.has_role(role):
            raise ApiError(403, "forbidden_role", role=role, yours=user.role)
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


async def csrf_protect(request: Request, user: CurrentUser) -> None:
    """403 when a state-changing request made with a session lacks its CSRF token."""
    if request.method in SAFE_METHODS or user.via != "session":
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not user.csrf or not hmac.compare_digest(sent, user.csrf):
        raise ApiError(403, "csrf")


def csrf_token(request: Request) -> str | None:
    """The CSRF token of the request's session (for a page's forms), or None."""
    user = getattr(request.state, "user", None)
    if user is None:
        user = request_user(request)
    return user.csrf if user is not None else None


def check_project(request: Request, project: str, user: User) -> None:
    """404 unless ``project`` is served and ``user`` may open it."""
    state = server_state(request)
    if project not in state.projects or not user.can_open(project):
        raise ApiError(404, "project_not_found", project=project)
    _note(request, project=project)


async def workspace(request: Request, project: str, user: CurrentUser) -> AsyncIterator[Workspace]:
    """The Workspace of ``project`` (the path parameter) once ``user`` may open it (on the
    event loop while a connection is free: :meth:`Projects.workspace_async`)."""
    check_project(request, project, user)
    async with server_state(request).projects.workspace_async(project) as ws:
        yield ws


ProjectWorkspace = Annotated["Workspace", Depends(workspace)]


async def writing(request: Request, project: str, user: CurrentUser) -> AsyncIterator[None]:
    """Hold ``project``'s write lock for the request (its writes go one at a time). An
    asyncio lock, awaited on the event loop: waiting writers hold no worker thread, and
    the lock is released whichever thread ran the request."""
    check_project(request, project, user)
    async with server_state(request).projects.served(project).write_lock:
        yield


__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "CurrentUser",
    "ProjectWorkspace",
    "User",
    "check_project",
    "csrf_protect",
    "csrf_token",
    "current_user",
    "optional_user",
    "request_user",
    "require_role",
    "workspace",
    "writing",
]
