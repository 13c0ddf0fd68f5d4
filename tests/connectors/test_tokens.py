"""Token expiry and refresh (connectors/tokens.py) against a local OAuth 2.0 server:
renewed before it lapses, refreshed once when the API says it expired, a rotated refresh
token kept, a revoked grant said clearly, and no token or secret in any message."""

from __future__ import annotations

import json

import pytest
from werkzeug import Request, Response

from rumeur.connectors.base import Context
from rumeur.connectors.tokens import (
    TokenExpiredError,
    bearer,
    jwt_bearer,
    oauth2_refresh,
    static_token,
    with_token,
)
from rumeur.errors import CredentialsError


class _OAuth:
    """A token endpoint (RFC 6749 §6) and an API that accepts only the latest token."""

    def __init__(self) -> None:
        self.issued: list[str] = []
        self.grants: list[dict[str, str]] = []
        self.revoked = False
        self.expire_next = 0

    def token(self, req: Request) -> Response:
        form = dict(req.form)
        self.grants.append(form)
        if self.revoked:
            body = {"error": "invalid_grant", "error_description": "Token has been revoked."}
            return Response(json.dumps(body), 400, content_type="application/json")
        tok = f"access-{len(self.issued) + 1}-s3cr3t"
        self.issued.append(tok)
        body = {"access_token": tok, "expires_in": 3599, "token_type": "Bearer",
                "refresh_token": f"refresh-rotated-{len(self.issued)}"}  # fmt: skip
        return Response(json.dumps(body), 200, content_type="application/json")

    def api(self, req: Request) -> Response:
        auth = req.headers.get("Authorization", "")
        if self.expire_next:
            self.expire_next -= 1
            auth = ""
        if not self.issued or auth != f"Bearer {self.issued[-1]}":
            body = {
                "error": {
                    "code": 401,
                    "status": "UNAUTHENTICATED",
                    "message": "Request had invalid authentication credentials.",
                }
            }
            return Response(json.dumps(body), 401, content_type="application/json")
        return Response(json.dumps({"ok": True, "token": auth[7:]}), 200,
                        content_type="application/json")  # fmt: skip


@pytest.fixture
def oauth(httpserver):
    o = _OAuth()
    httpserver.expect_request("/token", method="POST").respond_with_handler(o.token)
    httpserver.expect_request("/v1/reviews").respond_with_handler(o.api)
    return o


def _ctx(make_project, httpserver, clock):
    project = make_project([{"name": "gbp", "type": "rss", "url": httpserver.url_for("/feed")}])
    return Context(project, project.sources[0], clock=lambda: clock[0], sleep=lambda s: None)


def test_refresh_before_expiry_and_once_on_401(make_project, httpserver, oauth):
    clock = [1_000_000.0]
    ctx = _ctx(make_project, httpserver, clock)
    http = ctx.http()
    tokens = oauth2_refresh(ctx, http, httpserver.url_for("/token"), client_id="cid",
                            client_secret="client-s3cret",
                            refresh_token="refresh-orig")  # fmt: skip

    def get(tok: str):
        return http.get_json(httpserver.url_for("/v1/reviews"), headers=bearer(tok))

    assert with_token(tokens, get)["token"] == "access-1-s3cr3t"
    assert with_token(tokens, get)["token"] == "access-1-s3cr3t"  # cached
    assert oauth.grants[0]["refresh_token"] == "refresh-orig"
    assert oauth.grants[0]["grant_type"] == "refresh_token"
    assert oauth.grants[0]["client_secret"] == "client-s3cret"
    clock[0] += 3599 - 30  # within the margin of its expiry: renewed before the call
    assert with_token(tokens, get)["token"] == "access-2-s3cr3t"
    assert oauth.grants[1]["refresh_token"] == "refresh-rotated-1"  # the rotated one
    oauth.expire_next = 1  # the API refuses the token once: refreshed, retried
    assert with_token(tokens, get)["token"] == "access-3-s3cr3t"
    assert tokens.minted == 3
    oauth.expire_next = 2  # refused twice: the second refusal is raised, not looped on
    with pytest.raises(CredentialsError) as err:
        with_token(tokens, get)
    assert len(oauth.grants) == 4
    for secret in ("access-4-s3cr3t", "client-s3cret", "refresh-rotated-3"):
        assert secret not in str(err.value) and secret not in repr(err.value.__dict__)


def test_revoked_grant_is_a_clear_credentials_error(make_project, httpserver, oauth):
    ctx = _ctx(make_project, httpserver, [0.0])
    http = ctx.http()
    oauth.revoked = True
    tokens = oauth2_refresh(ctx, http, httpserver.url_for("/token"), client_id="cid",
                            client_secret="client-s3cret",
                            refresh_token="refresh-orig")  # fmt: skip
    with pytest.raises(TokenExpiredError) as err:
        tokens.token()
    msg = str(err.value)
    assert "jeton de rafraîchissement refusé" in msg and "invalid_grant" in msg
    assert "refresh-orig" not in msg and "client-s3cret" not in msg
    assert "autorisez à nouveau l'application" in (err.value.hint or "")


def test_jwt_bearer_grant_sends_a_fresh_assertion(make_project, httpserver, oauth):
    ctx = _ctx(make_project, httpserver, [0.0])
    signed = iter(["eyJhbGciOiJSUzI1NiJ9.one.sig", "eyJhbGciOiJSUzI1NiJ9.two.sig"])
    tokens = jwt_bearer(ctx, ctx.http(), httpserver.url_for("/token"), lambda: next(signed))
    assert tokens.token() == "access-1-s3cr3t"
    assert tokens.refresh() == "access-2-s3cr3t"
    assert oauth.grants[0]["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert [g["assertion"] for g in oauth.grants] == [
        "eyJhbGciOiJSUzI1NiJ9.one.sig", "eyJhbGciOiJSUzI1NiJ9.two.sig"]  # fmt: skip
    assert ctx.redactor("x eyJhbGciOiJSUzI1NiJ9.two.sig y") == "x *** y"


def test_static_token_cannot_be_refreshed_and_says_how_to_renew():
    tokens = static_token("EAAB-page-token-123", source="fb", renew="generate a new page token")
    calls: list[str] = []

    def call(tok: str):
        calls.append(tok)
        raise TokenExpiredError("Error validating access token: Session has expired")

    with pytest.raises(TokenExpiredError) as err:
        with_token(tokens, call)
    assert calls == ["EAAB-page-token-123"]  # no retry with the same dead token
    assert "le jeton d'accès a expiré" in str(err.value)
    assert err.value.hint == "generate a new page token"
    assert tokens.redactor("token=EAAB-page-token-123") == "token=***"
