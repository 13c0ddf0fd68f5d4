"""Start-up time of the CLI against the bare interpreter, measured in the same run.

    python benchmarks/startup.py                    # generates the demo store once
    python benchmarks/startup.py --demo rumeur-demo --runs 15

Prints, for each command, the median wall time of ``--runs`` runs (interleaved with the
baseline so that machine noise hits both) and its excess over ``python -c pass``:
targets ``rumeur --version`` and ``rumeur --help`` <= 0.3 s above the bare interpreter,
``rumeur mentions --limit 10`` on the demo store <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DEMO = Path(os.environ.get("TMPDIR", "/tmp")) / "rumeur-startup-demo"


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", type=Path, default=DEFAULT_DEMO, help="demo project folder")
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args(argv)
    py = sys.executable
    env = {**os.environ, "COLUMNS": "120"}
    if not (args.demo / "rumeur.duckdb").exists():
        print(f"generating the demo store in {args.demo} (once)…", flush=True)
        subprocess.run([py, "-m", "rumeur", "demo", str(args.demo), "--json"], check=True,
                       stdout=subprocess.DEVNULL, env=env)  # fmt: skip
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "rumeur --version": [py, "-m", "rumeur", "--version"],
        "rumeur --help": [py, "-m", "rumeur", "--help"],
        "rumeur mentions --limit 10": [
            py, "-m", "rumeur", "mentions", "--limit", "10", "-p", str(args.demo)
        ],
    }  # fmt: skip
    for cmd in commands.values():  # warm the file cache
        _time(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(_time(cmd, env))
    base = statistics.median(times["python -c pass"])
    targets = {"rumeur --version": 0.3, "rumeur --help": 0.3, "rumeur mentions --limit 10": 1.0}
    print(f"median of {args.runs} runs, interleaved ({py})")
    print(f"{'command':<30}{'median s':>10}{'above bare s':>14}  target")
    ok = True
    for name, values in times.items():
        med = statistics.median(values)
        above = med - base
        if name in targets:
            met = (above if "mentions" not in name else med) <= targets[name]
            ok &= met
            what = "above bare" if "mentions" not in name else "total"
            target = f"<= {targets[name]} s {what}: {'met' if met else 'MISSED'}"
        else:
            target = "(baseline)"
        print(f"{name:<30}{med:>10.3f}{above:>14.3f}  {target}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
