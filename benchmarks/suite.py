"""Time the fast test suite (``-m "not slow"``): wall time, CPU time and the load average.

    python benchmarks/suite.py                 # as CONTRIBUTING.md runs it (2 workers)
    python benchmarks/suite.py --workers 0     # in one process, as before
    python benchmarks/suite.py --compare       # both, one after the other (~5 min quiet)

The target (issue 12): the fast suite under 150 s on this 2-core machine, quiet. Prints
for each run the wall time, the CPU time of pytest and every process it started (user +
system, from the OS: it does not swell with other jobs' load the way wall time does),
their ratio, and the load average before and after: a wall time taken while other jobs
run is not a measurement of the suite, its CPU time nearly is.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(workers: int, extra: list[str]) -> dict[str, float | str]:
    cmd = [sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider"]
    cmd += ["-n", str(workers)] if workers else ["-p", "no:xdist"]
    cmd += extra
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = os.getloadavg()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-300:]
    summary = re.sub(r"\s+in [\d.]+s.*$", "", tail)
    return {"workers": workers, "wall": wall, "cpu": cpu, "load0": load0, "load1": load1,
            "summary": summary, "rc": out.returncode}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (0: none)")
    ap.add_argument("--compare", action="store_true", help="time 0 and --workers workers")
    args, extra = ap.parse_known_args(argv)
    plan = [0, args.workers] if args.compare else [args.workers]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; target: wall < 150 s quiet")
    rc = 0
    for workers in plan:
        r = run(workers, extra)
        l0 = " ".join(f"{x:.2f}" for x in r["load0"])  # type: ignore[union-attr]
        l1 = " ".join(f"{x:.2f}" for x in r["load1"])  # type: ignore[union-attr]
        print(f"workers={workers}: wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s "
              f"(CPU/wall {r['cpu'] / r['wall']:.2f}); load average before {l0}, "
              f"after {l1}; {r['summary']}", flush=True)  # type: ignore[operator]  # fmt: skip
        rc = rc or int(r["rc"])  # type: ignore[call-overload]
    return rc


if __name__ == "__main__":
    sys.exit(main())
