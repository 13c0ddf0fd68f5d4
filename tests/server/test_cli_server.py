"""``rumeur users`` (the first admin from the CLI, tokens shown once) and ``rumeur serve``
on real uvicorn over loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.conftest import BRANDS, DATA
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.jsonout import dumps, loads_strict
from rumeur.workspace import Workspace

_load()
runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> object:
    return runner.invoke(app, list(args), input=stdin)


def test_first_admin_from_the_cli_and_a_token_shown_once(tmp_path: Path) -> None:
    state = str(tmp_path / "state.sqlite3")
    res = _run("users", "add", "alice", "--role", "admin", "--state", state)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    res = _run("users", "password", "alice", "--password-stdin", "--state", state,
               stdin="correct horse battery\n")  # fmt: skip
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    res = _run("users", "token", "alice", "--state", state, "--json")
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    made = loads_strict(res.stdout)  # type: ignore[attr-defined]
    assert made["token"].startswith("rmr_") and made["user"] == "alice"
    listed = _run("users", "list", "--state", state, "--json")
    rows = loads_strict(listed.stdout)  # type: ignore[attr-defined]
    assert rows == [
        {"name": "alice", "role": "admin", "projects": [], "password": True, "tokens": 1,
         "disabled": False}
    ]  # fmt: skip
    secret = made["token"].split("_", 2)[2]
    assert secret not in listed.stdout  # type: ignore[attr-defined]
    assert secret not in Path(state).read_bytes().decode("latin-1")
    assert "correct horse battery" not in Path(state).read_bytes().decode("latin-1")
    # a second user with the same name, an unknown role: clear errors, exit code 2
    again = _run("users", "add", "alice", "--role", "viewer", "--state", state)
    assert again.exit_code == 2 and "existe déjà" in again.output  # type: ignore[attr-defined]
    bad = _run("users", "add", "bob", "--role", "chef", "--state", state)
    assert bad.exit_code == 2 and "viewer, analyst, admin" in bad.output  # type: ignore[attr-defined]
    revoked = _run("users", "revoke-token", made["id"], "--state", state)
    assert revoked.exit_code == 0  # type: ignore[attr-defined]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_on_loopback_answers_with_a_token(tmp_path: Path) -> None:
    """The server answers its users; while it holds the store, the CLI's reading
    commands on the project go through it, and writing ones say who holds it."""
    root = tmp_path / "veille"
    root.mkdir()
    (root / config.CONFIG_NAME).write_text(
        config.template(name="Veille", brands=BRANDS), encoding="utf-8"
    )
    with Workspace.open(root) as ws:
        ws.import_files([DATA / "avis_export.csv"])
        stored = ws.mentions(ws.mention_filter(limit=None))
        opinion_before = [c.to_dict() for c in ws.opinion()]
    state = str(tmp_path / "state.sqlite3")
    _run("users", "add", "alice", "--role", "viewer", "-p", "veille", "--state", state)
    token = loads_strict(_run("users", "token", "alice", "--state", state, "--json").stdout)[  # type: ignore[attr-defined]
        "token"
    ]
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rumeur", "serve", "--port", str(port), "-p", str(root),
         "--state", state],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(
                    f"{url}/api/v1/projects", headers={"Authorization": f"Bearer {token}"}
                )
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert r.status_code == 200
        assert [p["id"] for p in r.json()] == ["veille"]
        assert httpx.get(f"{url}/api/v1/projects").status_code == 401
        schema = httpx.get(f"{url}/api/v1/openapi.json").json()
        assert schema["info"]["title"] == "Rumeur"
        # while it runs, the server owns the store: a second writer is refused clearly
        second = subprocess.run(
            [sys.executable, "-m", "rumeur", "serve", "--port", str(_free_port()), "-p",
             str(root), "--state", state],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert second.returncode == 4, second.stderr
        assert "est tenu par rumeur serve" in second.stderr
        # the CLI reads through the server: same mentions as before it started
        cli = [sys.executable, "-m", "rumeur"]
        listed = subprocess.run(
            [*cli, "mentions", "-p", str(root), "--json", "--limit", "100"],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert listed.returncode == 0, listed.stderr
        got = loads_strict(listed.stdout)
        assert sorted(m["mention_id"] for m in got) == sorted(m["mention_id"] for m in stored)
        assert {m["created_at"] for m in got} == {m["created_at"].isoformat() for m in stored}
        opinion = subprocess.run(
            [*cli, "metrics", "opinion", "-p", str(root), "--json"],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert opinion.returncode == 0, opinion.stderr
        assert loads_strict(opinion.stdout) == json.loads(dumps(opinion_before))
        # a writing command is told who holds the store and what to do
        imported = subprocess.run(
            [*cli, "import", str(DATA / "avis_export.csv"), "-p", str(root)],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert imported.returncode == 4
        assert f"tenu par rumeur serve (http://127.0.0.1:{port})" in imported.stderr
        # the local token reads the store and nothing else
        info = json.loads((root / ".rumeur" / "server.json").read_text(encoding="utf-8"))
        assert oct((root / ".rumeur" / "server.json").stat().st_mode & 0o777) == "0o600"
        local = {"Authorization": f"Bearer {info['token']}"}
        assert httpx.get(f"{url}/api/v1/users", headers=local).status_code == 403
        write = httpx.post(
            f"{url}/api/v1/projects/veille/store/query",
            json={"sql": "DELETE FROM mentions", "params": []}, headers=local,
        )  # fmt: skip
        assert write.status_code == 422
        refused = httpx.post(
            f"{url}/api/v1/projects/veille/store/query",
            json={"sql": "SELECT 1", "params": []}, headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "local_only"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode in (0, -15), out
    assert not (root / ".rumeur" / "server.json").exists()  # removed on the way out
    with Workspace.open(root) as ws:  # and the store is free again
        assert ws.mention_count() == len(stored)


@pytest.mark.slow
def test_serve_watch_collects_in_the_server_and_the_cli_sees_it(tmp_path: Path) -> None:
    """``rumeur serve --watch``: the server collects (a local Mastodon double), the API
    shows the new mentions, and ``rumeur sources`` reads the sources' state through it."""
    from tests.connectors.conftest import write_project

    from rumeur.connectors.doubles.server import ApiDouble

    double = ApiDouble(items=30).start()
    try:
        root = tmp_path / "veille"
        source = {"name": "masto", "type": "mastodon", "base_url": double.url,
                  "hashtag": "fibrelia", "limit": 40, "backfill_pages": 10,
                  "interval": "1h"}  # fmt: skip
        write_project(root, [source])
        state = str(tmp_path / "state.sqlite3")
        _run("users", "add", "ana", "--role", "analyst", "-p", "veille", "--state", state)
        made = _run("users", "token", "ana", "--state", state, "--json")
        token = loads_strict(made.stdout)["token"]  # type: ignore[attr-defined]
        port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "rumeur", "serve", "--port", str(port), "-p", str(root),
             "--state", state, "--watch"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/api/v1/projects/veille/mentions"
            auth = {"Authorization": f"Bearer {token}"}
            deadline = time.monotonic() + 120
            n = 0
            while n < 30:
                assert proc.poll() is None, proc.stdout.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, f"collected {n} of 30"
                time.sleep(0.5)
                try:
                    r = httpx.get(url, params={"limit": 100}, headers=auth)
                except httpx.TransportError:
                    continue
                n = len(r.json()["mentions"]) if r.status_code == 200 else 0
            sources = subprocess.run(
                [sys.executable, "-m", "rumeur", "sources", "-p", str(root), "--json"],
                capture_output=True, text=True, env=env, timeout=120,
            )  # fmt: skip
            assert sources.returncode == 0, sources.stderr
            [row] = loads_strict(sources.stdout)["sources"]
            assert row["name"] == "masto" and row["items_collected"] == 30
            assert row["last_success"] is not None
        finally:
            proc.terminate()
            proc.communicate(timeout=60)
    finally:
        double.stop()
