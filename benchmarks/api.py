"""The dashboard's API under load: p50/p95/p99 of the overview and explorer calls at 20
concurrent users on a 10M-mention store, beside a bare DuckDB ``count(*)``.

    python benchmarks/api.py [--rows 10000000] [--users 20] [--duration 20] [--think 0.5]
                             [--mode auto|http|workspace]

The store (benchmarks/api_store.py: fictional brands, French texts, a year of mentions,
heavy-tailed reach) is built once under /tmp/rumeur-bench-api/ROWS and reused.

Scenarios, each run for ``--duration`` seconds by ``--users`` simulated users (each
sends a request, waits for the answer, then ``--think`` seconds, again); every request
draws its parameters (brand, platform, sentiment, page, period, search words):

- ``overview``: a brand's (or all brands') headline figures, intervals, trend and daily
  series over the last 7, 30 or 90 days, as the dashboard opens it
  (``Workspace.overview``, from the rollups; kept by the server until they change);
- ``overview other periods``: the same for a period ending on a day drawn in the year
  (a user looking back: hardly ever kept from an earlier call);
- ``explorer``: a page of 50 mentions, newest first (the first page 70 %, the second
  20 %, the third 10 %);
- ``explorer filter``: the same for a brand and a platform, a brand and a sentiment, a
  sentiment, or a platform;
- ``explorer search``: a search of one or two words (BM25, with the number of matches).

Each user makes one call of each scenario first (warm-up: connections, token check,
caches of the operating system), reported apart.

``--mode http`` starts the real server (``rumeur serve``'s app under uvicorn, on
127.0.0.1) and drives it with httpx (``--in-process``: then the same calls in-process
too); ``--mode workspace`` calls the same Workspace methods in-process from one thread
per user (what the endpoints do, without HTTP); ``auto`` takes http when the server is
installed. The baseline, in the same run: a bare DuckDB connection's ``SELECT count(*)
FROM mentions`` on the same file (answered from metadata) and a one-column scan
(``sum(likes)``), timed the same way. ``cpu ms`` is the
CPU time of the server process (or of this one, in-process) per call: what a call costs
whatever else the machine runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from api_store import BRANDS, build

PLATFORMS = ("twitter", "facebook", "instagram", "forum", "reviews", "news", "youtube")
SENTIMENTS = ("negative", "neutral", "positive")
SEARCHES = ("panne", "remboursement", "déçu", "service client", "fibre lyon", "facture",
            "résiliation", "débit", "technicien", "boutique", "forfait", "merci")  # fmt: skip
TARGET_MS = 150.0


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    if len(ms) < 2:
        v = ms[0] if ms else float("nan")
        return v, v, v
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return statistics.median(ms), q[94], q[98]


def baseline(path: Path, n: int = 200) -> dict[str, list[float]]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    out: dict[str, list[float]] = {}
    for name, sql in (("duckdb count(*)", "SELECT count(*) FROM mentions"),
                      ("duckdb sum(likes) scan", "SELECT sum(likes) FROM mentions")):  # fmt: skip
        con.execute(sql).fetchall()
        times = []
        for _ in range(n if "count" in name else 20):
            t = time.perf_counter()
            con.execute(sql).fetchall()
            times.append(1000 * (time.perf_counter() - t))
        out[name] = times
    con.close()
    return out


# -- the calls, drawn afresh each time ---------------------------------------------------
def draw(rng: random.Random, scenario: str) -> dict[str, Any]:
    page = rng.choices((0, 1, 2), weights=(70, 20, 10))[0]
    if scenario == "overview":
        brand = rng.choice([None, *(b.id for b in BRANDS)])
        return {"brand": brand, "days": rng.choice((7, 30, 90))}
    if scenario == "overview other periods":
        brand = rng.choice([None, *(b.id for b in BRANDS)])
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(95, 365))
        return {"brand": brand, "days": rng.choice((7, 30, 90)), "until": day.isoformat()}
    if scenario == "explorer":
        return {"limit": 50, "offset": 50 * page}
    if scenario == "explorer filter":
        brand = rng.choice([b.id for b in BRANDS])
        platform = rng.choice(PLATFORMS)
        sentiment = rng.choice(SENTIMENTS)
        kind = rng.choice(({"brand": brand, "platform": platform},
                           {"brand": brand, "sentiment": sentiment},
                           {"sentiment": sentiment}, {"platform": platform}))  # fmt: skip
        return {**kind, "limit": 50, "offset": 50 * page}
    return {"q": rng.choice(SEARCHES), "limit": 50}


def workspace_call(root: Path, threads: int | None = None) -> Callable[[str, dict[str, Any]], Any]:
    """One thread's caller: its own Workspace (read-only store handle), its queries on
    ``threads`` of DuckDB's threads (None: DuckDB's default), as ``rumeur serve
    --query-threads`` sets them."""
    from rumeur.workspace import Workspace

    ws = Workspace.open(root)
    if threads:
        ws.reader().execute(f"SET threads = {int(threads)}")

    def call(scenario: str, p: dict[str, Any]) -> Any:
        if scenario.startswith("overview"):
            return ws.overview(brand=p["brand"], days=p["days"], until=p.get("until")).to_dict()
        if scenario == "explorer search":
            return ws.search_mentions(p["q"], limit=p["limit"]).to_dict()
        flt = ws.mention_filter(brand=p.get("brand"), platform=p.get("platform"),
                                sentiment=p.get("sentiment"), limit=p["limit"] + 1,
                                offset=p["offset"])  # fmt: skip
        return ws.mentions(flt)

    return call


def run_scenario(
    scenario: str,
    make_caller: Callable[[], Callable[[str, dict[str, Any]], Any]],
    users: int,
    duration: float,
    think: float,
    warm: list[float] | None = None,
    cpu: Callable[[], float] = time.process_time,
) -> tuple[list[float], int, float]:
    """The call times (ms) of ``users`` users calling ``scenario`` for ``duration``
    seconds, the number of errors and the CPU ms per call (``cpu()``: CPU seconds so
    far); with ``warm``, each user's first call is made before the clock starts and its
    time put there."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    ready = threading.Barrier(users)
    stop = [0.0]
    cpu_start = [0.0]

    def one(call: Callable[[str, dict[str, Any]], Any], params: dict[str, Any]) -> float | None:
        t = time.perf_counter()
        try:
            call(scenario, params)
        except Exception as exc:  # counted and shown: a benchmark must not hide them
            print(f"  error in {scenario}: {exc!r}"[:300], file=sys.stderr)
            return None
        return 1000 * (time.perf_counter() - t)

    def user(seed: int) -> None:
        rng = random.Random(seed)
        call = make_caller()
        if warm is not None:
            ms = one(call, draw(rng, scenario))
            with lock:
                warm.append(ms if ms is not None else float("nan"))
        if ready.wait() == 0:
            stop[0] = time.monotonic() + duration
            cpu_start[0] = cpu()
        ready.wait()
        while time.monotonic() < stop[0]:
            ms = one(call, draw(rng, scenario))
            with lock:
                if ms is not None:
                    times.append(ms)
                else:
                    errors[0] += 1
            time.sleep(think * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    per_call = 1000 * (cpu() - cpu_start[0]) / max(len(times) + errors[0], 1)
    return times, errors[0], per_call


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--path", type=Path, default=None, help="project folder of the store")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    ap.add_argument("--think", type=float, default=0.5, help="seconds between a user's calls")
    ap.add_argument("--mode", choices=("auto", "http", "workspace"), default="auto")
    ap.add_argument(
        "--in-process",
        action="store_true",
        help="with http: also call the Workspace in-process (no HTTP)",
    )
    ap.add_argument(
        "--query-threads",
        type=int,
        default=None,
        help="rumeur serve --query-threads, also set in-process (default: the server's "
        "own; DuckDB's in-process)",
    )
    ap.add_argument("--scenarios", default=",".join(SCENARIOS),
                    help="comma-separated: " + ", ".join(SCENARIOS))  # fmt: skip
    args = ap.parse_args(argv)
    chosen = [x.strip() for x in args.scenarios.split(",") if x.strip()]
    if unknown := [x for x in chosen if x not in SCENARIOS]:
        ap.error(f"unknown scenario(s): {', '.join(unknown)}")
    root = args.path or Path("/tmp/rumeur-bench-api") / str(args.rows)
    build(root, args.rows)
    mode = args.mode
    if mode == "auto":
        try:
            from rumeur.server import create_app  # noqa: F401

            mode = "http"
        except ImportError:
            mode = "workspace"
    load = os.getloadavg()
    shown = mode
    if mode == "http":
        from rumeur.server.projects import default_query_threads

        threads = args.query_threads or default_query_threads()
        shown = f"http (rumeur serve, {threads} DuckDB thread(s) a query)"
    elif args.query_threads:
        shown = f"{mode} ({args.query_threads} DuckDB thread(s) a query)"
    print(f"{args.rows:,} mentions, {args.users} users, think {args.think} s, "
          f"{args.duration:.0f} s per scenario, mode {shown}; load average at start "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")  # fmt: skip
    results: dict[str, Any] = {}
    if mode == "http":
        from api_http import ROUTES, http_caller, serve, server_cpu

        with serve(root, args.query_threads) as base:
            http = [s for s in chosen if ROUTES[s][0] is not None]
            results.update({f"HTTP {k}": v for k, v in _run_all(
                lambda: http_caller(base), args, http, server_cpu).items()})  # fmt: skip
    if mode == "workspace" or args.in_process:
        # in-process (no HTTP): the same Workspace calls from one thread per user (the
        # server's store is closed by now)
        results.update({f"Workspace {k}": v for k, v in _run_all(
            lambda: workspace_call(root, args.query_threads), args, chosen,
            time.process_time).items()})  # fmt: skip
    base_times = baseline(root / "rumeur.duckdb")
    print(f"\n{'call':34s} {'n':>6s} {'err':>4s} {'p50 ms':>9s} {'p95 ms':>9s} {'p99 ms':>9s}"
          f" {'cpu ms':>7s} {'p95 / count(*)':>15s}")  # fmt: skip
    count_p95 = percentiles(base_times["duckdb count(*)"])[1]
    rows = {**results, **{k: (v, 0, float("nan")) for k, v in base_times.items()}}
    for name, (times, errors, cpu_ms) in rows.items():
        p50, p95, p99 = percentiles(times)
        flag = "" if name.startswith("duckdb") else ("  ok" if p95 <= TARGET_MS else "  SLOW")
        print(f"{name:34s} {len(times):6d} {errors:4d} {p50:9.1f} {p95:9.1f} {p99:9.1f} "
              f"{cpu_ms:7.1f} {p95 / count_p95:15.0f}{flag}")  # fmt: skip
    load = os.getloadavg()
    print(f"\ntarget p95 <= {TARGET_MS:.0f} ms; load average at the end {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    return 0


SCENARIOS = ("overview", "overview other periods", "explorer", "explorer filter",
             "explorer search")  # fmt: skip


def _run_all(
    make_caller: Callable[[], Any],
    args: argparse.Namespace,
    scenarios: tuple[str, ...] | list[str],
    cpu: Callable[[], float],
) -> dict[str, Any]:
    """Each scenario in turn: (call times, errors, CPU ms per call)."""
    out = {}
    for scenario in scenarios:
        warm: list[float] = []
        times, errors, per_call = run_scenario(scenario, make_caller, args.users,
                                               args.duration, args.think, warm, cpu)  # fmt: skip
        out[scenario] = (times, errors, per_call)
        p50, p95, _ = percentiles(times)
        print(f"  {scenario}: warm-up {len(warm)} calls (slowest {max(warm):.0f} ms); "
              f"{len(times)} calls, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"{per_call:.1f} ms CPU a call", flush=True)  # fmt: skip
    return out


if __name__ == "__main__":
    raise SystemExit(main())
