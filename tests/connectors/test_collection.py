"""Collection never stops silently: checked against the local API doubles (real loopback
HTTP servers) as posts arrive over time, with a post dated in the future, a backlog
larger than a run's page limit, a first collection capped by its page limit, side-lookup
faults and a stop requested during a retry delay."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.connectors import registry
from rumeur.connectors._paging import from_key
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.watcher import RunResult, Watcher, collect
from rumeur.storage.duckdb import DuckDBStore

from .conftest import write_project

_load()
PLATFORMS = ("mastodon", "bluesky")


def _source(kind: str, url: str, **extra: Any) -> dict[str, Any]:
    if kind == "mastodon":
        base = {"name": "src", "type": "mastodon", "base_url": url, "hashtag": "fibrelia"}
    else:
        base = {"name": "src", "type": "bluesky", "base_url": url, "query": "fibrelia",
                "identifier": "veille.bsky.social"}  # fmt: skip
    return {**base, "limit": 10, "backoff": 0.01, **extra}


def _project(tmp_path: Path, kind: str, url: str, **extra: Any) -> config.Project:
    secrets = {"src": {"app_password": "abcd-efgh-ijkl-mnop"}} if kind == "bluesky" else None
    return config.load(write_project(tmp_path / "proj", [_source(kind, url, **extra)], secrets))


def _run(store: DuckDBStore, project: config.Project) -> RunResult:
    conn = registry.build(project, project.sources[0])
    try:
        return collect(store, project, conn, enrich=False)
    finally:
        conn.close()


def _count(store: DuckDBStore) -> int:
    return int(store.scalar("SELECT count(*) FROM mentions"))


@pytest.fixture
def store(tmp_path: Path):
    s = DuckDBStore(tmp_path / "store.duckdb")
    yield s
    s.close()


def _future(kind: str, i: int, when: datetime, now: datetime) -> dict[str, Any]:
    """Item ``i`` dated ``when`` by its author (the server indexed it ``now``)."""
    iso = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if kind == "mastodon":
        status = p.mastodon_status(i)
        status["created_at"] = iso
        return status
    post = p.bluesky_post(i)
    post["record"]["createdAt"] = iso
    post["indexedAt"] = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return post


@pytest.mark.parametrize("kind", PLATFORMS)
def test_a_post_dated_a_day_ahead_does_not_stop_collection(tmp_path, store, kind):
    now = datetime.now(UTC)
    double = ApiDouble(items=100, epoch=now - timedelta(seconds=100), spacing=1.0).start()
    try:
        project = _project(tmp_path, kind, double.url)
        first = _run(store, project)
        assert first.error is None and first.new == 100
        double.override(kind, 100, _future(kind, 100, now + timedelta(days=1), now))
        double.total = 101
        second = _run(store, project)
        assert second.error is None and second.new == 1
        # the watermark stays behind the clock: the post's date cannot move it a day ahead
        mark = from_key(store.get_cursor("src")["watermark"])
        assert mark <= datetime.now(UTC)
        double.total = 151  # fifty real posts arrive
        third = _run(store, project)
        assert third.error is None, third.error
        assert third.new == 50
        assert _count(store) == 151
    finally:
        double.stop()


@pytest.mark.slow
@pytest.mark.parametrize("kind", PLATFORMS)
def test_a_backlog_larger_than_the_page_limit_is_drained_over_runs(tmp_path, store, kind):
    now = datetime.now(UTC)
    double = ApiDouble(items=20, epoch=now - timedelta(seconds=20), spacing=1.0).start()
    try:
        project = _project(tmp_path, kind, double.url, max_pages=2)
        for _ in range(3):
            if not _run(store, project).backlog:
                break
        assert _count(store) == 20
        double.total = 120  # 100 new posts between two runs: 5 runs' worth of pages
        results = []
        for _ in range(10):
            results.append(_run(store, project))
            if not results[-1].backlog:
                break
        assert all(r.error is None for r in results)
        assert _count(store) == 120
        assert sum(r.new for r in results) == 100
        capped = [r for r in results if r.backlog]
        assert len(capped) >= 4
        assert "page limit reached (2 pages)" in (capped[0].note or "")
        assert "next run continues" in (capped[0].note or "")
    finally:
        double.stop()


def test_first_collect_reads_back_to_since_across_runs_and_says_so(tmp_path, store):
    now = datetime.now(UTC)
    # 300 statuses two hours apart: 25 days, all within the default 30 days
    double = ApiDouble(items=300, epoch=now - timedelta(hours=600), spacing=7200).start()
    try:
        project = _project(tmp_path, "mastodon", double.url, limit=40, backfill_pages=5)
        first = _run(store, project)
        assert first.new == 200 and first.backlog
        assert first.note and "page limit reached (5 pages)" in first.note
        second = _run(store, project)
        assert second.error is None and not second.backlog
        assert _count(store) == 300
    finally:
        double.stop()


def test_since_bounds_the_first_collect(tmp_path, store):
    now = datetime.now(UTC)
    double = ApiDouble(items=300, epoch=now - timedelta(hours=600), spacing=7200).start()
    try:
        project = _project(tmp_path, "mastodon", double.url, limit=40, since="10d")
        result = _run(store, project)
        assert result.error is None and not result.backlog
        oldest = store.scalar("SELECT min(created_at) FROM mentions")
        cut = now - timedelta(days=10) + timedelta(minutes=1)
        recent = store.scalar("SELECT count(*) FROM mentions WHERE created_at >= ?", [cut])
        assert recent == sum(double.when(i) >= cut for i in range(300)) == 119
        # it stops on the page that crosses the 10 days: at most one page older
        assert oldest >= now - timedelta(days=10, hours=2 * 40 + 1)
    finally:
        double.stop()


def test_a_failed_follower_lookup_leaves_the_audience_empty_and_retries(tmp_path, store):
    now = datetime.now(UTC)
    double = ApiDouble(items=15, epoch=now - timedelta(seconds=30), spacing=1.0).start()
    try:
        project = _project(tmp_path, "bluesky", double.url, retries=0, breaker_threshold=100)
        double.fail_paths["app.bsky.actor.getProfiles"] = 1000
        first = _run(store, project)
        assert first.error is None and first.new == 15
        assert store.scalar("SELECT count(*) FROM mentions WHERE author_followers IS NULL") == 15
        double.fail_paths.clear()
        double.total = 25
        second = _run(store, project)
        assert second.error is None and second.new == 10
        filled = store.scalar("SELECT count(*) FROM mentions WHERE author_followers IS NOT NULL")
        assert filled == 10
    finally:
        double.stop()


def test_stop_returns_within_two_seconds_during_a_retry_delay(tmp_path):
    double = ApiDouble(items=10).start()
    double.retry_after = "9"
    double.fail_paths["/api/v1/timelines/tag/fibrelia"] = 1000
    try:
        write_project(tmp_path / "proj", [_source("mastodon", double.url, retries=3)])
        project = config.load(tmp_path / "proj")
        with DuckDBStore(tmp_path / "w.duckdb") as store:
            watcher = Watcher(store, project, enrich=False)
            thread = threading.Thread(target=watcher.run, daemon=True)
            thread.start()
            deadline = time.monotonic() + 10
            while double.requests == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)  # now inside the 9 s Retry-After wait
            t0 = time.monotonic()
            watcher.stop()
            thread.join(10)
            assert not thread.is_alive()
            assert time.monotonic() - t0 < 2.0
            # a stop is not a failure of the source
            assert store.source_states().get("src", {}).get("last_error") is None
    finally:
        double.stop()


def test_sources_counts_what_was_stored_even_after_a_crash(tmp_path):
    double = ApiDouble(items=60).start()
    try:
        root = tmp_path / "proj"
        write_project(root, [_source("mastodon", double.url, limit=40)])
        project = config.load(root)
        with DuckDBStore(project.store_path) as store:
            # the batches are committed; the run's end (record_state) never happens, as
            # when the process is killed after its last batch
            conn = registry.build(project, project.sources[0])
            collect(store, project, conn, enrich=False, batch_size=20)
            conn.close()
        out = CliRunner().invoke(app, ["sources", "--json", "-p", str(root)])
        assert out.exit_code == 0, out.output
        row = json.loads(out.stdout)["sources"][0]
        assert row["items_collected"] == 60
    finally:
        double.stop()


def test_collect_json_is_json_for_every_error_and_keeps_hints(tmp_path):
    root = tmp_path / "proj"
    write_project(root, [_source("mastodon", "http://127.0.0.1:9", retries=0)])
    runner = CliRunner()
    unknown = runner.invoke(app, ["collect", "nope", "--json", "-p", str(root)])
    assert unknown.exit_code == 3
    doc = json.loads(unknown.stdout)
    assert doc["error_kind"] == "ConfigError" and "nope" in doc["error"] and doc["hint"]
    down = runner.invoke(app, ["collect", "src", "--json", "--no-enrich", "-p", str(root)])
    assert down.exit_code == 7
    res = json.loads(down.stdout)
    assert res["error"] and not res["error"].startswith("src:")
    assert res["hint"] and "prochain passage" in res["hint"]
    text = runner.invoke(app, ["collect", "src", "--no-enrich", "-p", str(root)])
    assert text.exit_code == 7
    assert text.output.count("src:") == 1  # the source is named once
    assert "→" in text.output  # and the hint is printed


def test_init_suggests_only_real_source_types(tmp_path):
    out = CliRunner().invoke(app, ["init", str(tmp_path / "neuf")])
    assert out.exit_code == 0, out.output
    text = (tmp_path / "neuf" / "rumeur.toml").read_text(encoding="utf-8")
    assert 'type = "file"' not in text
    suggested = {line.split('"')[1] for line in text.splitlines() if "type = " in line}
    assert suggested and suggested <= set(registry.types())
