"""The Facebook Page connector against the local Graph API double: the feed with its
comments and replies (the page's own answers linked to what they answer), visitor posts,
tags and recommendations (stars), cursor pagination, comments arriving under old posts,
no duplicates, and Meta's errors (expired token, rate limit, 5xx, deleted post) and
usage headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rumeur.connectors import registry
from rumeur.connectors.doubles.meta import TOKEN, MetaDouble
from rumeur.connectors.doubles.meta_payloads import PAGE_ID, PageCorpus
from rumeur.connectors.watcher import collect

EPOCH = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=12)


@pytest.fixture
def meta():
    d = MetaDouble(PageCorpus(epoch=EPOCH)).start()
    yield d
    d.stop()


@pytest.fixture
def fb(make_project, meta, monkeypatch, sleeps):
    monkeypatch.setenv("FB_PAGE_TOKEN", TOKEN)

    def make(**extra):
        project = make_project(
            [
                {
                    "name": "fb-page",
                    "type": "facebook",
                    "base_url": meta.url,
                    "page_id": PAGE_ID,
                    "access_token_env": "FB_PAGE_TOKEN",
                    "limit": 10,
                    "backfill_pages": 100,
                    "backoff": 0.01,
                    **extra,
                }
            ]
        )
        # the connector's clock is the double's: "a week later" is a week later for both
        clock = lambda: (meta.now or datetime.now(UTC)).timestamp()  # noqa: E731
        return project, lambda: registry.build(
            project, project.sources[0], sleep=sleeps, clock=clock
        )

    return make


def _run(store, project, build):
    conn = build()
    try:
        return collect(store, project, conn, enrich=False), conn
    finally:
        conn.close()


def _rows(store):
    return {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}


def test_collects_the_page_and_links_its_answers(fb, store, meta):
    project, build = fb()
    res, _ = _run(store, project, build)
    c = meta.corpus
    n_comments = sum(len(v) for v in c.comments.values())
    expected = len(c.all_posts) + len(c.all_ratings) + len(c.all_tagged) + n_comments
    assert res.error is None and res.quarantined == 0, res
    assert res.new == expected
    rows = _rows(store)
    # the page's own post, a visitor's post
    own = rows[f"{PAGE_ID}_1000"]
    assert own["is_own_account"] and own["author_handle"] == PAGE_ID
    assert not rows[f"{PAGE_ID}_1004"]["is_own_account"]
    # a question and the page's answer: reply_to the question, same thread
    q, a = rows["1001_100"], rows["1001_1009"]
    assert not q["is_own_account"] and q["reply_to"] == f"{PAGE_ID}_1001"
    assert a["is_own_account"] and a["reply_to"] == "1001_100"
    assert a["thread_id"] == q["thread_id"] == f"{PAGE_ID}_1001"
    assert a["created_at"] - q["created_at"] == timedelta(hours=1 + (7 * 1 + 13 * 0) % 10)
    # a recommendation (stars) and the page's reply to a negative one
    pos, neg = rows[f"{PAGE_ID}_ogs2000"], rows[f"{PAGE_ID}_ogs2001"]
    assert (pos["rating"], neg["rating"]) == (5.0, 1.0)
    reply = rows[f"{PAGE_ID}_ogs2001_r"]
    assert reply["is_own_account"] and reply["reply_to"] == f"{PAGE_ID}_ogs2001"
    assert rows[f"{5_000_000_000_000}_900"]["text"].startswith("Soirée gaming")
    # the token never went into the URLs, the cursor, or the stored payloads
    cursor = store.get_cursor("fb-page")
    assert TOKEN not in str(cursor) and TOKEN not in str(store.query("SELECT * FROM raw_items"))
    assert set(cursor) == {"feed", "tagged", "ratings"}
    # the usage headers became quota readings
    quota = store.source_quota("fb-page")
    assert quota["app"]["unit"] == "%" and quota["pages"]["limit"] == 100
    again, _ = _run(store, project, build)
    assert again.error is None and again.new == 0


def test_comments_arriving_under_old_posts_are_read_on_the_next_pass(fb, store, meta):
    project, build = fb()
    meta.now = EPOCH + timedelta(days=5)
    first, _ = _run(store, project, build)
    assert first.error is None and first.new > 0
    meta.now = None  # a week later: new posts, and answers under the posts already read
    second, _ = _run(store, project, build)
    assert second.error is None
    rows = _rows(store)
    served = {c["id"] for cs in meta.corpus.comments.values() for c in cs}
    recent = {
        c["id"]
        for cs in meta.corpus.comments.values()
        for c in cs
        if datetime.strptime(c["created_time"], "%Y-%m-%dT%H:%M:%S%z")
        >= datetime.now(UTC) - timedelta(days=7)
    }
    # everything under posts of the revisit window is there, nothing twice
    assert recent <= set(rows)
    assert store.scalar("SELECT count(*) FROM mentions") == len(rows)
    late = [cid for cid in served if cid in rows and cid.endswith("9")]
    assert late  # the page's answers are stored


def test_expired_token_is_a_clear_credentials_error_without_the_token(fb, store, meta):
    project, build = fb()
    meta.expired = True
    res, _ = _run(store, project, build)
    assert res.error_kind == "TokenExpiredError"
    assert "jeton d'accès a expiré" in res.error and TOKEN not in res.error
    assert "jeton d'accès de page" in (res.hint or "")
    assert meta.requests == 1  # a page token cannot be refreshed: no retry loop


def test_rate_limit_keeps_what_was_read_and_the_next_run_continues(fb, store, meta):
    project, build = fb()
    total = len(meta.corpus.all_posts)
    conn = build()
    pages = conn.fetch(None)
    next(pages)
    meta.throttle = 1
    with pytest.raises(Exception) as err:
        list(pages)
    conn.close()
    assert type(err.value).__name__ == "GraphRateLimitError"
    assert "limite de débit atteinte" in str(err.value) and "(fbtrace_id AbCdEf123)" in str(
        err.value
    )
    meta.requests, meta.throttle_from, meta.throttle = 0, 15, 1  # limited at the 16th call
    res, _ = _run(store, project, build)
    assert res.error_kind == "GraphRateLimitError" and res.new > 0  # what was read is kept
    kept = res.new
    res, _ = _run(store, project, build)  # limit lifted: the whole page
    assert res.error is None and res.new > 0 and res.duplicates < kept
    assert (
        store.scalar("SELECT count(*) FROM mentions WHERE external_id LIKE ?", [f"{PAGE_ID}_1%"])
        == total
    )


def test_usage_near_the_limit_pauses_before_meta_blocks(fb, store, meta):
    project, build = fb(max_usage=1)
    meta.requests = 40  # the double reports 2 % usage from now on
    res, _ = _run(store, project, build)
    assert res.error_kind == "GraphRateLimitError" and "en pause avant que Meta bloque" in res.error
    assert meta.requests == 41  # no call made once the usage crossed the threshold
    assert store.source_quota("fb-page")["app"]["used"] == 2  # shown by `rumeur sources`


def test_server_errors_are_retried_and_deleted_posts_skipped(fb, store, meta):
    project, build = fb()
    meta.fail_next = 2
    meta.deleted.add(f"{PAGE_ID}_1001")
    res, conn = _run(store, project, build)
    assert res.error is None, res.error
    assert conn.graph.http.retried >= 2 and conn.deleted == 1
    rows = _rows(store)
    assert f"{PAGE_ID}_1001" in rows and "1001_100" not in rows


def test_an_unreadable_item_is_quarantined_not_fatal(fb, store, meta):
    project, build = fb()
    del meta.corpus.all_posts[2]["message"]  # a photo posted without a caption
    res, _ = _run(store, project, build)
    assert res.error is None and res.quarantined == 1
    reason = store.query("SELECT reason FROM quarantine")[0]["reason"]
    assert "no text" in reason
