"""Owned-channel throughput for ``benchmarks/collect.py``: the Facebook Page and Instagram
connectors against the Graph API double (a separate process), three figures each, in
the same run:

1. raw fetch: plain ``httpx`` GETs of every page the connector reads (listings, then
   the comments of each post or media), no parsing: the ceiling;
2. parse and store: the raw bodies of (1), already in memory, normalised by the
   connector's normalisers and stored (dedupe, DuckDB) with
   :meth:`~rumeur.ingest.pipeline.Ingestor.ingest_items`: the connector's own cost;
3. the collect path: :func:`~rumeur.connectors.watcher.collect` end to end (fetch,
   retries and quota layer, parse, store), no enrichment.

Baseline in the same run: the same parse-and-store harness over as many Mastodon
statuses (:mod:`rumeur.connectors.doubles.payloads`, the Mastodon normaliser): the
machines are shared and noisy, so compare the ratio. Items are stored in batches of
``BATCH`` (``rumeur watch --batch-size``); the ingest path's import machinery is warmed
first, outside the timing.

Usage: ``python benchmarks/collect.py --only facebook,instagram`` or
``python benchmarks/collect_meta.py``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.base import Page, normalise
from rumeur.connectors.doubles.meta import TOKEN, VERSION
from rumeur.connectors.doubles.meta_instagram import IG_USER_ID
from rumeur.connectors.doubles.meta_payloads import PAGE_ID
from rumeur.connectors.facebook.normalise import comment_row, post_row
from rumeur.connectors.instagram.normalise import comment_row as ig_comment_row
from rumeur.connectors.instagram.normalise import media_row
from rumeur.connectors.watcher import collect, ingestor_for
from rumeur.storage.duckdb import DuckDBStore

TOML = """
[project]
name = "bench-owned"

[[brands]]
id = "fibrelia"
name = "Fibrelia"

[[sources]]
name = "fb"
type = "facebook"
base_url = "{url}"
page_id = "{page}"
access_token_env = "BENCH_META_TOKEN"
tagged = false
ratings = false
since = "3650d"
max_pages = 100000
backfill_pages = 100000
comment_pages = 100
max_usage = 100

[[sources]]
name = "ig"
type = "instagram"
base_url = "{url}"
ig_user_id = "{ig}"
access_token_env = "BENCH_META_TOKEN"
tags = false
since = "3650d"
max_pages = 100000
backfill_pages = 100000
comment_pages = 100
max_usage = 100
"""


#: items stored per transaction (``rumeur watch --batch-size``)
BATCH = 5000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pages(client: httpx.Client, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    out, after = [], None
    while True:
        q = {**params, "limit": 100, **({"after": after} if after else {})}
        body = client.get(url, params=q).json()
        out.append(body)
        if not (body.get("paging") or {}).get("next"):
            return out
        after = body["paging"]["cursors"]["after"]


def raw_facebook(base: str) -> tuple[list[tuple[str, dict[str, Any]]], float]:
    """Every body the Facebook connector reads, with what it holds ("post"/"comment")."""
    bodies: list[tuple[str, dict[str, Any]]] = []
    t = time.perf_counter()
    with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        for feed in _pages(client, f"{base}/{VERSION}/{PAGE_ID}/feed", {"fields": "id"}):
            bodies.append(("post", feed))
            for post in feed["data"]:
                stream = {"filter": "stream", "order": "reverse_chronological"}
                for body in _pages(client, f"{base}/{VERSION}/{post['id']}/comments", stream):
                    bodies.append((post["id"], body))
    return bodies, time.perf_counter() - t


def raw_instagram(base: str) -> tuple[list[tuple[str, dict[str, Any]]], float]:
    bodies: list[tuple[str, dict[str, Any]]] = []
    t = time.perf_counter()
    with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        client.get(f"{base}/{VERSION}/{IG_USER_ID}", params={"fields": "username"})
        for listing in _pages(client, f"{base}/{VERSION}/{IG_USER_ID}/media", {}):
            bodies.append(("media", listing))
            for m in listing["data"]:
                for body in _pages(client, f"{base}/{VERSION}/{m['id']}/comments", {}):
                    bodies.append((m["id"], body))
    return bodies, time.perf_counter() - t


def _fb_objects(kind: str, body: dict[str, Any]) -> tuple[list[Any], Callable[[Any], Any]]:
    if kind == "post":
        return body["data"], lambda o: post_row(o, PAGE_ID)
    return [{**c, "post_id": kind} for c in body["data"]], lambda o: comment_row(o, PAGE_ID)


def _ig_objects(kind: str, body: dict[str, Any]) -> tuple[list[Any], Callable[[Any], Any]]:
    if kind == "media":
        return body["data"], lambda o: media_row(o, "fibrelia.officiel", 12840)
    objs = []
    for c in body["data"]:
        objs.append({**{k: v for k, v in c.items() if k != "replies"}, "media_id": kind})
        objs += [{**r, "media_id": kind, "parent_id": c["id"]} for r in c["replies"]["data"]]
    return objs, lambda o: ig_comment_row(o, "fibrelia.officiel")


def parse_and_store(
    project: Any, store: DuckDBStore, source: str, bodies: list, objects: Callable
) -> tuple[int, float]:
    """Normalise the bodies already fetched and store them in batches of ~BATCH items;
    the items stored and the wall time (the CPU time is left in ``CPU[source]``)."""
    ing = ingestor_for(store, project)
    t, cpu = time.perf_counter(), time.process_time()
    page, n = Page(), 0
    for kind, body in bodies:
        objs, to_row = objects(kind, body)
        normalise(page, objs, to_row)
        if len(page.items) >= BATCH:
            n += ing.ingest_items(page.items, source=source, rejected=page.rejected).imported
            page = Page()
    n += ing.ingest_items(page.items, source=source, rejected=page.rejected).imported
    CPU[source] = time.process_time() - cpu
    return n, time.perf_counter() - t


#: CPU seconds of the last parse_and_store of each source
CPU: dict[str, float] = {}


def load() -> str:
    """The load averages (1, 5, 15 min) as printed beside every figure."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _mastodon_bodies(n: int) -> list[tuple[str, dict[str, Any]]]:
    from rumeur.connectors.doubles.payloads import mastodon_status

    return [("status", {"data": [mastodon_status(i) for i in range(j, min(n, j + 40))]})
            for j in range(0, n, 40)]  # fmt: skip


