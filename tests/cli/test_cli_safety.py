"""What the CLI prints is the data as it is, safe for a terminal, and bad values are
refused with the valid ones listed (exit code 2)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention
from tests.conftest import copy_project

_load()
runner = CliRunner()
WIDE = {"COLUMNS": "400"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, made once for the module (each test gets its own copy)."""
    tmp_path = tmp_path_factory.mktemp("safety")
    (tmp_path / "rumeur.toml").write_text(config.template(), encoding="utf-8")
    with DuckDBStore(tmp_path / "rumeur.duckdb") as s:
        add_mention(s, "a", text="Offre [/b] à 50% de remise \x1b]0;pwned\x07 \x1b[2J fin",
                    brands=["ma-marque"], sentiment="negative", handle="eve\x1b[31m")  # fmt: skip
        add_mention(s, "b", text="Offre à 50 euros, code promo_volta", brands=["ma-marque"],
                    created_at=T0 + timedelta(hours=1))  # fmt: skip
        add_mention(s, "c", text="Offre à 500 euros, code promoXvolta", brands=["concurrent"],
                    created_at=T0 + timedelta(hours=2))  # fmt: skip
    return tmp_path


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    return copy_project(built, tmp_path)


def _run(project: Path, *args: str) -> tuple[int, str]:
    res = runner.invoke(app, [*args, "-p", str(project)], env=WIDE)
    return res.exit_code, res.output


def test_data_is_printed_verbatim_and_escapes_neutralised(project: Path) -> None:
    code, out = _run(project, "mentions", "--search", "remise")
    assert code == 0, out
    assert "[/b]" in out and "50%" in out  # no markup read in the data
    assert "\x1b" not in out and "\x07" not in out  # nothing reaches the terminal raw
    assert "\\x1b]0;pwned" in out and "eve\\x1b[31m" in out  # shown, neutralised


def test_file_names_and_errors_keep_their_brackets(project: Path) -> None:
    f = project / "export [final].csv"
    f.write_text("auteur;date;avis\nCamille;2025-10-02 09:15;Ma Marque au top\n", "utf-8")
    code, out = _run(project, "import", str(f))
    assert code == 0, out
    assert "export [final].csv : 1 import" in out  # the name as it is, brackets kept
    code, out = _run(project, "mentions", "--brand", "[/b]")
    assert code == 2 and "'[/b]'" in out and "ma-marque" in out


def test_help_text_is_shown_as_written() -> None:
    res = runner.invoke(app, ["retention", "--help"], env=WIDE)
    assert res.exit_code == 0 and "[retention]" in res.output


@pytest.mark.parametrize(
    ("args", "valid"),
    [
        (["mentions", "--sentiment", "négatif"], "negative, neutral, positive"),
        (["mentions", "--platform", "avis"], "reviews"),
        (["mentions", "--brand", "inconnue"], "ma-marque, concurrent"),
        (["mentions", "--sort", "hasard"], "date, reach, engagement"),
        (["mentions", "--limit", "-1"], "--limit"),
        (["metrics", "opinion", "--by", "foo"], "brand, period, platform"),
        (["metrics", "opinion", "--period", "fortnight"], "day, week, month, all"),
        (["metrics", "debt", "--by", "foo"], "brand, platform, period, aspect"),
        (["metrics", "sov", "--platform", "avis"], "reviews"),
        (["metrics", "spikes", "--brand", "inconnue"], "ma-marque"),
        (["quarantine", "list", "--status", "fermé"], "open, resolved, retried, all"),
        (["mentions", "--since", "hier soir peut-être"], "2025-10-01"),
    ],
)
def test_unknown_values_are_refused_with_the_valid_ones(
    project: Path, args: list[str], valid: str
) -> None:
    code, out = _run(project, *args)
    assert code == 2, out
    assert valid in out and "Traceback" not in out


def test_search_reads_percent_and_underscore_literally(project: Path) -> None:
    # the full-text index reads words: '%' is punctuation, never a wildcard ("500" is
    # another word than "50")
    code, out = _run(project, "mentions", "--search", "50%", "--json")
    assert code == 0 and '"mention_id": "a"' in out and '"mention_id": "b"' in out
    assert '"mention_id": "c"' not in out
    code, out = _run(project, "mentions", "--search", "promo_volta", "--json")
    assert code == 0 and '"mention_id": "b"' in out and '"mention_id": "c"' not in out


def test_mention_times_are_in_the_project_zone_and_labelled(project: Path) -> None:
    code, out = _run(project, "mentions", "--brand", "concurrent")
    assert code == 0, out
    assert "date (Europe/Paris)" in out
    assert "2025-10-06 13:00" in out  # 11:00 UTC is 13:00 in Paris (summer time)


def test_since_and_until_are_read_in_the_project_zone(project: Path) -> None:
    # mention "c" is at 11:00 UTC = 13:00 in Paris: inside [12:30, 13:30) Paris time only
    code, out = _run(project, "mentions", "--since", "2025-10-06 12:30",
                     "--until", "2025-10-06 13:30", "--json")  # fmt: skip
    assert code == 0, out
    assert '"mention_id": "c"' in out and '"mention_id": "b"' not in out


@pytest.mark.parametrize("command", [["watch"], ["webhook"]])
def test_a_missing_source_is_a_configuration_error(project: Path, command: list[str]) -> None:
    code, out = _run(project, *command)
    assert code == 3, out  # exit code 3 (config), as for an unknown source name
    assert "rumeur.toml" in out
