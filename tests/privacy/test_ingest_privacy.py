"""What every import does for privacy: pseudonyms, redaction, and erased people kept out
(also on one platform only), with real files and a real DuckDB store."""

from __future__ import annotations

import stat

import pytest

from rumeur.analytics.rollup import refresh
from rumeur.errors import ConfigError
from rumeur.ingest import Ingestor
from rumeur.privacy import erase_author
from rumeur.privacy.keys import load_key
from tests.privacy.conftest import HANDLE, NAME, NOW, TEXTS, TOML, Scene, traces_in_store


def _configure(scene: Scene, extra: str) -> None:
    url = scene.server.url_for("/").rstrip("/")
    (scene.root / "rumeur.toml").write_text(TOML.format(url=url, extra=extra), encoding="utf-8")


def _import_all(scene: Scene) -> None:
    project = scene.project()
    with scene.open() as store:
        ing = Ingestor(store, project)
        for f in scene.files:
            ing.import_file(f, reference=NOW)


@pytest.mark.slow
def test_pseudonyms_keep_per_author_analytics(scene: Scene) -> None:
    _configure(scene, "[privacy]\npseudonymise_authors = true\n")
    _import_all(scene)
    secrets = scene.root / "secrets.toml"
    assert secrets.is_file() and stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert load_key(scene.project()) is not None
    with scene.open() as store:
        rows = store.query("SELECT platform, author_handle, author_id, author_name, url, text "
                           "FROM mentions ORDER BY created_at")  # fmt: skip
        assert all(r["author_handle"].startswith("anon-") for r in rows)
        assert all(r["author_name"] is None for r in rows)
        assert all(r["author_id"] is None or r["author_id"].startswith("anon-") for r in rows)
        assert not any(HANDLE in (r["url"] or "") for r in rows)
        assert traces_in_store(store, [HANDLE, NAME]) != []  # raw items keep the originals
        assert [h for h in traces_in_store(store, [HANDLE]) if h.startswith("mentions.")] == []
        # the same person gets the same pseudonym in the CSV, the Parquet and the JSONL
        hers = {r["author_handle"] for r in rows if r["text"] in (TEXTS["csv"], TEXTS["parquet"],
                                                                   TEXTS["jsonl"])}  # fmt: skip
        assert len(hers) == 1
        refresh(store)
        per_author = store.query("SELECT author, n FROM analytics_authors WHERE author IN "
                                 "(SELECT author_id FROM mentions WHERE author_handle = ?)",
                                 [hers.pop()])  # fmt: skip
        assert per_author and per_author[0]["n"] >= 1
    # an access or erasure request under her real handle still finds her
    with scene.open() as store:
        done = erase_author(store, scene.project(), [HANDLE, NAME])
        assert done.counts["mentions"] == 4
        assert store.query("SELECT count(*) AS n FROM mentions WHERE text = ?",
                           [TEXTS["csv"]])[0]["n"] == 0  # fmt: skip


def test_same_pseudonyms_across_imports_and_same_key(scene: Scene) -> None:
    _configure(scene, "[privacy]\npseudonymise_authors = true\n")
    project = scene.project()
    with scene.open() as store:
        Ingestor(store, project).import_file(scene.files[0], reference=NOW)
        first = store.query("SELECT author_handle FROM mentions WHERE text = ?", [TEXTS["csv"]])
    with scene.open() as store:
        Ingestor(store, project).import_file(scene.files[2], reference=NOW)  # Parquet, later
        second = store.query("SELECT author_handle FROM mentions WHERE text = ?",
                             [TEXTS["parquet"]])  # fmt: skip
    assert first[0]["author_handle"] == second[0]["author_handle"]


def test_texts_redacted_at_ingest(scene: Scene) -> None:
    _configure(scene, "[privacy]\nredact_text = true\n")
    path = scene.exports / "avis_coordonnees.csv"
    path.write_text(
        "Auteur;Date;Avis\n"
        'marc_fictif;03/10/2025 10:00;"Volta, rappelez-moi au 06 12 34 56 78 ou marc@exemple.fr"\n'
        'lea_fictive;03/10/2025 11:00;"Volta m\'a prélevé deux fois sur FR76 3000 6000 0112 3456 '
        '7890 189"\n',
        encoding="utf-8",
    )  # fmt: skip
    with scene.open() as store:
        res = Ingestor(store, scene.project()).import_file(path, reference=NOW)
        assert res.imported == 2
        texts = sorted(r["text"] for r in store.query("SELECT text FROM mentions"))
    assert texts == ["Volta m'a prélevé deux fois sur [IBAN]",
                     "Volta, rappelez-moi au [téléphone] ou [e-mail]"]  # fmt: skip


@pytest.mark.slow
def test_erasure_on_one_platform_keeps_the_others(scene: Scene) -> None:
    _import_all(scene)
    with scene.open() as store:
        done = erase_author(store, scene.project(), HANDLE, "mastodon")
        assert done.counts["mentions"] == 1  # the JSONL status
        left = {r["platform"] for r in store.query(
            "SELECT platform FROM mentions WHERE lower(author_handle) = ?", [HANDLE])}  # fmt: skip
        assert left and "mastodon" not in left
    # her review export imported again: still there (not erased there); her status: not back
    with scene.open() as store:
        ing = Ingestor(store, scene.project())
        assert ing.import_file(scene.files[3], reference=NOW).erased == 1
        assert ing.import_file(scene.files[0], reference=NOW).erased == 0


@pytest.mark.slow
def test_missing_key_refuses_the_import(scene: Scene) -> None:
    _import_all(scene)
    with scene.open() as store:
        erase_author(store, scene.project(), HANDLE)
        before = store.query("SELECT count(*) AS n FROM mentions")[0]["n"]
    (scene.root / "secrets.toml").unlink()  # lost: the erased could come back unnoticed
    with scene.open() as store, pytest.raises(ConfigError) as refused:
        Ingestor(store, scene.project()).import_file(scene.files[3], reference=NOW)
    assert "la clé de confidentialité qui les reconnaît manque" in str(refused.value)
    assert "privacy key" in refused.value.render("en")[0]
    with scene.open() as store:
        assert store.query("SELECT count(*) AS n FROM mentions")[0]["n"] == before


def test_bad_privacy_setting_names_the_key(scene: Scene) -> None:
    _configure(scene, '[privacy]\npseudonymise_authors = "oui"\n')
    with pytest.raises(ConfigError, match=r"privacy\.pseudonymise_authors"):
        _import_all(scene)
