"""Survey exports as the common tools write them (layouts built from their documented CSV
exports; answers fictional): one table per question, several answers counted per option
over the respondents who answered, open answers as themes, short rows never a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.analytics.polls import closed_question, read_poll_csv, read_survey_csv, results
from rumeur.analytics.surveys import read_survey
from rumeur.errors import ImportFileError

OPEN = ["le réseau coupe souvent le soir dans mon quartier", "prix trop élevé pour la fibre",
        "service client injoignable pendant la panne", "appli lente pour consulter ma facture",
        "couverture 4G faible à la campagne", "le débit baisse quand il pleut",
        "j'attends toujours mon remboursement", "box qui redémarre toute seule la nuit",
        "offre claire, rien à redire", "trop de SMS publicitaires",
        "conseiller en boutique très aimable", "la résiliation a pris trois semaines"]  # fmt: skip
PLANS = ["Forfait 5G", "Forfait 4G", "Box seule"]
SERVICES = ["Mobile", "Box internet", "TV"]


def _chosen(i: int) -> list[str]:
    """Respondent i's services: of 20, 4 tick nothing; Mobile 15, Box 10, TV 4."""
    out = []
    if i % 4 != 3:
        out.append("Mobile")
    if i % 2 == 0:
        out.append("Box internet")
    if i % 5 == 0:
        out.append("TV")
    return out


def _write(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("sep", [", ", ";"])
def test_google_forms(tmp_path: Path, sep: str) -> None:
    rows = [["Horodateur", "Adresse e-mail", "Quel forfait avez-vous ?",
             "Quels services utilisez-vous ?", "Que faudrait-il améliorer ?"]]  # fmt: skip
    for i in range(20):
        rows.append([f"03/10/2025 09:{i:02d}:12", f"client{i}@example.org", PLANS[i % 3],
                     sep.join(_chosen(i)), OPEN[i % len(OPEN)] + f" ({i})"])  # fmt: skip
    qs = read_survey(_write(tmp_path / "forms.csv", rows))
    assert [(q.text, q.kind) for q in qs] == [
        ("Quel forfait avez-vous ?", "single"), ("Quels services utilisez-vous ?", "multi"),
        ("Que faudrait-il améliorer ?", "open")]  # fmt: skip
    services = qs[1]
    assert services.respondents == 16  # four ticked nothing: not in the denominator
    shares = services.shares()
    assert shares["Mobile"].value == pytest.approx(15 / 16)  # of respondents, not of ticks
    assert shares["Box internet"].value == pytest.approx(10 / 16)
    assert shares["TV"].value == pytest.approx(4 / 16)
    assert sum(e.value for e in shares.values()) > 1
    assert qs[0].shares()["Forfait 5G"].value == pytest.approx(7 / 20)


def test_surveymonkey_two_header_rows(tmp_path: Path) -> None:
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]  # fmt: skip
    rows = [[*meta, "Recommanderiez-vous Volta ?", "Sur quels réseaux nous suivez-vous ?", "",
             "", "Un dernier mot ?"],
            [""] * 9 + ["Response", "Facebook", "Instagram", "Autre (veuillez préciser)",
                        "Open-Ended Response"]]  # fmt: skip
    for i in range(12):
        rows.append([str(11400 + i), "4242", "10/03/2025 09:14:02 AM", "10/03/2025 09:16:40 AM",
                     "192.0.2.1", "", "", "", "",
                     "Oui" if i % 3 else "Non", "Facebook" if i % 2 else "",
                     "Instagram" if i % 3 == 0 else "", "Mastodon" if i == 5 else "",
                     OPEN[i]])  # fmt: skip
    qs = read_survey(_write(tmp_path / "monkey.csv", rows))
    assert [q.text for q in qs] == [
        "Recommanderiez-vous Volta ?",
        "Sur quels réseaux nous suivez-vous ?",
        "Un dernier mot ?",
    ]
    assert [q.kind for q in qs] == ["single", "multi", "open"]
    assert qs[0].respondents == 12 and qs[0].shares()["Oui"].value == pytest.approx(8 / 12)
    nets = qs[1].shares()
    assert qs[1].respondents == 8  # four ticked nothing: left out of the denominator
    assert nets["Facebook"].value == pytest.approx(6 / 8)
    assert nets["Instagram"].value == pytest.approx(4 / 8)
    assert nets["Autre (veuillez préciser)"].value == pytest.approx(1 / 8)


def test_limesurvey_codes(tmp_path: Path) -> None:
    rows = [["id", "submitdate", "lastpage", "startlanguage", "seed", "Q1", "Q2[SQ001]",
             "Q2[SQ002]", "Q2[SQ003]", "Q3"]]  # fmt: skip
    for i in range(10):
        rows.append([str(i + 1), "2025-10-03 09:14:02", "2", "fr", str(1000 + i),
                     "A1" if i < 6 else "A2", "Y" if i % 2 else "", "Y" if i < 3 else "",
                     "", OPEN[i]])  # fmt: skip
    qs = read_survey(_write(tmp_path / "lime.csv", rows))
    assert [(q.text, q.kind) for q in qs] == [("Q1", "single"), ("Q2", "multi"), ("Q3", "open")]
    assert qs[0].shares()["A1"].value == pytest.approx(0.6)
    q2 = qs[1]
    assert q2.respondents == 7  # rows 0-3, 5, 7, 9 ticked something
    assert q2.shares()["SQ001"].value == pytest.approx(5 / 7)


