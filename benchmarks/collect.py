"""Collection throughput: the watcher path against the raw HTTP fetch rate of one server.

A local API double (a separate process, :mod:`rumeur.connectors.doubles.server`) serves
N fictional Bluesky posts, 100 a page. In the same run we measure

1. raw fetch: plain ``httpx`` GETs of every search page, no parsing (the ceiling);
2. the watcher path: :func:`rumeur.connectors.watcher.collect` with the Bluesky connector
   (retries/rate-limit layer, author profiles, normalisation), dedupe and storage in
   DuckDB, and the fast enrichment tier (language, sentiment-fast) of every new mention;
3. the same path again over the same items: all duplicates (the dedupe cost);
4. the path with every default enricher on arrival (``--enrichers all``), for reference;
5. for X, Trustpilot and Google Business Profile (:mod:`collect_owned`): each
   connector's parse-and-store rate beside the raw fetch rate of its double.

and print mentions/s for each with the ratio to the raw fetch rate (machines are noisy:
compare ratios). Usage: ``python benchmarks/collect.py [--items 20000]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.watcher import collect
from rumeur.storage.duckdb import DuckDBStore

TOML = """
[project]
name = "bench"

[[brands]]
id = "fibrelia"
name = "Fibrelia"

[[sources]]
name = "bsky"
type = "bluesky"
base_url = "{url}"
identifier = "bench.bsky.social"
app_password_env = "BENCH_BSKY_PW"
query = "fibrelia"
limit = 100
max_pages = 100000
backfill_pages = 100000
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raw_fetch(url: str, limit: int = 100) -> tuple[int, float]:
    n, cursor = 0, None
    t = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        while True:
            params: dict[str, object] = {"q": "fibrelia", "limit": limit, "sort": "latest"}
            if cursor:
                params["cursor"] = cursor
            body = client.get(f"{url}/xrpc/app.bsky.feed.searchPosts", params=params).json()
            n += len(body["posts"])
            cursor = body.get("cursor")
            if not cursor:
                break
    return n, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--owned-items", type=int, default=20_000,
                    help="items per owned-account double (X, Trustpilot, Google); 0: skip")  # fmt: skip
    args = ap.parse_args()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rumeur.connectors.doubles.server", "--port", str(port),
         "--items", str(args.items)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = (server.stdout.readline() if server.stdout else "").strip()
    os.environ["BENCH_BSKY_PW"] = "bench-password"
    try:
        raw_fetch(url)  # warm the server's response cache: we measure the client side
        n_raw, t_raw = raw_fetch(url)
        raw_rate = n_raw / t_raw
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "rumeur.toml").write_text(TOML.format(url=url))
            project = config.load(root / "rumeur.toml")
            store = DuckDBStore(root / "bench.duckdb")
            src = project.sources[0]
            one_page = dataclasses.replace(
                src, settings=dataclasses.replace(src.settings, backfill_pages=1)
            )
            warm = DuckDBStore(root / "warm.duckdb")  # load the models outside the timing
            collect(warm, project, registry.build(project, one_page), enrichers="all")
            warm.close()
            conn = registry.build(project, project.sources[0])
            t = time.perf_counter()
            res = collect(store, project, conn, batch_size=args.batch_size, enrichers="fast")
            t_watch = time.perf_counter() - t
            assert res.error is None, res.error
            enriched = store.scalar("SELECT count(DISTINCT mention_id) FROM enrichments")
            store.execute("DELETE FROM cursors")  # read everything again: all duplicates
            t = time.perf_counter()
            res2 = collect(store, project, conn, batch_size=args.batch_size)
            t_dup = time.perf_counter() - t
            stored = store.scalar("SELECT count(*) FROM mentions")
            store.close()
            conn.close()
            # the same path with every default enricher (emotions, aspects...) on arrival
            store = DuckDBStore(root / "all.duckdb")
            conn = registry.build(project, src)
            t = time.perf_counter()
            res3 = collect(store, project, conn, batch_size=args.batch_size, enrichers="all")
            t_all = time.perf_counter() - t
            store.close()
            conn.close()
    finally:
        server.terminate()
        server.wait()
    watch_rate = res.new / t_watch
    dup_rate = res2.duplicates / t_dup
    print(f"items served                : {n_raw}")
    print(f"raw HTTP fetch (no parsing) : {raw_rate:9.0f} items/s  ({t_raw:.2f} s)")
    print(
        f"watcher path, new mentions  : {watch_rate:9.0f} mentions/s  ({t_watch:.2f} s, "
        f"{res.new} stored, {enriched} enriched)  ratio to raw fetch {watch_rate / raw_rate:.2f}"
    )
    print(f"watcher path, all duplicates: {dup_rate:9.0f} items/s  ({t_dup:.2f} s, "
          f"{res2.duplicates} duplicates, {stored} mentions in the store)  "
          f"ratio {dup_rate / raw_rate:.2f}")  # fmt: skip
    all_rate = res3.new / t_all
    print(f"watcher path, all enrichers : {all_rate:9.0f} mentions/s  ({t_all:.2f} s)  "
          f"ratio {all_rate / raw_rate:.2f}")  # fmt: skip
    print(f"target >= 2000 mentions/s (fast tier): {'met' if watch_rate >= 2000 else 'NOT met'}")
    if args.owned_items:  # per connector: parse-and-store beside the raw fetch rate
        import collect_owned

        collect_owned.main(args.owned_items)


if __name__ == "__main__":
    main()
