"""Fault-injection soak: ``rumeur watch`` as a real process, 20% failed requests, kill -9 twice.

A local API double serves Mastodon, Bluesky, Reddit, an RSS feed, App Store Connect
and Google Play (their JWTs checked against test keys), X, Trustpilot and Google
Business Profile, whose items arrive over time; one request in five fails at random
(seeded: 500, 503, 429, a JSON body cut in half, or an answer slower than the client's
timeout). Beside it, the Graph API double serves a Facebook Page whose posts, comments,
the page's answers, tags and recommendations arrive while the watcher runs (an hour of
the page's life is a second), one request in five failing too (500, 503, a body cut in
half). The watcher is killed with
SIGKILL twice along the way and restarted; at the end it is stopped with SIGTERM
(graceful). Every item the double served must be stored exactly once, and enriched.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rumeur.connectors.doubles import google_business as gb
from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles import trustpilot as tp
from rumeur.connectors.doubles import x as xd
from rumeur.connectors.doubles.meta import TOKEN as META_TOKEN
from rumeur.connectors.doubles.meta import MetaDouble
from rumeur.connectors.doubles.meta_payloads import PAGE_ID, PageCorpus, _t
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.doubles.stores import TestKeys
from rumeur.storage.duckdb import DuckDBStore

from .conftest import write_project

KEYS = TestKeys()  # made for this run
ITEMS = 240
SOURCES = 10  # mastodon, bluesky, reddit, rss, appstore, googleplay, x, trustpilot, gbp, fb
OWNED_ITEMS = 80  # per owned-account double (their passes read several listings each)
ARRIVAL = 40.0  # items per second: all visible after 6 s
FAST = {"interval": "0.3s", "timeout": 0.5, "retries": 6, "backoff": 0.02, "max_backoff": 0.1,
        "breaker_threshold": 20, "breaker_cooldown": 0.5, "backfill_pages": 10000,
        "max_pages": 10000}  # fmt: skip


def _sources(url: str, keys: Path | None = None, meta_url: str | None = None) -> list[dict]:
    # the page first: its first passes run while its comments arrive, before a kill
    page = [] if meta_url is None else [
        {"name": "fb", "type": "facebook", "base_url": meta_url, "page_id": PAGE_ID,
         "access_token_env": "SOAK_FB", "limit": 10, "max_usage": 100, **FAST},
    ]  # fmt: skip
    stores = (
        []
        if keys is None
        else [
            {
                "name": "ios",
                "type": "appstore",
                "base_url": url,
                "app_id": sp.APP_ID,
                "issuer_id": KEYS.issuer_id,
                "key_id": KEYS.key_id,
                "revisit": "60s",
                "private_key_file": str(keys / f"AuthKey_{KEYS.key_id}.p8"),
                "limit": 10,
                **FAST,
            },
            {
                "name": "play",
                "type": "googleplay",
                "base_url": url,
                "package_name": sp.PACKAGE,
                "service_account_file": str(keys / "play-service-account.json"),
                "revisit": "60s",
                "hourly_requests": 1_000_000,
                "limit": 10,
                **FAST,
            },
        ]
    )
    return [
        *page,
        *stores,
        {"name": "masto", "type": "mastodon", "base_url": url, "hashtag": "fibrelia",
         "limit": 10, **FAST},
        {"name": "bsky", "type": "bluesky", "base_url": url, "identifier": "veille.bsky.social",
         "app_password_env": "SOAK_BSKY_PW", "query": "fibrelia", "limit": 10, **FAST},
        {"name": "rd", "type": "reddit", "base_url": url, "auth_url": url + "/api/v1/access_token",
         "client_id": "cid", "username": "bot", "client_secret_env": "SOAK_RD_SECRET",
         "password_env": "SOAK_RD_PW", "query": "fibrelia", "limit": 10, **FAST},
        {"name": "actu", "type": "rss", "url": url + "/feed.xml",  # a feed has no pages
         **{k: v for k, v in FAST.items() if k not in ("backfill_pages", "max_pages")}},
        *_owned(url),
    ]  # fmt: skip


def _owned(url: str) -> list[dict]:
    """X, Trustpilot and Google Business Profile sources (doubles mounted by _mount)."""
    return [
        {"name": "x", "type": "x", "base_url": url + "/2", "bearer_token_env": "SOAK_X",
         "query": "fibrelia -is:retweet", "username": "fibrelia_sav", "limit": 10, **FAST},
        {"name": "tp", "type": "trustpilot", "base_url": url + "/v1", "limit": 10,
         "business_unit_id": tp.UNIT_ID, "api_key_env": "SOAK_TP", "reply_window": "60s",
         **FAST},
        {"name": "gbp", "type": "google_business", "base_url": url + "/v4", "limit": 10,
         "locations_url": url + "/v1", "token_url": url + "/token", "account_id": gb.ACCOUNT,
         "client_id": "1234-fibrelia.apps.googleusercontent.com",
         "client_secret_env": "SOAK_GS", "refresh_token_env": "SOAK_GR",
         "reply_window": "60s", **FAST},
    ]  # fmt: skip


OWNED_ENV = {"SOAK_X": xd.XDouble(items=0).bearer_token, "SOAK_TP": "tp-key-fibrelia-0001",
             "SOAK_GS": "GOCSPX-fibrelia-double-secret",
             "SOAK_GR": "1//0fibrelia-refresh-token", "SOAK_FB": META_TOKEN}  # fmt: skip


def _page(start: float) -> MetaDouble:
    """The Facebook Page's double: 16 posts two seconds apart from 10 s before ``start``
    (epoch seconds: a backlog, then arrivals), the public's questions, the page's answers
    1-10 s later, 4 tags and 4 recommendations (the negative ones answered 5 s later)."""
    epoch = datetime.fromtimestamp(start, UTC) - timedelta(seconds=10)
    corpus = PageCorpus(epoch=epoch, posts=16, spacing=timedelta(seconds=2), ratings=4,
                        tagged=4, scale=1 / 3600)  # fmt: skip
    # seeded: the k-th request's fate is fixed, and this seed fails 11 of the first 20
    # (a pass over the page takes more than 20 requests)
    return MetaDouble(corpus, fail_rate=0.2, seed=7)


def _page_ids(corpus: PageCorpus) -> tuple[set[str], datetime]:
    """Every object of the page (posts, comments and answers, tags, recommendations and
    their answers) and when the last one appears."""
    objs = [*corpus.all_posts, *corpus.all_tagged, *corpus.all_ratings,
            *(c for cs in corpus.comments.values() for c in cs)]  # fmt: skip
    ids = {o["open_graph_story"]["id"] if "open_graph_story" in o else o["id"] for o in objs}
    return ids, max(_t(o) for o in objs)


def _mount(double: ApiDouble) -> None:
    """The owned accounts' doubles on the soak's server: items arriving like the others."""
    kw = {"items": OWNED_ITEMS, "arrival": ARRIVAL}
    double.mount(xd.XDouble(rate_limit=1_000_000, **kw))
    double.mount(tp.TrustpilotDouble(rate_limit=1_000_000, **kw))
    double.mount(gb.GoogleBusinessDouble(per_minute=1_000_000, **kw))


def _start(root: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "SOAK_BSKY_PW": "pw-bsky-123", "SOAK_RD_SECRET": "rd-secret-456",
           "SOAK_RD_PW": "rd-pw-789", **OWNED_ENV}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "rumeur", "watch", "-p", str(root), "--log-format", "json",
         "--batch-size", "10"],
        stdout=subprocess.DEVNULL, stderr=log.open("a"), env=env,
    )  # fmt: skip


def _runs(log: Path) -> list[dict]:
    out = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            rec = json.loads(line)
            if rec.get("event") == "run":
                out.append(rec)
    return out


def _wait_new(log: Path, skip: int, at_least: int, timeout: float) -> int:
    """Wait until the runs after the first ``skip`` stored ``at_least`` new mentions."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = _runs(log)
        if sum(r["new"] for r in runs[skip:]) >= at_least:
            return len(runs)
        time.sleep(0.05)
    raise AssertionError(f"the watcher stored fewer than {at_least} mentions in {timeout} s")


