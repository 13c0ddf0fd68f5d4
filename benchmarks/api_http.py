"""`benchmarks/api.py`'s HTTP side: the real server (``rumeur serve``, uvicorn) on
127.0.0.1, a throw-away admin with an API token, and one httpx client per user.

The server gets its own users file (``--state`` in a temporary folder): the benchmark
never touches the machine's real one."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


#: scenario -> (route under the project, query parameters from the drawn ones); None: the
#: API has no route for it (measured in-process only)
def _page(p: dict[str, Any]) -> dict[str, Any]:
    """The explorer's query: its filters, and the API's page (offset, limit)."""
    keys = ("brand", "platform", "sentiment", "limit", "offset")
    return {k: p[k] for k in keys if p.get(k) is not None}


ROUTES: dict[str, tuple[str | None, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "overview": ("overview", lambda p: {k: p[k] for k in ("brand", "days") if p.get(k)}),
    "overview other periods": (
        "overview", lambda p: {k: p[k] for k in ("brand", "days", "until") if p.get(k)}),
    "explorer": ("mentions", _page),
    "explorer filter": ("mentions", _page),
    "explorer search": ("mentions", lambda p: {"search": p["q"], "limit": p["limit"],
                                               "sort": "relevance"}),
}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rumeur(*args: str, state: Path) -> str:
    out = subprocess.run([sys.executable, "-m", "rumeur", *args, "--state", str(state)],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout


_session: dict[str, Any] = {}


@contextmanager
def serve(root: Path, query_threads: int | None = None) -> Iterator[str]:
    """Start ``rumeur serve -p ROOT`` on a free loopback port (with ``--query-threads``
    when given); yield the project's API base URL
    (``http://127.0.0.1:PORT/api/v1/projects/ID``); stop it at the end."""
    import httpx

    with tempfile.TemporaryDirectory(prefix="rumeur-bench-") as tmp:
        state = Path(tmp) / "server.sqlite3"
        _rumeur("users", "add", "bench", "--role", "admin", state=state)
        token = json.loads(_rumeur("users", "token", "bench", "--json", state=state))["token"]
        port = _free_port()
        log = (Path(tmp) / "serve.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "rumeur", "serve", "-p", str(root), "--host", "127.0.0.1",
             "--port", str(port), "--state", str(state),
             *(["--query-threads", str(query_threads)] if query_threads else [])],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                if proc.poll() is not None:
                    raise RuntimeError("rumeur serve stopped: "
                                       + (Path(tmp) / "serve.log").read_text()[-2000:])  # fmt: skip
                try:
                    if httpx.get(base + "/api/v1/openapi.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("rumeur serve did not answer within 300 s")
                time.sleep(0.5)
        except BaseException:
            proc.kill()
            raise
        _session["token"] = token
        _session["pid"] = proc.pid
        try:
            yield f"{base}/api/v1/projects/{root.name}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def server_cpu() -> float:
    """CPU seconds the running server has used so far (user + system, all its threads)."""
    fields = Path(f"/proc/{_session['pid']}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def http_caller(base: str) -> Callable[[str, dict[str, Any]], Any]:
    """One user's caller: its own connection; a non-2xx answer raises."""
    import httpx

    client = httpx.Client(headers={"Authorization": f"Bearer {_session['token']}"}, timeout=120)

    def call(scenario: str, params: dict[str, Any]) -> Any:
        route, to_query = ROUTES[scenario]
        res = client.get(f"{base}/{route}", params=to_query(params))
        if res.status_code != 200:
            raise RuntimeError(f"{route}: HTTP {res.status_code} {res.text[:200]}")
        return res.json()

    return call
