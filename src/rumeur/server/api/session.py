"""Logging in and out: the browser's form (``GET``/``POST /login``, ``POST /logout``)
and the API's JSON (``POST /api/v1/auth/login``, ``POST /api/v1/auth/logout``,
``GET /api/v1/me``).

A login gives a session cookie (``HttpOnly``, ``SameSite=Lax``, ``Secure`` over https)
and a CSRF token for the session's state-changing requests. The login form itself is
protected by a double-submit cookie (``rumeur_login_csrf``), so that no other site can
log a browser into an account of its choosing. Failed logins are counted per user name
and address (:mod:`rumeur.server.auditlog`): the sixth within a minute gets a 429 with
``Retry-After``, even with the right password.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from rumeur.server.accounts import SESSION_SECONDS, User
from rumeur.server.auth import SESSION_COOKIE, CurrentUser, _note, csrf_protect
from rumeur.server.context import server_state
from rumeur.server.errors import ApiError, language

router = APIRouter()
LOGIN_CSRF_COOKIE = "rumeur_login_csrf"
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_TEXT = {
    "fr": {
        "title": "Connexion",
        "user": "Nom d'utilisateur",
        "password": "Mot de passe",
        "submit": "Se connecter",
        "bad": "Nom d'utilisateur ou mot de passe incorrect.",
        "limited": "Trop d'essais : réessayez dans {n} s.",
        "expired": "Le formulaire a expiré : réessayez.",
    },
    "en": {
        "title": "Log in",
        "user": "User name",
        "password": "Password",
        "submit": "Log in",
        "bad": "Wrong user name or password.",
        "limited": "Too many attempts: try again in {n} s.",
        "expired": "The form expired: try again.",
    },
}


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _safe_next(target: str | None) -> str:
    """Only a path on this server (never ``//other.site`` or ``https://...``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def render_login(
    request: Request, *, error: str | None = None, status: int = 200, username: str = ""
) -> HTMLResponse:
    """The login page, with a fresh double-submit CSRF cookie."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    lang = language(request)
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape())
    token = secrets.token_urlsafe(24)
    html = env.get_template("login.html").render(
        lang=lang,
        t=_TEXT[lang],
        csrf=token,
        next=_safe_next(request.query_params.get("next") or request.scope.get("rumeur.next")),
        error=error,
        username=username,
    )
    response = HTMLResponse(html, status_code=status)
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True, samesite="strict",
        secure=server_state(request).secure(request), path="/login",
    )  # fmt: skip
    return response


def _start_session(request: Request, response: Response, user: User) -> str:
    state = server_state(request)
    sid, csrf = state.accounts.new_session(user.name)
    response.set_cookie(
        SESSION_COOKIE, sid, max_age=SESSION_SECONDS, httponly=True, samesite="lax",
        secure=state.secure(request), path="/",
    )  # fmt: skip
    return csrf


def _authenticate(request: Request, username: str, password: str) -> User:
    """The user, or ApiError 429 (rate limit) / 401 (wrong credentials); logged."""
    state = server_state(request)
    ip = _client(request)
    _note(request, action="login", user=username)
    wait = state.limiter.retry_after(username, ip)
    if wait is not None:
        raise ApiError(429, "too_many_logins", headers={"Retry-After": str(wait)}, retry_after=wait)
    user = state.accounts.check_password(username, password)
    if user is None:
        state.limiter.failed(username, ip)
        raise ApiError(401, "bad_credentials")
    state.limiter.succeeded(username, ip)
    return user


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request) -> HTMLResponse:
    return render_login(request)


@router.post("/login", include_in_schema=False)
def login_form(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    text = _TEXT[language(request)]
    request.scope["rumeur.next"] = next
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not csrf_token or not hmac.compare_digest(cookie, csrf_token):
        _note(request, action="login", user=username, detail={"reason": "csrf"})
        return render_login(request, error=text["expired"], status=403, username=username)
    try:
        user = _authenticate(request, username, password)
    except ApiError as err:
        if err.status == 429:
            page = render_login(
                request, error=text["limited"].format(n=err.params["retry_after"]), status=429,
                username=username,
            )  # fmt: skip
            page.headers.update(err.headers or {})
            return page
        return render_login(request, error=text["bad"], status=401, username=username)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _start_session(request, response, user)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False, dependencies=[Depends(csrf_protect)])
def logout_form(request: Request, user: CurrentUser) -> Response:
    _note(request, action="logout")
    sid = request.cookies.get(SESSION_COOKIE)
    if sid:
        server_state(request).accounts.end_session(sid)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    name: str
    role: str
    projects: list[str]
    csrf_token: str | None = None


def _me(request: Request, user: User, csrf: str | None) -> dict[str, Any]:
    state = server_state(request)
    visible = [p for p in state.projects.ids() if user.can_open(p)]
    return {"name": user.name, "role": user.role, "projects": visible, "csrf_token": csrf}


@router.post(
    "/api/v1/auth/login",
    response_model=Me,
    tags=["session"],
    responses={401: {"description": "wrong credentials"}, 429: {"description": "rate limited"}},
)
def login_json(request: Request, response: Response, body: Credentials) -> dict[str, Any]:
    """Open a browser session (cookie); the answer holds its CSRF token, to send in the
    ``X-CSRF-Token`` header of every state-changing request."""
    user = _authenticate(request, body.username, body.password)
    csrf = _start_session(request, response, user)
    return _me(request, user, csrf)


@router.post(
    "/api/v1/auth/logout", status_code=204, tags=["session"], dependencies=[Depends(csrf_protect)]
)
def logout_json(request: Request, user: CurrentUser) -> Response:
    """End the browser session (a no-op for a token)."""
    _note(request, action="logout")
    sid = request.cookies.get(SESSION_COOKIE)
    response = Response(status_code=204)
    if sid and user.via == "session":
        server_state(request).accounts.end_session(sid)
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/api/v1/me", response_model=Me, tags=["session"])
def me(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Who you are, your role, the projects you may open (and your session's CSRF token)."""
    return _me(request, user, user.csrf)
