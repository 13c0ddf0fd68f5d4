"""Meta's Page webhooks through the existing intake: the GET verification handshake
(hub.mode, hub.verify_token, hub.challenge), POSTs verified by X-Hub-Signature-256
(HMAC-SHA256 of the raw body with the app secret), the change normalised like the
polled comment (a push then a poll make one mention), removals skipped."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from rumeur.connectors.doubles.meta import TOKEN, MetaDouble
from rumeur.connectors.doubles.meta_payloads import PAGE_ID, PageCorpus, feed_change, hub_signature
from rumeur.storage.duckdb import DuckDBStore
from rumeur.workspace import Workspace

from .conftest import write_project

APP_SECRET = "app-secret-fictif-0123456789"
VERIFY = "verify-token-fictif"


@pytest.fixture
def served(tmp_path, monkeypatch):
    double = MetaDouble(PageCorpus(epoch=datetime.now(UTC) - timedelta(days=12), posts=10))
    double.start()
    monkeypatch.setenv("FB_TOKEN", TOKEN)
    monkeypatch.setenv("FB_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("FB_VERIFY", VERIFY)
    root = tmp_path / "p"
    write_project(
        root,
        [
            {
                "name": "fb-page",
                "type": "facebook",
                "base_url": double.url,
                "page_id": PAGE_ID,
                "access_token_env": "FB_TOKEN",
                "app_secret_env": "FB_APP_SECRET",
                "verify_token_env": "FB_VERIFY",
                "webhook": True,
                "tagged": False,
                "ratings": False,
                "backfill_pages": 100,
            }
        ],
    )
    ws = Workspace.open(root)
    server = ws.webhook_server(port=0, enrich=False)
    server.start()
    yield ws, server, double
    server.shutdown()
    ws.close()
    double.stop()


def _hook(server) -> str:
    return f"{server.address}/hooks/fb-page"


def test_verification_handshake(served):
    _, server, _ = served
    ok = httpx.get(
        _hook(server),
        params={"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": VERIFY},
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    assert ok.headers["content-type"].startswith("text/plain")
    bad = httpx.get(
        _hook(server),
        params={"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "devine"},
    )
    assert bad.status_code == 403 and "1" not in bad.text


def test_signed_change_is_stored_once_with_the_polled_comment(served):
    ws, server, double = served
    post = double.corpus.all_posts[1]
    question, answer = double.corpus.comments[post["id"]][0], double.corpus.comments[post["id"]][1]
    body = feed_change(PAGE_ID, answer, post["id"])
    unsigned = httpx.post(_hook(server), content=body)
    assert unsigned.status_code == 401
    forged = httpx.post(
        _hook(server), content=body, headers={"X-Hub-Signature-256": hub_signature("wrong", body)}
    )
    assert forged.status_code == 401 and forged.json()["error"] == "bad_signature"
    tampered = body.replace(b"message priv", b"message PRIV")
    resp = httpx.post(
        _hook(server),
        content=tampered,
        headers={"X-Hub-Signature-256": hub_signature(APP_SECRET, body)},
    )
    assert resp.status_code == 401
    ok = httpx.post(
        _hook(server),
        content=body,
        headers={"X-Hub-Signature-256": hub_signature(APP_SECRET, body)},
    )
    assert ok.status_code == 200 and ok.json()["new"] == 1, ok.text
    removed = feed_change(PAGE_ID, question, post["id"], verb="remove")
    gone = httpx.post(
        _hook(server),
        content=removed,
        headers={"X-Hub-Signature-256": hub_signature(APP_SECRET, removed)},
    )
    assert gone.status_code == 200 and gone.json()["skipped"] == 1 and gone.json()["new"] == 0
    store = server.store
    row = store.query("SELECT * FROM mentions WHERE external_id = ?", [answer["id"]])[0]
    assert row["is_own_account"] and row["reply_to"] == question["id"]
    assert row["thread_id"] == post["id"] and row["platform"] == "facebook"
    # the next poll reads the same comment: still one mention
    res = ws.collect("fb-page", enrich=False)
    assert res.error is None and res.duplicates >= 1
    posts = double.corpus.all_posts
    total = len(posts) + sum(len(double.corpus.comments[p["id"]]) for p in posts)
    assert store.scalar("SELECT count(*) FROM mentions") == total


def test_bad_body_is_quarantined_not_lost(served):
    _, server, _ = served
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": PAGE_ID,
                    "time": 1,
                    "changes": [
                        {
                            "field": "feed",
                            "value": {
                                "item": "comment",
                                "verb": "add",
                                "comment_id": "1_2",
                                "post_id": "1",
                                "message": "sans date",
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()
    resp = httpx.post(
        _hook(server),
        content=body,
        headers={"X-Hub-Signature-256": hub_signature(APP_SECRET, body)},
    )
    assert resp.status_code == 200 and resp.json()["quarantined"] == 1
    q = server.store.query("SELECT reason, payload FROM quarantine")
    assert len(q) == 1 and "sans date" in q[0]["payload"]
    assert isinstance(server.store, DuckDBStore)
