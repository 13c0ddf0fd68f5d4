"""Mastodon connector against a local server playing the REST API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from rumeur.connectors import registry
from rumeur.connectors._paging import time_key
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.watcher import collect
from rumeur.errors import CredentialsError

TAG = "/api/v1/timelines/tag/fibrelia"


def _source(server: HTTPServer, **extra):
    return {"name": "masto", "type": "mastodon", "base_url": server.url_for("/").rstrip("/"),
            "hashtag": "#fibrelia", "limit": 3, "backoff": 0.01, **extra}  # fmt: skip


def _page(server: HTTPServer, ids: list[int], next_max: str | None) -> Response:
    headers = {}
    if next_max:
        headers["Link"] = (
            f'<{server.url_for(TAG)}?max_id={next_max}>; rel="next", '
            f'<{server.url_for(TAG)}?min_id={p.mastodon_status(ids[0])["id"]}>; rel="prev"'
        )
    body = json.dumps([p.mastodon_status(i) for i in ids])
    return Response(body, headers=headers, content_type="application/json")


def test_pages_to_the_end_then_resumes_from_watermark(httpserver, make_project, store, sleeps):
    project = make_project([_source(httpserver, clock_skew="0s")])
    s7 = p.mastodon_status(7)["id"]
    s4 = p.mastodon_status(4)["id"]
    httpserver.expect_ordered_request(TAG, query_string="limit=3").respond_with_response(
        _page(httpserver, [9, 8, 7], s7)
    )
    httpserver.expect_ordered_request(
        TAG, query_string=f"limit=3&max_id={s7}"
    ).respond_with_response(_page(httpserver, [6, 5, 4], s4))
    httpserver.expect_ordered_request(TAG, query_string=f"limit=3&max_id={s4}").respond_with_json(
        []
    )
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    assert result.error is None
    assert result.new == 6
    rows = store.query(
        "SELECT external_id, author_followers, likes, text FROM mentions ORDER BY external_id"
    )
    assert [r["external_id"] for r in rows] == [p.mastodon_status(i)["id"] for i in range(4, 10)]
    st9 = p.mastodon_status(9)
    top = rows[-1]
    assert top["author_followers"] == st9["account"]["followers_count"]
    assert top["likes"] == st9["favourites_count"]
    assert "<p>" not in top["text"]
    # raw payloads are kept, one per item
    assert store.scalar("SELECT count(*) FROM raw_items WHERE source = 'masto'") == 6
    # second run: two new statuses on top, then the page reaching the watermark (with
    # clock_skew = 0 the watermark is status 9's time: the pass ends on the first page
    # whose last listed statuses are older)
    httpserver.clear()
    httpserver.expect_ordered_request(TAG, query_string="limit=3").respond_with_response(
        _page(httpserver, [11, 10, 9], p.mastodon_status(9)["id"])
    )
    httpserver.expect_ordered_request(
        TAG, query_string=f"limit=3&max_id={p.mastodon_status(9)['id']}"
    ).respond_with_response(_page(httpserver, [8, 7, 6], p.mastodon_status(6)["id"]))
    result2 = collect(store, project, conn, enrich=False)
    assert result2.error is None and result2.new == 2
    assert store.scalar("SELECT count(*) FROM mentions") == 8
    httpserver.check_assertions()


def test_retries_429_with_retry_after_and_500_bursts(httpserver, make_project, store, sleeps):
    project = make_project([_source(httpserver)])
    httpserver.expect_ordered_request(TAG).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request(TAG).respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(TAG).respond_with_data("oops", status=503)
    httpserver.expect_ordered_request(TAG).respond_with_data(
        '[{"id": "1', status=200, content_type="application/json"
    )
    httpserver.expect_ordered_request(TAG).respond_with_response(_page(httpserver, [3, 2], None))
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    assert result.error is None, result.error
    assert result.new == 2
    assert sleeps[0] == 7.0  # Retry-After honoured
    assert len(sleeps) == 4  # 429, 500, 503, truncated JSON: each waited once


def test_revoked_token_is_a_clear_error_and_never_shows_the_token(
    httpserver, make_project, store, sleeps, monkeypatch
):
    monkeypatch.setenv("MASTO_TOKEN", "s3cr3t-token-value")
    project = make_project(
        [_source(httpserver, token_env="MASTO_TOKEN", query="fibrelia", hashtag="")]
    )
    httpserver.expect_request("/api/v2/search").respond_with_json(
        {"error": "The access token was revoked"}, status=401
    )
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    with pytest.raises(CredentialsError) as err:
        list(conn.fetch(None))
    assert "revoked" in str(err.value)
    assert "s3cr3t" not in str(err.value)
    req = httpserver.log[0][0]
    assert req.headers["Authorization"] == "Bearer s3cr3t-token-value"
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "CredentialsError"
    assert "s3cr3t" not in (result.error or "")


def test_search_and_replies_link_threads_and_skip_deleted(httpserver, make_project, store, sleeps):
    project = make_project(
        [_source(httpserver, query="fibrelia", hashtag="", replies=True)],
        secrets={"masto": {"token": "tok-from-file"}},
    )
    a, b = p.mastodon_status(1), p.mastodon_status(2)
    a["replies_count"], b["replies_count"] = 2, 1
    httpserver.expect_request("/api/v2/search").respond_with_json(
        {"accounts": [], "statuses": [a, b], "hashtags": []}
    )
    replies = [p.mastodon_status(50, reply_to=a["id"]), p.mastodon_status(51, reply_to=a["id"])]
    httpserver.expect_request(f"/api/v1/statuses/{a['id']}/context").respond_with_json(
        {"ancestors": [], "descendants": replies}
    )
    httpserver.expect_request(f"/api/v1/statuses/{b['id']}/context").respond_with_json(
        {"error": "Record not found"}, status=404
    )
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    assert result.error is None, result.error
    assert result.new == 4
    rows = store.query("SELECT reply_to, thread_id FROM mentions WHERE reply_to IS NOT NULL")
    assert {(r["reply_to"], r["thread_id"]) for r in rows} == {(a["id"], a["id"])}
    assert conn.deleted == 1
    assert httpserver.log[0][0].headers["Authorization"] == "Bearer tok-from-file"


def test_account_lookup_own_account_and_empty_timeline(httpserver, make_project, store, sleeps):
    project = make_project([_source(httpserver, hashtag="", account="@fibrelia_sav@masto.example")])
    own = p.mastodon_status(5)
    own["account"].update(username="fibrelia_sav", acct="fibrelia_sav", id="42")
    httpserver.expect_request("/api/v1/accounts/lookup", query_string={
        "acct": "fibrelia_sav@masto.example"}).respond_with_json(own["account"])  # fmt: skip
    statuses = "/api/v1/accounts/42/statuses"
    httpserver.expect_oneshot_request(statuses).respond_with_json([own])
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    assert result.error is None and result.new == 1
    row = store.query("SELECT is_own_account, brands FROM mentions")[0]
    assert row["is_own_account"] is True
    # nothing new: an empty page, no error, the watermark kept
    httpserver.expect_request(statuses).respond_with_json([])
    again = collect(store, project, conn, enrich=False)
    assert again.error is None and again.items == 0
    # the status's time less the tolerated clock skew (5 minutes)
    mark = time_key(p.EPOCH + timedelta(seconds=30 * 5 - 300))
    assert store.get_cursor("masto")["watermark"] == mark
