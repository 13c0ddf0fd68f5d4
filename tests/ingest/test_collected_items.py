"""Collected items (Ingestor.ingest_items, the path of every connector): what a Mention
says is what the store holds, copies inside one batch and across batches are one
mention, and rejected items are quarantined with their reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from rumeur import config
from rumeur.ingest.pipeline import Ingestor
from rumeur.records import Author, Engagement, Mention
from rumeur.storage.duckdb import DuckDBStore

T0 = datetime(2026, 11, 20, 9, 30, 15, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))


def _setup(tmp_path):
    (tmp_path / "rumeur.toml").write_text(
        '[project]\nname = "t"\n[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n'
        'own_accounts = ["fibrelia_sav"]\n'
    )
    store = DuckDBStore(tmp_path / "s.duckdb")
    return store, Ingestor(store, config.load(tmp_path))


def _full() -> Mention:
    return Mention(
        platform="facebook", text="Chez Fibrelia, l'installation a pris 3 semaines…",
        created_at=datetime(2026, 11, 20, 10, 30, 15, 250000, tzinfo=PARIS),
        external_id="104_1001", url="https://www.facebook.com/104_1001", title="Avis",
        language="fr", reply_to="104_1000", thread_id="104_1000", rating=2.5,
        author=Author(id="5000", handle="@camille.m", display_name="Camille Martin",
                      followers=1234, verified=True,
                      created_at=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)),
        engagement=Engagement(likes=7, shares=0, replies=None, views=15000),
        extra={"store": "fr", "revision_note": "l'« avis »", "n": [1, 2]},
    )  # fmt: skip


def test_every_field_of_a_collected_item_is_stored_as_given(tmp_path):
    store, ing = _setup(tmp_path)
    res = ing.ingest_items([('{"id": "104_1001"}', _full())], source="fb")
    assert (res.rows, res.imported, res.duplicates, res.quarantined) == (1, 1, 0, 0)
    row = store.query("SELECT * FROM mentions")[0]
    assert row["dedupe_key"] == "facebook:104_1001"
    assert row["created_at"] == datetime(2026, 11, 20, 9, 30, 15, 250000, tzinfo=UTC)
    assert row["author_created_at"] == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert (row["author_id"], row["author_handle"], row["author_name"]) == (
        "5000", "@camille.m", "Camille Martin")  # fmt: skip
    assert (row["author_followers"], row["author_verified"]) == (1234, True)
    assert (row["likes"], row["shares"], row["replies"], row["views"]) == (7, 0, None, 15000)
    assert (row["reply_to"], row["thread_id"], row["rating"]) == ("104_1000", "104_1000", 2.5)
    assert (row["title"], row["language"], row["url"]) == (
        "Avis", "fr", "https://www.facebook.com/104_1001")  # fmt: skip
    assert row["text"] == "Chez Fibrelia, l'installation a pris 3 semaines…"
    assert row["brands"] == ["fibrelia"] and row["is_own_account"] is False
    import json

    assert json.loads(row["extra"]) == {"store": "fr", "revision_note": "l'« avis »", "n": [1, 2]}
    raw = store.query("SELECT payload, source, origin FROM raw_items")
    assert raw == [{"payload": '{"id": "104_1001"}', "source": "fb", "origin": "fb"}]
    store.close()


def test_own_account_flags_and_rejected_items(tmp_path):
    store, ing = _setup(tmp_path)
    own = Mention(platform="facebook", text="Bonjour, nous regardons votre dossier.",
                  created_at=T0, external_id="104_1001_9",
                  author=Author(handle="Fibrelia_SAV"), reply_to="104_1001")  # fmt: skip
    flagged = Mention(platform="facebook", text="Merci !", created_at=T0, external_id="104_2",
                      author=Author(id="104", is_own_account=True))  # fmt: skip
    res = ing.ingest_items(
        [("{}", own), ("{}", flagged)],
        source="fb",
        rejected=[('{"id": "bad"}', "malformed comment: no created_time")],
    )
    assert (res.rows, res.imported, res.quarantined) == (3, 2, 1)
    assert res.reasons == {"malformed comment": 1}
    owned = dict(store.rows("SELECT external_id, is_own_account FROM mentions"))
    assert owned == {"104_1001_9": True, "104_2": True}
    q = store.query("SELECT line, reason, payload FROM quarantine")
    assert q == [{"line": 3, "reason": "malformed comment: no created_time",
                  "payload": '{"id": "bad"}'}]  # fmt: skip
    store.close()


def _copy(i: int, *, ext: bool = True, minute: int = 0) -> Mention:
    """The same comment as a copied export gives it: another payload, the same content."""
    return Mention(
        platform="facebook", text=f"  Fibrelia coupe encore la fibre (#{i})",
        created_at=T0 + timedelta(seconds=minute * 60 + i % 50),
        external_id=f"c{i}" if ext else None, author=Author(handle=f"user{i % 7}"),
    )  # fmt: skip


def test_copies_in_one_batch_and_across_batches_are_one_mention(tmp_path):
    store, ing = _setup(tmp_path)
    # one batch: 40 items with ids and 20 without, each twice (a copied export)
    batch = [(f'{{"n": {i}, "copy": {c}}}', _copy(i, ext=i < 40)) for i in range(60)
             for c in range(2)]  # fmt: skip
    first = ing.ingest_items(batch, source="fb")
    assert (first.rows, first.imported, first.duplicates) == (120, 60, 60)
    assert store.scalar("SELECT count(*) FROM mentions") == 60
    # the next batch: the same items again, reordered, and 5 new ones
    again = [*reversed(batch), *((f'{{"n": {i}}}', _copy(i)) for i in range(60, 65))]
    second = ing.ingest_items(again, source="fb")
    assert (second.rows, second.imported, second.duplicates) == (125, 5, 120)
    keys = store.rows("SELECT dedupe_key, count(*) FROM mentions GROUP BY ALL")
    assert len(keys) == 65 and {n for _, n in keys} == {1}
    fingerprints = [k for k, _ in keys if k.startswith("fp:")]
    assert len(fingerprints) == 20  # the items without an id: text, author and minute
    store.close()
