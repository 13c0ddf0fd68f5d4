"""What is particular to one quarantined row (rumeur.ingest.excerpt): the details of its
reason without the kind's words, and an excerpt of what was received."""

from __future__ import annotations

import json

from rumeur.ingest import reasons
from rumeur.ingest.excerpt import WIDTH, particulars

ROW = {"Auteur": "Sami K.", "Date": "31/02/2025 25:61", "Note": "2", "Titre": None,
       "Avis": "Le débit de Volta baisse le soir, encore et encore, depuis trois semaines",
       "Source": "Google"}  # fmt: skip


def test_a_bad_value_is_named_by_its_column_then_the_row() -> None:
    stored = reasons.stored("bad_date", value="31/02/2025 25:61")
    fr = particulars(stored, json.dumps(ROW), "fr")
    assert fr.startswith("Date : « 31/02/2025 25:61 » — Auteur : Sami K. · Note : 2 · Avis : ")
    assert "illisible" not in fr and "Titre" not in fr  # no kind, no empty cell
    assert fr.endswith("…") and len(fr.split(" — ", 1)[1]) <= WIDTH
    en = particulars(stored, json.dumps(ROW), "en")
    assert en.startswith("Date: “31/02/2025 25:61” — Auteur: Sami K. · Note: 2")
    assert "unreadable" not in en


def test_a_reason_without_details_shows_the_row() -> None:
    row = {**ROW, "Date": "02/09/2025 09:30", "Avis": ""}
    assert particulars("no text", json.dumps(row), "fr") == (
        "Auteur : Sami K. · Date : 02/09/2025 09:30 · Note : 2 · Source : Google"
    )


def test_a_cut_json_line_says_where_the_reader_stopped() -> None:
    line = '{"id": "1", "content": "' + "x" * 150 + "Panne géante chez Volta"
    stored = reasons.stored("malformed_json", error="unexpected end of data: "
                            f"line 1 column {len(line) + 1} (char {len(line)})")  # fmt: skip
    fr = particulars(stored, line, "fr")
    assert fr.startswith(f"colonne {len(line) + 1} — …")
    assert fr.endswith("Panne géante chez Volta") and "JSON" not in fr
    assert particulars(stored, line, "en").startswith(f"column {len(line) + 1} — …")


def test_a_csv_row_the_reader_refused_shows_its_problem_and_its_text() -> None:
    stored = reasons.stored("csv_reader", problem="TOO MANY COLUMNS")
    said = particulars(stored, "q6;2025-10-01 13:00;@zz_f;Volta;en trop", "fr")
    assert said == "il y a des cellules en trop — q6;2025-10-01 13:00;@zz_f;Volta;en trop"
    counted = reasons.stored("csv_too_many_cells", cells="1204", width="7")
    assert particulars(counted, None, "fr") == "1\u202f204 cellules pour 7 colonnes"
    assert particulars(counted, None, "en") == "1,204 cells for 7 columns"


def test_a_connector_message_and_an_unknown_reason() -> None:
    stored = reasons.stored("cannot_normalise", error="ValueError: no date")
    item = {"id": "42", "user": {"name": "x"}, "pinned": False, "text": "Volta ?"}
    assert particulars(stored, json.dumps(item), "fr") == "date absente — id : 42 · text : Volta ?"
    assert particulars("something odd", "raw", "en") == "something odd — raw"
    assert particulars(None, None, "fr") == ""
