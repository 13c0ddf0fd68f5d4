"""The dashboard's pages are isolated like the API: every page route of
:mod:`rumeur.server.dashboard.routes` (listed from its router, so a new page cannot
escape) is called by alpha's users on beta's URLs (token, and browser session with its
CSRF token) and by beta's users on alpha's: 404, nothing of the other workspace in the
page. Beta's own analyst gets the page (the 404s come from isolation)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.server.conftest import BETA_MARK, PASSWORD, Server

routes = pytest.importorskip("rumeur.server.dashboard.routes")


def _pages() -> list[tuple[str, str]]:
    out = []
    for route in routes.router.routes:
        path = getattr(route, "path", "")
        if "{project}" in path:
            out.extend((m, path) for m in sorted(getattr(route, "methods", ())))
    return out


def _session(server: Server, who: str) -> Any:
    c = server.client()
    r = c.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return c


def test_every_dashboard_page_is_isolated(server: Server) -> None:
    pages = _pages()
    assert len(pages) >= 10  # overview, timeline, explorer, thread, audits...
    admin = server.client("admin")
    beta_mention = admin.get("/api/v1/projects/beta/mentions", params={"limit": 1}).json()[
        "mentions"
    ][0]["mention_id"]
    ids = {"mention_id": beta_mention, "spike_id": "0", "name": "isolation"}
    outsiders = {
        "alpha analyst (token)": server.client("analyst"),
        "alpha analyst (session)": _session(server, "analyst"),
        "alpha viewer (session)": _session(server, "viewer"),
    }
    failures = []
    for method, path in pages:
        url = re.sub(r"\{(\w+)\}", lambda m: "beta" if m[1] == "project" else ids[m[1]], path)
        for who, c in outsiders.items():
            r = c.request(method, url, data={"value": "positive", "csrf_token": "x"},
                          follow_redirects=False)  # fmt: skip
            if r.status_code != 404 or BETA_MARK in r.text:
                failures.append(f"{method} {path} as {who} on beta: {r.status_code}")
        back = re.sub(r"\{(\w+)\}", lambda m: "alpha" if m[1] == "project" else ids[m[1]], path)
        r = server.client("beta_analyst").request(method, back, follow_redirects=False)
        if r.status_code != 404:
            failures.append(f"{method} {path} with beta's token on alpha: {r.status_code}")
        if method == "GET" and "{" not in path.replace("{project}", ""):
            mine = server.client("beta_analyst").get(url)
            if mine.status_code != 200:
                failures.append(f"GET {path} by beta's analyst: {mine.status_code}")
    assert not failures, "\n".join(failures)
