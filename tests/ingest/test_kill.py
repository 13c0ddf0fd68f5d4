"""A ``kill -9`` in the middle of an import, then the same command again, ends in exactly
the state of one clean import. Real processes, real signals, a real DuckDB file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from rumeur import config
from tests.conftest import BRANDS

#: end to end and long: still run by scripts/test.sh and CI (pytest -m "not slow" skips it)
pytestmark = pytest.mark.slow

ROWS = 400_000


def _make_csv(path: Path) -> None:
    duckdb.connect().execute(f"""
        COPY (SELECT 'id' || i AS id, 'user' || (i % 5000) AS author,
                     strftime(TIMESTAMP '2025-08-01' + INTERVAL (i % 7000000) SECOND,
                              '%Y-%m-%d %H:%M:%S') AS date,
                     CASE WHEN i % 4 = 3 THEN ''  -- a quarter without text: quarantined
                          ELSE (['Volta Mobile en panne encore ', 'Nexa Télécom au top ',
                                 'rien à voir '])[1 + i % 4] || 'message ' || i END AS texte
              FROM range({ROWS}) t(i)) TO '{path}' (HEADER, DELIMITER ';')
    """)


def _state(db: Path) -> dict[str, object]:
    if not db.exists():  # killed before the store was even created: nothing stored
        return {"mentions": (0, None, None), "done": (0,)}
    con = duckdb.connect(str(db), read_only=True)
    out = {
        "mentions": con.execute(
            "SELECT count(*), sum(hash(mention_id)), sum(hash(brands)) FROM mentions"
        ).fetchone(),
        "quarantine": con.execute(
            "SELECT count(*), sum(hash(quarantine_id)) FROM quarantine"
        ).fetchone(),
        "raw_files": con.execute(
            "SELECT count(*), count(DISTINCT file_sha256) FROM raw_files"
        ).fetchone(),
        "done": con.execute("SELECT count(*) FROM imports WHERE status = 'done'").fetchone(),
        # what the finished runs imported in all: a run again of a file already imported
        # (after a kill that landed past the commit) is recorded, and imports nothing
        "imported": con.execute(
            "SELECT coalesce(sum(n_imported), 0) FROM imports WHERE status = 'done'"
        ).fetchone(),
        "search": con.execute(
            "SELECT (SELECT count(*) FROM search_docs), (SELECT count(*) FROM search_terms)"
        ).fetchone()
        if con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'search_docs'"
        ).fetchone()[0]
        else None,
    }
    con.close()
    return out


def _evidence(folder: Path, fraction: float) -> str:
    """What the store holds after a kill that left mentions without a finished import
    (seen once under load, not understood): its import runs and files, for the report."""
    files = {f.name: f.stat().st_size for f in folder.glob("rumeur.duckdb*") if f.is_file()}
    con = duckdb.connect(str(folder / "rumeur.duckdb"), read_only=True)
    runs = con.execute("SELECT status, n_imported, started_at, finished_at FROM imports").fetchall()
    con.close()
    return f"killed at {fraction:.2f} of a clean import; files {files}; import runs {runs}"


def _import(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "rumeur", "import", "big.csv", "-p", str(folder)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_kill_9_mid_import_then_rerun_equals_one_clean_import(tmp_path: Path) -> None:
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    for folder in (clean, crashed):
        folder.mkdir()
        (folder / "rumeur.toml").write_text(config.template("t", BRANDS), encoding="utf-8")
    _make_csv(clean / "big.csv")
    shutil.copy(clean / "big.csv", crashed / "big.csv")

    t0 = time.monotonic()
    assert _import(clean).wait(timeout=300) == 0
    clean_seconds = time.monotonic() - t0
    clean_state = _state(clean / "rumeur.duckdb")
    assert clean_state["search"] and clean_state["search"][0] == ROWS * 3 // 4

    # kill it mid-way, twice; each kill must leave all or nothing. Timing depends on the
    # machine's load, so an attempt that finished before its kill is undone and retried
    # earlier.
    killed = 0
    for fraction in (0.5, 0.3, 0.2, 0.1, 0.05):
        proc = _import(crashed)
        time.sleep(clean_seconds * fraction)
        if proc.poll() is not None:
            for f in crashed.glob("rumeur.duckdb*"):
                f.unlink()
            continue
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed += 1
        state = _state(crashed / "rumeur.duckdb")
        if state["done"] == (0,):  # killed inside the import's transaction: nothing
            assert state["mentions"][0] == 0, _evidence(crashed, fraction)
        else:  # killed after its commit (while the search index was being brought up)
            committed = {k: v for k, v in state.items() if k not in ("search", "done")}
            assert committed == {
                k: v for k, v in clean_state.items() if k not in ("search", "done")
            }
        if killed == 2:
            break
    assert killed, "no import was still running when killed: make the file bigger"
    assert _import(crashed).wait(timeout=300) == 0

    # the same mentions, quarantine, raw files, imported count and search index as one
    # clean import; one more finished run per kill that came after the commit
    final = _state(crashed / "rumeur.duckdb")
    assert {k: v for k, v in final.items() if k != "done"} == {
        k: v for k, v in clean_state.items() if k != "done"
    }
    assert 1 <= final["done"][0] <= 1 + killed
    assert clean_state["mentions"][0] == ROWS * 3 // 4
    assert clean_state["quarantine"][0] == ROWS // 4
