"""Webhook endpoint: signatures, replays, bad payloads quarantined and never half-stored."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.webhook import WebhookServer, sign
from rumeur.ingest.quarantine import quarantine_rows

SECRET = "whsec-test-0123456789"


@pytest.fixture
def server(make_project, store, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    project = make_project([{"name": "avis", "type": "webhook", "secret_env": "HOOK_SECRET",
                             "platform": "reviews"}])  # fmt: skip
    srv = WebhookServer(store, project, list(project.sources), port=0, enrich=False)
    srv.start()
    yield srv
    srv.shutdown()


def post(srv, body: bytes, *, ts: int | None = None, secret: str = SECRET, sig: str | None = None):
    ts = int(time.time()) if ts is None else ts
    headers = {"X-Rumeur-Timestamp": str(ts),
               "X-Rumeur-Signature": sig or sign(secret, ts, body),
               "Content-Type": "application/json"}  # fmt: skip
    return httpx.post(srv.address + "/hooks/avis", content=body, headers=headers, timeout=10)


def test_signed_array_is_stored_once(server, store):
    body = json.dumps([p.webhook_item(i) for i in range(3)]).encode()
    r = post(server, body)
    assert r.status_code == 202 and r.json() == {"accepted": 3, "new": 3, "duplicates": 0}
    single = json.dumps(p.webhook_item(1)).encode()
    r2 = post(server, single)
    assert r2.status_code == 202 and r2.json()["duplicates"] == 1
    rows = store.query("SELECT platform, author_handle, rating FROM mentions ORDER BY external_id")
    assert [r["platform"] for r in rows] == ["reviews"] * 3
    assert rows[0]["author_handle"] == "client0" and rows[0]["rating"] == 1.0


def test_bad_signature_stale_and_replay_are_refused(server, store):
    body = json.dumps(p.webhook_item(1)).encode()
    assert post(server, body, secret="wrong-secret").status_code == 401
    stale = post(server, body, ts=int(time.time()) - 3600)
    assert stale.status_code == 401 and stale.json()["error"] == "stale_timestamp"
    ts = int(time.time())
    assert post(server, body, ts=ts).status_code == 202
    replay = post(server, body, ts=ts)
    assert replay.status_code == 409 and replay.json()["error"] == "replay"
    unsigned = httpx.post(server.address + "/hooks/avis", content=body)
    assert unsigned.status_code == 401
    assert store.scalar("SELECT count(*) FROM mentions") == 1
    assert store.scalar("SELECT count(*) FROM quarantine") == 0  # unauthenticated: not kept


def test_one_bad_item_refuses_the_whole_body_and_quarantines_it(server, store):
    bad = p.webhook_item(2)
    del bad["created_at"]
    bad["likes"] = "many"
    body = json.dumps([p.webhook_item(1), bad]).encode()
    r = post(server, body)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert {(x["index"], x["field"]) for x in problems} == {(1, "created_at"), (1, "likes")}
    assert store.scalar("SELECT count(*) FROM mentions") == 0  # never half-stored
    q = store.query("SELECT reason, payload FROM quarantine")
    assert len(q) == 1 and "created_at" in q[0]["reason"] and q[0]["payload"] == body.decode()
    garbled = post(server, b'{"text": "cut')
    assert garbled.status_code == 422 and garbled.json()["error"] == "invalid_json"
    # what a person reads of the two refusals, in either language (the sender's answer
    # above stays as it was)
    fr = {r["code"]: r["reason"] for r in quarantine_rows(store, lang="fr")}
    en = {r["code"]: r["reason"] for r in quarantine_rows(store, lang="en")}
    assert fr == {
        "webhook_bad_items": "envoi webhook refusé, 2 problème(s) : élément 1, champ "
        "created_at — absente ou pas en ISO 8601 (par ex. 2026-11-23T10:00:00+01:00) ; "
        "élément 1, champ likes — doit être un nombre positif ou nul",
        "webhook_bad_json": "envoi webhook refusé : le corps n'est pas du JSON valide (colonne 14)",
    }
    assert en["webhook_bad_items"] == (
        "webhook push refused, 2 problem(s): item 1, field created_at - missing or not "
        "ISO 8601 (e.g. 2026-11-23T10:00:00+01:00); item 1, field likes - must be a "
        "number >= 0"
    )


def test_secret_missing_is_a_credentials_error(make_project, store):
    from rumeur.errors import CredentialsError

    project = make_project([{"name": "avis", "type": "webhook", "secret_env": "NOPE_UNSET"}])
    with pytest.raises(CredentialsError, match="NOPE_UNSET"):
        WebhookServer(store, project, list(project.sources), port=0)
