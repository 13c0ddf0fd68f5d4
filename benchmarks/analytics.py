"""Dashboard queries on a 10,000,000-mention DuckDB store: p95 per query vs a plain count(*).

    python benchmarks/analytics.py [--rows 10000000] [--path .bench/analytics.duckdb] [--rebuild]

Builds (once; reused afterwards) a store of synthetic mentions generated in SQL over 90
days (5 brands, 8 platforms, 400,000 authors, views on 40 %, replies on 20 %) with one
sentiment enrichment per mention, then times, for one brand over the 90 days:
the dashboard set of :data:`rumeur.analytics.rollup.DASHBOARD` on the pre-aggregated
tables, the same KPIs straight from ``mentions`` + ``enrichments`` (to show why the
rollups exist), and the spike detector on the hourly series. Each query runs 20 times;
we print p50/p95 in ms and the ratio of each p95 to that of a plain ``count(*)`` over the
same table in the same run (DuckDB answers it from metadata, so the ratios are large; a
full scan of one column, ``sum(likes)``, is printed as a second yardstick).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from rumeur.analytics import rollup
from rumeur.analytics.spikes import SpikeSettings, detect
from rumeur.query import SENTIMENT_SQL
from rumeur.storage.duckdb import DuckDBStore

END = datetime(2025, 10, 31, tzinfo=UTC)
START = END - timedelta(days=90)


def build(path: Path, rows: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    with DuckDBStore(path) as st:
        t = time.perf_counter()
        st.execute(f"""
            INSERT INTO mentions (mention_id, dedupe_key, platform, external_id, author_id,
                author_followers, is_own_account, text, created_at, likes, shares, replies,
                views, reply_to, brands, unmatched)
            SELECT 'm' || i, 'k' || i,
                   ['twitter','facebook','instagram','tiktok','youtube','reviews','news',
                    'forum'][1 + (hash(i) % 8)::INT],
                   'x' || i, 'a' || (hash(i * 7) % 400000), (hash(i * 13) % 50000)::BIGINT,
                   false, 'texte ' || (i % 997),
                   TIMESTAMPTZ '{START.isoformat()}' + to_microseconds(
                       (i * (90 * 86400000000 // {rows}))::BIGINT),
                   (hash(i * 3) % 50)::BIGINT, (hash(i * 5) % 10)::BIGINT, 0,
                   CASE WHEN hash(i * 11) % 10 < 4 THEN (hash(i * 17) % 100000)::BIGINT END,
                   CASE WHEN hash(i * 19) % 10 < 2 THEN 'x' || (i - 1 - hash(i) % 50) END,
                   [['volta','nexa','cerise','orbit','lumen'][1 + (hash(i * 23) % 5)::INT]],
                   false
            FROM range({rows}) r(i)
        """)  # fmt: skip
        st.execute(f"""
            INSERT INTO enrichments
            SELECT 'm' || i, 'sentiment-fast', '1',
                   ['negative','neutral','positive'][1 + (hash(i * 29) % 3)::INT], 0.8, NULL,
                   TIMESTAMPTZ '{END.isoformat()}'
            FROM range({rows}) r(i)
        """)  # fmt: skip
        print(f"built {rows:,} mentions + {rows:,} enrichments in "
              f"{time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip
        t = time.perf_counter()
        counts = rollup.refresh(st)
        print(f"rollups {counts} in {time.perf_counter() - t:.1f} s", flush=True)


def timeit(fn, n: int = 20) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    return statistics.median(times), times[min(n - 1, round(0.95 * (n - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--path", type=Path, default=Path(".bench/analytics.duckdb"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--refresh", action="store_true", help="rebuild the rollups only")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args(argv)
    if args.rebuild or not args.path.exists():
        build(args.path, args.rows)
    elif args.refresh:
        with DuckDBStore(args.path) as w:
            t = time.perf_counter()
            print(f"rollups {rollup.refresh(w)} in {time.perf_counter() - t:.1f} s", flush=True)
    st = DuckDBStore(args.path, read_only=True)
    n = st.scalar("SELECT count(*) FROM mentions")
    brand, since, until = "volta", START, END + timedelta(days=1)  # the last 90 days
    # the baseline: a plain count(*) (answered from metadata: very fast); a full scan of
    # one column (sum(likes) over 10M rows) is printed too, as a second yardstick
    base50, base95 = timeit(lambda: st.scalar("SELECT count(*) FROM mentions"), args.runs)
    scan50, scan95 = timeit(lambda: st.scalar("SELECT sum(likes) FROM mentions"), args.runs)
    threads = st.scalar("SELECT current_setting('threads')")
    print(f"store: {n:,} mentions; DuckDB threads: {threads}")
    print(f"{'query':<28}{'p50 ms':>9}{'p95 ms':>9}{'p95 / count(*)':>16}  target p95 <= 250 ms")
    print(f"{'count(*) (baseline)':<28}{base50:9.1f}{base95:9.1f}{1:16.1f}")
    print(f"{'sum(likes), full scan':<28}{scan50:9.1f}{scan95:9.1f}{scan95 / base95:16.1f}")
    worst = 0.0
    for name, sql in rollup.DASHBOARD.items():
        ps = rollup.params(name, brand, since, until)
        p50, p95 = timeit(lambda sql=sql, ps=ps: st.query(sql, ps), args.runs)
        worst = max(worst, p95)
        print(f"{name:<28}{p50:9.1f}{p95:9.1f}{p95 / base95:16.1f}  "
              f"{'ok' if p95 <= 250 else 'MISSED'}")  # fmt: skip

    def spike_scan() -> None:
        rows = st.query(rollup.DASHBOARD["spike_scan"], [brand, since, until])
        idx = {r["hour"]: r for r in rows}
        times = [since + timedelta(hours=h) for h in range(90 * 24)]
        series = {k: np.array([float((idx.get(t) or {}).get(c) or 0) for t in times])
                  for k, c in (("volume", "n"), ("negative", "neg"),
                               ("negative_reach", "neg_reach"))}  # fmt: skip
        detect(series, times, brand, SpikeSettings())

    p50, p95 = timeit(spike_scan, args.runs)
    worst = max(worst, p95)
    print(f"{'spike scan + detector':<28}{p50:9.1f}{p95:9.1f}{p95 / base95:16.1f}  "
          f"{'ok' if p95 <= 250 else 'MISSED'}")  # fmt: skip
    raw = f"""
        SELECT count(*) AS n, sum(CASE WHEN s.sentiment = 'negative' THEN 1 ELSE 0 END) AS neg,
               count(DISTINCT m.author_id) AS authors
        FROM mentions m LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
        WHERE list_contains(m.brands, ?) AND m.created_at >= ? AND m.created_at < ?"""
    p50, p95 = timeit(lambda: st.query(raw, [brand, since, until]), max(3, args.runs // 5))
    print(f"{'kpis without rollups (ref.)':<28}{p50:9.1f}{p95:9.1f}{p95 / base95:16.1f}")
    print(f"worst dashboard p95: {worst:.1f} ms -> {'PASS' if worst <= 250 else 'FAIL'}")
    return 0 if worst <= 250 else 1


if __name__ == "__main__":
    sys.exit(main())
