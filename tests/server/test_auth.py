"""Users, tokens, sessions, CSRF, the login rate limit and the audit log, through HTTP."""

from __future__ import annotations

import re
import sqlite3

from fastapi.testclient import TestClient
from tests.server.conftest import PASSWORD, Server


def _login_form(c: TestClient, user: str, password: str, next_: str = "/") -> object:
    page = c.get("/login")
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    return c.post(
        "/login",
        data={"username": user, "password": password, "csrf_token": csrf.group(1), "next": next_},
        follow_redirects=False,
    )


def test_no_credentials_is_401_in_french_by_default_english_on_request(server: Server) -> None:
    r = server.client().get("/api/v1/me")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"]["code"] == "unauthenticated"
    assert r.json()["error"]["message"].startswith("Authentification requise")
    en = server.client(**{"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}).get("/api/v1/me")
    assert en.json()["error"]["message"].startswith("Authentication required")


def test_a_wrong_or_revoked_token_is_401(server: Server) -> None:
    c = server.client()
    bad = c.get("/api/v1/me", headers={"Authorization": "Bearer rmr_000000000000_nope"})
    assert bad.status_code == 401
    token = server.accounts.new_token("viewer", "temporaire")
    ok = c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json()["name"] == "viewer"
    # checked a moment ago: answered from memory now, and refused once revoked
    assert server.accounts.recent_token(token) is not None
    page = c.get("/api/v1/projects/alpha/mentions", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200
    assert server.accounts.revoke_token(token.split("_")[1])
    gone = c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401
    gone = c.get("/api/v1/projects/alpha/mentions", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401


def test_tokens_and_passwords_are_stored_hashed(server: Server) -> None:
    token = server.tokens["viewer"]
    with sqlite3.connect(server.accounts.path) as db:
        dump = "\n".join(db.iterdump())
    assert token.split("_", 2)[2] not in dump
    assert PASSWORD not in dump
    assert "$argon2id$" in dump


def test_browser_login_sets_a_session_and_csrf_guards_writes(server: Server) -> None:
    c = server.client()
    r = _login_form(c, "analyst", PASSWORD, next_="/api/v1/me")
    assert r.status_code == 303 and r.headers["location"] == "/api/v1/me"
    cookie = r.headers["set-cookie"]
    assert "rumeur_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = c.get("/api/v1/me").json()
    assert me["name"] == "analyst" and me["projects"] == ["alpha"] and me["csrf_token"]
    # a state-changing request with the cookie but without the token: refused
    refused = c.post("/api/v1/tokens", json={"label": "x"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf"
    wrong = c.post("/api/v1/tokens", json={"label": "x"}, headers={"X-CSRF-Token": "faux"})
    assert wrong.status_code == 403
    made = c.post("/api/v1/tokens", json={"label": "x"}, headers={"X-CSRF-Token": me["csrf_token"]})
    assert made.status_code == 201 and made.json()["token"].startswith("rmr_")
    # logging out ends the session
    out = c.post("/logout", data={"csrf_token": me["csrf_token"]}, follow_redirects=False)
    assert out.status_code == 303
    assert c.get("/api/v1/me").status_code == 401


def test_login_form_without_its_csrf_cookie_is_refused(server: Server) -> None:
    c = server.client()
    r = c.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert "rumeur_session" not in r.headers.get("set-cookie", "")


def test_login_redirects_only_to_this_server(server: Server) -> None:
    r = _login_form(server.client(), "viewer", PASSWORD, next_="//evil.example/x")
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_html_pages_send_an_anonymous_browser_to_the_login_form(server: Server) -> None:
    r = server.client().get("/api/v1/me", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 401  # the API answers JSON, even to a browser
    page = server.client().get("/login", headers={"Accept-Language": "en"})
    assert "Log in" in page.text and 'lang="en"' in page.text


def test_json_login_and_logout(server: Server) -> None:
    c = server.client()
    r = c.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "viewer" and body["role"] == "viewer" and body["csrf_token"]
    assert c.post("/api/v1/auth/logout").status_code == 403  # no CSRF token
    out = c.post("/api/v1/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]})
    assert out.status_code == 204
    assert c.get("/api/v1/me").status_code == 401


def test_five_failed_logins_a_minute_lock_the_user_from_that_address(server: Server) -> None:
    server.accounts.add_user("cible", "viewer", [], PASSWORD)
    c = server.client()
    for _ in range(5):
        r = c.post("/api/v1/auth/login", json={"username": "cible", "password": "mauvais"})
        assert r.status_code == 401
    locked = c.post("/api/v1/auth/login", json={"username": "cible", "password": PASSWORD})
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 60
    assert locked.json()["error"]["code"] == "too_many_logins"
    # the browser form is held back the same way
    assert _login_form(c, "cible", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    # another user from the same address is not
    other = c.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert other.status_code == 200


def test_roles_admin_only_routes(server: Server) -> None:
    assert server.client("viewer").get("/api/v1/audit-log").status_code == 403
    assert server.client("analyst").get("/api/v1/users").status_code == 403
    r = server.client("viewer").get("/api/v1/users")
    assert r.json()["error"]["code"] == "forbidden_role"
    assert server.client("admin").get("/api/v1/users").status_code == 200


def test_the_audit_log_says_who_did_what(server: Server) -> None:
    c = server.client("analyst")
    made = c.post("/api/v1/tokens", json={"label": "pour-audit"})
    assert made.status_code == 201
    server.client().post("/api/v1/auth/login", json={"username": "viewer", "password": "non"})
    log = server.client("admin").get("/api/v1/audit-log", params={"limit": 50}).json()
    token_row = next(e for e in log if e["detail"] and e["detail"].get("label") == "pour-audit")
    assert token_row["user"] == "analyst" and token_row["status"] == 201
    assert token_row["action"] == "POST /api/v1/tokens"
    failed = next(e for e in log if e["action"] == "login" and e["status"] == 401)
    assert failed["user"] == "viewer"
    # reading is not logged; the token's secret never is
    assert all(e["action"] != "GET /api/v1/me" for e in log)
    assert made.json()["token"] not in str(log)


def test_project_list_shows_only_the_users_projects(server: Server) -> None:
    ids = lambda who: [p["id"] for p in server.client(who).get("/api/v1/projects").json()]  # noqa: E731
    assert ids("admin") == ["alpha", "beta"]
    assert ids("analyst") == ["alpha"]
    assert ids("beta_analyst") == ["beta"]


def test_a_project_one_may_not_open_looks_like_an_unknown_one(server: Server) -> None:
    c = server.client("analyst")
    hidden = c.get("/api/v1/projects/beta")
    missing = c.get("/api/v1/projects/nulle-part")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["code"] == missing.json()["error"]["code"]
    assert c.get("/api/v1/projects/alpha").json()["mentions"] > 0


def test_a_token_limited_to_a_project_opens_only_that_one(server: Server) -> None:
    token = server.accounts.new_token("admin", "limité", ["alpha"])
    c = server.client()
    c.headers["Authorization"] = f"Bearer {token}"
    assert c.get("/api/v1/projects/alpha").status_code == 200
    assert c.get("/api/v1/projects/beta").status_code == 404
