"""The CLI as a user runs it: real project folder, real store, real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app

_load()
runner = CliRunner()


def run(*args: str, ok: bool = True) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result.output


def test_init_writes_a_valid_commented_project(tmp_path: Path) -> None:
    run("init", str(tmp_path / "p"), "--name", "Veille test")
    text = (tmp_path / "p" / "rumeur.toml").read_text(encoding="utf-8")
    assert 'name = "Veille test"' in text and "# One [[brands]] table per brand" in text
    result = runner.invoke(app, ["init", str(tmp_path / "p")])
    assert result.exit_code == 1 and "existe déjà" in result.output


def test_invalid_config_names_key_and_line(tmp_path: Path) -> None:
    (tmp_path / "rumeur.toml").write_text(
        '[project]\nname = "x"\n\n[[brands]]\nid = "Bad Id"\nname = "X"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["mentions", "-p", str(tmp_path)])
    assert result.exit_code == 3
    assert "rumeur.toml:5" in result.output and "brands[0].id" in result.output


@pytest.mark.slow
def test_import_mentions_quarantine_report(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_dir)  # files are named relative to the working folder
    p = str(project_dir)
    out = json.loads(
        run(
            "import",
            "avis_export.csv",
            "mastodon_statuses.jsonl",
            "-p",
            p,
            "--export-time",
            "2025-10-05 14:00",
            "--json",
        )
    )
    assert [r["imported"] for r in out] == [6, 2]
    assert [r["quarantined"] for r in out] == [2, 1]
    again = json.loads(
        run(
            "import",
            str(project_dir / "avis_export.csv"),
            "-p",
            p,
            "--export-time",
            "2025-10-05 14:00",
            "--json",
        )
    )
    assert again[0]["imported"] == 0 and again[0]["duplicates"] == 7

    run("enrich", "-p", p)
    rows = json.loads(run("mentions", "-p", p, "--brand", "volta", "--json", "--limit", "100"))
    assert rows and all("volta" in r["brands"] for r in rows)
    assert {r["detected_language"] for r in rows} == {"fr"}
    found = json.loads(run("mentions", "-p", p, "--search", "PANNE geante", "--json"))
    assert [r["external_id"] for r in found] == ["113400000000000001"]
    own = json.loads(run("mentions", "-p", p, "--own", "--json"))
    assert [r["author_handle"] for r in own] == ["volta_sav"]

    listed = json.loads(run("quarantine", "list", "-p", p, "--json"))
    assert sorted(r["code"] for r in listed) == ["bad_date", "malformed_json", "no_text"]
    assert sorted(r["reason"].split(" ")[0] for r in listed) == ["JSON", "date", "texte"]
    run("quarantine", "export", str(project_dir / "q.csv"), "-p", p)
    assert "date illisible : « " in (project_dir / "q.csv").read_text(encoding="utf-8")

    run("report", "-p", p, "-o", str(project_dir / "r.html"))
    html = (project_dir / "r.html").read_text(encoding="utf-8")
    assert "Rapport d&#39;e-réputation" in html and "<svg" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html)  # offline
    run("report", "-p", p, "-o", str(project_dir / "r-en.html"), "--lang", "en")
    assert "E-reputation report" in (project_dir / "r-en.html").read_text(encoding="utf-8")


def test_import_missing_file_is_a_clear_error(project_dir: Path) -> None:
    result = runner.invoke(app, ["import", "nope.csv", "-p", str(project_dir)])
    assert result.exit_code == 5 and "fichier introuvable" in result.output


@pytest.mark.parametrize(
    "command",
    [
        "init",
        "import",
        "enrich",
        "mentions",
        "quarantine list",
        "quarantine export",
        "quarantine retry",
        "report",
        "demo",
    ],
)
def test_every_command_has_help_with_examples(command: str) -> None:
    out = run(*command.split(), "--help")
    assert "Exemples" in out and "rumeur " in out


def test_nlp_train_passes_its_work_folder_and_refuses_before_any_work(tmp_path: Path) -> None:
    """`rumeur nlp train --cache` reaches the training command: the crisis step replays
    work files that an empty work folder lacks, so it is refused at once, naming the
    folder and the steps that fill it, and nothing is made."""
    cache, out = tmp_path / "travail", tmp_path / "modeles"
    result = runner.invoke(
        app, ["nlp", "train", "--only", "crisis", "--cache", str(cache), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert f"--cache {cache} lacks" in result.output
    assert "short_oof_logits.npy (accurate-short)" in result.output
    assert not cache.exists() and not out.exists()


def test_the_enrich_bars_leave_out_enrichers_with_nothing_to_do() -> None:
    """The demo showed `language@1.0.0 0/0 0:01:26`: a bar for an enricher the import had
    already run, its clock running the whole time."""
    from rich.console import Console

    from rumeur.cli import _common

    real = _common.console._console
    _common.console._console = Console(width=100, record=True, force_terminal=False)
    try:
        with _common.enrich_bar(quiet=False) as progress:
            progress("language@1.0.0", 0, 0)
            progress("sentiment-accurate@1.10.0", 0, 3)
            progress("sentiment-accurate@1.10.0", 3, 3)
            progress("sentiment-fast@1.5.0", 0, 5)
            progress("sentiment-fast@1.5.0", 5, 5)
            progress("sentiment-fast@1.5.0", 0, 0)  # a second run, whose dependency is done
        out = _common.console._console.export_text()
    finally:
        _common.console._console = real
    assert "sentiment-accurate@1.10.0" in out and "3/3" in out and "5/5" in out
    assert "language@1.0.0" not in out and "0/0" not in out


def test_demo_refuses_too_few_mentions_before_any_work(tmp_path: Path) -> None:
    from rumeur.demo.generator import MIN_MENTIONS

    result = runner.invoke(app, ["demo", str(tmp_path / "d"), "--mentions", "300"])
    assert result.exit_code == 2 and "--mentions" in result.output
    assert f"{MIN_MENTIONS}" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d").exists()