@pytest.mark.slow
def test_watch_survives_faults_and_kill_9(tmp_path):
    double = ApiDouble(items=ITEMS, arrival=ARRIVAL, fail_rate=0.2, seed=20261123,
                       slow_seconds=0.8)  # fmt: skip
    double.stores.keys = KEYS
    double.stores.play_hour_limit = 1_000_000
    _mount(double)
    double.start()
    meta = _page(time.time()).start()
    page_ids, page_last = _page_ids(meta.corpus)
    KEYS.write(tmp_path / "keys", double.url + "/token")
    root = tmp_path / "proj"
    write_project(root, _sources(double.url, tmp_path / "keys", meta.url))
    log = tmp_path / "watch.log"
    try:
        proc = _start(root, log)
        seen = 0
        dice = random.Random(7)
        for target in (30, 30):  # kill -9 twice, once the new process has stored something
            seen = _wait_new(log, seen, target, timeout=30)
            time.sleep(dice.uniform(0.3, 0.9))  # ... in the middle of the next sources' passes
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            proc = _start(root, log)
        # let it catch up: two clean runs per source that began after the last arrival (the
        # first may be a pass resumed from a killed process, which ends at its old top)
        page_visible = time.monotonic() + page_last.timestamp() - time.time() + 1
        all_visible = max(double.started + ITEMS / ARRIVAL, page_visible)  # (monotonic)
        deadline = time.monotonic() + 150  # nine sources on a loaded 2-core machine
        clean: dict[str, int] = {}
        while time.monotonic() < deadline and (len(clean) < SOURCES or min(clean.values()) < 2):
            time.sleep(0.3)
            wall_visible = time.time() - (time.monotonic() - all_visible)
            clean = {}
            for r in _runs(log):
                began = _epoch(r["ts"]) - r["seconds"]
                if r["error"] is None and began > wall_visible + 0.2:
                    clean[r["source"]] = clean.get(r["source"], 0) + 1
        last = {r["source"]: (r["error"], r["new"]) for r in _runs(log)}
        assert len(clean) == SOURCES and min(clean.values()) >= 2, f"not caught up: {clean} {last}"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0  # graceful stop
    finally:
        if proc.poll() is None:
            proc.kill()
        double.stop()
        meta.stop()
    fb_new = [r["new"] for r in _runs(log) if r["source"] == "fb"]
    print(f"requests {double.requests}, faults {double.faults}, runs {len(_runs(log))}; "
          f"page: requests {meta.requests}, faults {meta.faults}, new {fb_new}")  # fmt: skip
    assert double.faults >= 0.1 * double.requests and double.faults > 10  # faults happened
    assert meta.faults >= 10  # (see _page)
    store = DuckDBStore(root / "rumeur.duckdb", read_only=True)
    ids = {r["platform"] + ":" + r["external_id"]: r["n"] for r in store.query(
        "SELECT platform, external_id, count(*) AS n FROM mentions GROUP BY ALL")}  # fmt: skip
    platform = {"mastodon": "mastodon", "bluesky": "bluesky", "reddit": "reddit", "rss": "news",
                "appstore": "reviews", "googleplay": "reviews",
                "x": "twitter", "trustpilot": "reviews", "google_business": "reviews"}  # fmt: skip
    for kind, served in double.served.items():
        for ext in served:
            assert ids.get(f"{platform[kind]}:{ext}") == 1, f"{kind} {ext} stored {ids.get(ext)}x"
    assert len(double.served["mastodon"]) == ITEMS and len(double.served["bluesky"]) == ITEMS
    assert len(double.served["trustpilot"]) == OWNED_ITEMS + len(
        [i for i in range(OWNED_ITEMS) if tp.has_reply(i)])  # fmt: skip
    assert len(double.served["x"]) == len([i for i in range(OWNED_ITEMS) if not xd.is_repost(i)])
    assert len(double.served["google_business"]) == OWNED_ITEMS + len(
        [i for i in range(OWNED_ITEMS) if gb.has_reply(i)])  # fmt: skip
    answered = sum(1 for i in range(ITEMS) if i % 3 == 0 and i % 21)  # published responses
    assert len(double.served["appstore"]) == ITEMS + answered
    assert len(double.served["googleplay"]) == ITEMS + len(range(0, ITEMS, 4))  # with replies
    assert len(ids) >= 3 * ITEMS  # mastodon, bluesky, reddit all complete; rss = its window
    # the page: everything it holds was served (comments that arrived under older posts
    # included), and stored once
    assert meta.served == page_ids and len(page_ids) > 100
    for ext in page_ids:
        assert ids.get(f"facebook:{ext}") == 1, f"facebook {ext} stored {ids.get(ext)}x"
    assert set(ids.values()) == {1}
    assert sum(1 for line in log.read_text().splitlines() if '"event": "start"' in line) == 3
    dup_raw = store.scalar("SELECT count(*) - count(DISTINCT raw_id) FROM raw_items")
    assert dup_raw == 0
    not_enriched = store.scalar(
        "SELECT count(*) FROM mentions m WHERE NOT EXISTS "
        "(SELECT 1 FROM enrichments e WHERE e.mention_id = m.mention_id)"
    )
    assert not_enriched == 0
    text = log.read_text() + json.dumps(store.query("SELECT * FROM source_state"), default=str)
    for secret in (
        "pw-bsky-123",
        "rd-secret-456",
        "rd-pw-789",
        KEYS.p8().splitlines()[1],
        "ya29.fictif-",
        "eyJ",
        *OWNED_ENV.values(),
    ):  # key material, access tokens, JWTs
        assert secret not in text
    store.close()


def _epoch(ts: str) -> float:
    return datetime.fromisoformat(ts).timestamp()
