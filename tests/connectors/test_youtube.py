"""YouTube connector: search pages, stats, channels, comment threads, quota and key errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug import Request, Response

from rumeur.connectors import registry
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.watcher import collect

QUOTA = {"error": {"code": 403, "message": "The request cannot be completed because you have "
                   "exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                   "errors": [{"message": "quota", "domain": "youtube.quota",
                               "reason": "quotaExceeded"}]}}  # fmt: skip
BAD_KEY = {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                     "errors": [{"message": "API key not valid.", "domain": "global",
                                 "reason": "badRequest"}], "status": "INVALID_ARGUMENT",
                     "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                  "reason": "API_KEY_INVALID"}]}}  # fmt: skip


FIRST = {"part": "snippet", "type": "video", "order": "date", "maxResults": "2", "q": "fibrelia",
         "key": "AIzaFakeKey000111"}  # fmt: skip


@pytest.fixture
def project(httpserver, make_project, monkeypatch):
    monkeypatch.setenv("YT_KEY", "AIzaFakeKey000111")
    src = {"name": "yt", "type": "youtube", "base_url": httpserver.url_for("/youtube/v3"),
           "api_key_env": "YT_KEY", "query": "fibrelia", "limit": 2, "comments": True,
           "backoff": 0.01}  # fmt: skip
    return make_project([src])


def _videos(request: Request) -> Response:
    import json

    ids = request.args["id"].split(",")
    items = [p.youtube_video(int(i[3:])) for i in ids if i != "vid00000002"]  # 2 was deleted
    for it in items:
        it["statistics"]["commentCount"] = "1"
    return Response(json.dumps({"kind": "youtube#videoListResponse", "items": items}),
                    content_type="application/json")  # fmt: skip


def _channels(request: Request) -> Response:
    import json

    items = [p.youtube_channel(c) for c in request.args["id"].split(",")]
    return Response(json.dumps({"items": items}), content_type="application/json")


def test_search_stats_comments_pages(httpserver, project, store, sleeps):
    base = "/youtube/v3/"
    httpserver.expect_oneshot_request(base + "search", query_string={
        **FIRST}).respond_with_json({
            "kind": "youtube#searchListResponse", "nextPageToken": "CAIQAA", "regionCode": "FR",
            "pageInfo": {"totalResults": 3, "resultsPerPage": 2},
            "items": [p.youtube_search_result(3), p.youtube_search_result(2)]})  # fmt: skip
    httpserver.expect_request(base + "videos").respond_with_handler(_videos)
    httpserver.expect_request(base + "channels").respond_with_handler(_channels)
    httpserver.expect_request(base + "commentThreads", query_string={
        "part": "snippet,replies", "videoId": "vid00000003", "order": "time", "maxResults": "100",
        "textFormat": "plainText", "key": "AIzaFakeKey000111"}).respond_with_json(
        {"items": [p.youtube_comment_thread(30, "vid00000003", replies=1)]})  # fmt: skip
    httpserver.expect_request(base + "commentThreads").respond_with_json(
        {"error": {"code": 403, "message": "disabled comments",
                   "errors": [{"reason": "commentsDisabled", "domain": "youtube.commentThread"}]}},
        status=403)  # fmt: skip
    httpserver.expect_oneshot_request(
        base + "search", query_string={**FIRST, "pageToken": "CAIQAA"}
    ).respond_with_json({"items": [p.youtube_search_result(1)]})
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    assert result.error is None, result.error
    httpserver.check_assertions()
    assert not httpserver.oneshot_handlers  # both search pages were read
    assert result.new == 4  # videos 3 and 1, a comment and its reply
    assert conn.deleted == 1 and conn.comments_disabled == 1
    v = store.query("SELECT * FROM mentions WHERE external_id = 'vid00000003'")[0]
    full = p.youtube_video(3)
    assert v["views"] == int(full["statistics"]["viewCount"])
    channel = p.youtube_channel(full["snippet"]["channelId"])
    assert v["author_followers"] == int(channel["statistics"]["subscriberCount"])
    reply = store.query("SELECT * FROM mentions WHERE reply_to LIKE 'Ugx%'")[0]
    assert reply["thread_id"] == "vid00000003"
    # the next run asks only for newer videos
    httpserver.clear()
    httpserver.expect_request(base + "search").respond_with_json({"items": []})
    collect(store, project, conn, enrich=False)
    mark = p.EPOCH + timedelta(seconds=30 * 3 - 300)  # newest video less the clock skew
    assert httpserver.log[-1][0].args["publishedAfter"] == f"{mark:%Y-%m-%dT%H:%M:%S}Z"


def test_quota_and_bad_key(httpserver, project, store, sleeps):
    httpserver.expect_request("/youtube/v3/search").respond_with_json(QUOTA, status=403)
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "QuotaExceededError" and "quota" in result.error
    assert len(httpserver.log) == 1  # a spent quota is not retried
    httpserver.clear()
    httpserver.expect_request("/youtube/v3/search").respond_with_json(BAD_KEY, status=400)
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "CredentialsError"
    assert "AIzaFakeKey" not in result.error
