"""``rumeur privacy``: export (art. 15), erase, log and register, as a user runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.ingest import Ingestor
from tests.privacy.conftest import HANDLE, NAME, NOW, OTHERS, TEXTS, Scene

_load()
runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def _import(scene: Scene) -> None:
    with scene.open() as store:
        ing = Ingestor(store, scene.project())
        for f in scene.files:
            ing.import_file(f, reference=NOW)


@pytest.mark.slow
def test_export_holds_everything_about_her_and_nothing_else(scene: Scene) -> None:
    _import(scene)
    out = scene.root / "acces.json"
    text = run("privacy", "export", "--author", f"@{HANDLE}", "--author", NAME,
               "-p", str(scene.root), "-o", str(out))  # fmt: skip
    assert "acces.json" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "rumeur-access-export/1"
    assert sorted(m["text"] for m in data["mentions"]) == sorted(
        TEXTS[k] for k in ("csv", "cp1252", "parquet", "jsonl")
    )
    assert all(m["enrichments"] == [] or m["enrichments"][0]["enricher"] for m in data["mentions"])
    # the raw JSON status she wrote, her rows in the archived CSV and Parquet files, and her
    # row set aside for its unreadable date
    assert [r["payload"]["account"]["acct"] for r in data["raw_items"]] == [HANDLE]
    v = [(r["file"], r["row"], r["values"]) for r in data["archived_rows"]]
    archived = sorted((f, n, x.get("Avis") or x.get("text") or x.get("Texte")) for f, n, x in v)
    assert archived == [
        ("ancien_outil.csv", 2, TEXTS["cp1252"]),  # read back in its own encoding
        ("avis.parquet", 1, TEXTS["parquet"]),
        ("avis_volta.csv", 2, TEXTS["csv"]),
        ("avis_volta.csv", 4, TEXTS["csv_bad"]),
    ]
    assert [TEXTS["csv_bad"] in q["payload"] for q in data["quarantine"]] == [True]
    # why it was set aside, in the project's language, with its stable code
    assert [(q["code"], q["reason"]) for q in data["quarantine"]] == [
        ("bad_date", "date illisible : « pas une date »")
    ]
    assert data["identifiers"]["accounts"] == [{"platform": "mastodon", "id": "424242"}]
    assert data["processing"]["retention_days"]["quarantine"] == 90
    dumped = json.dumps(data, ensure_ascii=False)
    assert OTHERS["Camille R."] not in dumped and "Hugo Pélissier" not in dumped
    # to stdout as well, and the access is logged without her handle
    assert json.loads(run("privacy", "export", "--author", HANDLE, "-p", str(scene.root)))
    log = json.loads(run("privacy", "log", "--json", "-p", str(scene.root)))
    assert [e["operation"] for e in log] == ["export", "export"]
    assert HANDLE not in json.dumps(log) and log[0]["counts"]["mentions"] >= 3


@pytest.mark.slow
def test_erase_from_the_cli_then_log(scene: Scene) -> None:
    _import(scene)
    dry = json.loads(run("privacy", "erase", "--author", HANDLE, "--dry-run", "--json",
                         "-p", str(scene.root)))  # fmt: skip
    assert dry["dry_run"] and dry["counts"]["mentions"] == 3
    out = run("privacy", "erase", "--author", HANDLE, "--author", NAME, "-p", str(scene.root))
    assert out.startswith("Effacé : 4 mention(s)")
    again = run("privacy", "erase", "--author", HANDLE, "-p", str(scene.root))
    assert "Aucune donnée trouvée" in again
    log = run("privacy", "log", "-p", str(scene.root))
    assert log.count("erase") == 2 and "(Europe/Paris)" in log
    assert HANDLE not in log and NAME not in log
    exported = json.loads(run("privacy", "export", "--author", HANDLE, "-p", str(scene.root)))
    assert exported["mentions"] == [] and exported["archived_rows"] == []


def test_register_is_written_from_the_configuration(scene: Scene) -> None:
    toml = scene.root / "rumeur.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + """
[privacy]
controller = "Volta Mobile SAS (fictive)"
contact = "dpo@volta.example"
pseudonymise_authors = true
recipients = ["Équipe communication"]

[retention]
mentions_days = 365
""", encoding="utf-8")  # fmt: skip
    out = run("privacy", "register", "-p", str(scene.root))
    text = (scene.root / "registre-rgpd.md").read_text(encoding="utf-8")
    assert "registre-rgpd.md" in out
    assert "Responsable du traitement : Volta Mobile SAS (fictive)" in text
    assert "Pseudonymisation des auteurs à la collecte : **activée**" in text
    assert "`masto` (mastodon) : localhost" in text
    assert "Mentions, enrichissements et tables agrégées (analytics_*) : 365 jours" in text
    # pseudonyms on but originals kept forever: flagged; a retention is set: not flagged
    assert "fixer [retention] raw_days" in text and "mentions_days = 0" not in text
    run("privacy", "register", "--lang", "en", "-o", str(scene.root / "register.md"),
        "-p", str(scene.root))  # fmt: skip
    assert "Controller: Volta Mobile SAS (fictive)" in (scene.root / "register.md").read_text()
    log = json.loads(run("privacy", "log", "--json", "-p", str(scene.root)))
    assert [e["operation"] for e in log] == ["register", "register"]
