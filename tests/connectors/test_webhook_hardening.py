"""The webhook server as an attacker meets it: slow and many clients, malformed headers,
chunked bodies, oversized bodies, probing for names, and replays across a restart."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.webhook import WebhookServer, sign
from rumeur.connectors.webhook import server as server_module

SECRET = "whsec-test-0123456789"


def _project(make_project, monkeypatch, **extra):
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    return make_project([{"name": "avis-secret-interne", "type": "webhook",
                          "secret_env": "HOOK_SECRET", **extra}])  # fmt: skip


@pytest.fixture
def server(make_project, store, monkeypatch):
    project = _project(make_project, monkeypatch, max_connections=4, max_bytes=10_000)
    srv = WebhookServer(store, project, list(project.sources), port=0, enrich=False)
    srv.start()
    yield srv
    srv.shutdown()


def _raw(srv: WebhookServer, data: bytes, timeout: float = 5.0) -> bytes:
    host, port = srv.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply else 0


def _signed(body: bytes, ts: int | None = None) -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    return {"X-Rumeur-Timestamp": str(ts), "X-Rumeur-Signature": sign(SECRET, ts, body),
            "Content-Type": "application/json"}  # fmt: skip


def test_a_non_ascii_signature_is_a_401_not_a_500(server):
    body = json.dumps(p.webhook_item(1)).encode()
    head = (f"POST /hooks/avis-secret-interne HTTP/1.1\r\nHost: x\r\n"
            f"Content-Length: {len(body)}\r\nX-Rumeur-Timestamp: {int(time.time())}\r\n"
            ).encode() + "X-Rumeur-Signature: sha256=é€\r\n\r\n".encode()  # fmt: skip
    assert _status(_raw(server, head + body)) == 401


def test_chunked_and_unsized_bodies_are_4xx(server):
    chunked = (b"POST /hooks/avis-secret-interne HTTP/1.1\r\nHost: x\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")  # fmt: skip
    assert _status(_raw(server, chunked)) == 411
    unsized = b"POST /hooks/avis-secret-interne HTTP/1.1\r\nHost: x\r\n\r\n"
    assert _status(_raw(server, unsized)) == 411
    bad = b"POST /hooks/avis-secret-interne HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n"
    assert _status(_raw(server, bad)) == 400
    garbage = b"\x16\x03\x01 not http at all\r\n\r\n"
    reply = _raw(server, garbage)
    assert 400 <= _status(reply) < 500 and b"Python" not in reply and b"<html" not in reply.lower()


def test_the_size_is_checked_before_the_body_is_read(server):
    # announces 10 MB and sends none of it: refused at once, not after a read
    head = (
        b"POST /hooks/avis-secret-interne HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"
    )
    t0 = time.monotonic()
    assert _status(_raw(server, head)) == 413
    assert time.monotonic() - t0 < 2


def test_nothing_internal_is_disclosed(server):
    health = httpx.get(server.address + "/health", timeout=5)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    body = json.dumps(p.webhook_item(1)).encode()
    missing = httpx.post(server.address + "/hooks/nope", content=body, headers=_signed(body))
    assert missing.status_code == 404
    for reply in (health.text, missing.text):
        assert "avis-secret-interne" not in reply


@pytest.mark.slow
def test_connections_are_bounded_and_slow_clients_dropped(server, monkeypatch):
    monkeypatch.setattr(server_module, "HEADER_TIMEOUT", 1.0)
    monkeypatch.setattr(server_module, "BODY_TIMEOUT", 1.0)
    host, port = server.httpd.server_address[:2]
    slow = [socket.create_connection((host, port), timeout=10) for _ in range(12)]
    try:
        for s in slow:  # a request line, then nothing more (slowloris)
            s.sendall(b"POST /hooks/avis-secret-interne HTTP/1.1\r\n")
        time.sleep(0.3)
        # the server holds at most max_connections of them; the others got 503 at once
        busy = 0
        for s in slow:
            s.settimeout(0.2)
            try:
                if s.recv(100).startswith(b"HTTP/1.1 503"):
                    busy += 1
            except TimeoutError:
                pass
        assert busy >= 12 - 4
        time.sleep(3)  # the held ones are dropped after their deadline
        body = json.dumps(p.webhook_item(2)).encode()
        ok = httpx.post(server.address + "/hooks/avis-secret-interne", content=body,
                        headers=_signed(body), timeout=5)  # fmt: skip
        assert ok.status_code == 202
    finally:
        for s in slow:
            s.close()


def test_replays_are_refused_across_a_restart(make_project, store, monkeypatch):
    project = _project(make_project, monkeypatch)
    body = json.dumps(p.webhook_item(3)).encode()
    headers = _signed(body)
    first = WebhookServer(store, project, list(project.sources), port=0, enrich=False)
    first.start()
    url = first.address + "/hooks/avis-secret-interne"
    assert httpx.post(url, content=body, headers=headers, timeout=5).status_code == 202
    first.shutdown()
    again = WebhookServer(store, project, list(project.sources), port=0, enrich=False)
    again.start()
    try:
        url = again.address + "/hooks/avis-secret-interne"
        replay = httpx.post(url, content=body, headers=headers, timeout=5)
        assert replay.status_code == 409 and replay.json()["error"] == "replay"
    finally:
        again.shutdown()
