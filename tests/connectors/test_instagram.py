"""The Instagram connector against the Graph API double: the account's media with their
comments and nested replies (the account's answers linked to the questions), the media
it is tagged in, hashtag media within Instagram's limit of 30 unique hashtags in 7 days,
no duplicates, an expired token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rumeur.connectors import registry
from rumeur.connectors._paging import time_key
from rumeur.connectors.doubles.meta import TOKEN, MetaDouble
from rumeur.connectors.doubles.meta_instagram import IG_USER_ID, USERNAME, InstagramCorpus
from rumeur.connectors.watcher import collect
from rumeur.errors import ConfigError

EPOCH = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=8)


@pytest.fixture
def meta():
    d = MetaDouble()
    d.instagram = InstagramCorpus(epoch=EPOCH)
    d.start()
    yield d
    d.stop()


@pytest.fixture
def ig(make_project, meta, monkeypatch, sleeps):
    monkeypatch.setenv("IG_TOKEN", TOKEN)

    def make(**extra):
        project = make_project([{"name": "ig", "type": "instagram", "base_url": meta.url,
                                 "ig_user_id": IG_USER_ID, "access_token_env": "IG_TOKEN",
                                 "limit": 8, "backfill_pages": 100, "backoff": 0.01,
                                 "hashtags": ["#Fibrelia", "fibreoptique"], **extra}])  # fmt: skip
        return project, lambda: registry.build(project, project.sources[0], sleep=sleeps)

    return make


def _run(store, project, build, cursor=None):
    conn = build()
    if cursor is not None:
        store.set_cursor("ig", cursor)
    try:
        return collect(store, project, conn, enrich=False), conn
    finally:
        conn.close()


def test_media_comments_replies_tags_and_hashtags(ig, store, meta):
    project, build = ig()
    res, _ = _run(store, project, build)
    c = meta.instagram
    replies = sum(len(x["replies"]["data"]) for cs in c.comments.values() for x in cs)
    tops = sum(len(cs) for cs in c.comments.values())
    hashtag = sum(len(v) for v in c.by_hashtag.values())
    assert res.error is None and res.quarantined == 0, res
    assert res.new == len(c.all_media) + len(c.all_tags) + tops + replies + hashtag
    rows = {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}
    media = rows["179000000000002"]
    assert media["is_own_account"] and media["author_handle"] == USERNAME
    assert media["author_followers"] == 12840 and media["platform"] == "instagram"
    q, a = rows["180000000200"], rows["1800000002001"]
    assert not q["is_own_account"] and q["reply_to"] == "179000000000002"
    assert a["is_own_account"] and a["reply_to"] == "180000000200"
    assert a["thread_id"] == q["thread_id"] == "179000000000002"
    assert not rows["178800000000001"]["is_own_account"]  # a media that tags the account
    assert sorted(meta.hashtag_searches) == ["fibrelia", "fibreoptique"]
    cursor = store.get_cursor("ig")
    assert set(cursor["hashtag_ids"]) == {"fibrelia", "fibreoptique"}
    assert TOKEN not in str(cursor)
    again, _ = _run(store, project, build)
    assert again.error is None and again.new == 0
    assert len(meta.hashtag_searches) == 2  # known ids are not searched again


def test_hashtag_limit_is_respected(ig, store, meta, make_project):
    with pytest.raises(ConfigError, match="au plus 30 valeurs"):
        make_project([{"name": "ig", "type": "instagram", "ig_user_id": IG_USER_ID,
                       "hashtags": [f"tag{i}" for i in range(31)]}])  # fmt: skip
    project, build = ig()
    now = datetime.now(UTC)
    # 29 other hashtags searched this week, one 8 days ago (out of the window)
    known = {f"autre{i}": {"id": f"1784{i}", "searched": time_key(now - timedelta(days=1))}
             for i in range(29)}  # fmt: skip
    known["ancien"] = {"id": "17849", "searched": time_key(now - timedelta(days=8))}
    res, _ = _run(store, project, build, cursor={"hashtag_ids": known})
    assert res.error is None
    assert meta.hashtag_searches == ["fibrelia"]  # the 30th; fibreoptique waits
    assert "limite Instagram de 30 hashtags uniques sur 7 jours atteinte : #fibreoptique" in (
        res.note or ""
    )
    tags = {r["external_id"] for r in store.query("SELECT external_id FROM mentions")}
    assert any(t.startswith("1787800") for t in tags)  # #fibrelia's media ("1787" + len 8)
    assert not any(t.startswith("1787120") for t in tags)  # #fibreoptique's not read


def test_expired_token(ig, store, meta):
    project, build = ig()
    meta.expired = True
    res, _ = _run(store, project, build)
    assert res.error_kind == "TokenExpiredError" and TOKEN not in res.error
