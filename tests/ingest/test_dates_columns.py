"""Dates as French review sites print them, and columns Rumeur does not know."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rumeur.config import Project
from rumeur.ingest import Ingestor
from rumeur.ingest.dates import parse_date
from rumeur.storage.duckdb import DuckDBStore

EXPORT = datetime(2025, 10, 5, 12, 0, tzinfo=UTC)  # 14:00 in Paris


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Actualisé le 22 févr. 2025", datetime(2025, 2, 21, 23, 0)),
        ("Publié le 3 mars 2025", datetime(2025, 3, 2, 23, 0)),
        ("Publiée le 3 mars 2025 à 14h05", datetime(2025, 3, 3, 13, 5)),
        ("Mis à jour le 12/03/2024", datetime(2024, 3, 11, 23, 0)),
        ("Modifié le 22 févr. 2025, 14:05:12", datetime(2025, 2, 22, 13, 5)),
        ("Posté le 3 mars 2024 à 14h05", datetime(2024, 3, 3, 13, 5)),
        ("le 3 mars à 14h05", datetime(2025, 3, 3, 13, 5)),
        ("Le mardi 4 mars 2025 à 10:12", datetime(2025, 3, 4, 9, 12)),
        ("hier à 18:02", datetime(2025, 10, 4, 16, 2)),
        ("Publié hier à 18:02", datetime(2025, 10, 4, 16, 2)),
        ("avant-hier", datetime(2025, 10, 3, 10, 0)),
        ("Mis à jour avant hier", datetime(2025, 10, 3, 10, 0)),
        ("Publié il y a 3 heures", datetime(2025, 10, 5, 9, 0)),
        ("Avis déposé le 4 octobre 2025", datetime(2025, 10, 3, 22, 0)),
        ("Date de l'expérience : 3 mars 2025", datetime(2025, 3, 2, 23, 0)),
        ("Rédigé le 1er juin 2025", datetime(2025, 5, 31, 22, 0)),
        ("3 mars 2025 (modifié)", datetime(2025, 3, 2, 23, 0)),
        ("Il y a 2 jours · modifié", datetime(2025, 10, 3, 12, 0)),
        ("Publié le 2025-02-22T14:05:00Z", datetime(2025, 2, 22, 14, 5)),
        ("Posted on March 3, 2025", datetime(2025, 3, 2, 23, 0)),
        ("à l'instant", datetime(2025, 10, 5, 12, 0)),
        ("membre depuis mars 2019", None),  # a sentence, not a date
        ("mars 2019", datetime(2019, 2, 28, 23, 0)),
        ("Publié le", None),
        ("Publication annulée", None),
    ],
)
def test_french_date_prefixes(raw: str, expected: datetime | None) -> None:
    got = parse_date(raw, timezone="Europe/Paris", reference=EXPORT)
    assert got == (expected.replace(tzinfo=UTC) if expected else None)


def test_review_export_with_verbal_dates_loses_no_row(
    tmp_path: Path, store: DuckDBStore, project: Project
) -> None:
    """A review-site export whose date cells carry words: every row is imported."""
    rows = [
        ("Actualisé le 22 févr. 2025", "Volta : fibre enfin réparée"),
        ("Publié le 3 mars 2025", "Volta, service client injoignable"),
        ("Mis à jour le 4 mars 2025", "Nexa plus cher que Volta"),
        ("Modifié le 5 mars 2025", "Volta m’a remboursé"),
        ("Posté le 6 mars 2025", "Volta toujours en panne"),
        ("le 3 mars à 14h05", "Volta rappelle vite"),
        ("hier à 18:02", "Volta : coupure ce soir"),
        ("avant-hier", "Volta : pas de réseau au bureau"),
    ]
    path = tmp_path / "avis_site.csv"
    path.write_text(
        "Note;Date de l'avis;Avis\n" + "".join(f"4;{d};{t}\n" for d, t in rows), encoding="utf-8"
    )
    res = Ingestor(store, project).import_file(path, reference=EXPORT)
    assert (res.imported, res.quarantined) == (8, 0)


def test_unknown_columns_are_kept_in_extra_and_reported(
    tmp_path: Path, store: DuckDBStore, project: Project
) -> None:
    path = tmp_path / "export_outil.csv"
    path.write_text(
        "id;date;auteur;Compte créé le;texte;Pays;Catégorie interne\n"
        "1;2025-09-01 10:00;@neuf_fictif;28/08/2025;Volta au top !!!;FR;promo\n"
        "2;2025-09-01 11:00;@vieux_fictif;membre depuis;Volta bof;;\n",
        encoding="utf-8",
    )
    res = Ingestor(store, project).import_file(path, reference=EXPORT)
    assert res.extra_columns == ["Pays", "Catégorie interne"]
    assert res.as_dict()["extra_columns"] == ["Pays", "Catégorie interne"]
    rows = {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}
    assert json.loads(rows["1"]["extra"]) == {"Pays": "FR", "Catégorie interne": "promo"}
    assert rows["2"]["extra"] is None  # empty cells: nothing to keep
    # the account's creation date, a first-class field (a Paris date)
    assert rows["1"]["author_created_at"] == datetime(2025, 8, 27, 22, 0, tzinfo=UTC)
    assert rows["2"]["author_created_at"] is None  # unreadable: empty, the row imported
    # every known column still in its place
    assert rows["1"]["author_handle"] == "@neuf_fictif" and rows["1"]["text"] == "Volta au top !!!"


@pytest.mark.parametrize(
    "header", ["author_created", "account_created_at", "Compte créé le", "Membre depuis"]
)
def test_account_creation_headers(tmp_path: Path, project: Project, header: str) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        f"date,text,{header}\n2025-09-01 10:00,Volta,2025-08-28T10:00:00Z\n", encoding="utf-8"
    )
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        res = Ingestor(store, project).import_file(path, reference=EXPORT)
        assert res.extra_columns == []
        assert store.scalar("SELECT author_created_at FROM mentions") == datetime(
            2025, 8, 28, 10, 0, tzinfo=UTC
        )


def test_unknown_keys_of_json_records_are_kept(
    tmp_path: Path, store: DuckDBStore, project: Project
) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "text": "Volta en panne", "date": "2025-09-01T10:00:00Z",
                    "user": {"name": "lea_fictive", "created": "2025-08-30"},
                    "sentiment_outil": "negatif"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    res = Ingestor(store, project).import_file(path, reference=EXPORT)
    assert res.extra_columns == ["sentiment_outil"]
    row = store.query("SELECT * FROM mentions")[0]
    assert json.loads(row["extra"]) == {"sentiment_outil": "negatif"}
    # nested keys are matched by their path: user.name, user.created
    assert row["author_handle"] == "lea_fictive"
    assert row["author_created_at"] == datetime(2025, 8, 29, 22, 0, tzinfo=UTC)
