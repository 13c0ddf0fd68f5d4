"""The dashboard's API under load: p50/p95/p99 of the overview and explorer calls at 20
concurrent users on a 10M-mention store, beside a bare DuckDB ``count(*)``.

    python benchmarks/api.py [--rows 10000000] [--users 20] [--duration 20] [--think 0.5]
                             [--mode auto|http|workspace]

The store (benchmarks/api_store.py: fictional brands, French texts, a year of mentions,
heavy-tailed reach) is built once under /tmp/rumeur-bench-api/ROWS and reused.

Scenarios, each run for ``--duration`` seconds by ``--users`` simulated users (each
sends a request, waits for the answer, then ``--think`` seconds, again); every request
draws its parameters (brand, platform, period, search words) so that no answer is a
repeat of the one before:

- ``overview``: a brand's (or all brands') headline figures, intervals, trend and daily
  series over 7, 30 or 90 days (``Workspace.overview``, from the rollups);
- ``explorer``: the first page (50 mentions, newest first);
- ``explorer filter``: the first page for a brand and a platform;
- ``explorer search``: a search of one or two words (BM25, with the number of matches).

``--mode http`` starts the real server (``rumeur serve``'s app under uvicorn, on
127.0.0.1) and drives it with httpx; ``--mode workspace`` calls the same Workspace
methods in-process from one thread per user (what the endpoints do, without HTTP);
``auto`` takes http when the server is installed. The baseline, in the same run: a bare
DuckDB connection's ``SELECT count(*) FROM mentions`` on the same file (answered from
metadata) and a one-column scan (``sum(likes)``), timed the same way.
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from api_store import BRANDS, build  # noqa: E402

PLATFORMS = ("twitter", "facebook", "instagram", "forum", "reviews", "news", "youtube")
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
    if scenario == "overview":
        brand = rng.choice([None, *(b.id for b in BRANDS)])
        return {"brand": brand, "days": rng.choice((7, 30, 90))}
    if scenario == "explorer":
        return {"limit": 50}
    if scenario == "explorer filter":
        return {"brand": rng.choice([b.id for b in BRANDS]), "platform": rng.choice(PLATFORMS),
                "limit": 50}  # fmt: skip
    return {"q": rng.choice(SEARCHES), "limit": 50}


def workspace_call(root: Path) -> Callable[[str, dict[str, Any]], Any]:
    """One thread's caller: its own Workspace (read-only store handle)."""
    from rumeur.workspace import Workspace

    ws = Workspace.open(root)

    def call(scenario: str, p: dict[str, Any]) -> Any:
        if scenario == "overview":
            return ws.overview(brand=p["brand"], days=p["days"]).to_dict()
        if scenario == "explorer search":
            return ws.search_mentions(p["q"], limit=p["limit"]).to_dict()
        flt = ws.mention_filter(brand=p.get("brand"), platform=p.get("platform"),
                                limit=p["limit"])  # fmt: skip
        return ws.mentions(flt)

    return call


def run_scenario(
    scenario: str,
    make_caller: Callable[[], Callable[[str, dict[str, Any]], Any]],
    users: int,
    duration: float,
    think: float,
) -> tuple[list[float], int]:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def user(seed: int) -> None:
        rng = random.Random(seed)
        call = make_caller()
        while time.monotonic() < stop:
            params = draw(rng, scenario)
            t = time.perf_counter()
            try:
                call(scenario, params)
                ok = True
            except Exception as exc:  # counted and shown: a benchmark must not hide them
                ok = False
                print(f"  error in {scenario}: {exc!r}"[:300], file=sys.stderr)
            ms = 1000 * (time.perf_counter() - t)
            with lock:
                if ok:
                    times.append(ms)
                else:
                    errors[0] += 1
            time.sleep(think * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, errors[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--path", type=Path, default=None, help="project folder of the store")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    ap.add_argument("--think", type=float, default=0.5, help="seconds between a user's calls")
    ap.add_argument("--mode", choices=("auto", "http", "workspace"), default="auto")
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
    print(f"{args.rows:,} mentions, {args.users} users, think {args.think} s, "
          f"{args.duration:.0f} s per scenario, mode {mode}; load average at start "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")  # fmt: skip
    results: dict[str, Any] = {}
    if mode == "http":
        from api_http import ROUTES, http_caller, serve

        with serve(root) as base:
            http = [s for s in chosen if ROUTES[s][0] is not None]
            results.update({f"HTTP {k}": v for k, v in
                            _run_all(lambda: http_caller(base), args, http).items()})  # fmt: skip
    # in-process (no HTTP): every scenario, the overview included when the API has no
    # route for it (the server's store is closed by now)
    results.update({f"Workspace {k}": v for k, v in
                    _run_all(lambda: workspace_call(root), args, chosen).items()})  # fmt: skip
    base_times = baseline(root / "rumeur.duckdb")
    print(f"\n{'call':34s} {'n':>6s} {'err':>4s} {'p50 ms':>9s} {'p95 ms':>9s} {'p99 ms':>9s}"
          f" {'p95 / count(*)':>15s}")  # fmt: skip
    count_p95 = percentiles(base_times["duckdb count(*)"])[1]
    for name, (times, errors) in {**results, **{k: (v, 0) for k, v in base_times.items()}}.items():
        p50, p95, p99 = percentiles(times)
        flag = "" if name.startswith("duckdb") else ("  ok" if p95 <= TARGET_MS else "  SLOW")
        print(f"{name:34s} {len(times):6d} {errors:4d} {p50:9.1f} {p95:9.1f} {p99:9.1f} "
              f"{p95 / count_p95:15.0f}{flag}")  # fmt: skip
    load = os.getloadavg()
    print(f"\ntarget p95 <= {TARGET_MS:.0f} ms; load average at the end {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    return 0


SCENARIOS = ("overview", "explorer", "explorer filter", "explorer search")


def _run_all(
    make_caller: Callable[[], Any], args: argparse.Namespace, scenarios: tuple[str, ...] | list[str]
) -> dict[str, Any]:
    out = {}
    for scenario in scenarios:
        times, errors = run_scenario(scenario, make_caller, args.users, args.duration,
                                     args.think)  # fmt: skip
        out[scenario] = (times, errors)
        p50, p95, _ = percentiles(times)
        print(f"  {scenario}: {len(times)} calls, p50 {p50:.1f} ms, p95 {p95:.1f} ms",
              flush=True)  # fmt: skip
    return out


if __name__ == "__main__":
    raise SystemExit(main())
