"""Import speed: Rumeur's CSV import vs DuckDB's own read_csv, on the same file.

Generates a CSV of N rows (default 1,000,000) shaped like a social-listening export,
then times, each in a fresh subprocess (so peak memory is measured per step):

- baseline: ``CREATE TABLE t AS SELECT * FROM read_csv(file)`` into a new DuckDB file;
- rumeur: ``Ingestor.import_file`` into a new store, with brand matching (3 brands) and
  dedupe on, raw rows kept, quarantine checks on.

Prints rows/s for both, the ratio (target >= 0.50) and each step's peak RSS (target for
rumeur < 1.5 GB).

    python benchmarks/import_csv.py [--rows 1000000] [--dir .bench] [--profile]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATE = """
COPY (
  SELECT 'tw' || i AS id,
         (['twitter','facebook','instagram','forum','news'])[1 + i % 5] AS platform,
         'user' || (i * 7919 % 200000) AS author,
         (i * 31 % 50000) AS followers,
         strftime(TIMESTAMP '2025-08-01' + INTERVAL (i % 7776000) SECOND,
                  '%Y-%m-%dT%H:%M:%S+02:00') AS created_at,
         (['Le réseau de Volta Mobile est en panne depuis ce matin, ',
           'Franchement Nexa Télécom a un service client au top ',
           'Rien à voir : une promenade au bord de la mer ',
           'Ondine et Volta, même combat pour la fibre ',
           '@nexa_sav toujours pas de réponse à mon ticket '])[1 + i % 5]
           || 'message numéro ' || i || ' #test' AS text,
         (i % 100) AS likes, (i % 13) AS shares, (i % 7) AS replies
  FROM range({rows}) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""

BASELINE = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[2])
t0 = time.perf_counter()
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{sys.argv[1]}')")
print(time.perf_counter() - t0)
"""

RUMEUR = """
import sys, time
from pathlib import Path
from rumeur import config
from rumeur.config import Brand
from rumeur.ingest import Ingestor
from rumeur.storage.duckdb import DuckDBStore
brands = (
    Brand(id="volta", name="Volta Mobile", aliases=("Volta",), handles=("volta_sav",)),
    Brand(id="nexa", name="Nexa Télécom", aliases=("Nexa",), handles=("nexa_sav",),
          competitor=True),
    Brand(id="ondine", name="Ondine", exclude=("ondine des mers",), competitor=True),
)
proj = config.Project(root=Path(sys.argv[2]).parent, name="bench", brands=brands,
                      store=sys.argv[2])
store = DuckDBStore(sys.argv[2])
if len(sys.argv) > 3:  # --profile: seconds of each statement over 50 ms, on stderr
    for name in ("execute", "query", "scalar"):
        def timed(sql, params=None, _f=getattr(store, name)):
            t = time.perf_counter()
            out = _f(sql, params)
            if (d := time.perf_counter() - t) > 0.05:
                print(f"{d:6.2f} s  {' '.join(sql.split())[:90]}", file=sys.stderr)
            return out
        setattr(store, name, timed)
t0 = time.perf_counter()
res = Ingestor(store, proj).import_file(Path(sys.argv[1]))
print(time.perf_counter() - t0)
print(res.imported, res.duplicates, res.quarantined, file=sys.stderr)
"""


def _run(code: str, csv_path: Path, db: Path, profile: bool = False) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB, CPU seconds) of one step in a fresh interpreter."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_maxrss
    cpu_before = usage.ru_utime + usage.ru_stime
    out = subprocess.run(
        [sys.executable, "-c", code, str(csv_path), str(db), *(["profile"] if profile else [])],
        check=True,
        capture_output=True,
        text=True,
    )
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    lines = out.stderr.strip().splitlines()
    for line in lines if profile else lines[-1:]:
        print("   ", line)
    seconds = float(out.stdout.strip().splitlines()[-1])
    return seconds, max(usage.ru_maxrss, before) / 1024, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument(
        "--profile", action="store_true", help="also print Rumeur's statements over 50 ms"
    )
    args = ap.parse_args()
    import duckdb

    work = args.dir or Path(tempfile.mkdtemp(prefix="rumeur-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / f"mentions_{args.rows}.csv"
    if not csv_path.exists():
        duckdb.connect().execute(GENERATE.format(rows=args.rows, path=csv_path))
    size = csv_path.stat().st_size / 1e6
    print(f"file: {csv_path} ({args.rows:,} rows, {size:.0f} MB)")
    results = {}
    for name, code in (("duckdb read_csv", BASELINE), ("rumeur import", RUMEUR)):
        db = work / f"{name.split()[0]}.duckdb"
        for p in (db, db.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        t0 = time.perf_counter()
        secs, peak, cpu = _run(code, csv_path, db, args.profile and code is RUMEUR)
        results[name] = {
            "seconds": secs,
            "rows_per_s": args.rows / secs,
            "peak_rss_mb": peak,
            "cpu_s": cpu,
            "wall_s": time.perf_counter() - t0,
        }
        print(
            f"{name:16s} {secs:7.2f} s  {args.rows / secs:12,.0f} rows/s  "
            f"peak RSS {peak:6.0f} MB  CPU {cpu:6.2f} s (whole process)"
        )
    rumeur, duck = results["rumeur import"], results["duckdb read_csv"]
    ratio = rumeur["rows_per_s"] / duck["rows_per_s"]
    cpu_ratio = duck["cpu_s"] / rumeur["cpu_s"]
    print(
        f"ratio rumeur/duckdb: {ratio:.2f} (target >= 0.50); "
        f"rumeur peak RSS {rumeur['peak_rss_mb']:.0f} MB (target < 1500)"
    )
    print(
        f"CPU-time ratio duckdb/rumeur: {cpu_ratio:.2f} (less sensitive to other jobs on "
        "the machine than wall time; includes interpreter start-up)"
    )
    print(json.dumps({"rows": args.rows, "ratio": round(ratio, 3),
                      "cpu_ratio": round(cpu_ratio, 3), **results}))  # fmt: skip


if __name__ == "__main__":
    main()
