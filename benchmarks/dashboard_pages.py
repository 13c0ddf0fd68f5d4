"""The dashboard's HTML pages on a 10M-mention store: the server time of each page (its
view-model read from the Workspace, then its template rendered: what the server does
for one user once logged in), one user, warm, beside a bare DuckDB ``count(*)``.

    python benchmarks/dashboard_pages.py [--rows 10000000] [--source auto|rows|both]
                                         [--pages overview,timeline,spike,...]
                                         [--since 2025-12-01] [--repeat 3] [--limit 120]
                                         [--reuse-copy]

The store is benchmarks/api_store.py's (built once under /tmp/rumeur-bench-api/ROWS and
reused). It is never written: it is copied (a few seconds, once) to
/tmp/rumeur-bench-pages/ROWS, and when the copy's rollups were built by a Rumeur that did
not stamp them, the copy is stamped (:func:`rumeur.analytics.rollup.stamp`: the rollups
were built by the same :func:`~rumeur.analytics.rollup.refresh` from the same rows, so
they are fresh). ``--reuse-copy`` measures the copy already there as it is, without
looking at the original (which api_store.py rebuilds, for minutes, when its search
index is not of the current layout: the pages do not read that index).

``--source rows`` reads every figure from the mentions, as the pages did before they read
the rollups (``Workspace.prefer_rollups = False``); ``auto`` lets the Workspace read the
rollups where they are fresh; ``both`` measures the two. Each page is measured in a child
process stopped after ``--limit`` seconds or when it holds more than ``--max-rss`` GB (the
row path loads every row into Python: at 10M mentions that is many gigabytes), and then
printed as ``> LIMIT``. The first call (cold: the file's pages, Python's imports) is
shown apart; ``wall ms`` is the median of the ``--repeat`` calls after it, ``cpu ms``
that of their CPU time (time.process_time).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

PAGES = ("overview", "timeline", "spike", "voice", "aspects", "motivations", "people")


def working_copy(source: Path, target: Path) -> Path:
    """``source`` (a project folder) copied to ``target`` unless already there with the
    same store size; its rollups stamped fresh when they carry no stamp."""
    src, mark = source / "rumeur.duckdb", target / ".copied-from"
    origin = f"{src.resolve()}|{src.stat().st_size}|{src.stat().st_mtime_ns}"
    if not mark.exists() or mark.read_text() != origin:
        if target.exists():
            shutil.rmtree(target)
        t = time.perf_counter()
        shutil.copytree(source, target)
        mark.write_text(origin)
        print(f"store copied to {target} in {time.perf_counter() - t:.1f} s", flush=True)
    from rumeur.analytics import rollup
    from rumeur.workspace import Workspace

    with Workspace.open(target) as ws:
        store = ws.reader()
        if rollup.stamped(store) is None:
            ws.close()
            store = ws.writer()
            rollup.stamp(store)
            print("the copy's rollups stamped (built by api_store.py's rollup.refresh)")
    return target


def _page(ws: Any, key: str, since: str, until: str) -> Any:
    from rumeur.server.dashboard.page import Filters, Page

    return Page(project_id="bench", ws=ws, lang="fr", user_name="bench", user_role="viewer",
                filters=Filters(since=since, until=until), current=key)  # fmt: skip


def child(root: Path, key: str, source: str, repeat: int, since: str, until: str) -> None:
    """Measure page ``key`` here; print one JSON line."""
    from rumeur.server.dashboard import views_core
    from rumeur.server.dashboard.pages import render_page
    from rumeur.workspace import Workspace

    ws = Workspace.open(root)
    ws.prefer_rollups = source != "rows"
    if source == "rows":  # the rows measured as they are read, past [analysis] max_rows
        from dataclasses import replace

        ws.project = replace(ws.project, max_rows=0)

    def once() -> tuple[float, float, int, str]:
        t, c = time.perf_counter(), time.process_time()
        page = _page(ws, "overview" if key == "spike" else key, since, until)
        if key == "spike":
            sid = spike_ids[0] if spike_ids else ""
            found = views_core.spike(page, sid)
            html = "" if found is None else str(found)
        else:
            html = render_page(page, key)
        return (1000 * (time.perf_counter() - t), 1000 * (time.process_time() - c), len(html),
                ws.dashboard_source(page.filters.scope(ws)))  # fmt: skip

    spike_ids: list[str] = []
    if key == "spike":  # the strongest spike of the period (found before the clock starts)
        page = _page(ws, "timeline", since, until)
        spikes = ws.dashboard_spikes(page.filters.scope(ws))
        spike_ids = [views_core.spike_id(max(spikes, key=lambda s: s.z))] if spikes else []
    if key == "spike" and not spike_ids:
        print(json.dumps({"page": key, "stopped": "no spike in the period"}), flush=True)
        return
    cold = once()
    runs = [once() for _ in range(repeat)]
    print(json.dumps({"page": key, "source": runs[-1][3], "cold": cold[0], "bytes": cold[2],
                      "wall": statistics.median(r[0] for r in runs),
                      "cpu": statistics.median(r[1] for r in runs)}), flush=True)  # fmt: skip


def _rss_gb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return 0.0


def measure(root: Path, key: str, source: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", key, "--source", source, "--work", str(root),
           "--repeat", str(args.repeat), "--since", args.since, "--until", args.until]  # fmt: skip
    t = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, why = 0.0, ""
    while proc.poll() is None:
        peak = max(peak, _rss_gb(proc.pid))
        if time.monotonic() - t > args.limit:
            why = f"> {args.limit:.0f} s"
        elif peak > args.max_rss:
            why = f"> {args.max_rss:.0f} GB after {time.monotonic() - t:.0f} s"
        if why:
            proc.kill()
            proc.wait()
            return {"page": key, "stopped": why, "peak_gb": peak}
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {"page": key, "stopped": "error: " + err.strip().splitlines()[-1][:200]}
    result = json.loads(out.strip().splitlines()[-1])
    return result if "stopped" in result else {**result, "peak_gb": peak}


def baseline(path: Path, n: int = 200) -> float:
    """Median ms of a bare DuckDB ``SELECT count(*) FROM mentions`` on the same file."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    con.execute("SELECT count(*) FROM mentions").fetchall()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        con.execute("SELECT count(*) FROM mentions").fetchall()
        times.append(1000 * (time.perf_counter() - t))
    con.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--path", type=Path, default=None, help="project folder of the store")
    ap.add_argument("--work", type=Path, default=None, help="where to copy it")
    ap.add_argument("--source", choices=("auto", "rows", "both"), default="both")
    ap.add_argument("--pages", default=",".join(PAGES), help=", ".join(PAGES))
    ap.add_argument("--since", default="", help="the pages' filter (project time zone)")
    ap.add_argument("--until", default="")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per page at most")
    ap.add_argument("--max-rss", type=float, default=8.0, help="GB per page at most")
    ap.add_argument(
        "--reuse-copy",
        action="store_true",
        help="measure the copy already made, without checking the original",
    )
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.work, args.child, args.source, args.repeat, args.since, args.until)
        return 0
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    if unknown := [p for p in pages if p not in PAGES]:
        ap.error(f"unknown page(s): {', '.join(unknown)}")
    from api_store import build

    source = args.path or Path("/tmp/rumeur-bench-api") / str(args.rows)
    work = args.work or Path("/tmp/rumeur-bench-pages") / str(args.rows)
    if args.reuse_copy and (work / ".copied-from").exists():
        root = work  # as copied before, whatever became of the original since
        print(f"store reused as it is: {root} (--reuse-copy)", flush=True)
    else:
        build(source, args.rows)
        root = working_copy(source, work)
    load = os.getloadavg()
    period = f"{args.since or '…'} – {args.until or '…'}" if args.since or args.until \
        else "whole store"  # fmt: skip
    print(f"{args.rows:,} mentions, pages over {period}, one user, {args.repeat} warm calls "
          f"per page; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on "
          f"{os.cpu_count()} CPUs", flush=True)  # fmt: skip
    count_ms = baseline(root / "rumeur.duckdb")
    sources = ("rows", "auto") if args.source == "both" else (args.source,)
    print(f"\n{'page':12s} {'asked':6s} {'read':9s} {'cold ms':>9s} {'wall ms':>9s} "
          f"{'cpu ms':>9s} {'/ count(*)':>11s} {'peak GB':>8s}")  # fmt: skip
    for key in pages:
        for src in sources:
            r = measure(root, key, src, args)
            if "stopped" in r:
                print(
                    f"{key:12s} {src:6s} {'':9s} {r['stopped']:>41s} {r['peak_gb']:8.1f}"
                    if "peak_gb" in r
                    else f"{key:12s} {src:6s} {r['stopped']}",
                    flush=True,
                )
                continue
            print(f"{key:12s} {src:6s} {r['source']:9s} {r['cold']:9.1f} {r['wall']:9.1f} "
                  f"{r['cpu']:9.1f} {r['wall'] / count_ms:11.0f} {r['peak_gb']:8.1f}",
                  flush=True)  # fmt: skip
    load = os.getloadavg()
    print(f"\nduckdb count(*) (bare connection, same file): {count_ms:.3f} ms median of 200; "
          f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
