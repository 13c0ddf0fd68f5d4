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
compare ratios). Then the owned-channel connectors, each with its raw fetch rate beside
its **parse-and-store** rate (target >= 2,000 items/s): App Store Connect and Google
Play (:func:`stores_bench`), X, Trustpilot and Google Business Profile
(:mod:`collect_owned`), the Facebook Page and Instagram (:mod:`collect_meta`). Every
figure is printed with its wall time, the CPU time of this process and the load
average (``os.getloadavg()``): a rate measured beside other jobs is not the code's.

Usage: ``python benchmarks/collect.py [--items 20000]``; ``--only x,facebook`` runs only
those connectors (``bluesky`` names the watcher path above); ``--quick`` measures every
connector on 5,000 items per double (a few minutes on a quiet 2-core machine).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import duckdb
import httpx

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.watcher import collect
from rumeur.storage.duckdb import DuckDBStore

#: the connectors measured by parse-and-store, by module: ``--only`` picks among them
STORES = ("appstore", "googleplay")
OWNED = ("x", "trustpilot", "google_business")  # benchmarks/collect_owned.py
META = ("facebook", "instagram")  # benchmarks/collect_meta.py


def load() -> str:
    """The load averages (1, 5, 15 min): a timing taken beside other jobs is not one of
    the code alone."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


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


def raw_fetch(url: str, _keys: Path | None = None, limit: int = 100) -> tuple[int, float]:
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
                    help="items per double of X, Trustpilot, Google reviews; 0: skip")  # fmt: skip
    ap.add_argument("--no-stores", action="store_true", help="skip the app-store connectors")
    ap.add_argument("--stores-only", action="store_true", help="only the app-store connectors")
    ap.add_argument("--only", default="", help="comma-separated: bluesky, appstore, "
                    "googleplay, x, trustpilot, google_business, facebook, instagram")  # fmt: skip
    ap.add_argument("--quick", action="store_true",
                    help="5,000 items per double, 300 Facebook posts and Instagram media, "
                    "no 'all enrichers' pass (a few minutes)")  # fmt: skip
    args = ap.parse_args()
    if args.quick:
        args.items, args.owned_items = 5000, 5000
    only = {n for n in args.only.split(",") if n}
    if args.stores_only:
        only = set(STORES)
    elif args.no_stores:
        only = (only or {"bluesky", *OWNED, *META}) - set(STORES)
    cpu0, t0 = time.process_time(), time.perf_counter()
    print(f"load average at start: {load()}  (python {sys.version.split()[0]}, "
          f"duckdb {duckdb.__version__})", flush=True)  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if not only or "bluesky" in only:
        bluesky(args)
    if not only or only & set(STORES):
        stores_bench(args.items, args.batch_size, (only & set(STORES)) or set(STORES))
    if args.owned_items and (not only or only & set(OWNED)):
        import collect_owned

        collect_owned.main(args.owned_items, only & set(OWNED))
    if not only or only & set(META):
        import collect_meta

        n = 300 if args.quick else 600
        collect_meta.run(n, n, only & set(META))
    print(f"load average at the end: {load()}  ({time.perf_counter() - t0:.0f} s wall, "
          f"{time.process_time() - cpu0:.0f} s CPU in this process)")  # fmt: skip


def bluesky(args: argparse.Namespace) -> None:
    """The Bluesky watcher path against its raw fetch rate (see the module)."""
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
            t, cpu = time.perf_counter(), time.process_time()
            res = collect(store, project, conn, batch_size=args.batch_size, enrichers="fast")
            t_watch, cpu_watch = time.perf_counter() - t, time.process_time() - cpu
            assert res.error is None, res.error
            enriched = store.scalar("SELECT count(DISTINCT mention_id) FROM enrichments")
            store.execute("DELETE FROM cursors")  # read everything again: all duplicates
            t, cpu = time.perf_counter(), time.process_time()
            res2 = collect(store, project, conn, batch_size=args.batch_size)
            t_dup, cpu_dup = time.perf_counter() - t, time.process_time() - cpu
            stored = store.scalar("SELECT count(*) FROM mentions")
            store.close()
            conn.close()
            # the same path with every default enricher (emotions, aspects...) on arrival
            res3, t_all = None, 0.0
            if not args.quick:
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
        f"watcher path, new mentions  : {watch_rate:9.0f} mentions/s  ({t_watch:.2f} s wall, "
        f"{cpu_watch:.2f} s CPU, {res.new} stored, {enriched} enriched)  ratio to raw fetch "
        f"{watch_rate / raw_rate:.2f}  load {load()}"
    )
    print(f"watcher path, all duplicates: {dup_rate:9.0f} items/s  ({t_dup:.2f} s wall, "
          f"{cpu_dup:.2f} s CPU, {res2.duplicates} duplicates, {stored} mentions in the "
          f"store)  ratio {dup_rate / raw_rate:.2f}")  # fmt: skip
    if res3 is not None:
        all_rate = res3.new / t_all
        print(f"watcher path, all enrichers : {all_rate:9.0f} mentions/s  ({t_all:.2f} s)  "
              f"ratio {all_rate / raw_rate:.2f}")  # fmt: skip
    print(f"target >= 2000 mentions/s (fast tier): {'met' if watch_rate >= 2000 else 'NOT met'}")


# -- the app stores (App Store Connect, Google Play) ------------------------------------

STORES_TOML = """
[project]
name = "bench-stores"

[[brands]]
id = "fibrelia"
name = "Fibrelia"

[[sources]]
name = "ios"
type = "appstore"
base_url = "{url}"
app_id = "{app_id}"
issuer_id = "{issuer}"
key_id = "{kid}"
private_key_file = "{p8}"
max_pages = 100000
backfill_pages = 100000

