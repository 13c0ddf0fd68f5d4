"""Reddit connector: script-app token, search pages, comments, rate-limit headers."""

from __future__ import annotations

import pytest

from rumeur.connectors import registry
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.watcher import collect
from rumeur.errors import CredentialsError


@pytest.fixture
def project(httpserver, make_project):
    src = {"name": "rd", "type": "reddit", "base_url": httpserver.url_for("/").rstrip("/"),
           "auth_url": httpserver.url_for("/api/v1/access_token"), "client_id": "cid123",
           "username": "veille_bot", "query": "fibrelia", "subreddit": "france", "limit": 2,
           "comments": True, "backoff": 0.01}  # fmt: skip
    return make_project([src], secrets={"rd": {"client_secret": "csecret-xyz",
                                                "password": "hunter2-pw"}})  # fmt: skip


TOKEN = {"access_token": "tok-abc-123", "token_type": "bearer", "expires_in": 86400, "scope": "*"}


def test_search_comments_and_rate_limit(httpserver, project, store, sleeps):
    httpserver.expect_ordered_request(
        "/api/v1/access_token", method="POST",
        data="grant_type=password&username=veille_bot&password=hunter2-pw",
    ).respond_with_json(TOKEN)  # fmt: skip
    a, b, c = p.reddit_link(3), p.reddit_link(2), p.reddit_link(1)
    b["data"]["num_comments"] = 0
    c["data"]["num_comments"] = 0
    httpserver.expect_ordered_request(
        "/r/france/search", headers={"Authorization": "bearer tok-abc-123"}
    ).respond_with_json(p.listing([a, b], after=b["data"]["name"]),
                        headers={"X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Used": "100",
                                 "X-Ratelimit-Reset": "42"})  # fmt: skip
    top = p.reddit_comment(60, a["data"]["name"], a["data"]["name"])
    child = p.reddit_comment(61, a["data"]["name"], top["data"]["name"])
    top["data"]["replies"] = p.listing([child], None)
    gone = p.reddit_comment(62, a["data"]["name"], a["data"]["name"], deleted=True)
    parent = a["data"]["name"]
    more = {"kind": "more", "data": {"count": 3, "name": "t1_zz", "id": "zz",
                                      "parent_id": parent, "children": ["x1"]}}  # fmt: skip
    httpserver.expect_ordered_request(f"/comments/{a['data']['id']}").respond_with_json(
        [p.listing([a], None), p.listing([top, gone, more], None)]
    )
    httpserver.expect_ordered_request("/r/france/search", query_string={
        "q": "fibrelia", "sort": "new", "limit": "2", "type": "link", "restrict_sr": "1",
        "after": b["data"]["name"], "raw_json": "1"}).respond_with_json(
        p.listing([c], after=None))  # fmt: skip
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    httpserver.check_assertions()
    assert result.error is None, result.error
    assert result.new == 5 and result.quarantined == 1 and conn.deleted == 1
    assert 41 <= max(sleeps) <= 42  # waited for X-Ratelimit-Reset before the next call
    r = store.query("SELECT reply_to, thread_id, text FROM mentions WHERE external_id = ?",
                    [child["data"]["name"]])[0]  # fmt: skip
    assert r["reply_to"] == top["data"]["name"] and r["thread_id"] == a["data"]["name"]
    assert "deleted post" in store.scalar("SELECT reason FROM quarantine")


def test_bad_secret_and_revoked_token(httpserver, project, store):
    httpserver.expect_request("/api/v1/access_token").respond_with_json(
        {"message": "Unauthorized", "error": 401}, status=401
    )
    conn = registry.build(project, project.sources[0])
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "CredentialsError"
    assert "csecret" not in result.error and "hunter2" not in result.error
    httpserver.clear()
    httpserver.expect_request("/api/v1/access_token").respond_with_json(TOKEN)
    httpserver.expect_request("/r/france/search").respond_with_json(
        {"message": "Unauthorized", "error": 401}, status=401
    )
    conn2 = registry.build(project, project.sources[0])
    with pytest.raises(CredentialsError) as err:
        list(conn2.fetch(None))
    assert "tok-abc-123" not in str(err.value)
    tokens = [r for r, _ in httpserver.log if r.path == "/api/v1/access_token"]
    assert len(tokens) == 2  # one new token tried after the refusal, then a clear error
