"""Import that never garbles: encodings, line ends, copies of one export.

The files are built here byte by byte as real exports come: small Windows-1252 French
files, UTF-8 files with Windows-1252 rows appended by another tool, CR CR LF line ends,
copies with another modification time, re-encoded copies."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rumeur.config import Project
from rumeur.ingest import Ingestor
from rumeur.ingest.decode import MIXED, guess_encoding
from rumeur.storage.duckdb import DuckDBStore

HEADER = "Date;Texte;Auteur\n"
#: a small French review export, no ids: rows are told apart by text, author and time
ROWS = [
    ("03/03/2025 09:15", "Très déçu par Volta, la fibre coupe sans arrêt", "Hélène"),
    ("04/03/2025 10:20", "Le réseau Volta est coupé à Pâques, ça m’énerve", "Noël"),
    ("05/03/2025 11:30", "Service client Nexa « au top » : 20 € remboursés", "Zoé"),
]


def _csv(rows: list[tuple[str, str, str]]) -> str:
    return HEADER + "".join(";".join(r) + "\n" for r in rows)


def _texts(store: DuckDBStore) -> dict[str, str]:
    return {r["author_handle"]: r["text"] for r in store.query("SELECT * FROM mentions")}


@pytest.mark.parametrize(
    "text",
    [
        "Hélène;très déçu\n",
        "Date;Texte\n03/03/2025;Très déçu, Noël gâché\n",
        "é\n",
        "Pâques à Saint-Étienne, « super » : 20 €, m’a dit l’œil\n",
    ],
)
def test_small_windows_1252_french_is_read_as_windows_1252(text: str) -> None:
    """Small French files: a detector alone names Baltic or Central European pages
    ("Hélčne", "trčs déįu"); French first, they are Windows-1252."""
    assert guess_encoding(text.encode("cp1252")) == "cp1252"


def test_strong_evidence_for_another_code_page_is_followed() -> None:
    russian = ("Дата;Текст\n03/03/2025;Очень недоволен сетью, связь пропадает каждый день\n") * 20
    assert guess_encoding(russian.encode("cp1251")) == "cp1251"


def test_small_windows_1252_file_imports_as_french(store: DuckDBStore, project: Project) -> None:
    path = project.root / "avis_ancien.csv"
    path.write_bytes(_csv(ROWS).encode("cp1252"))
    res = Ingestor(store, project).import_file(path)
    assert (res.imported, res.quarantined, res.encoding) == (3, 0, "cp1252")
    assert _texts(store) == {a: t for _, t, a in ROWS}


def test_file_mixing_utf8_and_windows_1252_rows_is_read_row_by_row(
    store: DuckDBStore, project: Project
) -> None:
    """Rows appended by another tool in Windows-1252 to a UTF-8 export: each row is read
    in its own encoding, none is corrupted; a byte no code page knows is quarantined."""
    rows = [(f"0{i % 9 + 1}/03/2025 1{i % 10}:00", f"{t} ({i})", f"{a}{i}") for i, (_, t, a) in
            enumerate(ROWS * 4)]  # fmt: skip
    data = HEADER.encode()
    for i, row in enumerate(rows):
        data += (";".join(row) + "\n").encode("utf-8" if i % 2 else "cp1252")
    data += "06/03/2025 12:00;Volta \x81 illisible;Inconnu\n".encode("latin-1")
    path = project.root / "export_mixte.csv"
    path.write_bytes(data)
    res = Ingestor(store, project).import_file(path)
    assert res.encoding == MIXED
    assert (res.imported, res.quarantined, res.repaired_lines) == (12, 1, 7)
    assert _texts(store) == {a: t for _, t, a in rows}
    q = store.query("SELECT line, field, reason FROM quarantine")
    assert q == [{"line": 14, "field": "text", "reason": "broken encoding (undecodable bytes)"}]


@pytest.mark.slow
def test_invalid_byte_after_the_first_4_mb_of_utf8_is_not_fatal(
    tmp_path: Path, project: Project
) -> None:
    """The encoding is judged on the first 4 MB; a bad byte further on must neither
    crash DuckDB (an internal error that invalidates the connection) nor lose the file."""
    filler = "".join(
        f"01/03/2025 10:{i % 60:02d};Volta message numéro {i} " + "à" * 200 + f";u{i}\n"
        for i in range(20_000)
    )
    data = (HEADER + filler).encode()
    assert len(data) > 4 * 1024 * 1024
    data += "02/03/2025 10:00;Volta très déçu;Hélène\n".encode("cp1252")
    data += "02/03/2025 11:00;Volta encore;Zoé\n".encode()
    path = tmp_path / "gros.csv"
    path.write_bytes(data)
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        res = Ingestor(store, project).import_file(path)
        assert (res.imported, res.quarantined, res.repaired_lines) == (20_002, 0, 1)
        texts = _texts(store)
        assert texts["Hélène"] == "Volta très déçu" and texts["Zoé"] == "Volta encore"
        assert store.scalar("SELECT count(*) FROM mentions") == 20_002  # still usable


@pytest.mark.slow
def test_line_ends_do_not_make_new_rows(store: DuckDBStore, project: Project) -> None:
    """The same export with LF, CR LF, CR CR LF and old Mac CR line ends is one export:
    the author column is last, so a stray CR would change every fingerprint."""
    text = _csv(ROWS)
    ing = Ingestor(store, project)
    first = project.root / "lf.csv"
    first.write_text(text, encoding="utf-8")
    assert ing.import_file(first).imported == 3
    for name, eol in (("crlf", "\r\n"), ("crcrlf", "\r\r\n"), ("cr", "\r")):
        path = project.root / f"{name}.csv"
        path.write_bytes(text.replace("\n", eol).encode())
        res = ing.import_file(path)
        assert (res.imported, res.duplicates, res.quarantined) == (0, 3, 0), name
    assert sorted(_texts(store)) == sorted(a for _, _, a in ROWS)


RELATIVE = [
    ("Il y a 3 heures", "Volta en panne depuis ce matin", "@lea_fictive"),
    ("hier à 18:02", "Nexa m’a rappelé, merci", "@marc_fictif"),
    ("il y a 2 jours", "Volta : toujours pas de réseau", "@nina_fictive"),
]


def _touch(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def test_copy_of_an_export_with_relative_dates_adds_nothing(
    store: DuckDBStore, project: Project
) -> None:
    """Relative dates are read against the export time of the first import of the same
    content: a byte-identical copy, a copy re-encoded in Windows-1252 with CR LF ends,
    both with later modification times, add nothing and move no date."""
    original = project.root / "avis.csv"
    original.write_text(_csv(RELATIVE), encoding="utf-8")
    _touch(original, datetime(2025, 10, 5, 12, 0, tzinfo=UTC))
    ing = Ingestor(store, project)
    assert ing.import_file(original).imported == 3
    dates = store.query("SELECT author_handle, created_at FROM mentions ORDER BY 1")
    assert dates[0]["created_at"] == datetime(2025, 10, 5, 9, 0, tzinfo=UTC)

    copy = project.root / "avis (copie).csv"
    shutil.copy(original, copy)
    _touch(copy, datetime(2025, 10, 7, 8, 30, tzinfo=UTC))
    reencoded = project.root / "avis_excel.csv"
    reencoded.write_bytes(_csv(RELATIVE).replace("\n", "\r\n").encode("cp1252"))
    _touch(reencoded, datetime(2025, 11, 1, tzinfo=UTC))
    for path in (copy, reencoded):
        res = ing.import_file(path)
        assert (res.imported, res.duplicates) == (0, 3), path.name
    assert store.query("SELECT author_handle, created_at FROM mentions ORDER BY 1") == dates


def test_a_new_export_is_read_against_its_own_time(store: DuckDBStore, project: Project) -> None:
    """Anchoring is by content: another export (other content) keeps its own time."""
    ing = Ingestor(store, project)
    first = project.root / "a.csv"
    first.write_text(_csv(RELATIVE[:1]), encoding="utf-8")
    _touch(first, datetime(2025, 10, 5, 12, 0, tzinfo=UTC))
    ing.import_file(first)
    later = project.root / "b.csv"
    later.write_text(_csv([("Il y a 3 heures", "Volta revient enfin", "@lea_fictive")]))
    _touch(later, datetime(2025, 10, 6, 12, 0, tzinfo=UTC))
    ing.import_file(later)
    got = store.query("SELECT text, created_at FROM mentions ORDER BY created_at")
    assert [r["created_at"].hour for r in got] == [9, 9]
    assert got[1]["created_at"] == datetime(2025, 10, 6, 9, 0, tzinfo=UTC)
