"""CLI faces and the watcher: collect/sources --json, failing sources, breaker, timeouts,
secrets kept out of logs, graceful stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.connectors._http import CircuitBreaker, CircuitOpenError, HttpClient
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.watcher import Watcher
from rumeur.errors import ConnectorError
from rumeur.storage.duckdb import DuckDBStore

from .conftest import masto_source as _masto
from .conftest import write_project

_load()


def test_collect_and_sources_json(tmp_path, double):
    root = tmp_path / "p"
    write_project(root, [_masto(double.url), {"name": "actu", "type": "rss",
                                              "url": double.url + "/feed.xml"}])  # fmt: skip
    runner = CliRunner()
    out = runner.invoke(app, ["collect", "masto", "--json", "-p", str(root), "--no-enrich"])
    assert out.exit_code == 0, out.output
    res = json.loads(out.stdout)
    assert res["new"] == 60 and res["pages"] == 3 and res["error"] is None
    again = json.loads(runner.invoke(app, ["collect", "masto", "--json", "-p", str(root)]).stdout)
    assert again["new"] == 0
    src = json.loads(runner.invoke(app, ["sources", "--json", "-p", str(root)]).stdout)
    rows = {r["name"]: r for r in src["sources"]}
    assert rows["masto"]["items_collected"] == 60 and rows["masto"]["last_success"]
    assert rows["masto"]["cursor"]["watermark"].startswith(f"{p.EPOCH:%Y-%m-%d}")
    assert rows["actu"]["last_success"] is None and rows["actu"]["type"] == "rss"
    unknown = runner.invoke(app, ["collect", "nope", "-p", str(root)])
    assert unknown.exit_code == 3


@pytest.mark.slow
def test_watch_logs_json_without_secrets_and_keeps_other_sources(tmp_path, double, httpserver):
    secret = "tok-very-secret-999"
    httpserver.expect_request("/api/v1/timelines/tag/fibrelia").respond_with_json(
        {"error": f"The access token {secret} was revoked"}, status=401
    )
    root = tmp_path / "p"
    write_project(root, [
        _masto(httpserver.url_for("/").rstrip("/"), name="revoked", token_env="W_TOKEN"),
        {**_masto(double.url), "name": "good"},
    ])  # fmt: skip
    env = {**os.environ, "W_TOKEN": secret}
    proc = subprocess.run(
        [sys.executable, "-m", "rumeur", "watch", "-p", str(root), "--log-format", "json",
         "--max-runs", "2", "--no-enrich"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert secret not in proc.stderr and "***" in proc.stderr
    runs = [json.loads(x) for x in proc.stderr.splitlines() if '"event": "run"' in x]
    by = {r["source"]: r for r in runs}
    assert by["revoked"]["error_kind"] == "CredentialsError"
    assert by["good"]["new"] == 60
    store = DuckDBStore(root / "rumeur.duckdb", read_only=True)
    state = {r["source"]: r for r in store.query("SELECT * FROM source_state")}
    assert (
        "revoked" in state["revoked"]["last_error"] and secret not in state["revoked"]["last_error"]
    )
    dump = json.dumps(store.query("SELECT * FROM raw_items"), default=str)
    assert secret not in dump
    store.close()


def test_breaker_opens_after_failures_and_fails_fast(httpserver):
    httpserver.expect_request("/down").respond_with_data("busy", status=503)
    sleeps: list[float] = []
    clock = [1000.0]
    client = HttpClient(source="s", retries=2, backoff=0.01, sleep=sleeps.append,
                        breaker=CircuitBreaker(failure_threshold=3, cooldown=60,
                                               clock=lambda: clock[0]))  # fmt: skip
    with pytest.raises(ConnectorError, match="a échoué après 3 essais") as err:
        client.get_json(httpserver.url_for("/down"))
    assert "failed after 3 tries" in err.value.render("en")[0]
    assert len(httpserver.log) == 3 and all(s <= 0.04 for s in sleeps)  # bounded backoff
    with pytest.raises(CircuitOpenError):
        client.get_json(httpserver.url_for("/down"))
    assert len(httpserver.log) == 3  # no request while open
    clock[0] += 61  # cool-down over: half-open, one call goes through
    httpserver.clear()
    httpserver.expect_request("/down").respond_with_json({"ok": True})
    assert client.get_json(httpserver.url_for("/down")) == {"ok": True}


def test_timeouts_are_retried(httpserver):
    calls = []

    def slow_then_fast(request):
        from werkzeug import Response

        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.6)
        return Response('{"ok": 1}', content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow_then_fast)
    sleeps: list[float] = []
    client = HttpClient(source="s", timeout=0.2, retries=5, backoff=0.01, sleep=sleeps.append)
    assert client.get_json(httpserver.url_for("/slow")) == {"ok": 1}
    assert len(calls) >= 2 and len(sleeps) == len(calls) - 1  # each timeout waited, retried


def test_stop_finishes_the_current_batch(tmp_path, make_project):
    d = ApiDouble(items=5000).start()
    try:
        project = make_project([_masto(d.url, limit=10, interval="1h", backfill_pages=10000)])
        store = DuckDBStore(project.store_path)
        w = Watcher(store, project, batch_size=20, enrich=False)
        t = threading.Thread(target=w.run, daemon=True)
        t.start()
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with w.lock:  # the watcher's thread owns the connection: share its lock
                    if store.query("SELECT 1 FROM imports LIMIT 1"):
                        break
                time.sleep(0.01)
            else:
                raise AssertionError("the watcher stored no batch in 60 s")
        finally:  # a failure above must not leave the watcher running
            w.stop()
            t.join(timeout=20)
        assert not t.is_alive()
        stored = store.scalar("SELECT count(*) FROM mentions")
        assert 0 < stored < 5000 and stored % 20 == 0  # whole batches only
        cursor = store.get_cursor("masto")
        assert cursor["resume"]  # the next run resumes where this one stopped
        store.close()
    finally:
        d.stop()


@pytest.mark.slow
def test_watch_serves_webhooks_beside_polled_sources(tmp_path, double):
    import socket

    from rumeur.connectors.doubles import payloads as p
    from rumeur.connectors.webhook import sign

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = tmp_path / "p"
    write_project(root, [_masto(double.url, interval="0.5s"),
                         {"name": "hook", "type": "webhook", "port": port,
                          "secret_env": "W_HOOK"}])  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "rumeur", "watch", "-p", str(root), "--no-enrich",
         "--log-format", "json"], stderr=subprocess.PIPE, text=True,
        env={**os.environ, "W_HOOK": "hook-secret-1234"},
    )  # fmt: skip
    try:
        import httpx

        body = json.dumps([p.webhook_item(i) for i in range(5)]).encode()
        deadline = time.monotonic() + 30
        while True:
            ts = int(time.time())
            headers = {"X-Rumeur-Timestamp": str(ts),
                       "X-Rumeur-Signature": sign("hook-secret-1234", ts, body)}  # fmt: skip
            try:
                r = httpx.post(f"http://127.0.0.1:{port}/hooks/hook", content=body,
                               headers=headers, timeout=10)  # fmt: skip
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.status_code == 202 and r.json()["new"] == 5
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    store = DuckDBStore(root / "rumeur.duckdb", read_only=True)
    counts = dict(store.con.execute(
        "SELECT platform, count(*) FROM mentions GROUP BY ALL").fetchall())  # fmt: skip
    assert counts == {"mastodon": 60, "reviews": 5}
    # pushed mentions reach the analytics tables (rebuilt on stop) ...
    facts = store.scalar("SELECT count(*) FROM analytics_facts WHERE platform = 'reviews'")
    pairs = store.scalar("SELECT count(*) FROM (SELECT unnest(brands) FROM mentions "
                         "WHERE platform = 'reviews' AND NOT is_own_account)")  # fmt: skip
    assert pairs > 0 and facts == pairs
    store.close()
    # ... and the state left beside the store for `rumeur sources` counts them
    snapshot = json.loads((root / "rumeur.duckdb.sources.json").read_text(encoding="utf-8"))
    assert snapshot["sources"]["hook"]["items_collected"] == 5
    assert snapshot["sources"]["masto"]["items_collected"] == 60


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-11-23T10:00:30.000Z"}, 30),
        ({"X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Reset": "42"}, 42),
        ({"RateLimit-Remaining": "0", "RateLimit-Reset": "1795428012"}, 12),
        ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "2026-11-23T10:00:30.000Z"}, None),
    ],
)
def test_rate_limit_headers_of_each_platform_delay_the_next_call(httpserver, headers, expected):
    from datetime import UTC, datetime

    now = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC).timestamp()
    if "RateLimit-Reset" in headers:
        now = 1795428000.0
    httpserver.expect_request("/r").respond_with_json({"ok": 1}, headers=headers)
    sleeps: list[float] = []
    client = HttpClient(source="s", sleep=sleeps.append, clock=lambda: now)
    client.get_json(httpserver.url_for("/r"))
    client.get_json(httpserver.url_for("/r"))
    if expected is None:
        assert sleeps == []
    else:
        assert sleeps and abs(sleeps[0] - expected) < 0.01


def test_watch_keeps_the_analytics_tables_up_to_date(tmp_path, make_project, double):
    """New mentions reach the dashboard's pre-aggregated tables: at most every
    ``rollup_every`` seconds while collecting, and when the watcher stops."""
    project = make_project([_masto(double.url, interval="1h")])
    store = DuckDBStore(project.store_path)
    try:
        w = Watcher(store, project, enrich=False, rollup_every=3600)
        w.run(max_runs=1)  # one run: too soon for a periodic refresh, so the stop does it
        pairs = store.scalar(
            "SELECT count(*) FROM (SELECT unnest(brands) FROM mentions "
            "WHERE NOT coalesce(is_own_account, false))"
        )
        assert pairs > 0
        assert store.scalar("SELECT count(*) FROM analytics_facts") == pairs
        assert store.scalar("SELECT sum(n) FROM analytics_hourly") == pairs
    finally:
        store.close()


@pytest.mark.slow
def test_sources_reads_the_watchers_state_while_it_holds_the_store(tmp_path, make_project, double):
    """DuckDB has one writer: while a watcher holds the store, `rumeur sources` (another
    process) shows the state the watcher leaves after each run."""
    project = make_project([_masto(double.url, interval="1h")])
    store = DuckDBStore(project.store_path)
    try:
        Watcher(store, project, enrich=False).run(max_runs=1)  # the store stays open here
        out = subprocess.run(
            [sys.executable, "-m", "rumeur", "sources", "--json", "-p", str(project.root)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)
        assert "in use by rumeur watch" in doc["note"]
        masto = doc["sources"][0]
        assert masto["name"] == "masto" and masto["items_collected"] == 60
        assert masto["last_success"] and masto["cursor"]["watermark"].startswith(
            f"{p.EPOCH:%Y-%m-%d}"
        )
    finally:
        store.close()
