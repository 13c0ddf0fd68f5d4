from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from rumeur import config
from rumeur.alerts import dispatch, evaluate, from_project, parse, verify_signature
from rumeur.alerts.engine import digest
from rumeur.cli import _load, app
from rumeur.errors import ConfigError
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention

SECRET = "s3cret-partagé"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Sink]]:
    sink, port = _Sink(), _port()
    ctl = Controller(sink, hostname="127.0.0.1", port=port)
    ctl.start()
    yield port, sink
    ctl.stop()


@pytest.fixture
def webhook() -> Iterator[tuple[int, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ok = verify_signature(SECRET, self.headers.get("X-Rumeur-Timestamp", "0"), body,
                                  self.headers.get("X-Rumeur-Signature", ""))  # fmt: skip
            received.append({"valid": ok, "body": json.loads(body)})
            self.send_response(204 if ok else 401)
            self.end_headers()

        def log_message(self, *a: Any) -> None:
            pass

    srv = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1], received
    srv.shutdown()


def _toml(smtp_port: int, hook_port: int, cooldown: int = 60) -> str:
    return (
        config.template()
        + f"""
[alerts]
cooldown_minutes = {cooldown}

[[alerts.channels]]
name = "equipe"
type = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
sender = "rumeur@example.org"
to = ["com@example.org"]

[[alerts.channels]]
name = "slack"
type = "webhook"
url = "http://127.0.0.1:{hook_port}/hook"
secret_env = "RUMEUR_TEST_SECRET"

[[alerts.rules]]
name = "detracteur"
type = "detractor"
min_reach = 1000

[[alerts.rules]]
name = "mots"
type = "keyword"
terms = ["intoxication"]
channels = ["slack"]
"""
    )


@pytest.fixture
def project(tmp_path: Path, smtp, webhook, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RUMEUR_TEST_SECRET", SECRET)
    (tmp_path / "rumeur.toml").write_text(_toml(smtp[0], webhook[0]), encoding="utf-8")
    return tmp_path


def test_alerts_test_sends_through_each_channel(project: Path, smtp, webhook) -> None:  # type: ignore[no-untyped-def]
    _load()
    res = CliRunner().invoke(app, ["alerts", "test", "-p", str(project), "--json"])
    assert res.exit_code == 0, res.output
    assert [r["ok"] for r in json.loads(res.stdout)] == [True, True]
    (msg,) = smtp[1].messages
    assert msg.rcpt_tos == ["com@example.org"]
    assert b"Subject: [Rumeur] Test" in msg.content
    (hook,) = webhook[1]
    assert hook["valid"] and "Test" in hook["body"]["text"]


def test_bad_signature_is_rejected_by_the_receiver(project: Path, webhook, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RUMEUR_TEST_SECRET", "wrong")
    _load()
    res = CliRunner().invoke(app, ["alerts", "test", "-p", str(project), "--channel", "slack"])
    assert res.exit_code == 1
    assert webhook[1][0]["valid"] is False


def test_dedupe_and_cooldown(project: Path, smtp, webhook) -> None:  # type: ignore[no-untyped-def]
    proj = config.load(project)
    settings = from_project(proj)
    now = T0 + timedelta(hours=1)
    with DuckDBStore(proj.store_path) as s:
        add_mention(s, "d1", sentiment="negative", views=50_000, text="Service nul",
                    brands=["ma-marque"])  # fmt: skip
        add_mention(s, "k1", text="Risque d'intoxication ?", brands=["ma-marque"])
        first = dispatch(s, settings, evaluate(s, settings, now), now)
        assert sorted(o["status"] for o in first) == ["sent", "sent"]
        assert len(smtp[1].messages) == 1 and len(webhook[1]) == 2
        # same alerts again: de-duplicated, nothing sent
        again = dispatch(s, settings, evaluate(s, settings, now), now)
        assert [o["status"] for o in again] == ["duplicate", "duplicate"]
        # a new detractor 10 minutes later: within the 60-minute cooldown
        add_mention(s, "d2", sentiment="negative", views=80_000, brands=["ma-marque"],
                    created_at=T0 + timedelta(minutes=65))  # fmt: skip
        later = now + timedelta(minutes=10)
        cool = dispatch(s, settings, evaluate(s, settings, later), later)
        assert {o["key"]: o["status"] for o in cool}["detracteur:d2"] == "cooldown"
        assert len(smtp[1].messages) == 1
        # after the cooldown, d2 is already logged: never sent twice either
        after = now + timedelta(minutes=90)
        assert all(o["status"] == "duplicate" for o in
                   dispatch(s, settings, evaluate(s, settings, after), after))  # fmt: skip
        add_mention(s, "d3", sentiment="negative", views=90_000, brands=["ma-marque"],
                    created_at=T0 + timedelta(minutes=120))  # fmt: skip
        late = now + timedelta(minutes=125)
        res = dispatch(s, settings, evaluate(s, settings, late), late)
        assert {o["key"]: o["status"] for o in res}["detracteur:d3"] == "sent"
        assert len(smtp[1].messages) == 2
        text = digest(s, T0, late + timedelta(minutes=1))
        assert "[cooldown]" in text and "[sent]" in text and "ma-marque" in text
        assert "[" in text.split("favorables")[1]  # the opinion comes with its interval


def test_alert_config_errors_name_key_and_line(tmp_path: Path) -> None:
    text = '[alerts]\n\n[[alerts.channels]]\nname = "x"\ntype = "webhook"\nurl = "ftp://x"\n'
    with pytest.raises(ConfigError) as err:
        parse({"channels": [{"name": "x", "type": "webhook", "url": "ftp://x"}]},
              tmp_path / "rumeur.toml", text)  # fmt: skip
    assert err.value.line == 6 and err.value.key == "alerts.channels[0].url"
    text = '[alerts]\n[[alerts.rules]]\ntype = "spike"\n[[alerts.rules]]\ntype = "threshold"\n' \
           'metric = "bruit"\nabove = 1\n'  # fmt: skip
    raw = {"rules": [{"type": "spike"}, {"type": "threshold", "metric": "bruit", "above": 1}]}
    with pytest.raises(ConfigError) as err:
        parse(raw, tmp_path / "rumeur.toml", text)
    assert err.value.line == 6 and err.value.key == "alerts.rules[1].metric"
    with pytest.raises(ConfigError, match="password_env"):
        ch = {"name": "m", "type": "email", "smtp_host": "h", "sender": "a", "to": ["b"],
              "password": "x"}  # fmt: skip
        parse({"channels": [ch]}, tmp_path / "rumeur.toml", "")


@pytest.mark.slow
def test_threshold_and_spike_rules(tmp_path: Path) -> None:
    import numpy as np

    settings = parse({
        "channels": [],
        "rules": [
            {"name": "part-neg", "type": "threshold", "metric": "negative_share", "above": 0.4,
             "window_hours": 24, "min_mentions": 5},
            {"name": "buzz", "type": "spike", "metrics": ["negative"], "lookback_hours": 6},
        ],
    })  # fmt: skip
    now = T0 + timedelta(days=16)
    with DuckDBStore(tmp_path / "s.duckdb") as s:
        s.execute("BEGIN TRANSACTION")
        rng = np.random.default_rng(3)
        for h in range(24 * 16 - 4):
            for k in range(rng.poisson(1)):
                add_mention(s, f"q{h}-{k}", sentiment="positive", text="très bien",
                            created_at=T0 + timedelta(hours=h))  # fmt: skip
        for k in range(30):
            add_mention(s, f"neg{k}", sentiment="negative", text="remboursez #arnaque",
                        created_at=now - timedelta(minutes=3 * k + 1))  # fmt: skip
        s.execute("COMMIT")
        alerts = {a.rule: a for a in evaluate(s, settings, now)}
    assert set(alerts) == {"part-neg", "buzz"}
    assert alerts["part-neg"].data["value"] > 0.4
    assert alerts["buzz"].dedupe_key.startswith("buzz:volta:negative:")
    assert "#arnaque" in alerts["buzz"].text
    # an hour later with nothing new: the same spike, the same key (de-duplicable)
    later = {a.rule: a for a in evaluate_at(tmp_path, settings, now + timedelta(hours=1))}
    assert later["buzz"].dedupe_key == alerts["buzz"].dedupe_key


def evaluate_at(tmp_path: Path, settings: Any, when: Any) -> list[Any]:
    with DuckDBStore(tmp_path / "s.duckdb") as s:
        return evaluate(s, settings, when)