[[sources]]
name = "play"
type = "googleplay"
base_url = "{url}"
package_name = "{package}"
service_account_file = "{sa}"
hourly_requests = 1000000
since = "30d"
max_pages = 100000
backfill_pages = 100000

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


def store_raw_fetch(url: str, keys: Path, kind: str) -> tuple[int, float]:
    """Plain httpx GETs of every page (bearer token made once), counting the reviews and
    the developer replies they hold, no parsing beyond JSON."""
    import jwt

    from rumeur.connectors.doubles import store_payloads as sp
    from rumeur.connectors.doubles.stores import TestKeys

    n = 0
    t = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        if kind == "appstore":
            now = int(time.time())
            token = jwt.encode({"iss": TestKeys.issuer_id, "iat": now, "exp": now + 1200,
                                "aud": "appstoreconnect-v1"},
                               (keys / f"AuthKey_{TestKeys.key_id}.p8").read_text(),
                               algorithm="ES256", headers={"kid": TestKeys.key_id})  # fmt: skip
            auth = {"Authorization": f"Bearer {token}"}
            next_url: str | None = f"{url}/v1/apps/{sp.APP_ID}/customerReviews"
            params: dict[str, object] | None = {"sort": "-createdDate", "limit": 200,
                                                "include": "response"}  # fmt: skip
            while next_url:
                body = client.get(next_url, params=params, headers=auth).json()
                n += len(body["data"]) + len(body.get("included") or [])
                next_url, params = body["links"].get("next"), None
        else:
            sa = json.loads((keys / "play-service-account.json").read_text())
            now = int(time.time())
            claims = {"iss": sa["client_email"], "aud": sa["token_uri"], "iat": now,
                      "scope": "https://www.googleapis.com/auth/androidpublisher",
                      "exp": now + 3600}  # fmt: skip
            assertion = jwt.encode(claims, sa["private_key"], algorithm="RS256",
                                   headers={"kid": sa["private_key_id"]})  # fmt: skip
            grant = client.post(sa["token_uri"], data={
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": assertion}).json()  # fmt: skip
            auth = {"Authorization": f"Bearer {grant['access_token']}"}
            page: str | None = ""
            while page is not None:
                q: dict[str, object] = {"maxResults": 100, **({"token": page} if page else {})}
                body = client.get(f"{url}/androidpublisher/v3/applications/{sp.PACKAGE}/reviews",
                                  params=q, headers=auth).json()  # fmt: skip
                reviews = body.get("reviews") or []
                n += len(reviews) + sum(len(r["comments"]) - 1 for r in reviews)
                page = (body.get("tokenPagination") or {}).get("nextPageToken")
    return n, time.perf_counter() - t


def stores_bench(items: int, batch_size: int, only: set[str] | None = None) -> None:
    """Parse-and-store rate of the App Store and Google Play connectors (JWT signing,
    normalisation, dedupe, storage; no enrichment) beside the raw fetch rate, and the
    same path for Bluesky posts from the same server as a reference (noisy machines:
    compare the ratios). ``only``: the connectors to measure (Bluesky with all)."""
    from rumeur.connectors.doubles import store_payloads as sp
    from rumeur.connectors.doubles.stores import TestKeys

    os.environ["BENCH_BSKY_PW"] = "bench-password"
    with tempfile.TemporaryDirectory() as tmp:
        root, keys = Path(tmp), Path(tmp) / "keys"
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "rumeur.connectors.doubles.server", "--port", str(port),
             "--items", str(items), "--test-keys", str(keys), "--play-hour-limit", "1000000000"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        url = (server.stdout.readline() if server.stdout else "").strip()
        try:
            (root / "rumeur.toml").write_text(STORES_TOML.format(
                url=url, app_id=sp.APP_ID, issuer=TestKeys.issuer_id, kid=TestKeys.key_id,
                p8=keys / f"AuthKey_{TestKeys.key_id}.p8", package=sp.PACKAGE,
                sa=keys / "play-service-account.json"))  # fmt: skip
            project = config.load(root / "rumeur.toml")
            kinds = ("appstore", "googleplay", "bluesky")
            for src, kind in zip(project.sources, kinds, strict=True):
                if only and kind not in only and not (kind == "bluesky" and len(only) > 1):
                    continue
                fetch = raw_fetch if kind == "bluesky" else partial(store_raw_fetch, kind=kind)
                fetch(url, keys)  # warm the server's caches
                n_raw, t_raw = fetch(url, keys)
                store = DuckDBStore(root / f"{kind}.duckdb")
                conn = registry.build(project, src)
                t, cpu = time.perf_counter(), time.process_time()
                res = collect(store, project, conn, batch_size=batch_size, enrich=False)
                t_store, cpu = time.perf_counter() - t, time.process_time() - cpu
                assert res.error is None, res.error
                own = store.scalar("SELECT count(*) FROM mentions WHERE reply_to IS NOT NULL")
                store.close()
                conn.close()
                raw_rate, rate = n_raw / t_raw, res.new / t_store
                ref = "  (reference: Bluesky posts)" if kind == "bluesky" else ""
                print(f"{kind:<11} raw HTTP fetch    : {raw_rate:9.0f} items/s  ({n_raw} items, "
                      f"{t_raw:.2f} s)")  # fmt: skip
                print(f"{kind:<11} parse-and-store   : {rate:9.0f} items/s  ({res.new} stored, "
                      f"{own} of them replies, {t_store:.2f} s wall, {cpu:.2f} s CPU: "
                      f"{res.new / cpu:.0f} items per CPU-second)  ratio to raw fetch "
                      f"{rate / raw_rate:.2f}  target >= 2000: "
                      f"{'met' if rate >= 2000 else 'NOT met'}{ref}  load {load()}",
                      flush=True)  # fmt: skip
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
