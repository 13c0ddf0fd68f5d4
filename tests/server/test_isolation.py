"""Workspaces are isolated: every endpoint, listed from the app's own schema (a new one
cannot escape), is called

- with another workspace's project name (alpha's users on beta's URLs), by token and by
  browser session (with its CSRF token, so that CSRF is not what refuses them);
- with another workspace's token (beta's analyst on alpha's URLs);
- on the user's own project with the other workspace's ids (beta's mention, report...);

and must answer 404, with nothing of the other workspace in the body. Each call is also
made by a user who may make it, who must get a success: the 404s come from isolation,
not from a broken endpoint."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.server.conftest import BETA_MARK, PASSWORD, Server

from rumeur.server.app import API_MODULES
from rumeur.workspace import Workspace

#: a body each state-changing operation accepts (a new one must be added here)
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/projects/{project}/alerts/rules"): {
        "name": "isolation-new", "type": "keyword", "terms": ["coupure"],
    },
    ("put", "/api/v1/projects/{project}/alerts/rules/{name}"): {
        "name": "isolation", "type": "keyword", "terms": ["panne", "coupure"],
    },
    ("post", "/api/v1/projects/{project}/reports"): {"lang": "fr"},
    ("post", "/api/v1/projects/{project}/privacy/access"): {"authors": ["beta_client_0"]},
    ("post", "/api/v1/projects/{project}/privacy/erasure"): {
        "authors": ["beta_client_0"], "dry_run": True,
    },
    ("post", "/api/v1/projects/{project}/mentions/{mention_id}/labels"): {"value": "negative"},
    ("post", "/api/v1/projects/{project}/store/query"): {
        "sql": "SELECT text FROM mentions", "params": [],
    },
}  # fmt: skip
#: who may make the call, when it is not every user of the project
NEEDS = {
    "/store/query": "local",
    "/privacy/": "admin",
    "POST /alerts/rules": "analyst",
    "PUT /alerts/rules": "analyst",
    "DELETE /alerts/rules": "analyst",
    "POST /reports": "analyst",
    "/labels/export": "analyst",
    "POST /api/v1/projects/{project}/mentions/{mention_id}/labels": "analyst",
}
#: routes outside any project: each says why it cannot reach another workspace
OUTSIDE = {
    "/api/v1/auth/login": "opens a session; gives no project data",
    "/api/v1/auth/logout": "ends the caller's own session",
    "/api/v1/me": "the caller's own name, role and projects",
    "/api/v1/audit-log": "admins only (tests/server/test_auth.py)",
    "/api/v1/users": "admins only (tests/server/test_auth.py)",
    "/api/v1/users/{name}": "admins only",
    "/api/v1/tokens": "the caller's own tokens",
    "/api/v1/tokens/{token_id}": "revokes only the caller's own tokens (admins: any)",
    "/api/v1/projects": "lists only the caller's projects (tests/server/test_auth.py)",
}


def _operations(server: Server) -> list[tuple[str, str]]:
    schema = server.app.openapi()  # type: ignore[attr-defined]
    return [(m, p) for p, ops in schema["paths"].items() for m in ops]


@pytest.fixture(scope="module")
def beta_ids(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Real ids of beta's things: a mention, a report, a rule and a poll, a site."""
    admin = server.client("admin")
    page = admin.get("/api/v1/projects/beta/mentions", params={"limit": 1}).json()
    report = admin.post("/api/v1/projects/beta/reports", json={"lang": "fr"})
    assert report.status_code == 201, report.text
    poll = tmp_path_factory.mktemp("poll") / "isolation.csv"
    poll.write_text("question,option,votes\nQ,Oui,30\nQ,Non,70\n", encoding="utf-8")
    with server.app.state.rumeur.projects.workspace("beta") as ws:  # type: ignore[attr-defined]
        ws.import_poll(poll, "isolation")
    return {
        "mention_id": page["mentions"][0]["mention_id"],
        "report_id": report.json()["id"],
        "name": "isolation",
        "site": "orbis-energie.example",
        "token_id": "000000000000",
    }


def _ensure_rule(server: Server, pid: str) -> None:
    """The rule PUT and DELETE act on, made again if a previous call removed it."""
    with server.app.state.rumeur.projects.workspace(pid) as ws:  # type: ignore[attr-defined]
        if "isolation" not in {r.name for r in ws.alert_rules()}:
            ws.add_alert_rule({"name": "isolation", "type": "keyword", "terms": ["panne"]})
        if "isolation-new" in {r.name for r in ws.alert_rules()}:
            ws.delete_alert_rule("isolation-new")
    server.app.state.rumeur.projects.reload(pid)  # type: ignore[attr-defined]


def _url(path: str, project: str, ids: dict[str, str]) -> str:
    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        return project if key == "project" else ids[key]

    return re.sub(r"\{(\w+)\}", fill, path)


def _call(c: TestClient, method: str, path: str, url: str) -> Any:
    body = BODIES.get((method, path))
    return c.request(method.upper(), url, json=body)


