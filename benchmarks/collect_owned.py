"""Parse-and-store throughput of the X, Trustpilot and Google Business Profile connectors,
beside the raw fetch rate of their doubles (run by ``benchmarks/collect.py``, or alone:
``python benchmarks/collect_owned.py --items 20000``).

For each connector, in the same run, against its double served by another process:

1. raw fetch: plain ``httpx`` GETs of the very pages the connector asked for, no parsing;
2. parse and store: the connector's run (:func:`~rumeur.connectors.watcher.collect`, no
   enrichment) with the network replaced by those recorded answers: paging, JSON
   decoding, normalisation (reviews and replies), dedupe and storage in DuckDB;
3. the whole path against the double (fetch + parse + store), for reference.

Items are the mentions stored (a review and its reply are two).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.doubles import google_business as gb
from rumeur.connectors.doubles import trustpilot as tp
from rumeur.connectors.doubles import x as xd
from rumeur.connectors.watcher import collect
from rumeur.storage.duckdb import DuckDBStore

MOUNTS = ("rumeur.connectors.doubles.x:XDouble",
          "rumeur.connectors.doubles.trustpilot:TrustpilotDouble",
          "rumeur.connectors.doubles.google_business:GoogleBusinessDouble")  # fmt: skip
HEAD = (
    '[project]\nname = "bench"\n[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n'
    'own_accounts = ["@fibrelia_sav", "fibrelia.example", "Fibrelia (Google)"]\n'
)
SOURCES = {
    "x": ('type = "x"\nbase_url = "{url}/2"\nbearer_token_env = "BENCH_X"\n'
          'query = "fibrelia -is:retweet"\ntimeline = false\nmentions = false\n'),
    "trustpilot": ('type = "trustpilot"\nbase_url = "{url}/v1"\napi_key_env = "BENCH_TP"\n'
                   f'business_unit_id = "{tp.UNIT_ID}"\n'),
    "google_business": ('type = "google_business"\nbase_url = "{url}/v4"\n'
                        'locations_url = "{url}/v1"\ntoken_url = "{url}/token"\n'
                        f'account_id = "{gb.ACCOUNT}"\nclient_id = "1234-fibrelia.apps.'
                        'googleusercontent.com"\nclient_secret_env = "BENCH_GS"\n'
                        'refresh_token_env = "BENCH_GR"\nown_handle = "Fibrelia (Google)"\n'),
}  # fmt: skip
ENV = {
    "BENCH_X": xd.XDouble(items=0).bearer_token,
    "BENCH_TP": "tp-key-fibrelia-0001",
    "BENCH_GS": "GOCSPX-fibrelia-double-secret",
    "BENCH_GR": "1//0fibrelia-refresh-token",
}


class Recorder(httpx.HTTPTransport):
    """Sends requests, and keeps each answer (for the raw fetch and the replay)."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[httpx.Request, int, dict[str, str], bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = super().handle_request(request)
        body = resp.read()
        self.log.append((request, resp.status_code, dict(resp.headers), body))
        return httpx.Response(resp.status_code, headers=resp.headers, content=body)


class Replay(httpx.BaseTransport):
    """Answers each request with the recorded answer to the same method and URL."""

    def __init__(self, log: list[tuple[httpx.Request, int, dict[str, str], bytes]]) -> None:
        self.answers = {_key(r): (s, h, b) for r, s, h, b in log}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        status, headers, body = self.answers[_key(request)]
        headers = {k: v for k, v in headers.items() if k.lower() not in
                   ("content-length", "content-encoding", "transfer-encoding")}  # fmt: skip
        return httpx.Response(status, headers=headers, content=body)


def _key(request: httpx.Request) -> tuple[str, str]:
    """A request's method and URL, less X's ``start_time`` (set from the clock)."""
    url = request.url.copy_remove_param("start_time")
    return request.method, str(url)


def _run(project: config.Project, store_path: Path, transport: httpx.BaseTransport) -> Any:
    conn: Any = registry.build(project, project.sources[0])
    conn.http.client = httpx.Client(transport=transport, headers=conn.http.client.headers,
                                    timeout=30)  # fmt: skip
    store = DuckDBStore(store_path)
    t, cpu = time.perf_counter(), time.process_time()
    result = collect(store, project, conn, enrich=False, batch_size=2000)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    store.close()
    conn.close()
    assert result.error is None, result.error
    return result, seconds, cpu


def measure(kind: str, url: str, root: Path) -> dict[str, float]:
    src = SOURCES[kind].format(url=url)
    text = f'{HEAD}\n[[sources]]\nname = "{kind}"\n{src}limit = 100\nmax_pages = 100000\n'
    (root / kind).mkdir()
    (root / kind / "rumeur.toml").write_text(text, encoding="utf-8")
    project = config.load(root / kind / "rumeur.toml")
    rec = Recorder()
    full, t_full, _ = _run(project, root / kind / "full.duckdb", rec)
    replayed, t_parse, cpu_parse = _run(project, root / kind / "replay.duckdb", Replay(rec.log))
    assert replayed.new == full.new
    with httpx.Client(timeout=30) as client:  # the same requests, bodies not even decoded
        t = time.perf_counter()
        for req, *_ in rec.log:
            client.send(client.build_request(req.method, req.url, headers=req.headers,
                                             content=req.content))  # fmt: skip
        t_raw = time.perf_counter() - t
    return {"items": full.new, "requests": len(rec.log), "raw": full.new / t_raw,
            "parse": full.new / t_parse, "full": full.new / t_full, "wall": t_parse,
            "cpu": cpu_parse}  # fmt: skip


def main(items: int = 20_000, only: set[str] | None = None) -> list[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "rumeur.connectors.doubles.server", "--port", str(port),
           "--items", str(items)] + [a for m in MOUNTS for a in ("--mount", m)]  # fmt: skip
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    url = (server.stdout.readline() if server.stdout else "").strip()
    os.environ.update(ENV)
    lines = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for kind in SOURCES:
                if only and kind not in only:
                    continue
                r = measure(kind, url, Path(tmp))
                lines.append(
                    f"{kind:<16}: raw fetch {r['raw']:8.0f} items/s | parse+store "
                    f"{r['parse']:7.0f} items/s (ratio {r['parse'] / r['raw']:.2f}; "
                    f"{r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU: "
                    f"{r['items'] / r['cpu']:.0f} items per CPU-second) | whole "
                    f"path {r['full']:6.0f} items/s  ({r['items']:.0f} stored, "
                    f"{r['requests']:.0f} requests)  target >= 2000: "
                    f"{'met' if r['parse'] >= 2000 else 'NOT met'}  load "
                    f"{_load()}"
                )
                print(lines[-1], flush=True)
    finally:
        server.terminate()
        server.wait()
    return lines


def _load() -> str:
    """The load averages (1, 5, 15 min): a timing taken beside other jobs is not one of
    the code alone."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--only", default="", help="comma-separated: x, trustpilot, google_business")
    a = ap.parse_args()
    main(a.items, {n for n in a.only.split(",") if n})
