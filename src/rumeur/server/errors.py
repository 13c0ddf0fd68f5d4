"""The API's error bodies and its strict JSON.

Every error answers the same shape, in French unless ``Accept-Language`` prefers
English::

    {"error": {"status": 404, "code": "project_not_found",
               "message": "Projet inconnu : « beta ».", "hint": null}}

validation errors (422) add ``"fields": [{"location": [...], "type": "..."}]``. A project
that exists but that the caller may not open answers exactly like one that does not exist
(404), so that project names do not leak. Every JSON body is strict: NaN and infinities
are written ``null`` (:mod:`rumeur.jsonout`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import TypeAdapter
from starlette.exceptions import HTTPException as StarletteHTTPException

from rumeur.errors import (
    ConfigError,
    ConnectorError,
    RumeurError,
    StoreError,
    StoreLockedError,
    UsageError,
)

log = logging.getLogger("rumeur.server")

#: code -> (French, English); ``{name}`` fields are filled from the error's params
MESSAGES: dict[str, tuple[str, str]] = {
    "unauthenticated": (
        "Authentification requise : connectez-vous ou envoyez « Authorization: Bearer <jeton> ».",
        "Authentication required: log in or send 'Authorization: Bearer <token>'.",
    ),
    "bad_credentials": (
        "Nom d'utilisateur ou mot de passe incorrect.",
        "Wrong user name or password.",
    ),
    "too_many_logins": (
        "Trop d'essais de connexion : réessayez dans {retry_after} s.",
        "Too many login attempts: try again in {retry_after} s.",
    ),
    "forbidden_role": (
        "Action réservée au rôle « {role} » ou supérieur (votre rôle : « {yours} »).",
        "This action needs the '{role}' role or higher (yours: '{yours}').",
    ),
    "csrf": (
        "Jeton CSRF absent ou invalide : rechargez la page.",
        "Missing or invalid CSRF token: reload the page.",
    ),
    "local_only": (
        "Réservé à la ligne de commande de la machine du serveur (jeton local).",
        "Only for the command line of the server's machine (local token).",
    ),
    "project_not_found": ("Projet inconnu : « {project} ».", "Unknown project: '{project}'."),
    "not_found": ("Introuvable : {what}.", "Not found: {what}."),
    "route_not_found": ("Aucune ressource à cette adresse.", "No resource at this address."),
    "method_not_allowed": (
        "Méthode non permise à cette adresse.",
        "Method not allowed at this address.",
    ),
    "validation": ("Requête invalide : {summary}.", "Invalid request: {summary}."),
    "usage": ("{message}", "{message}"),
    "store_busy": (
        "Le magasin du projet est occupé : {message}",
        "The project's store is busy: {message}",
    ),
    "store_state": ("{message}", "{message}"),
    "connector": ("Source injoignable : {message}", "Source unreachable: {message}"),
    "server_error": (
        "Erreur interne du serveur (consignée dans son journal).",
        "Internal server error (written to the server's log).",
    ),
    "http": ("{message}", "{message}"),
}


def language(request: Request) -> str:
    """ "en" when Accept-Language prefers English to French, else "fr"."""
    header = request.headers.get("accept-language", "")
    best, best_q = "fr", -1.0
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        lang = tag.strip().lower()[:2]
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        if lang in ("fr", "en") and weight > best_q:
            best, best_q = lang, weight
    return best


class ApiError(Exception):
    """An error with a code of :data:`MESSAGES`, an HTTP status and the message fields."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        headers: dict[str, str] | None = None,
        hint: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.headers = headers
        self.hint = hint
        self.params = params


def error_body(
    request: Request, status: int, code: str, hint: str | None = None, **params: Any
) -> dict[str, Any]:
    fr, en = MESSAGES.get(code, MESSAGES["http"])
    template = en if language(request) == "en" else fr
    try:
        message = template.format(**params)
    except (KeyError, IndexError):
        message = template
    return {"error": {"status": status, "code": code, "message": message, "hint": hint}}


class StrictJSONResponse(JSONResponse):
    """JSON through :func:`rumeur.jsonout.dumps`: NaN/Infinity as null, datetimes ISO."""

    def render(self, content: Any) -> bytes:
        from rumeur.jsonout import dumps

        return dumps(content, indent=None).encode("utf-8")


#: how FastAPI writes a route's ``dict[str, Any]`` response model (pydantic's JSON mode:
#: datetimes ISO 8601, UTC as ``Z``, NaN and infinities as null)
_OBJECT = TypeAdapter(dict[str, Any])


def object_response(content: dict[str, Any]) -> Response:
    """``content`` written as JSON in one pass of pydantic's Rust core, for the busiest
    routes (the explorer's page, the overview): the same JSON values as the route's
    ``response_model=dict[str, Any]`` gives, without FastAPI validating again a dict the
    Workspace built, walking it to plain values in Python, then encoding it with
    :mod:`json` (a third of the server's own time per call on a page of 50 mentions)."""
    return Response(_OBJECT.dump_json(content), media_type="application/json")


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _respond(
    request: Request,
    status: int,
    code: str,
    *,
    headers: dict[str, str] | None = None,
    hint: str | None = None,
    extra: dict[str, Any] | None = None,
    **params: Any,
) -> Response:
    if status == 401 and _wants_html(request):  # a browser page: to the login form
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    body = error_body(request, status, code, hint, **params)
    if extra:
        body["error"].update(extra)
    return StrictJSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the shape above."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return _respond(
            request, exc.status, exc.code, headers=exc.headers, hint=exc.hint, **exc.params
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = [
            {"location": [str(x) for x in e.get("loc", ())], "type": e.get("type")}
            for e in exc.errors()
        ]
        summary = ", ".join(".".join(f["location"]) for f in fields) or "?"
        return _respond(request, 422, "validation", summary=summary, extra={"fields": fields})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _respond(request, 404, "route_not_found")
        if exc.status_code == 405:
            return _respond(request, 405, "method_not_allowed", headers=dict(exc.headers or {}))
        return _respond(request, exc.status_code, "http", message=str(exc.detail))

    @app.exception_handler(RumeurError)
    async def _rumeur(request: Request, exc: RumeurError) -> Response:
        message, hint = exc.render(language(request))  # both languages where it has them
        if isinstance(exc, StoreLockedError):
            return _respond(request, 503, "store_busy", message=message, hint=hint)
        if isinstance(exc, StoreError):  # e.g. nothing imported yet: not a server fault
            return _respond(request, 409, "store_state", message=message, hint=hint)
        if isinstance(exc, ConnectorError):
            return _respond(request, 502, "connector", message=message, hint=hint)
        if isinstance(exc, UsageError | ConfigError):
            # "--since : ..." is the CLI's option; the API's parameter is "since"
            message = re.sub(r"^--([\w-]+) :", r"\1 :", message)
            return _respond(request, 422, "usage", message=message, hint=hint)
        log.exception("unexpected Rumeur error", exc_info=exc)
        return _respond(request, 500, "usage", message=message, hint=hint)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("server error on %s %s", request.method, request.url.path, exc_info=exc)
        return _respond(request, 500, "server_error")