def _session(server: Server, who: str) -> TestClient:
    c = server.client()
    r = c.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return c


def _beta_leaks(r: Any, ids: dict[str, str]) -> list[str]:
    """Beta's mark anywhere; beta's ids in an answer that is not a 404 (a 404's message
    names the id the caller asked for, which tells them nothing)."""
    found = [BETA_MARK] if BETA_MARK in r.text else []
    if r.status_code != 404:
        found += [v for k, v in ids.items() if k in ("mention_id", "report_id") and v in r.text]
    return found


def test_every_route_is_in_the_schema_or_declared_outside_projects(server: Server) -> None:
    import importlib

    for name in API_MODULES:
        for route in importlib.import_module(f"rumeur.server.api.{name}").router.routes:
            path = getattr(route, "path", "")
            if "{project}" in path:
                assert getattr(route, "include_in_schema", True), path
    outside = {p for _, p in _operations(server) if "{project}" not in p}
    assert outside == set(OUTSIDE), "declare new routes outside projects in OUTSIDE"
    for (method, path), _ in BODIES.items():
        assert (method, path) in _operations(server), f"stale BODIES entry {method} {path}"


def _project_operations(server: Server) -> Iterator[tuple[str, str]]:
    for method, path in _operations(server):
        if "{project}" in path:
            yield method, path


def _needs(method: str, path: str) -> str:
    for key, role in NEEDS.items():
        if key in f"{method.upper()} {path}":
            return role
    return "viewer"


def test_other_workspaces_project_name_token_and_ids_leak_nothing(
    server: Server, beta_ids: dict[str, str]
) -> None:
    ops = list(_project_operations(server))
    assert len(ops) >= 25  # every area: mentions, metrics, spikes, audits, alerts...
    alpha_users = {
        "alpha analyst (token)": server.client("analyst"),
        "alpha viewer (token)": server.client("viewer"),
        "alpha analyst (session)": _session(server, "analyst"),
        "alpha's local CLI token": server.client(),
    }
    state = server.app.state.rumeur  # type: ignore[attr-defined]
    alpha_users["alpha's local CLI token"].headers["Authorization"] = "Bearer " + state.local_token(
        "alpha"
    )
    beta_local = server.client()
    beta_local.headers["Authorization"] = "Bearer " + state.local_token("beta")
    beta_user = server.client("beta_analyst")
    beta_admin_scoped = server.client()
    beta_admin_scoped.headers["Authorization"] = "Bearer " + server.accounts.new_token(
        "admin", "beta seulement", ["beta"]
    )
    failures = []
    for method, path in ops:
        op = f"{method.upper()} {path}"
        # 1. alpha's users on beta's URL (with beta's real ids): an unknown project
        for who, c in alpha_users.items():
            _ensure_rule(server, "beta")
            r = _call(c, method, path, _url(path, "beta", beta_ids))
            if r.status_code != 404 or r.json()["error"]["code"] != "project_not_found":
                failures.append(f"{op} as {who} on beta: {r.status_code} {r.text[:120]}")
            if leaks := _beta_leaks(r, beta_ids):
                failures.append(f"{op} as {who} on beta leaks {leaks}")
        # 2. beta's token on alpha's URL
        _ensure_rule(server, "alpha")
        alpha_ids = {**beta_ids, "name": "isolation"}
        r = _call(beta_user, method, path, _url(path, "alpha", alpha_ids))
        if r.status_code != 404:
            failures.append(f"{op} with beta's token on alpha: {r.status_code}")
        # 3. alpha's own project, beta's ids: nothing of beta comes back
        admin_alpha = server.client("admin")
        r = _call(admin_alpha, method, path, _url(path, "alpha", alpha_ids))
        if leaks := _beta_leaks(r, beta_ids):
            failures.append(f"{op} on alpha with beta's ids leaks {leaks}")
        if ("{mention_id}" in path or "{report_id}" in path) and r.status_code != 404:
            failures.append(f"{op} on alpha found beta's id: {r.status_code}")
        # 4. the rightful caller succeeds
        _ensure_rule(server, "beta")
        rightful = {"admin": beta_admin_scoped, "local": beta_local}.get(
            _needs(method, path), beta_user
        )
        r = _call(rightful, method, path, _url(path, "beta", beta_ids))
        if "{site}" in path:  # beta has no site audit: a clean 404, not a crash
            ok = r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        else:
            ok = 200 <= r.status_code < 300
        if not ok:
            failures.append(f"{op} by beta's own user: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures)


def test_workspaces_are_what_the_stores_hold(server: Server) -> None:
    """The fixture is what the test above relies on: beta's posts carry the mark,
    alpha's do not."""
    served = server.app.state.rumeur.projects  # type: ignore[attr-defined]
    with served.workspace("beta") as beta:
        assert all(BETA_MARK in m["text"] for m in beta.mentions(beta.mention_filter()))
    with served.workspace("alpha") as alpha:
        rows = alpha.mentions(alpha.mention_filter(limit=None))
        assert rows and not any(BETA_MARK in m["text"] for m in rows)
    assert isinstance(Workspace, type)
