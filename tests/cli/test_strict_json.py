"""Every ``--json`` output is strict JSON (no NaN, no Infinity): a parser that refuses
them reads each command's output. The list of commands is taken from the CLI itself, so a
new command with ``--json`` must be added here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.jsonout import dumps, loads_strict
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention
from tests.audits.site.fixture_site import VARIANTS, FixtureSite

_load()
runner = CliRunner()

RULES = """
[[alerts.rules]]
name = "pic"
type = "spike"
brand = "ma-marque"
metrics = ["volume"]

[[sources]]
name = "flux"
type = "rss"
url = "http://127.0.0.1:9/feed.xml"
retries = 0
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("strict")
    (root / "rumeur.toml").write_text(config.template() + RULES, encoding="utf-8")
    with DuckDBStore(root / "rumeur.duckdb") as s:
        for i in range(40):
            add_mention(
                s, f"m{i}", brands=["ma-marque" if i % 3 else "concurrent"],
                sentiment=("negative", "positive", "neutral")[i % 3],
                created_at=T0 + timedelta(hours=7 * i), author_followers=10 * i,
                aspects={"price": "negative"} if i % 4 == 0 else None,
                text="Trop cher ce forfait, je résilie" if i % 2 else "Merci pour l'info !",
            )  # fmt: skip
    (root / "sondage.csv").write_text(
        "question,option,votes,wave\nQ,Oui,30,1\nQ,Non,70,1\nQ,Oui,45,2\nQ,Non,55,2\n",
        encoding="utf-8",
    )
    (root / "avis.csv").write_text(
        "auteur;date;avis\nCamille R.;2025-10-02 09:15;Ma Marque : fibre posée en 48 h.\n"
        "Yanis B.;pas une date;Ma Marque, trois jours sans réseau.\n",
        encoding="utf-8",
    )
    (root / "enquete.csv").write_text(
        "note,commentaire\n4,trop cher\n2,réseau en panne\n5,service au top\n3,trop cher\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A local shop site (loopback) for ``audit site``."""
    with FixtureSite(VARIANTS["compliant"]) as s:
        yield s.url


def _json_commands() -> set[str]:
    root = typer.main.get_command(app)
    found: set[str] = set()

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):  # a group (Typer's own click)
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        elif any("--json" in p.opts for p in cmd.params):
            found.add(" ".join(path))

    walk(root, ())
    return found


#: command -> (extra arguments, expected exit code); {p} is the project folder
CASES: dict[str, tuple[list[str], int]] = {
    "import": (["{p}/avis.csv"], 0),  # one row quarantined (its date)
    "enrich": (["--list"], 0),
    "mentions": (["--limit", "5"], 0),
    "quarantine list": ([], 0),
    "quarantine retry": ([], 0),
    "retention": (["--dry-run"], 0),
    "privacy erase": (["--author", "@personne_fictive", "--dry-run"], 0),
    "privacy log": ([], 0),
    "sources": ([], 0),
    "collect": (["flux", "--no-enrich"], 7),  # nothing listens on port 9
    "metrics opinion": (["--by", "brand", "--by", "period", "--period", "day"], 0),
    "metrics debt": (["--by", "aspect"], 0),
    "metrics sov": ([], 0),
    "metrics aspects": ([], 0),
    "metrics motivations": ([], 0),
    "metrics spikes": ([], 0),
    "metrics people": ([], 0),
    "metrics refresh": ([], 0),
    "alerts check": (["--dry-run"], 0),
    "alerts test": ([], 0),
    "alerts log": ([], 0),
    "alerts replay": ([], 0),
    "polls import": (["{p}/sondage.csv", "--name", "s1"], 0),
    "polls list": ([], 0),
    "polls results": (["{p}/sondage.csv"], 0),
    "polls compare": (["{p}/sondage.csv", "--by", "wave"], 0),
    "polls themes": (["{p}/enquete.csv", "--column", "commentaire", "-k", "2"], 0),
    "audit authenticity": ([], 0),
    "audit conduct": ([], 0),
    "audit site": (["{site}", "--no-browser", "--max-pages", "3", "--delay", "0"], 0),
    "labels set": (["m3", "--sentiment", "neutral", "--user", "test"], 0),
    "labels history": ([], 0),
    "users list": (["--state", "{p}/server.sqlite3"], 0),
}
#: commands whose --json is checked elsewhere (too slow to run here)
ELSEWHERE = {
    "demo": "tests/demo (the demo's --json is read by the demo tests)",
    "users token": "tests/server/test_cli_server.py (needs a user first)",
}


def test_every_json_command_is_covered() -> None:
    assert _json_commands() == set(CASES) | set(ELSEWHERE)


@pytest.mark.parametrize("command", sorted(CASES))
def test_json_output_is_strict(project: Path, site: str, command: str) -> None:
    extra, code = CASES[command]
    filled = [a.format(p=project, site=site) for a in extra]
    args = [*command.split(), *filled, "-p", str(project), "--json"]
    res = runner.invoke(app, args)
    assert res.exit_code == code, res.output
    loads_strict(res.stdout)  # raises on NaN / Infinity / anything but one JSON document


def test_the_encoder_writes_null_for_non_finite_numbers() -> None:
    text = dumps({"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5], "t": T0})
    assert loads_strict(text) == {"a": None, "b": [None, None, 1.5], "t": T0.isoformat()}
    with pytest.raises(ValueError):
        loads_strict(json.dumps({"a": float("nan")}))
    with pytest.raises(TypeError):
        dumps({"x": object()})
