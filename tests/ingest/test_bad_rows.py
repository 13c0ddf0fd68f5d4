"""One bad row never loses a file; paths are literal.

Hand-edited exports: a quote never closed, a cell pasted in by mistake (megabytes),
a row with delimiters inside an unquoted text. The bad row goes to quarantine with its
line and reason; every other row is imported, whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rumeur.config import Project
from rumeur.ingest import Ingestor
from rumeur.ingest.csvrows import split_rows
from rumeur.storage.duckdb import DuckDBStore

HEADER = "id;date;auteur;texte\n"


def _good(start: int, n: int) -> str:
    return "".join(
        f"g{i};2025-09-01 10:{i % 60:02d};@u{i}_fictif;Volta message {i}\n"
        for i in range(start, start + n)
    )


def _import(tmp_path: Path, project: Project, data: str | bytes, name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    store = DuckDBStore(tmp_path / "s.duckdb")
    return store, Ingestor(store, project).import_file(path)


def test_unterminated_quote_loses_one_row_not_the_file(tmp_path: Path, project: Project) -> None:
    data = HEADER + _good(0, 1000) + 'bad;2025-09-01 11:00;@b_fictif;"Volta oups\n'
    data += _good(1000, 1000)
    store, res = _import(tmp_path, project, data)
    with store:
        assert (res.rows, res.imported, res.quarantined) == (2001, 2000, 1)
        q = store.query("SELECT line, reason, payload FROM quarantine")
        assert q == [
            {
                "line": 1002,
                "reason": "unreadable CSV row: a quote is never closed",
                "payload": 'bad;2025-09-01 11:00;@b_fictif;"Volta oups',
            }
        ]
        # every good row whole, the ones after the bad row too
        assert (
            store.scalar("SELECT count(*) FROM mentions WHERE text LIKE 'Volta message %'") == 2000
        )
        assert store.scalar("SELECT text FROM mentions WHERE external_id = 'g1999'") == (
            "Volta message 1999"
        )


def test_quote_closed_rows_later_does_not_swallow_them(tmp_path: Path, project: Project) -> None:
    """A stray quote that a later quoted cell closes: the rows in between are not glued
    into one text."""
    data = HEADER + 'bad;2025-09-01 11:00;@b_fictif;"Volta oups\n' + _good(0, 5)
    data += 'q1;2025-09-01 12:00;@q_fictif;"Volta ""cité"" ici"\n'
    store, res = _import(tmp_path, project, data)
    with store:
        assert (res.imported, res.quarantined) == (6, 1)
        assert store.scalar("SELECT max(length(text)) FROM mentions") < 40
        assert store.scalar("SELECT text FROM mentions WHERE external_id = 'q1'") == (
            'Volta "cité" ici'
        )


def test_huge_cell_is_quarantined_with_its_size(tmp_path: Path, project: Project) -> None:
    """A cell over the limits (5 MB here: DuckDB refuses the line) is set aside, the rows
    around it are imported."""
    data = HEADER + _good(0, 10) + "big;2025-09-01 11:00;@b_fictif;" + "x" * 5_000_000 + "\n"
    data += _good(10, 10)
    store, res = _import(tmp_path, project, data)
    with store:
        assert (res.imported, res.quarantined) == (20, 1)
        q = store.query("SELECT line, reason, length(payload) AS n FROM quarantine")[0]
        assert q["line"] == 12 and "longer than 1,000,000 characters" in q["reason"]
        assert q["n"] < 70_000  # the quarantine keeps the start; the file is archived whole


@pytest.mark.slow
def test_fifty_megabyte_cell(tmp_path: Path, project: Project) -> None:
    data = HEADER + _good(0, 1000) + '"big";2025-09-01;@b_fictif;"' + "y" * 50_000_000 + '"\n'
    data += _good(1000, 1000)
    store, res = _import(tmp_path, project, data)
    with store:
        assert (res.imported, res.quarantined) == (2000, 1)


def test_row_with_extra_delimiters_is_quarantined_not_cut_short(
    tmp_path: Path, project: Project
) -> None:
    """An unquoted text holding the delimiter: before, the row was imported as "Volta a"
    (the rest dropped without a word)."""
    data = HEADER + _good(0, 3) + "x1;2025-09-01 11:00;@b_fictif;Volta a;b;c\n" + _good(3, 3)
    store, res = _import(tmp_path, project, data)
    with store:
        assert (res.imported, res.quarantined) == (6, 1)
        assert store.scalar("SELECT count(*) FROM mentions WHERE external_id = 'x1'") == 0
        q = store.query("SELECT line, reason, payload FROM quarantine")[0]
        assert q["line"] == 5 and q["reason"].startswith("unreadable CSV row: TOO MANY COLUMNS")
        assert "Volta a;b;c" in q["payload"]


def test_trailing_empty_cell_is_not_a_bad_row(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text("a;b\n1;2;\n3;4;x\n5;6\n", encoding="utf-8")
    split = split_rows(src, ";")
    try:
        assert split.rows == 2
        assert [(b.line, b.reason.split(":")[1].split("(")[0].strip()) for b in split.bad] == [
            (3, "TOO MANY COLUMNS")
        ]
        assert split.path.read_text().splitlines() == ["__rumeur_line,a,b", "2,1,2", "4,5,6"]
    finally:
        split.path.unlink()


def test_bad_rows_are_quarantined_once_on_reimport(tmp_path: Path, project: Project) -> None:
    data = HEADER + _good(0, 50) + 'bad;2025-09-01 11:00;@b_fictif;"Volta oups\n'
    path = tmp_path / "export.csv"
    path.write_text(data, encoding="utf-8")
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        ing = Ingestor(store, project)
        ing.import_file(path)
        again = ing.import_file(path)
        assert (again.imported, again.duplicates, again.quarantined) == (0, 50, 1)
        assert store.scalar("SELECT count(*) FROM quarantine") == 1


def test_import_paths_are_literal(tmp_path: Path, project: Project) -> None:
    """`rumeur import 'export[1].csv'` imports that file, never export1.csv (DuckDB's
    readers take brackets as a glob pattern), and archives that file."""
    bracket = tmp_path / "export[1].csv"
    bracket.write_text(HEADER + "b1;2025-09-01 10:00;@a_fictif;Volta le bon fichier\n")
    (tmp_path / "export1.csv").write_text(
        HEADER + "w1;2025-09-01 10:00;@a_fictif;Volta le MAUVAIS fichier\n"
    )
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        res = Ingestor(store, project).import_file(bracket)
        assert res.imported == 1
        assert store.scalar("SELECT text FROM mentions") == "Volta le bon fichier"
        digest = hashlib.sha256(bracket.read_bytes()).hexdigest()
        assert store.scalar("SELECT file_sha256 FROM raw_files") == digest
    # the same for a Parquet file and a star in the name
    import pyarrow as pa
    import pyarrow.parquet as pq

    star = tmp_path / "avis*.parquet"
    pq.write_table(pa.table({"texte": ["Volta étoile"], "date": ["2025-09-01 10:00"]}), str(star))
    pq.write_table(
        pa.table({"texte": ["Volta autre"], "date": ["2025-09-01 10:00"]}),
        str(tmp_path / "avis2.parquet"),
    )
    with DuckDBStore(tmp_path / "p.duckdb") as store:
        assert Ingestor(store, project).import_file(star).imported == 1
        assert store.scalar("SELECT text FROM mentions") == "Volta étoile"


def test_malformed_mastodon_status_is_one_bad_row(tmp_path: Path, project: Project) -> None:
    """A status whose account is not an object (found by the fuzz test: an
    AttributeError failed the whole file)."""
    import json

    good = {"id": "1", "content": "<p>Volta en panne</p>", "created_at": "2025-09-01T10:00:00Z",
            "account": {"acct": "lea@masto.example"}}  # fmt: skip
    bad = {"id": "2", "content": "Volta", "created_at": "2025-09-01T10:00:00Z", "account": [1]}
    data = json.dumps(good) + "\n" + json.dumps(bad) + "\n"
    store, res = _import(tmp_path, project, data, name="statuses.jsonl")
    with store:
        assert (res.imported, res.quarantined) == (1, 1)
        reason = store.scalar("SELECT reason FROM quarantine")
        assert reason.startswith("malformed Mastodon status: AttributeError")
