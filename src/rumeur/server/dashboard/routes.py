"""The dashboard's routes: server-rendered pages under ``/projects/{project}/`` and
their static files under ``/static/dashboard/``; the same users, roles, sessions and
CSRF tokens as the API (:mod:`rumeur.server.auth`), the same Workspace methods.

Reading pages: every role. Correcting a label and creating or deleting an alert rule:
analysts and admins, checked here on the server (a viewer's request is refused with 403
whatever the page showed), with the session's CSRF token, under the project's write lock.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from rumeur.errors import RumeurError, ScopeTooLargeError
from rumeur.server.auth import CurrentUser, ProjectWorkspace, csrf_protect, writing
from rumeur.server.context import server_state
from rumeur.server.dashboard import views_core as vc
from rumeur.server.dashboard import views_mentions as vm
from rumeur.server.dashboard import views_ops as vo
from rumeur.server.dashboard.i18n import LANG_COOKIE, LANGS, Words, choose
from rumeur.server.dashboard.page import NAV, Filters, Page, render
from rumeur.server.dashboard.pages import PAGES

STATIC = Path(__file__).resolve().parent / "static"
router = APIRouter(include_in_schema=False)
Write = [Depends(csrf_protect), Depends(writing)]


def install(app: FastAPI) -> None:
    """Mount the dashboard on ``app`` (what :func:`rumeur.server.create_app` calls)."""
    app.mount("/static/dashboard", StaticFiles(directory=STATIC), name="dashboard-static")
    app.include_router(router)


def _page(request: Request, project: str, ws: Any, user: Any, current: str) -> Page:
    q = request.query_params
    lang = choose(
        q.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
        ws.project.language,
    )
    state = server_state(request)
    projects = [p for p in state.projects.ids() if user.can_open(p)]
    return Page(
        project,
        ws,
        lang,
        user.name,
        user.role,
        projects,
        csrf=user.csrf,
        filters=Filters.from_query(q),
        current=current,
    )


def _html(
    request: Request, page: Page, template: str, status: int = 200, **values: Any
) -> Response:
    heading = values.pop("heading", None) or page.t[page.current]
    flash = _flash(request, page)
    response = HTMLResponse(
        render(
            page, template, heading=heading, flash=flash, error=values.pop("error", None), **values
        ),
        status_code=status,
    )
    given = request.query_params.get("lang")
    if given in LANGS:  # remembered for the next pages
        response.set_cookie(LANG_COOKIE, given, max_age=365 * 86400, samesite="lax")
    response.headers["Cache-Control"] = "no-store"
    return response


def _flash(request: Request, page: Page) -> str | None:
    q = request.query_params
    done, name = q.get("done"), q.get("rule", "")
    if done == "created":
        return page.t("rule_created", name=name)
    if done == "deleted":
        return page.t("rule_deleted", name=name)
    if done == "corrected":
        return page.t("corrected", label=page.t.label_of(q.get("label")))
    return None


def _view(
    request: Request, page: Page, template: str, build: Callable[[], dict[str, Any]]
) -> Response:
    """The page, or the same frame with the error when the filters are wrong."""
    try:
        values = build()
    except ScopeTooLargeError as exc:  # a page that reads every mention, on too many
        since = exc.since.astimezone(ZoneInfo(page.ws.project.timezone)).date().isoformat()
        return _html(
            request,
            page,
            "message.html.j2",
            400,
            back=page.url(page.current_path, since=since),
            back_label=page.t("last_days", days=exc.days),
            error=_capital(exc.render(page.lang)[0]) + ". " + page.t["too_many_rows"],
        )
    except RumeurError as exc:
        return _html(request, page, "message.html.j2", 400, back=None, error=_error(page, exc))
    return _html(request, page, template, **values)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _error(page: Page, exc: RumeurError) -> str:
    """The error in the page's language, its hint after it."""
    message, hint = exc.render(page.lang)
    return message + (f" ({hint})" if hint else "")


# -- entry --------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: CurrentUser) -> Response:
    state = server_state(request)
    visible = [p for p in state.projects.ids() if user.can_open(p)]
    wanted = request.query_params.get("project")
    if wanted in visible:
        return RedirectResponse(f"/projects/{wanted}/", status_code=303)
    if len(visible) == 1:
        return RedirectResponse(f"/projects/{visible[0]}/", status_code=303)
    t = Words(
        choose(
            request.query_params.get("lang"),
            request.cookies.get(LANG_COOKIE),
            request.headers.get("accept-language"),
        )
    )
    from rumeur.server.dashboard.page import environment

    items = [{"id": p, "name": state.projects.project(p).name} for p in visible]
    html = environment().get_template("choose.html.j2").render(t=t, projects=items)
    return HTMLResponse(html)


# -- analytics pages ------------------------------------------------------------------
def _simple(key: str, template: str, build: Callable[[Page], dict[str, Any]]) -> None:
    path = dict(NAV)[key]

    def endpoint(
        request: Request, project: str, ws: ProjectWorkspace, user: CurrentUser
    ) -> Response:
        page = _page(request, project, ws, user, key)
        return _view(request, page, template, lambda: build(page))

    endpoint.__name__ = f"dashboard_{key}"
    router.add_api_route(
        f"/projects/{{project}}/{path}", endpoint, methods=["GET"], response_class=HTMLResponse
    )


for _key, (_template, _build) in PAGES.items():
    _simple(_key, _template, _build)


