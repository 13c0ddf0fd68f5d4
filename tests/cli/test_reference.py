"""docs/cli.md is generated from the commands and matches them; option names are used
consistently across commands; every command accepts --project."""

from __future__ import annotations

from pathlib import Path

from rumeur.cli.reference import _commands, option_names, render

DOC = Path(__file__).parents[2] / "docs" / "cli.md"


def test_docs_cli_matches_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: python -m rumeur.cli.reference > docs/cli.md"
    )


def test_one_meaning_per_short_flag() -> None:
    used = option_names()
    clashes = {
        flag: sorted(primaries)
        for flag, primaries in used.items()
        if len(flag) == 2 and len(primaries) > 1
    }
    assert not clashes, clashes


def test_one_name_per_option() -> None:
    used = option_names()
    # a language code is always --lang (--language only as its alias), a brand -b/--brand
    assert set(used.get("--language", {})) <= {"--lang"}
    assert set(used.get("-b", {})) == {"--brand"}
    brand_commands = set().union(*used["--brand"].values())
    assert brand_commands == set().union(*used["-b"].values())  # --brand always has -b
    assert set(used["--enrichers"]) == {"--enrichers"}


def test_every_command_accepts_project() -> None:
    missing = [
        path
        for path, cmd in _commands()
        if not any("--project" in getattr(p, "opts", ()) for p in cmd.params)
    ]
    assert not missing
