"""What privacy costs: imports with the privacy steps on, and one erasure, against a plain
import of the same file measured in the same run (these machines are noisy: read the
ratios).

Generates a CSV of N rows (default 200,000; ~40,000 authors, a fifth of the texts with an
@handle, some with a phone number or an e-mail), then times on fresh stores:

- plain import (the baseline);
- import into a store that remembers one erased person (every author hashed, every
  @handle checked);
- import with ``pseudonymise_authors = true``;
- import with ``redact_text = true``;
- ``erase_author`` of one author (5 mentions) in the plain store of N rows, including the
  compaction of the database file.

    python benchmarks/privacy.py [--rows 200000] [--dir .bench]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from rumeur import config
from rumeur.config import Brand
from rumeur.ingest import Ingestor
from rumeur.privacy import erase_author
from rumeur.storage.duckdb import DuckDBStore

GENERATE = """
COPY (
  SELECT 'tw' || i AS id, 'twitter' AS platform,
         'user' || (i * 7919 % {authors}) AS author,
         strftime(TIMESTAMP '2025-08-01' + INTERVAL (i % 7776000) SECOND,
                  '%Y-%m-%dT%H:%M:%S+02:00') AS created_at,
         (['Le réseau de Volta Mobile est en panne depuis ce matin, ',
           'Franchement Nexa Télécom a un service client au top ',
           'Volta rappelez-moi au 06 12 34 56 78 svp ',
           'Écrivez-moi à client' || i || '@exemple.fr, Volta ',
           '@user' || (i % 97) || ' toujours pas de réponse de Volta '])[1 + i % 5]
           || 'message numéro ' || i AS text
  FROM range({rows}) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""

BRANDS = (
    Brand(id="volta", name="Volta Mobile", aliases=("Volta",), handles=("volta_sav",)),
    Brand(id="nexa", name="Nexa Télécom", aliases=("Nexa",), competitor=True),
)


def _project(root: Path, privacy: str) -> config.Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "rumeur.toml").write_text(
        config.template(name="bench", brands=BRANDS) + privacy, encoding="utf-8"
    )
    return config.load(root)


def _import(root: Path, csv: Path, privacy: str = "", erased: str | None = None) -> float:
    project = _project(root, privacy)
    with DuckDBStore(project.store_path) as store:
        if erased:  # a person erased before this file arrives
            erase_author(store, project, erased, compact=False)
        t0 = time.perf_counter()
        Ingestor(store, project).import_file(csv)
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--dir", type=Path, default=None)
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="rumeur-bench-privacy-"))
    work.mkdir(parents=True, exist_ok=True)
    csv = work / f"privacy_{args.rows}.csv"
    authors = max(args.rows // 5, 1)
    if not csv.exists():
        duckdb.connect().execute(GENERATE.format(rows=args.rows, authors=authors, path=csv))
    print(f"file: {csv} ({args.rows:,} rows, {authors:,} authors)")
    base = _import(work / "plain", csv)
    print(f"plain import                 {base:7.2f} s  (baseline)")
    for label, privacy, erased in (
        ("import, one person erased", "", "user_inconnu"),
        ("import, pseudonymise_authors", "\n[privacy]\npseudonymise_authors = true\n", None),
        ("import, redact_text", "\n[privacy]\nredact_text = true\n", None),
    ):
        secs = _import(work / label.split(", ")[1].split()[0], csv, privacy, erased)
        print(f"{label:28s} {secs:7.2f} s  {secs / base:5.2f}x the plain import")
    project = config.load(work / "plain")
    with DuckDBStore(project.store_path) as store:
        n = store.scalar("SELECT count(*) FROM mentions WHERE author_handle = 'user7919'")
        t0 = time.perf_counter()
        done = erase_author(store, project, "user7919")
        secs = time.perf_counter() - t0
    print(
        f"erase one author ({n} mentions, compaction included) {secs:7.2f} s  "
        f"{secs / base:5.2f}x the plain import; counts {dict(done.counts)}"
    )


if __name__ == "__main__":
    main()
