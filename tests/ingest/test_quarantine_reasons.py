"""Why a row was set aside, in the run's language: a stable code in the store, the
words rendered when shown (import summary, ``quarantine list``/``export``, the report),
with the value at fault, and nothing of the other language.

A hand-edited export (a date typed wrong, a text deleted, a date years ahead, bytes of
no encoding, a cell too many, a row saved from another program in Windows-1252) is
imported for real, in a French project and in an English one."""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.ingest import reasons
from rumeur.storage.schema import MIGRATIONS
from tests.test_messages_bilingual import _one_language

_load()
runner = CliRunner()

SRC = Path(__file__).resolve().parents[2] / "src" / "rumeur"

ROWS = [
    b"id;date;auteur;texte",
    "q1;2025-10-01 10:00;@zz_a;Volta ça capte bien".encode(),
    b"q2;32/13/2025;@zz_b;Volta en panne",
    b"q3;2025-10-01 11:00;@zz_c;",
    b"q4;2031-01-01 10:00;@zz_d;Volta du futur",
    b"q5;2025-10-01 12:00;@zz_e;Volta \x81\x8d bizarre",
    b"q6;2025-10-01 13:00;@zz_f;Volta;en trop",
    "q7;2025-10-01 14:00;@zz_g;Nexa très déçu".encode("cp1252"),
]

#: (line, field, code, French text, English text) of each row set aside
EXPECTED = [
    (3, "created_at", "bad_date",
     "date illisible : « 32/13/2025 »", "unreadable date: “32/13/2025”"),
    (4, "text", "no_text",
     "texte absent ou vide (champ text)", "no text: the text field is missing or empty"),
    (5, "created_at", "future_date",
     "date plus de deux jours après l'export : « 2031-01-01 10:00 »",
     "date more than two days after the export: “2031-01-01 10:00”"),
    (6, "text", "broken_encoding",
     "encodage cassé : des octets du texte ne se lisent dans aucun encodage",
     "broken encoding: bytes of the text read in no encoding"),
    (7, None, "csv_reader",
     "ligne CSV illisible : il y a des cellules en trop",
     "unreadable CSV row: there are cells too many"),
]  # fmt: skip
#: what the report's quarantine section says of each first case (after its kind)
REPORTED = {
    "fr": [
        "date illisible date : « 32/13/2025 » — id : q2 · auteur : @zz_b · texte : Volta en panne",
        "texte absent id : q3 · date : 2025-10-01 11:00 · auteur : @zz_c",
        "date dans le futur date : « 2031-01-01 10:00 » — id : q4",
        "ligne CSV illisible il y a des cellules en trop — q6;2025-10-01 13:00;@zz_f;Volta;en trop",
    ],
    "en": [
        "unreadable date date: “32/13/2025” — id: q2 · auteur: @zz_b · texte: Volta en panne",
        "no text id: q3 · date: 2025-10-01 11:00 · auteur: @zz_c",
        "date in the future date: “2031-01-01 10:00” — id: q4",
        "unreadable CSV row there are cells too many — q6;2025-10-01 13:00;@zz_f;Volta;en trop",
    ],
}
SUMMARY = {
    "fr": "5 mises en quarantaine (date dans le futur : 1, date illisible : 1, encodage "
    "cassé : 1, ligne CSV illisible : 1, texte absent : 1)",
    "en": "5 quarantined (broken encoding: 1, date in the future: 1, no text: 1, "
    "unreadable CSV row: 1, unreadable date: 1)",
}


