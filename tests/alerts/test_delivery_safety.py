"""Alert delivery against a real local SMTP server (aiosmtpd): certificates verified on
STARTTLS, no login over an unencrypted link, header injection through an author handle,
one bad alert never blocking the others, only http(s) links in messages."""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from rumeur.alerts import dispatch, evaluate, parse
from rumeur.alerts.channels import DeliveryError, send
from rumeur.alerts.rules import Channel
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention

PASSWORD = "mot-de-passe-smtp"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    """A local SMTP server that records every message and every password it receives."""

    def __init__(self, tls: ssl.SSLContext | None, auth_require_tls: bool = True) -> None:
        self.messages: list[Any] = []
        self.passwords: list[str] = []
        self.port = _port()
        self.ctl = Controller(
            self, hostname="127.0.0.1", port=self.port, tls_context=tls,
            authenticator=self._auth, auth_require_tls=auth_require_tls,
            ready_timeout=10,
        )  # fmt: skip

    def _auth(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        if isinstance(data, LoginPassword):
            self.passwords.append(data.password.decode())
        return AuthResult(success=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[_Server]:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    srv = _Server(ctx)
    srv.ctl.start()
    yield srv
    srv.ctl.stop()


@pytest.fixture
def plain_server() -> Iterator[_Server]:
    srv = _Server(None, auth_require_tls=False)
    srv.ctl.start()
    yield srv
    srv.ctl.stop()


def _mail(port: int, **extra: Any) -> Channel:
    opts = {"smtp_host": "127.0.0.1", "smtp_port": port, "sender": "veille@exemple.test",
            "to": ["com@exemple.test"], "username": "veille", "password_env": "SMTP_PW",
            "timeout": 5.0, **extra}  # fmt: skip
    return Channel("equipe", "email", opts)


def test_starttls_to_an_untrusted_server_sends_no_password(tls_server, monkeypatch):
    monkeypatch.setenv("SMTP_PW", PASSWORD)
    with pytest.raises(DeliveryError, match="certificat TLS") as err:
        send(_mail(tls_server.port, starttls=True), "Alerte", "texte")
    assert "TLS certificate" in err.value.render("en")[0]
    assert tls_server.passwords == [] and tls_server.messages == []


def test_starttls_to_a_trusted_server_delivers(tls_server, ca, tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_PW", PASSWORD)
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    send(_mail(tls_server.port, starttls=True, ca_file=str(pem)), "Alerte", "texte")
    assert tls_server.passwords == [PASSWORD]
    assert tls_server.messages[0]["Subject"] == "[Rumeur] Alerte"


def test_no_login_over_an_unencrypted_link(plain_server, monkeypatch):
    monkeypatch.setenv("SMTP_PW", PASSWORD)
    with pytest.raises(DeliveryError, match="sans chiffrement") as err:
        send(_mail(plain_server.port), "Alerte", "texte")
    assert "starttls" in (err.value.hint or "")
    assert plain_server.passwords == []
    # allowed explicitly, for a server on this machine only
    send(_mail(plain_server.port, allow_plain_auth=True), "Alerte", "texte")
    assert plain_server.passwords == [PASSWORD]
    far = Channel("x", "email", {**_mail(1).options, "smtp_host": "smtp.exemple.test",
                                 "allow_plain_auth": True})  # fmt: skip
    with pytest.raises(DeliveryError, match="sans chiffrement"):
        send(far, "Alerte", "texte")


def _detractor_by_mail(port: int) -> Any:
    """Settings: a detractor rule (reach 100, no cooldown) mailed to the team through
    the local SMTP server on ``port``."""
    return parse({
        "channels": [{"name": "equipe", "type": "email", "smtp_host": "127.0.0.1",
                      "smtp_port": port, "sender": "veille@exemple.test",
                      "to": ["com@exemple.test"]}],
        "rules": [{"name": "detracteur", "type": "detractor", "min_reach": 100,
                   "cooldown_minutes": 0}],
    })  # fmt: skip


def test_a_handle_with_a_line_break_neither_crashes_nor_injects(plain_server, tmp_path):
    settings = _detractor_by_mail(plain_server.port)
    evil = "mallory\r\nBcc: victime@exemple.test\r\nX-Injected: oui"
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        add_mention(store, "m1", sentiment="negative", views=5_000, handle=evil,
                    url="javascript:alert(document.cookie)",
                    created_at=T0 + timedelta(minutes=5))  # fmt: skip
        add_mention(store, "m2", sentiment="negative", views=9_000, handle="alice",
                    url="https://exemple.test/post/2",
                    created_at=T0 + timedelta(minutes=6))  # fmt: skip
        now = T0 + timedelta(minutes=30)
        outcomes = dispatch(store, settings, evaluate(store, settings, now), now)
    assert sorted(o["status"] for o in outcomes) == ["sent", "sent"]
    assert len(plain_server.messages) == 2
    for msg in plain_server.messages:
        assert msg["Bcc"] is None and msg["X-Injected"] is None
        assert "\n" not in msg["Subject"]
    bodies = " ".join(m.get_content() for m in plain_server.messages)
    assert "javascript:" not in bodies and "https://exemple.test/post/2" in bodies


def test_one_failing_alert_does_not_block_the_others(plain_server, tmp_path):
    settings = _detractor_by_mail(plain_server.port)
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        for i in range(3):
            add_mention(store, f"m{i}", sentiment="negative", views=5_000, handle=f"h{i}",
                        created_at=T0 + timedelta(minutes=5 + i))  # fmt: skip
        now = T0 + timedelta(minutes=30)
        alerts = evaluate(store, settings, now)
        alerts[0].text = None  # type: ignore[assignment]  # a fault in one alert
        outcomes = dispatch(store, settings, alerts, now)
        logged = store.query("SELECT status FROM alert_log ORDER BY status")
    assert [o["status"] for o in outcomes].count("sent") == 2
    assert len(plain_server.messages) == 2
    assert [r["status"] for r in logged].count("failed") == 1
    (failed,) = [o for o in outcomes if o["status"] == "failed"]
    assert "TypeError" in json.dumps(failed["errors"])
