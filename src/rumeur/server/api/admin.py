"""Server administration: the audit log and users (admins), and each user's own API
tokens (``/api/v1/tokens``: made, listed, revoked; a new token's text is answered once)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from rumeur.server.accounts import ROLES, User
from rumeur.server.auth import CurrentUser, _note, csrf_protect, require_role
from rumeur.server.context import server_state
from rumeur.server.errors import ApiError

router = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_protect)])
Admin = Annotated[User, Depends(require_role("admin"))]


class AuditEntry(BaseModel):
    id: int
    at: float = Field(description="Unix time (seconds, UTC)")
    user: str | None
    project: str | None
    action: str
    target: str | None
    status: int | None
    ip: str | None
    detail: dict[str, Any] | None


@router.get("/audit-log", response_model=list[AuditEntry], tags=["admin"])
def audit_log(
    request: Request,
    _: Admin,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[int | None, Query(ge=0, description="ids below this one")] = None,
    user: str | None = None,
    project: str | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """Who did what, newest first (admins only)."""
    return server_state(request).audit.entries(
        limit=limit, before=before, user=user, project=project, action=action
    )


class UserOut(BaseModel):
    name: str
    role: str
    projects: list[str]
    password: bool
    tokens: int
    disabled: bool


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[\w.@-]+$")
    role: str = Field(pattern="^(" + "|".join(ROLES) + ")$")
    projects: list[str] = Field(default_factory=list, max_length=100)
    password: str | None = Field(default=None, min_length=8, max_length=1024)


@router.get("/users", response_model=list[UserOut], tags=["admin"])
def users(request: Request, _: Admin) -> list[dict[str, Any]]:
    """Every user with role and projects (admins only; never a secret)."""
    return server_state(request).accounts.users()


@router.post("/users", response_model=UserOut, status_code=201, tags=["admin"])
def add_user(request: Request, _: Admin, body: NewUser) -> dict[str, Any]:
    """Create a user (admins only)."""
    accounts = server_state(request).accounts
    accounts.add_user(body.name, body.role, body.projects, body.password)
    _note(request, detail={"user": body.name, "role": body.role, "projects": body.projects})
    return next(u for u in accounts.users() if u["name"] == body.name)


@router.delete("/users/{name}", status_code=204, tags=["admin"])
def remove_user(request: Request, admin: Admin, name: str) -> Response:
    """Delete a user, their tokens and sessions (admins only; not yourself)."""
    accounts = server_state(request).accounts
    if name == admin.name:
        raise ApiError(422, "usage", message="vous ne pouvez pas supprimer votre propre compte")
    if name not in {u["name"] for u in accounts.users()}:
        raise ApiError(404, "not_found", what=f"user {name}")
    accounts.remove_user(name)
    return Response(status_code=204)


class TokenOut(BaseModel):
    id: str
    user: str
    label: str
    projects: list[str] | None
    created_at: float
    last_used: float | None
    revoked: bool


class NewToken(BaseModel):
    label: str = Field(default="api", min_length=1, max_length=100)
    projects: list[str] | None = Field(default=None, max_length=100)


class TokenCreated(BaseModel):
    id: str
    token: str = Field(description="shown once: only its hash is kept")


@router.get("/tokens", response_model=list[TokenOut], tags=["tokens"])
def my_tokens(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    """Your API tokens (never their secret)."""
    return server_state(request).accounts.tokens(user.name)


@router.post("/tokens", response_model=TokenCreated, status_code=201, tags=["tokens"])
def new_token(request: Request, user: CurrentUser, body: NewToken) -> dict[str, str]:
    """Make an API token for yourself, optionally limited to some of your projects."""
    scope = body.projects
    if scope is not None:
        unknown = [p for p in scope if not user.can_open(p)]
        if unknown:
            raise ApiError(404, "project_not_found", project=unknown[0])
    token = server_state(request).accounts.new_token(user.name, body.label, scope)
    tid = token.split("_", 2)[1]
    _note(request, detail={"token": tid, "label": body.label})
    return {"id": tid, "token": token}


@router.delete("/tokens/{token_id}", status_code=204, tags=["tokens"])
def revoke_token(request: Request, user: CurrentUser, token_id: str) -> Response:
    """Revoke one of your tokens (an admin may revoke anyone's)."""
    owner = None if user.role == "admin" else user.name
    if not server_state(request).accounts.revoke_token(token_id, owner):
        raise ApiError(404, "not_found", what=f"token {token_id}")
    return Response(status_code=204)