def _project(project_dir: Path, lang: str) -> str:
    if lang == "en":
        toml = project_dir / "rumeur.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(text.replace('language = "fr"', 'language = "en"', 1), encoding="utf-8")
    (project_dir / "retouche.csv").write_bytes(b"\r\n".join(ROWS) + b"\r\n")
    return str(project_dir)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _other(lang: str) -> int:
    return 4 if lang == "fr" else 3


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_hand_edited_export_says_why_in_the_run_language(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(project_dir)
    p = _project(project_dir, lang)
    at = ["--export-time", "2025-10-05 14:00"]
    said = runner.invoke(app, ["import", "retouche.csv", "-p", p, *at])
    assert said.exit_code == 0, said.output
    assert SUMMARY[lang] in _flat(said.output)
    assert SUMMARY["en" if lang == "fr" else "fr"] not in _flat(said.output)
    assert "unreadable" not in said.output if lang == "fr" else "illisible" not in said.output

    # JSON: the keys as they were, the codes beside
    (again,) = json.loads(
        runner.invoke(app, ["import", "retouche.csv", "-p", p, *at, "--json"]).stdout
    )
    assert again["quarantine_reasons"] == {
        "broken encoding (undecodable bytes)": 1, "date in the future": 1, "no text": 1,
        "unreadable date": 1, "unreadable CSV row": 1,
    }  # fmt: skip
    assert again["quarantine_codes"] == {e[2]: 1 for e in EXPECTED}

    listed = json.loads(runner.invoke(app, ["quarantine", "list", "-p", p, "--json"]).stdout)
    got = sorted((r["line"], r["field"], r["code"], r["reason"]) for r in listed)
    want = [(e[0], e[1], e[2], e[3 if lang == "fr" else 4]) for e in EXPECTED]
    assert got == want
    shown = " ".join(r["reason"] for r in listed)
    for e in EXPECTED:
        assert e[_other(lang)] not in shown

    # the filter finds the kind by its name in either language, or its code
    for word in ("date", "illisible", "future_date"):
        found = json.loads(
            runner.invoke(app, ["quarantine", "list", "-p", p, "--reason", word, "--json"]).stdout
        )
        codes = sorted(r["code"] for r in found)
        assert (
            codes
            == {
                "date": ["bad_date", "future_date"],
                "illisible": ["bad_date", "csv_reader"],
                "future_date": ["future_date"],
            }[word]
        ), word

    # the table, as a person reads it (a wide terminal: no cell wrapped)
    env = {**os.environ, "COLUMNS": "250", "PYTHONPATH": str(SRC.parent)}
    table = subprocess.run(
        [sys.executable, "-m", "rumeur", "quarantine", "list", "-p", p],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    for e in EXPECTED:
        assert e[3 if lang == "fr" else 4] in table
        assert e[_other(lang)] not in table
    counts = (
        "Ouvertes : date dans le futur 1, date illisible 1, encodage cassé 1, "
        "ligne CSV illisible 1, texte absent 1"
        if lang == "fr"
        else "Open: broken encoding 1, date in the future 1, no text 1, unreadable CSV row 1, "
        "unreadable date 1"
    )
    assert counts in table

    # the export, to fix by hand: the reasons in words, their codes beside
    assert runner.invoke(app, ["quarantine", "export", "q.csv", "-p", p]).exit_code == 0
    with open("q.csv", encoding="utf-8", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert sorted((int(r["line"]), r["code"], r["reason"]) for r in exported) == [
        (e[0], e[2], e[3 if lang == "fr" else 4]) for e in EXPECTED
    ]

    # the report's data-quality section: the kind, then what is the first case's own
    # (its value, the reader's problem, the row), lines
    out = project_dir / "r.html"
    done = runner.invoke(app, ["report", "-p", p, "-o", str(out)])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    section = page[page.index('id="quarantine"') :]
    section = html.unescape(re.sub(r"<[^>]+>", " ", section[: section.index("</section>")]))
    section = _flat(section.replace("\u202f", " ").replace("\xa0", " "))
    for e in EXPECTED:
        assert _flat(e[_other(lang)]) not in section
    for said in REPORTED[lang]:
        assert said in section, section
    if lang == "fr":
        assert "Motif Premier cas Lignes Nombre" in section
        assert not re.search(r"unreadable|in the future|no text|Reason|cells", section)
    else:
        assert "Reason First case Lines Count" in section
        assert not re.search(r"illisible|absent|Motif|encodage", section)


def test_every_kind_reads_back_in_python_and_in_sql() -> None:
    """A stored text gives back its code and details (the pattern of each kind, run by
    Python and by DuckDB alike), and the SQL writer writes what the Python one does."""
    details = {"value": "31/02/2025 25:61", "cells": "5", "width": "4", "limit": "1,000,000",
               "problem": "TOO MANY COLUMNS", "error": "ValueError: x: y", "count": "2",
               "problems": "item 1 text missing or empty; item 2 likes must be a number >= 0",
               }  # fmt: skip
    con = duckdb.connect()
    for r in reasons.REASONS:
        names = re.findall(r"\{(\w+)\}", r.stored)
        given = {k: details[k] for k in names}
        text = reasons.stored(r.code, **given)
        assert reasons.classify(text) == (r.code, given), r.code
        in_sql = con.execute(
            f"SELECT {reasons.sql_code('x')} FROM (SELECT ? AS x)", [text]
        ).fetchone()
        assert in_sql == (r.code,), r.code
        sql = reasons.sql_stored(r.code, **{k: "?" for k in names})
        assert con.execute(f"SELECT {sql}", [given[k] for k in names]).fetchone() == (text,)
        assert "{" not in reasons.render(text, "fr") and "{" not in reasons.render(text, "en")
    unknown = con.execute(
        f"SELECT {reasons.sql_code('x')} FROM (SELECT ? AS x)", ["malformed x: y"]
    )
    assert unknown.fetchone() == (None,)


#: words only one language would hold (a detail such as a value is left out)
ENGLISH = {"the", "row", "cell", "cells", "text", "date", "unreadable", "missing", "no",
           "not", "never", "closed", "longer", "than", "characters", "item", "cannot", "read",
           "future", "broken", "bytes", "feed", "refused", "change", "without"}  # fmt: skip
FRENCH = {"ligne", "cellule", "cellules", "texte", "illisible", "absent", "absente", "vide",
          "jamais", "fermé", "caractères", "dépasse", "élément", "impossible", "lire",
          "futur", "cassé", "octets", "flux", "refusé", "sans", "champ", "mal", "formé",
          "lecteur", "connecteur", "guillemet", "en-tête", "après"}  # fmt: skip


def test_every_kind_is_worded_in_one_language_each() -> None:
    for r in reasons.REASONS:
        names = re.findall(r"\{(\w+)\}", r.stored)
        text = reasons.stored(r.code, **{k: "7" for k in names})
        fr = set(re.findall(r"[^\W\d_][\w'-]*", reasons.render(text, "fr").lower()))
        en = set(re.findall(r"[^\W\d_][\w'-]*", reasons.render(text, "en").lower()))
        fr |= set(re.findall(r"[^\W\d_][\w'-]*", r.label.fr.lower()))
        en |= set(re.findall(r"[^\W\d_][\w'-]*", r.label.en.lower()))
        assert not fr & (ENGLISH - {"text", "date"}), (r.code, fr & ENGLISH)
        assert not en & FRENCH, (r.code, en & FRENCH)


def test_an_old_store_keeps_its_english_rows_readable(tmp_path: Path, project_dir: Path) -> None:
    """A store written before reason codes (schema 9) holds English texts: the upgrade
    gives them their codes, and they are shown in the run's language; a text of no known
    kind is shown as stored."""
    from rumeur import Workspace

    path = project_dir / "rumeur.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, "
                "applied_at TIMESTAMPTZ)")  # fmt: skip
    for version, name, sql in MIGRATIONS:
        if version <= 9:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    old = [
        ("a", 3, "unreadable date: hier soir"),
        ("b", 4, "no text"),
        ("c", 5, "unreadable CSV row: TOO MANY COLUMNS (6 cells, the header has 4)"),
        ("d", 6, "malformed comment: no created_time"),
    ]
    for qid, line, reason in old:
        con.execute(
            "INSERT INTO quarantine (quarantine_id, source, origin, line, reason, payload, "
            "created_at) VALUES (?, 'file', 'ancien.csv', ?, ?, '{}', now())",
            [qid, line, reason],
        )
    con.close()
    with Workspace.open(project_dir) as ws:
        fr = {r["line"]: (r["code"], r["reason"]) for r in ws.quarantine(lang="fr")}
        en = {r["line"]: r["reason"] for r in ws.quarantine(lang="en")}
        counts = {c["reason"]: c["n"] for c in ws.quarantine_summary("fr")}
    assert fr == {
        3: ("bad_date", "date illisible : « hier soir »"),
        4: ("no_text", "texte absent ou vide (champ text)"),
        5: ("csv_too_many_cells", "ligne CSV illisible : 6 cellules, l'en-tête en a 4"),
        6: (None, "malformed comment: no created_time"),
    }
    assert en[5] == "unreadable CSV row: 6 cells, the header has 4"
    assert counts == {"date illisible": 1, "texte absent": 1, "ligne CSV : cellules en trop": 1,
                      "malformed comment": 1}  # fmt: skip


def test_reasons_are_written_through_the_catalogue_only() -> None:
    """Nowhere but rumeur/ingest/reasons.py writes a quarantine reason as a plain
    string: a rejected item ``(payload, reason)``, a staged row's ``problem``, a bad CSV
    row's reason all come from :func:`rumeur.ingest.reasons.stored`."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "ingest/reasons.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            suspects: list[ast.expr] = []
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = ast.unparse(node.func.value)
                if node.func.attr == "append" and "rejected" in target and node.args:
                    arg = node.args[0]
                    if isinstance(arg, ast.Tuple) and len(arg.elts) == 2:
                        suspects.append(arg.elts[1])
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "BadRow":
                suspects.extend(node.args[1:2])
            if isinstance(node, ast.Dict):
                suspects.extend(
                    v for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "problem"
                )  # fmt: skip
            if any(_one_language(s) for s in suspects):
                found.append(f"{rel}:{getattr(node, 'lineno', '?')}")
    assert not found, found


def test_every_message_of_the_normalisers_is_worded_in_both_languages() -> None:
    """An item a connector cannot read is quarantined with its normaliser's message
    (``raise ValueError("no text")``): each such message of rumeur/connectors/ is one
    the reasons put in words, not quoted in English."""
    messages = []
    for path in sorted((SRC / "connectors").rglob("*.py")):
        if "doubles" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", None) == "ValueError"
                and node.exc.args
            ):
                arg = node.exc.args[0]
                if isinstance(arg, ast.Constant):
                    messages.append(str(arg.value))
                elif isinstance(arg, ast.JoinedStr):  # a value where {...} was
                    messages.append("".join(
                        str(v.value) if isinstance(v, ast.Constant) else "7" for v in arg.values
                    ))  # fmt: skip
    assert len(messages) >= 10
    for message in messages:
        text = reasons.stored("cannot_normalise", error=f"ValueError: {message}")
        fr, en = reasons.render(text, "fr"), reasons.render(text, "en")
        assert "message du connecteur" not in fr and message not in fr, fr
        assert en.startswith("item that cannot be read: "), en


def test_the_walk_sees_a_plain_reason() -> None:
    tree = ast.parse("page.rejected.append((payload, f'cannot normalise: {exc}'))")
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert isinstance(call.func, ast.Attribute)
    arg = call.args[0]
    assert isinstance(arg, ast.Tuple) and _one_language(arg.elts[1])