def _mastodon_objects(kind: str, body: dict[str, Any]) -> tuple[list[Any], Callable[[Any], Any]]:
    from rumeur.connectors.mastodon.normalise import status_row

    return body["data"], status_row


def baseline(project: Any, root: Path, n: int) -> tuple[int, float]:
    """Mastodon statuses through the same parse-and-store harness (the baseline)."""
    warm = DuckDBStore(root / "warm.duckdb")
    parse_and_store(project, warm, "warm", _mastodon_bodies(50), _mastodon_objects)
    warm.close()
    store = DuckDBStore(root / "mastodon-parse.duckdb")
    out = parse_and_store(project, store, "masto", _mastodon_bodies(n), _mastodon_objects)
    store.close()
    return out


def run(posts: int = 600, media: int = 600, only: set[str] | None = None) -> list[str]:
    """The figures of both connectors (``only``: those named), as lines to print."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rumeur.connectors.doubles.meta", "--port", str(port),
         "--posts", str(posts), "--ig-media", str(media)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = (server.stdout.readline() if server.stdout else "").strip()
    os.environ["BENCH_META_TOKEN"] = TOKEN
    lines = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "rumeur.toml").write_text(TOML.format(url=url, page=PAGE_ID, ig=IG_USER_ID))
            project = config.load(root / "rumeur.toml")
            n_base, t_base = baseline(project, root, 4000)
            base_rate = n_base / t_base
            lines.append(f"baseline  Mastodon parse and store  : {base_rate:8.0f} items/s "
                         f"({n_base} stored, {t_base:.2f} s wall, {CPU['masto']:.2f} s CPU, "
                         f"same harness)  load {load()}")  # fmt: skip
            print(lines[-1], flush=True)
            for name, raw, objects in (("facebook", raw_facebook, _fb_objects),
                                       ("instagram", raw_instagram, _ig_objects)):  # fmt: skip
                if only and name not in only:
                    continue
                src = "fb" if name == "facebook" else "ig"
                raw(url)  # warm
                bodies, t_raw = raw(url)
                n_raw = sum(len(b.get("data") or []) for _, b in bodies) + sum(
                    len(c["replies"]["data"]) for k, b in bodies if k != "media" and name ==
                    "instagram" for c in b["data"])  # fmt: skip
                store = DuckDBStore(root / f"{name}-parse.duckdb")
                n_ps, t_ps = parse_and_store(project, store, src, bodies, objects)
                store.close()
                store = DuckDBStore(root / f"{name}-collect.duckdb")
                conn = registry.build(project, next(s for s in project.sources if s.name == src))
                t = time.perf_counter()
                res = collect(store, project, conn, enrich=False, batch_size=BATCH)
                t_col = time.perf_counter() - t
                conn.close()
                store.close()
                assert res.error is None, res.error
                raw_rate, ps_rate, col_rate = n_raw / t_raw, n_ps / t_ps, res.new / t_col
                new = [
                    f"{name:9} raw HTTP fetch (no parsing) : {raw_rate:8.0f} items/s "
                    f"({n_raw} items, {len(bodies)} requests, {t_raw:.2f} s)",
                    f"{name:9} parse and store            : {ps_rate:8.0f} items/s "
                    f"({n_ps} stored, {t_ps:.2f} s wall, {CPU[src]:.2f} s CPU: "
                    f"{n_ps / CPU[src]:.0f} items per CPU-second)  ratio to raw fetch "
                    f"{ps_rate / raw_rate:.2f}, to the baseline {ps_rate / base_rate:.2f}"
                    f"  target >= 2000: {'met' if ps_rate >= 2000 else 'NOT met'}"
                    f"  load {load()}",
                    f"{name:9} collect path (no enrichment): {col_rate:8.0f} items/s "
                    f"({res.new} stored, {t_col:.2f} s)  ratio {col_rate / raw_rate:.2f}",
                ]
                for line in new:
                    print(line, flush=True)
                lines += new
    finally:
        server.terminate()
        server.wait()
    return lines


if __name__ == "__main__":
    run()  # (it prints each line as it is measured)
