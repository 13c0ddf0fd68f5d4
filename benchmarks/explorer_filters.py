"""CPU of the explorer's filtered pages in-process, filter by filter.

    python benchmarks/explorer_filters.py --path /tmp/rumeur-bench-api/10000000 [--calls 60]

On a store built by ``benchmarks/api_store.py``, ``--calls`` pages of ``benchmarks/api.py``'s
``explorer filter`` scenario (the same draws: brand + platform, brand + sentiment, a
sentiment, a platform; pages 1 to 3; 51 rows, as the API asks for one more than it shows)
are read through ``Workspace.mentions`` after 10 calls of warm-up, one thread. Prints the
mean CPU ms of each kind of filter and page, and of all, beside the same run's baseline:
a bare one-column scan of the store's mentions (``sum(likes)``), timed the same way, which
says how fast the machine was. Run it on two checkouts to compare code (each prints its
own baseline).
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from api import draw


def main(argv: list[str] | None = None) -> int:
    from rumeur.workspace import Workspace

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, required=True, help="the project folder")
    ap.add_argument("--calls", type=int, default=60)
    args = ap.parse_args(argv)
    ws = Workspace.open(args.path)
    rng = random.Random(1)
    calls = [draw(rng, "explorer filter") for _ in range(args.calls)]

    def page(p: dict[str, object]) -> list[dict[str, object]]:
        flt = ws.mention_filter(brand=p.get("brand"), platform=p.get("platform"),
                                sentiment=p.get("sentiment"), limit=51,
                                offset=p["offset"])  # fmt: skip
        return ws.mentions(flt)

    for p in calls[:10]:
        page(p)
    by: dict[str, list[float]] = collections.defaultdict(list)
    for p in calls:
        t = time.process_time()
        page(p)
        kind = " + ".join(k for k in ("brand", "platform", "sentiment") if k in p)
        by[f"{kind}, offset {p['offset']}"].append(1000 * (time.process_time() - t))
    store = ws.reader()
    scans = []
    for _ in range(10):
        t = time.process_time()
        store.scalar("SELECT sum(likes) FROM mentions")
        scans.append(1000 * (time.process_time() - t))
    print(f"{'filter, page':34s} {'calls':>5s} {'cpu ms':>7s}")
    for kind, ms in sorted(by.items()):
        print(f"{kind:34s} {len(ms):5d} {statistics.fmean(ms):7.1f}")
    every = [m for ms in by.values() for m in ms]
    print(f"{'all':34s} {len(every):5d} {statistics.fmean(every):7.1f}")
    print(f"baseline: one-column scan (sum(likes)) p50 {statistics.median(scans):.1f} ms of CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
