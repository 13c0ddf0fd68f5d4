"""Edited items (a review rewritten by its author, a reply edited by the brand): a newer
revision replaces the stored mention, an older or equal one changes nothing, items
without a revision keep the first-seen rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rumeur import config
from rumeur.ingest.pipeline import Ingestor
from rumeur.ingest.revisions import revision
from rumeur.records import Author, Mention
from rumeur.storage.duckdb import DuckDBStore

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _review(text: str, stars: int, when: datetime, *, revised: bool = True) -> Mention:
    extra = {"store": "test"}
    if revised:
        extra["revision"] = revision(when, stars, text)
    return Mention(platform="reviews", text=text, created_at=when, external_id="store:r1",
                   author=Author(handle="camille42"), rating=float(stars), extra=extra)  # fmt: skip


def _ingest(store: DuckDBStore, ing: Ingestor, *mentions: Mention):
    items = [(f'{{"v": "{m.text}"}}', m) for m in mentions]
    return ing.ingest_items(items, source="store-test")


def _setup(tmp_path):
    (tmp_path / "rumeur.toml").write_text(
        '[project]\nname = "t"\n[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n'
    )
    store = DuckDBStore(tmp_path / "s.duckdb")
    return store, Ingestor(store, config.load(tmp_path))


def test_a_newer_revision_replaces_the_stored_mention(tmp_path):
    store, ing = _setup(tmp_path)
    first = _ingest(store, ing, _review("Appli Fibrelia inutilisable", 1, T0))
    assert (first.imported, first.updated) == (1, 0)
    mid = store.scalar("SELECT mention_id FROM mentions")
    store.execute("INSERT INTO enrichments VALUES (?, 'sentiment-fast', '1', 'negative', 0.9, "
                  "NULL, now())", [mid])  # fmt: skip
    same = _ingest(store, ing, _review("Appli Fibrelia inutilisable", 1, T0))
    assert (same.imported, same.duplicates, same.updated) == (0, 1, 0)
    later = T0 + timedelta(days=2)
    edit = _ingest(store, ing, _review("Fibrelia a corrigé le bug, merci", 4, later))
    assert (edit.imported, edit.duplicates, edit.updated) == (0, 0, 1)
    row = store.query("SELECT * FROM mentions")[0]
    assert row["mention_id"] == mid  # replies still point at it
    assert row["rating"] == 4 and row["text"].startswith("Fibrelia a corrigé")
    assert row["created_at"] == later
    assert store.scalar("SELECT count(*) FROM enrichments") == 0  # they described the old text
    assert store.scalar("SELECT count(*) FROM raw_items") == 2  # both versions as received
    stale = _ingest(store, ing, _review("Appli Fibrelia inutilisable", 1, T0))
    assert (stale.updated, stale.duplicates) == (0, 1)
    assert store.scalar("SELECT rating FROM mentions") == 4


def test_the_newest_of_several_versions_in_one_batch_wins(tmp_path):
    store, ing = _setup(tmp_path)
    v1 = _review("v1 Fibrelia", 1, T0)
    v2 = _review("v2 Fibrelia", 3, T0 + timedelta(hours=1))
    v3 = _review("v3 Fibrelia", 5, T0 + timedelta(hours=3))
    res = _ingest(store, ing, v3, v1, v2)
    assert (res.imported, res.duplicates) == (1, 2)
    assert store.scalar("SELECT text FROM mentions") == "v3 Fibrelia"


def test_items_without_a_revision_keep_the_first_version(tmp_path):
    store, ing = _setup(tmp_path)
    _ingest(store, ing, _review("premier Fibrelia", 2, T0, revised=False))
    res = _ingest(store, ing, _review("autre Fibrelia", 5, T0 + timedelta(days=1), revised=False))
    assert (res.updated, res.duplicates) == (0, 1)
    assert store.scalar("SELECT text FROM mentions") == "premier Fibrelia"
