"""Bluesky connector: sessions (expiry, refresh), search pages, profiles, threads."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from werkzeug import Request, Response

from rumeur.connectors import registry
from rumeur.connectors._paging import time_key
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.watcher import collect
from rumeur.errors import CredentialsError

X = "/xrpc/"


def _project(make_project, server, **extra):
    src = {"name": "bsky", "type": "bluesky", "base_url": server.url_for("/").rstrip("/"),
           "identifier": "veille.bsky.social", "app_password_env": "BSKY_PW", "query": "fibrelia",
           "limit": 2, "backoff": 0.01, **extra}  # fmt: skip
    return make_project([src])


def _session(access: str) -> dict:
    return {"did": "did:plc:veille", "handle": "veille.bsky.social", "accessJwt": access,
            "refreshJwt": "refresh-" + access, "active": True}  # fmt: skip


def _profiles(request: Request) -> Response:
    actors = request.args.getlist("actors")
    profs = [p.bluesky_profile(d, "x.bsky.social") for d in actors]
    return Response(json.dumps({"profiles": profs}), content_type="application/json")


@pytest.fixture(autouse=True)
def _pw(monkeypatch):
    monkeypatch.setenv("BSKY_PW", "abcd-efgh-ijkl-mnop")


def test_search_pages_refresh_on_expiry_and_followers(httpserver, make_project, store, sleeps):
    project = _project(make_project, httpserver)
    httpserver.expect_ordered_request(X + "com.atproto.server.createSession", method="POST",
                                      json={"identifier": "veille.bsky.social",
                                            "password": "abcd-efgh-ijkl-mnop"}
                                      ).respond_with_json(_session("acc1"))  # fmt: skip
    search = X + "app.bsky.feed.searchPosts"
    httpserver.expect_ordered_request(search, headers={"Authorization": "Bearer acc1"}
        ).respond_with_json({"cursor": "2", "hitsTotal": 3,
                             "posts": [p.bluesky_post(3), p.bluesky_post(2)]})  # fmt: skip
    httpserver.expect_ordered_request(X + "app.bsky.actor.getProfiles").respond_with_handler(
        _profiles
    )
    # the access token expires mid-run: 400 ExpiredToken, refresh, retry
    httpserver.expect_ordered_request(search).respond_with_json(
        {"error": "ExpiredToken", "message": "Token has expired"}, status=400
    )
    httpserver.expect_ordered_request(
        X + "com.atproto.server.refreshSession",
        method="POST",
        headers={"Authorization": "Bearer refresh-acc1"},
    ).respond_with_json(_session("acc2"))
    qs = "limit=2&cursor=2&q=fibrelia&sort=latest"
    httpserver.expect_ordered_request(
        search, query_string=qs, headers={"Authorization": "Bearer acc2"}
    ).respond_with_json({"posts": [p.bluesky_post(1)]})
    httpserver.expect_ordered_request(X + "app.bsky.actor.getProfiles").respond_with_handler(
        _profiles
    )
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    httpserver.check_assertions()
    assert result.error is None, result.error
    assert result.new == 3 and conn.refreshed == 1
    post = p.bluesky_post(3)
    row = store.query("SELECT * FROM mentions WHERE external_id = ?", [post["uri"]])[0]
    expected = p.bluesky_profile(post["author"]["did"], "x")["followersCount"]
    assert row["author_followers"] == expected
    assert row["likes"] == post["likeCount"]
    # the newest post's time, less the tolerated clock skew (5 minutes by default)
    newest = p.EPOCH + timedelta(seconds=30 * 3)
    assert store.get_cursor("bsky") == {"watermark": time_key(newest - timedelta(minutes=5))}


def test_wrong_app_password_is_a_credentials_error(httpserver, make_project, store):
    project = _project(make_project, httpserver)
    httpserver.expect_request(X + "com.atproto.server.createSession").respond_with_json(
        {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, status=401
    )
    conn = registry.build(project, project.sources[0])
    with pytest.raises(CredentialsError, match="mot de passe d'application"):
        list(conn.fetch(None))
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "CredentialsError"
    assert "abcd-efgh" not in result.error


def test_thread_replies_and_deleted_root(httpserver, make_project, store):
    project = _project(make_project, httpserver, replies=True, profiles=False)
    httpserver.expect_request(X + "com.atproto.server.createSession").respond_with_json(
        _session("acc")
    )
    root, gone = p.bluesky_post(10), p.bluesky_post(11)
    root["replyCount"], gone["replyCount"] = 1, 2
    reply = p.bluesky_post(12, reply_to=(root["uri"], root["uri"]))
    httpserver.expect_request(X + "app.bsky.feed.searchPosts").respond_with_json(
        {"posts": [gone, root]}
    )
    threads = {
        root["uri"]: {"thread": {"$type": "app.bsky.feed.defs#threadViewPost", "post": root,
                                 "replies": [{"$type": "app.bsky.feed.defs#threadViewPost",
                                              "post": reply, "replies": []}]}},
        gone["uri"]: {"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": gone["uri"],
                                 "notFound": True}},
    }  # fmt: skip
    httpserver.expect_request(X + "app.bsky.feed.getPostThread").respond_with_handler(
        lambda req: Response(json.dumps(threads[req.args["uri"]]),
                             content_type="application/json"))  # fmt: skip
    conn = registry.build(project, project.sources[0])
    result = collect(store, project, conn, enrich=False)
    assert result.error is None, result.error
    assert result.new == 3 and conn.deleted == 1
    r = store.query("SELECT reply_to, thread_id FROM mentions WHERE external_id = ?",
                    [reply["uri"]])[0]  # fmt: skip
    assert r == {"reply_to": root["uri"], "thread_id": root["uri"]}
