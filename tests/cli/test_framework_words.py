"""The words the command-line framework writes itself (Typer and its copy of Click):
French in help pages, and in usage errors of a French run; as the framework writes them
in an English run (``--lang en`` or an English project)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.cli.framework_words import error_in_french

_load()
runner = CliRunner()

#: what the framework writes in English: none of it may reach a French run's output
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this message|Install completion|\[default:|Error:|"
    r"Try '|No such|Invalid value|Missing (argument|option)|requires an argument|"
    r"Got unexpected|Input should|is not a valid|does not take a value"
)


@pytest.mark.parametrize("args", [["--help"], ["metrics", "--help"], ["mentions", "-h"]])
def test_help_pages_are_french_to_the_frame(args: list[str]) -> None:
    out = runner.invoke(app, args).output
    assert out.startswith("Utilisation : rumeur")
    assert "Options :" in out and "Affiche cette aide et quitte." in out
    assert not ENGLISH.search(out), ENGLISH.search(out)
    if args[0] in ("--help", "metrics"):
        assert "Commandes :" in out
    if args[0] == "mentions":
        assert "[défaut : 50]" in out  # --limit's default


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["mentions", "--bogus"], "Erreur : option inconnue : --bogus"),
        (["mentions", "--limit", "abc"],
         "Erreur : valeur invalide pour « --limit » : un nombre entier est attendu"),
        (["mentions", "--limit"], "Erreur : l'option --limit attend une valeur"),
        (["metrics", "bogus"], "Erreur : commande inconnue : bogus"),
        (["init", "a", "b", "c"], "Erreur : argument en trop : b c"),
        (["audit", "site", "--max-pages", "0", "https://exemple.invalid"],
         "Erreur : valeur invalide pour « --max-pages » : la valeur doit être ≥ 1"),
        (["mentions", "--json=oui"], "Erreur : l'option --json ne prend pas de valeur"),
    ],
)  # fmt: skip
def test_usage_errors_of_a_french_run(args: list[str], expected: str) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert expected in res.output, res.output
    if "Utilisation :" in res.output:  # the usage line, when the error knows its command
        assert f"Essayez « rumeur {args[0]}" in res.output
    assert not ENGLISH.search(res.output), res.output


def test_usage_errors_of_an_english_run(tmp_path: Path) -> None:
    res = runner.invoke(app, ["mentions", "--lang", "en", "--bogus"])
    assert res.exit_code == 2
    assert "Error: No such option: --bogus" in res.output
    assert "Try 'rumeur mentions -h' for help." in res.output
    assert "Erreur" not in res.output and "Essayez" not in res.output
    # an English project says it in English too, without --lang
    (tmp_path / "rumeur.toml").write_text('[project]\nname = "p"\nlanguage = "en"\n')
    res = runner.invoke(app, ["mentions", "--project", str(tmp_path), "--limit", "x"])
    assert res.exit_code == 2 and "Invalid value for '--limit'" in res.output


def test_a_missing_project_is_said_in_the_run_s_language(tmp_path: Path) -> None:
    fr = runner.invoke(app, ["mentions", "--project", str(tmp_path / "nulle-part")])
    assert fr.exit_code == 3
    assert "fichier introuvable" in fr.output and "créez-en un avec `rumeur init`" in fr.output
    en = runner.invoke(app, ["mentions", "--lang", "en", "--project", str(tmp_path / "x")])
    assert en.exit_code == 3 and "file not found" in en.output


def test_unknown_messages_are_kept_as_written() -> None:
    assert error_in_french("Something new happened") == "Something new happened"
    assert error_in_french("No such option: --x (Possible options: --xy, --xz)") == (
        "option inconnue : --x (options proches : --xy, --xz)"
    )
    assert error_in_french("Invalid value for '--n': 'a' is not one of 'b', 'c'.") == (
        "valeur invalide pour « --n » : 'a' n'est pas l'un de 'b', 'c'"
    )
    assert error_in_french("Missing argument 'FILES...'.") == "argument manquant : FILES..."
