"""Importing real-shaped files into a real DuckDB store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rumeur.config import Project
from rumeur.errors import ImportFileError
from rumeur.ingest import Ingestor
from rumeur.ingest.decode import SCAN_CHUNK as _SCAN_CHUNK
from rumeur.ingest.quarantine import retry_quarantine
from rumeur.storage.duckdb import DuckDBStore

EXPORT_TIME = datetime(2025, 10, 5, 12, 0, tzinfo=UTC)


def _by_url(store: DuckDBStore) -> dict[str, dict]:
    return {r["url"]: r for r in store.query("SELECT * FROM mentions")}


def test_french_review_export_bom_semicolon_relative_dates(
    store: DuckDBStore, project: Project
) -> None:
    res = Ingestor(store, project).import_file(
        project.root / "avis_export.csv", reference=EXPORT_TIME
    )
    # 9 data rows: 1 exact duplicate, 1 unreadable date, 1 without text
    assert (res.rows, res.imported, res.duplicates, res.quarantined) == (9, 6, 1, 2)
    assert res.reasons == {"unreadable date": 1, "no text": 1}
    rows = _by_url(store)
    first = rows["https://avis.example/volta/1"]
    assert first["text"].startswith("Fibre installée en 48 h par Volta Mobile,\ntechnicien")
    assert first["rating"] == 4.5  # decimal comma
    assert first["platform"] == "reviews"  # "Google" is a review site
    assert first["author_handle"] == "Camille R."
    # "18 juil. 2025" is a Paris date: midnight in Paris is 22:00 UTC the day before
    assert first["created_at"] == datetime(2025, 7, 17, 22, 0, tzinfo=UTC)
    assert rows["https://avis.example/volta/2"]["created_at"] == datetime(
        2025, 3, 12, 13, 5, tzinfo=UTC
    )
    # relative dates are resolved against the export time
    assert rows["https://avis.example/volta/3"]["created_at"] == datetime(
        2025, 10, 4, 21, 0, tzinfo=UTC
    )
    assert rows["https://avis.example/nexa/4"]["created_at"] == datetime(
        2025, 10, 3, 12, 0, tzinfo=UTC
    )
    assert rows["https://avis.example/x/5"]["created_at"] == datetime(
        2025, 10, 4, 16, 2, tzinfo=UTC
    )
    assert rows["https://avis.example/volta/8"]["created_at"] == datetime(
        2025, 9, 3, 19, 15, tzinfo=UTC
    )
    # brands: names, handles, hashtags; "Ondine des mers" is excluded
    assert rows["https://avis.example/volta/2"]["brands"] == ["volta"]
    assert rows["https://avis.example/nexa/4"]["brands"] == ["nexa"]
    assert rows["https://avis.example/x/5"]["brands"] == []
    assert rows["https://avis.example/x/5"]["unmatched"] is True
    assert rows["https://avis.example/volta/8"]["brands"] == ["volta"]
    q = {r["line"]: r for r in store.query("SELECT * FROM quarantine")}
    assert q[7]["field"] == "created_at" and "pas une date" in q[7]["reason"]
    assert q[8]["field"] == "text" and q[8]["reason"] == "no text"
    assert '"Auteur":"Sami K."' in q[7]["payload"]


def test_reimport_adds_nothing(store: DuckDBStore, project: Project) -> None:
    ing = Ingestor(store, project)
    ing.import_file(project.root / "avis_export.csv", reference=EXPORT_TIME)
    counts = [
        store.scalar(f"SELECT count(*) FROM {t}") for t in ("mentions", "raw_items", "quarantine")
    ]
    again = ing.import_file(project.root / "avis_export.csv", reference=EXPORT_TIME)
    assert again.imported == 0 and again.duplicates == 7
    assert [
        store.scalar(f"SELECT count(*) FROM {t}") for t in ("mentions", "raw_items", "quarantine")
    ] == counts
    assert store.scalar("SELECT count(*) FROM imports WHERE status = 'done'") == 2


def test_cp1252_tab_separated_with_french_numbers(store: DuckDBStore, project: Project) -> None:
    res = Ingestor(store, project).import_file(project.root / "ancien_outil.tsv")
    assert res.imported == 2 and res.quarantined == 0
    rows = {r["author_handle"]: r for r in store.query("SELECT * FROM mentions")}
    assert rows["Élodie"]["text"].startswith("Le service client de Nexa m’a rappelé")
    assert rows["Élodie"]["author_followers"] == 1250  # "1 250"
    assert rows["Benoît"]["author_followers"] == 12500  # "12,5k"
    assert "« Volta Mobile »" in rows["Benoît"]["text"] and "€" in rows["Benoît"]["text"]
    assert rows["Benoît"]["brands"] == ["volta"]


def test_mastodon_statuses_and_truncated_line(store: DuckDBStore, project: Project) -> None:
    res = Ingestor(store, project).import_file(project.root / "mastodon_statuses.jsonl")
    assert (res.imported, res.quarantined) == (2, 1)
    q = store.query("SELECT line, reason FROM quarantine")
    assert q[0]["line"] == 2 and q[0]["reason"].startswith("malformed JSON")
    rows = {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}
    first = rows["113400000000000001"]
    assert first["platform"] == "mastodon"
    assert first["text"] == "Panne géante chez #Volta ce soir, plus d'internet 😡"  # HTML removed
    assert (first["author_followers"], first["likes"], first["shares"]) == (842, 12, 4)
    reply = rows["113400000000000002"]
    assert reply["reply_to"] == "113400000000000001"
    assert reply["is_own_account"] is True and reply["brands"] == ["volta"]
    raw = store.scalar("SELECT payload FROM raw_items WHERE raw_id = ?", [first["raw_id"]])
    assert '"favourites_count": 12' in raw  # kept exactly as received


def test_bluesky_search_page(store: DuckDBStore, project: Project) -> None:
    res = Ingestor(store, project).import_file(project.root / "bluesky_search.json")
    assert res.imported == 2
    rows = {r["author_handle"]: r for r in store.query("SELECT * FROM mentions")}
    m = rows["margaux.bsky.social"]
    assert m["url"] == "https://bsky.app/profile/margaux.bsky.social/post/3kfictional1"
    assert (m["likes"], m["shares"], m["brands"]) == (25, 4, ["nexa"])
    reply = rows["tom.bsky.social"]
    assert reply["reply_to"] == reply["thread_id"] == m["external_id"]


def test_parquet_and_fingerprint_dedupe_without_ids(
    store: DuckDBStore, project: Project, tmp_path: Path
) -> None:
    table = pa.table({
        "texte": ["Volta Mobile : super débit !", "VOLTA mobile  super débit", "Autre chose"],
        "auteur": ["@ana", "ana", "bob"],
        "date": ["2025-10-01T10:00:30+02:00", "2025-10-01T10:00:50+02:00", "2025-10-01 11:00"],
    })  # fmt: skip
    pq.write_table(table, tmp_path / "x.parquet")
    res = Ingestor(store, project).import_file(tmp_path / "x.parquet")
    # same author, same minute, same words once case, accents and punctuation are folded
    assert (res.imported, res.duplicates) == (2, 1)


def test_file_without_text_column_is_refused(
    store: DuckDBStore, project: Project, tmp_path: Path
) -> None:
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="aucune colonne ne contient le texte") as err:
        Ingestor(store, project).import_file(tmp_path / "bad.csv")
    assert "no column holds the text (columns: a, b)" in err.value.render("en")[0]
    assert store.scalar("SELECT count(*) FROM imports") == 0  # rolled back


def test_map_option_and_quarantine_retry(
    store: DuckDBStore, project: Project, tmp_path: Path
) -> None:
    f = tmp_path / "odd.csv"
    f.write_text(
        "Publié;Verbatim;Quand\nx;Volta au top;le 12/09/2025\ny;Nexa bof;31/09/2025\n",
        encoding="utf-8",
    )
    ing = Ingestor(store, project)
    res = ing.import_file(f, mapping={"text": "Verbatim", "created_at": "Quand"})
    assert (res.imported, res.quarantined) == (1, 1)  # "le 12/09/2025" reads, 31/09 does not
    # retrying without a fix resolves nothing and duplicates nothing
    _result, resolved = retry_quarantine(ing, mapping={"text": "Verbatim", "created_at": "Quand"})
    assert resolved == 0
    assert store.scalar("SELECT count(*) FROM quarantine WHERE status = 'open'") == 1
    assert store.scalar("SELECT count(*) FROM quarantine") == 1


def test_retry_resolves_rows_after_a_fix(
    store: DuckDBStore, project: Project, tmp_path: Path
) -> None:
    f = tmp_path / "late.csv"
    f.write_text("texte,date\nVolta encore en panne,2025-10-01 10:00\nNexa ok,\n", encoding="utf-8")
    ing = Ingestor(store, project)
    assert ing.import_file(f).quarantined == 1
    store.execute(
        "UPDATE quarantine SET payload = replace(payload, '\"date\":null', "
        '\'"date":"2025-10-02 09:00"\')'
    )
    result, resolved = retry_quarantine(ing)
    assert resolved == 1 and result.imported == 1
    assert store.scalar("SELECT count(*) FROM mentions") == 2


def test_replies_inherit_their_thread_brand_across_imports(
    store: DuckDBStore, project: Project, tmp_path: Path
) -> None:
    header = "id,platform,author,date,text,in_reply_to,thread_id\n"
    (tmp_path / "replies.csv").write_text(
        header + "r1,twitter,ana,2025-10-01 10:05,Pareil chez moi depuis ce matin,p1,p1\n"
        "r2,twitter,bob,2025-10-01 10:09,+1 toujours rien,r1,p1\n",
        encoding="utf-8",
    )
    (tmp_path / "parents.csv").write_text(
        header + "p1,twitter,lea,2025-10-01 10:00,Plus de réseau chez Volta ?,,\n"
        "p2,twitter,tom,2025-10-01 11:00,Il pleut sur Lyon,,\n",
        encoding="utf-8",
    )
    ing = Ingestor(store, project)
    assert ing.import_file(tmp_path / "replies.csv").unmatched == 2  # parent not there yet
    ing.import_file(tmp_path / "parents.csv")  # the parent arrives later
    brands = {r["external_id"]: r["brands"] for r in
              store.query("SELECT external_id, brands FROM mentions")}  # fmt: skip
    assert brands == {"r1": ["volta"], "r2": ["volta"], "p1": ["volta"], "p2": []}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_repeated_key_in_one_file_keeps_one_copy_chosen_by_content(
    tmp_path: Path, project: Project, fmt: str
) -> None:
    """A key repeated inside one file is stored once; the copy kept does not depend on the
    order of the rows (inserts run on several threads), so a re-run gives the same store."""
    records = [
        ("t1", "@lea_fictive", "2025-09-01 10:00", "Volta Mobile : réseau coupé à Lyon"),
        ("t1", "@lea_fictive", "2025-09-01 10:00",
         "Volta Mobile : réseau coupé à Lyon (modifié)"),
        ("t2", "@max_fictif", "2025-09-01 11:00", "Ondine répond vite, merci"),
    ]  # fmt: skip

    def write(path: Path, recs: list[tuple[str, str, str, str]]) -> None:
        if fmt == "csv":
            lines = ["id;plateforme;auteur;date;texte"]
            lines += [f"{i};twitter;{a};{d};{t}" for i, a, d, t in recs]
        else:
            keys = ("id", "author", "created_at", "text")
            lines = [json.dumps({**dict(zip(keys, r, strict=True)), "platform": "twitter"})
                     for r in recs]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    kept = []
    orders = (("a", records), ("b", [records[2], records[1], records[0]]))
    for name, order in orders:
        path = tmp_path / f"{name}.{fmt}"
        write(path, order)
        with DuckDBStore(tmp_path / f"{name}.{fmt}.duckdb") as store:
            res = Ingestor(store, project).import_file(path, reference=EXPORT_TIME)
            assert (res.rows, res.imported, res.duplicates, res.quarantined) == (3, 2, 1, 0)
            kept.append(store.scalar("SELECT text FROM mentions WHERE external_id = 't1'"))
    assert kept[0] == kept[1] == "Volta Mobile : réseau coupé à Lyon"


def test_unreadable_csv_row_is_quarantined_once_and_counted_once(
    tmp_path: Path, project: Project
) -> None:
    """The file is scanned more than once (judge, insert): its unreadable rows must still
    be counted and quarantined once, and the counts must add up."""
    lines = ["id;auteur;date;texte"]
    lines += [f"{i};@u{i}_fictif;2025-09-01 10:{i % 60:02d};Volta message {i}" for i in range(200)]
    lines.insert(51, "x1;@b_fictif;2025-09-01 10:00")  # a column short
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        res = Ingestor(store, project).import_file(path, reference=EXPORT_TIME)
        assert (res.rows, res.imported, res.quarantined) == (201, 200, 1)
        assert res.reasons == {"unreadable CSV row": 1}
        assert res.rows == res.imported + res.duplicates + res.quarantined
        q = store.query("SELECT line, reason FROM quarantine")
        assert len(q) == 1 and q[0]["reason"].startswith("unreadable CSV row")
        again = Ingestor(store, project).import_file(path, reference=EXPORT_TIME)
        assert (again.rows, again.imported, again.duplicates) == (201, 0, 200)
        assert store.scalar("SELECT count(*) FROM quarantine") == 1


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"a\nb\nc\n", 3),
        (b"a\nb\nc", 3),  # no newline at the end
        (b"a\r\nb\r\n", 2),
        (b"a\rb\rc\r", None),  # old Mac line ends: lines cannot be counted on \n
        (b"", 0),
        # a CR LF pair split across two read chunks still counts as one line end
        (b"x" * (_SCAN_CHUNK - 1) + b"\r\nb\r\n", 2),
    ],
)
def test_scan_file_counts_lines_while_hashing(tmp_path: Path, data: bytes, lines: int) -> None:
    import hashlib

    from rumeur.ingest.decode import scan_file

    path = tmp_path / "f.csv"
    path.write_bytes(data)
    scan = scan_file(path)
    assert (scan.sha256, scan.lines) == (hashlib.sha256(data).hexdigest(), lines)


@pytest.mark.parametrize("bad_row", [False, True])
def test_rows_are_counted_when_quoted_texts_span_lines(
    tmp_path: Path, project: Project, bad_row: bool
) -> None:
    """A quoted text over several lines makes a file's lines outnumber its rows: the
    import must still count its rows (and judge them) exactly."""
    rows = ["id,auteur,date,texte"]
    rows += [f'{i},@u{i}_fictif,2025-09-01 10:{i % 60:02d},"Volta\nligne {i}"' for i in range(30)]
    if bad_row:
        rows.append("99,@v_fictif,pas une date,Volta encore")
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        res = Ingestor(store, project).import_file(path, reference=EXPORT_TIME)
        assert (res.rows, res.imported, res.quarantined) == (30 + bad_row, 30, int(bad_row))
        assert res.duplicates == 0
        assert store.scalar("SELECT count(*) FROM quarantine") == int(bad_row)
        assert store.scalar("SELECT count(*) FROM mentions WHERE text LIKE '%ligne%'") == 30


def test_trimmed_is_trim_without_the_copy() -> None:
    """`trimmed` (trim guarded by starts_with/ends_with) must give what DuckDB's trim
    gives, for every shape of value the import meets."""
    import duckdb

    from rumeur.ingest.sql import trimmed

    values = ["", " ", "   ", "a", " a", "a ", "  a b  ", "\ta\t", "é ", " ☀", None]
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT v, trim(v), {trimmed('v')} FROM unnest(?) t(v)", [values]
    ).fetchall()
    assert len(rows) == len(values)
    for v, expected, got in rows:
        assert got == expected, v


def test_spaces_around_fields_are_trimmed_on_import(tmp_path: Path, project: Project) -> None:
    rows = [
        "id;plateforme;auteur;date;texte",
        " 7 ; Twitter ;@a_fictif; 2025-09-01 10:00 ;Volta en panne",
        "8;facebook;@b_fictif;   ;Volta encore",  # a date of spaces only: no date
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        res = Ingestor(store, project).import_file(path, reference=EXPORT_TIME)
        assert (res.imported, res.quarantined, res.reasons) == (1, 1, {"no date": 1})
        m = store.query("SELECT platform, dedupe_key, created_at FROM mentions")[0]
        assert (m["platform"], m["dedupe_key"]) == ("twitter", "twitter:7")
