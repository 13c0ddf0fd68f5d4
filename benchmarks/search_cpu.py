"""CPU of a search in-process, with the search engine beside the store and without it.

    python benchmarks/search_cpu.py --path /tmp/rumeur-bench-api/10000000 [--rounds 5]

On a store built by ``benchmarks/api_store.py`` (its engine built by a refresh), each of
``benchmarks/api.py``'s searches (50 hits, by relevance) is run ``--rounds`` times
through ``Workspace.search_mentions``, first answered by the engine, then by DuckDB's
index alone (the baseline, same run, same process: the engine turned off on the
connection, as ``[search] engine_min_mentions = 0`` does). Prints the median CPU ms of
each search and the mean of the medians; the counts of both must agree.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from api import SEARCHES


def main(argv: list[str] | None = None) -> int:
    from rumeur.workspace import Workspace

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, required=True, help="the project folder")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    ws = Workspace.open(args.path)
    store = ws.reader()
    results: dict[str, dict[str, tuple[float, int]]] = {}
    for label, threshold in (("engine", store.search_engine_min_docs), ("duckdb", 0)):
        store.search_engine_min_docs = threshold  # type: ignore[attr-defined]
        for q in SEARCHES:  # warm: terms, caches, files mapped
            ws.search_mentions(q, limit=50)
        for q in SEARCHES:
            times = []
            for _ in range(args.rounds):
                t = time.process_time()
                total = ws.search_mentions(q, limit=50).total
                times.append((time.process_time() - t) * 1000)
            results.setdefault(q, {})[label] = (statistics.median(times), total)
    print(f"{'search':18s} {'engine ms':>10s} {'duckdb ms':>10s} {'matches':>10s}")
    for q, r in results.items():
        agree = "" if r["engine"][1] == r["duckdb"][1] else "  COUNTS DIFFER"
        print(f"{q:18s} {r['engine'][0]:10.1f} {r['duckdb'][0]:10.1f} {r['engine'][1]:10,}{agree}")
    for label in ("engine", "duckdb"):
        mean = statistics.mean(r[label][0] for r in results.values())
        print(f"mean CPU ms of a search, {label}: {mean:.1f}")
    return 0 if all(r["engine"][1] == r["duckdb"][1] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