@router.get("/projects/{project}/spikes/{spike_id}", response_class=HTMLResponse)
def spike_page(
    request: Request, project: str, spike_id: str, ws: ProjectWorkspace, user: CurrentUser
) -> Response:
    page = _page(request, project, ws, user, "timeline")
    try:
        values = vc.spike(page, spike_id)
    except RumeurError as exc:
        return _html(request, page, "message.html.j2", 400, back=None, error=_error(page, exc))
    if values is None:
        return _html(
            request,
            page,
            "message.html.j2",
            404,
            back=page.url("timeline"),
            heading=page.t["spike"],
            error=page.t["not_found"],
        )
    return _html(
        request,
        page,
        "spike.html.j2",
        heading=f"{page.t['spike']} — {values['row']['brand']}, {values['row']['when']}",
        s=values,
    )


# -- mentions ---------------------------------------------------------------------------
@router.get("/projects/{project}/mentions", response_class=HTMLResponse)
def mentions_page(
    request: Request, project: str, ws: ProjectWorkspace, user: CurrentUser
) -> Response:
    page = _page(request, project, ws, user, "mentions")
    query = vm.Query.from_query(request.query_params)
    return _view(
        request,
        page,
        "mentions.html.j2",
        lambda: dict(vm.explorer(page, query), platforms=vm.platforms()),
    )


@router.get("/projects/{project}/mentions/{mention_id}", response_class=HTMLResponse)
def thread_page(
    request: Request, project: str, mention_id: str, ws: ProjectWorkspace, user: CurrentUser
) -> Response:
    page = _page(request, project, ws, user, "mentions")
    return _view(
        request,
        page,
        "thread.html.j2",
        lambda: dict(vm.thread(page, mention_id), heading=page.t["thread"]),
    )


def _refused(request: Request, page: Page) -> Response | None:
    """403 for a viewer (the page never offered them the form, but a request may come
    anyway); None for analysts and admins."""
    if page.can_edit:
        return None
    return _html(
        request,
        page,
        "message.html.j2",
        403,
        back=page.url(""),
        heading=page.t["error"],
        error=page.t("forbidden", role=page.t["role_" + page.user_role]),
    )


def _back(target: str | None, project: str, fallback: str) -> str:
    """Only a path of this project's dashboard (never another site)."""
    ok = target and target.startswith(f"/projects/{project}/")
    if ok and target and "//" not in target and "\\" not in target:
        return target
    return fallback


@router.post("/projects/{project}/mentions/{mention_id}/label", dependencies=Write)
def correct_label(
    request: Request,
    project: str,
    mention_id: str,
    ws: ProjectWorkspace,
    user: CurrentUser,
    value: Annotated[str, Form()] = "",
    return_to: Annotated[str, Form()] = "",
) -> Response:
    page = _page(request, project, ws, user, "mentions")
    refused = _refused(request, page)
    if refused is not None:
        return refused
    try:
        ws.correct_label(mention_id, field="sentiment", value=value, user=user.name)
    except RumeurError as exc:
        return _html(
            request, page, "message.html.j2", 400, back=page.url("mentions"),
            error=_error(page, exc),
        )  # fmt: skip
    fallback = page.url(f"mentions/{mention_id}", keep=False)
    target = _back(return_to, project, fallback)
    path, _, anchor = target.partition("#")
    sep = "&" if "?" in path else "?"
    location = f"{path}{sep}done=corrected&label={value}" + (f"#{anchor}" if anchor else "")
    return RedirectResponse(location, status_code=303)


@router.get("/projects/{project}/labels/export")
def export_labels(
    request: Request, project: str, ws: ProjectWorkspace, user: CurrentUser
) -> Response:
    """The labels corrected by hand, as JSON Lines training data (analysts and admins)."""
    page = _page(request, project, ws, user, "mentions")
    refused = _refused(request, page)
    if refused is not None:
        return refused
    out = io.StringIO()
    ws.export_labels(out)
    return Response(
        out.getvalue(),
        media_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="labels-{project}.jsonl"'},
    )


# -- alert rules ------------------------------------------------------------------------
@router.post("/projects/{project}/alerts/rules", dependencies=Write)
def create_rule(
    request: Request,
    project: str,
    ws: ProjectWorkspace,
    user: CurrentUser,
    name: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    brand: Annotated[str, Form()] = "",
    terms: Annotated[str, Form()] = "",
    min_reach: Annotated[str, Form()] = "",
    metric: Annotated[str, Form()] = "",
    above: Annotated[str, Form()] = "",
) -> Response:
    page = _page(request, project, ws, user, "alerts")
    refused = _refused(request, page)
    if refused is not None:
        return refused
    form = {
        "name": name,
        "type": type,
        "brand": brand,
        "terms": terms,
        "min_reach": min_reach,
        "metric": metric,
        "above": above,
    }
    try:
        rule = ws.add_alert_rule(vo.rule_from_form(form))
    except RumeurError as exc:
        message = _error(page, exc)
        return _html(request, page, "alerts.html.j2", 400, error=message, **vo.alerts(page))
    server_state(request).projects.reload(project)  # the next requests read the new rules
    url = page.url("alerts", keep=False, done="created", rule=rule.name)
    return RedirectResponse(url, status_code=303)


@router.post("/projects/{project}/alerts/rules/{name}/delete", dependencies=Write)
def delete_rule(
    request: Request, project: str, name: str, ws: ProjectWorkspace, user: CurrentUser
) -> Response:
    page = _page(request, project, ws, user, "alerts")
    refused = _refused(request, page)
    if refused is not None:
        return refused
    try:
        ws.delete_alert_rule(name)
        server_state(request).projects.reload(project)
    except RumeurError as exc:
        error = _error(page, exc)
        return _html(request, page, "alerts.html.j2", 400, error=error, **vo.alerts(page))
    return RedirectResponse(page.url("alerts", keep=False, done="deleted", rule=name), 303)
