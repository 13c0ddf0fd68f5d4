"""Secrets stay out of errors even when a server echoes them; plain http:// off this
machine is refused; answers larger than the source's limit are refused unread."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote_plus

import pytest
from werkzeug import Request, Response

from rumeur.connectors import registry
from rumeur.connectors.watcher import collect
from rumeur.errors import ConfigError

PASSWORD = "hunter2/pw+&x"
SECRET = "csecret-xyz"


def _reddit(url: str, **extra):
    return {"name": "rd", "type": "reddit", "base_url": url, "client_id": "cid123",
            "auth_url": url + "/api/v1/access_token", "username": "veille_bot",
            "query": "fibrelia", "backoff": 0.01, "retries": 0, **extra}  # fmt: skip


def _echo(request: Request) -> Response:
    """An access-token endpoint that refuses and echoes everything it was sent."""
    echoed = {"error": "invalid_grant", "you_sent": request.get_data(as_text=True),
              "auth": request.headers.get("Authorization")}  # fmt: skip
    return Response(json.dumps(echoed), status=401, content_type="application/json")


@pytest.mark.parametrize("status", [401, 200])
def test_reddit_login_error_never_echoes_the_servers_reply(httpserver, make_project, store, status):
    def handler(request: Request) -> Response:
        resp = _echo(request)
        resp.status_code = status
        return resp

    httpserver.expect_request("/api/v1/access_token").respond_with_handler(handler)
    url = httpserver.url_for("/").rstrip("/")
    project = make_project(
        [_reddit(url)], secrets={"rd": {"client_secret": SECRET, "password": PASSWORD}}
    )
    conn = registry.build(project, project.sources[0])
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "CredentialsError"
    basic = base64.b64encode(f"cid123:{SECRET}".encode()).decode()
    text = json.dumps(result.as_dict()) + json.dumps(store.query("SELECT * FROM quarantine"))
    for leaked in (PASSWORD, quote_plus(PASSWORD), SECRET, basic, "you_sent"):
        assert leaked not in text


def test_plain_http_off_this_machine_is_refused_unless_allowed(make_project):
    src = {"name": "m", "type": "mastodon", "base_url": "http://mastodon.example",
           "hashtag": "x"}  # fmt: skip
    project = make_project([src])
    with pytest.raises(ConfigError, match="sans chiffrement") as err:
        registry.build(project, project.sources[0])
    assert "allow_insecure_http" in (err.value.hint or "")
    project = make_project([{**src, "allow_insecure_http": True}])
    registry.build(project, project.sources[0]).close()
    sky = {"name": "b", "type": "bluesky", "base_url": "http://pds.example",
           "identifier": "veille.bsky.social", "query": "x"}  # fmt: skip
    project = make_project([sky], secrets={"b": {"app_password": "abcd-efgh"}})
    with pytest.raises(ConfigError, match="sans chiffrement"):
        registry.build(project, project.sources[0])
    # a public feed sends no credential: http is allowed there
    feed = make_project([{"name": "f", "type": "rss", "url": "http://blog.example/feed.xml"}])
    registry.build(feed, feed.sources[0]).close()
    # this machine is fine (the tests' doubles)
    local = make_project([{**src, "base_url": "http://127.0.0.1:9"}])
    registry.build(local, local.sources[0]).close()


def test_an_answer_over_the_size_limit_is_refused(httpserver, make_project, store):
    big = json.dumps([{"pad": "x" * 1000}] * 3000)  # about 3 MB
    httpserver.expect_request("/api/v1/timelines/tag/fibrelia").respond_with_data(
        big, content_type="application/json"
    )
    src = {"name": "m", "type": "mastodon", "base_url": httpserver.url_for("/").rstrip("/"),
           "hashtag": "fibrelia", "retries": 0, "max_response_bytes": 1_000_000}  # fmt: skip
    project = make_project([src])
    conn = registry.build(project, project.sources[0])
    result = collect(store, project, conn, enrich=False)
    assert result.error_kind == "ResponseTooLargeError"
    assert "1000000 octets" in (result.error or "")
    assert "max_response_bytes" in (result.hint or "")