def test_typeform_choice_columns(tmp_path: Path) -> None:
    q = "Quelles offres connaissez-vous ?"
    rows = [["#", "Quelle note donnez-vous à Volta ?", q, q, q, "Start Date (UTC)",
             "Submit Date (UTC)", "Network ID", "Tags"]]  # fmt: skip
    for i in range(10):
        rows.append([f"r{i:03d}", str(1 + i % 5), "Fibre" if i < 7 else "",
                     "5G" if i % 2 else "", "Seniors" if i == 0 else "",
                     "2025-10-03 07:14:02", "2025-10-03 07:16:40", "a1b2c3", ""])  # fmt: skip
    qs = read_survey(_write(tmp_path / "typeform.csv", rows))
    assert [(x.text, x.kind) for x in qs] == [("Quelle note donnez-vous à Volta ?", "single"),
                                               (q, "multi")]  # fmt: skip
    assert qs[1].respondents == 9
    assert qs[1].shares()["Fibre"].value == pytest.approx(7 / 9)


def test_imported_survey_keeps_multi_answers(tmp_path: Path) -> None:
    rows = [["Horodateur", "Quels services utilisez-vous ?"]]
    rows += [[f"03/10/2025 09:{i:02d}:12", ", ".join(_chosen(i))] for i in range(20)]
    questions, answers = read_survey_csv(_write(tmp_path / "f.csv", rows))
    assert questions == ["Quels services utilisez-vous ?"]
    assert closed_question(answers, questions[0])["Mobile"].value == pytest.approx(15 / 16)


def test_poll_results_one_table_per_question(tmp_path: Path) -> None:
    f = tmp_path / "sondage.csv"
    f.write_text("question;option;votes\nAimez-vous l'offre ?;Oui;120\n"
                 "Aimez-vous l'offre ?;Non;80\nLa recommanderiez-vous ?;Oui;60\n"
                 "La recommanderiez-vous ?;Non;140\n",
                 encoding="utf-8")  # fmt: skip
    res = results(read_poll_csv(f))
    assert [r["question"] for r in res] == ["Aimez-vous l'offre ?", "La recommanderiez-vous ?"]
    first = res[0]["cells"]["all"]
    assert first["n"] == 200 and first["options"]["Oui"]["value"] == pytest.approx(0.6)


def test_short_poll_row_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "court.csv"
    f.write_text("question,option,votes\nQ,Oui,823\nQ,Non\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"court\.csv:3"):
        read_poll_csv(f)
    from rumeur.cli import _load, app

    _load()
    res = CliRunner().invoke(app, ["polls", "results", str(f)])
    assert res.exit_code != 0 and "court.csv:3" in res.output
    assert "Traceback" not in res.output


def test_cli_results_keeps_the_figures_contract(tmp_path: Path) -> None:
    from rumeur.cli import _load, app

    _load()
    f = tmp_path / "sondage.csv"
    f.write_text("question;réponse;pourcentage;votants\nOffre ?;Oui;71,38 %;1153\n"
                 "Offre ?;Non;28,62 %;1153\n", encoding="utf-8")  # fmt: skip
    res = CliRunner().invoke(app, ["polls", "results", str(f), "--json", "--by-question"])
    assert res.exit_code == 0, res.output
    (q,) = json.loads(res.stdout)
    oui = q["cells"]["all"]["options"]["Oui"]
    plain = CliRunner().invoke(app, ["polls", "results", str(f), "--json"])
    assert json.loads(plain.stdout) == q["cells"]  # one question: the original shape
    assert q["question"] == "Offre ?" and q["cells"]["all"]["n"] == 1153
    assert (round(oui["value"], 4), round(oui["lo"], 4), round(oui["hi"], 4)) == (
        0.7138,
        0.6870,
        0.7391,
    )
    text = CliRunner().invoke(app, ["polls", "results", str(f)]).output
    assert "Offre ?" in text and "71,4\u00a0% [68,7 – 73,9]" in text  # French, as the report
    g = _write(
        tmp_path / "forms.csv",
        [["Horodateur", "Quels services utilisez-vous ?"]]
        + [[f"03/10/2025 09:{i:02d}:12", ", ".join(_chosen(i))] for i in range(20)],
    )
    res = CliRunner().invoke(app, ["polls", "results", str(g), "--json"])
    assert res.exit_code == 0, res.output
    (s,) = json.loads(res.stdout)
    assert s["kind"] == "multi" and s["n"] == 16
    assert s["options"]["Mobile"]["value"] == pytest.approx(15 / 16)


def test_weighted_survey_uses_the_design_effect(tmp_path: Path) -> None:
    from rumeur.analytics.stats import wilson

    rows = [["Horodateur", "Êtes-vous satisfait ?", "poids"]]
    rows += [[f"03/10/2025 09:{i:02d}:00", "Oui" if i < 4 else "Non", "2" if i < 4 else "1"]
             for i in range(10)]  # fmt: skip
    (q,) = read_survey(_write(tmp_path / "pondere.csv", rows))  # the weight is no question
    oui = q.shares()["Oui"]
    n_eff = 14**2 / (4 * 2**2 + 6 * 1**2)  # Kish: (sum w)^2 / sum w^2 = 8.9 < 10
    assert oui.value == pytest.approx(8 / 14)
    assert (oui.lo, oui.hi) == pytest.approx(wilson(8 / 14 * n_eff, n_eff))
    assert "n_eff=8.9" in oui.method and oui.n == 10
    bad = _write(tmp_path / "faux.csv", [*rows[:3], ["03/10/2025", "Oui", "deux"]])
    with pytest.raises(ImportFileError, match=r"faux\.csv:4"):
        read_survey(bad)
