"""X API v2 connector against its double (doubles/x.py): recent search, the own
account's timeline and mentions, since_id passes, resume mid-pass, rate-limit waits,
the monthly read budget, usage cap, problem bodies and partial answers."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.doubles import x as xd
from rumeur.connectors.doubles.server import ApiDouble

from .conftest import write_project
from .owned_helpers import Clock, run, served

TOKEN = "AAAAAAAAAAAAAAAAAAAAAFibreliaDoubleToken"


clock, api = served(lambda c: xd.XDouble(items=60, clock=c))


def _project(tmp_path, url: str, monkeypatch, **extra: Any) -> config.Project:
    monkeypatch.setenv("X_BEARER", TOKEN)
    src = {"name": "x", "type": "x", "base_url": url + "/2", "bearer_token_env": "X_BEARER",
           "query": "fibrelia -is:retweet", "username": "fibrelia_sav", "limit": 10,
           "backoff": 0.01, **extra}  # fmt: skip
    return config.load(write_project(tmp_path / "proj", [src]))


def _expected(n: int) -> set[str]:
    """Posts the source must store: everything but reposts."""
    return {xd.post_id(i) for i in range(n) if not xd.is_repost(i)}


def test_search_timeline_and_mentions_stored_once_with_the_brands_replies(
    tmp_path, monkeypatch, store, api, clock
):
    double, x = api
    project = _project(tmp_path, double.url, monkeypatch)
    result = run(store, project, clock)
    assert result.error is None, result.error
    rows = {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}
    assert set(rows) == _expected(60) == double.served["x"]
    # the brand's reply: own account, linked to the customer's post it answers
    reply = rows[xd.post_id(24)]
    assert reply["is_own_account"] and reply["author_handle"] == "@fibrelia_sav"
    assert reply["reply_to"] == reply["thread_id"] == xd.post_id(23)
    customer = rows[xd.post_id(22)]
    assert not customer["is_own_account"]
    assert customer["author_followers"] == xd.user(22)["public_metrics"]["followers_count"]
    assert customer["views"] == x.tweet(22)["public_metrics"]["impression_count"]
    assert customer["url"] == f"https://x.com/{xd.user(22)['username']}/status/{xd.post_id(22)}"
    # a suspended author: X sends the post without its author and an errors entry
    orphan = rows[xd.post_id(61 - 50)]
    assert orphan["author_id"] == xd.user(11)["id"] and orphan["author_handle"] is None
    assert store.scalar("SELECT count(*) FROM quarantine") == 0
    # a second run asks only for newer posts (since_id) and stores nothing twice
    seen = dict(x.calls)
    again = run(store, project, clock)
    assert again.new == 0 and again.duplicates == 0 and again.error is None
    assert store.scalar("SELECT count(*) FROM mentions") == len(_expected(60))
    assert sum(x.calls.values()) - sum(seen.values()) == 3  # one empty page per stream
    # new posts arrive: the next run reads them only
    x.total = 75
    third = run(store, project, clock)
    fresh = _expected(75) - _expected(60)
    assert third.new == len(fresh)
    # each stream read only its new posts: the duplicates are the posts that two streams
    # list (the brand's posts are in search and timeline, mentions in search and mentions)
    twice = [i for i in range(60, 75) if xd.is_own(i) or xd.names_own(i)]
    assert third.duplicates == len(twice) and third.items == len(fresh) + len(twice)


def test_a_pass_cut_by_a_failure_resumes_at_its_page_token(
    tmp_path, monkeypatch, store, api, clock
):
    double, x = api
    x.total = 90
    project = _project(tmp_path, double.url, monkeypatch, retries=0, mentions=False,
                       timeline=False)  # fmt: skip
    calls: list[int] = []
    real = x.handle

    def flaky(method, path, q, headers, body):  # the 3rd request fails
        calls.append(1)
        if len(calls) == 3:
            return 503, {}, b'{"title":"Service Unavailable","status":503}', None
        return real(method, path, q, headers, body)

    x.handle = flaky  # type: ignore[method-assign]
    cut = run(store, project, clock)
    assert cut.error and "503" in cut.error and cut.new == 20
    state = store.get_cursor("x")["streams"]["search"]
    assert state["resume"].startswith(xd.TOKEN_PREFIX)  # mid-pass: the page token
    healed = run(store, project, clock)
    assert healed.error is None and healed.duplicates == 0  # resumed at page 3
    ids = [r["external_id"] for r in store.query("SELECT external_id FROM mentions")]
    assert len(ids) == len(set(ids)) == len(_expected(90))


def test_rate_limit_headers_make_it_wait_for_the_reset_not_hammer(
    tmp_path, monkeypatch, store, clock
):
    double = ApiDouble(items=0).start()
    try:
        x = double.mount(xd.XDouble(items=60, clock=clock, rate_limit=2, window=120))
        project = _project(tmp_path, double.url, monkeypatch, timeline=False, mentions=False)
        result = run(store, project, clock)
        assert result.error is None, result.error
        assert store.scalar("SELECT count(*) FROM mentions") == len(_expected(60))
        # 6 search pages at 2 a window: it waited for each reset, never got a 429
        assert x.calls["/2/tweets/search/recent"] == 6
        assert x.rejected == 0
        assert len([s for s in clock.slept if 60 < s <= 121]) == 2
        # X's real window is 15 minutes: a wait that long ends the run (the watcher runs
        # the others meanwhile) and the next run waits for the reset, not sooner
        x.window, x._windows = 900.0, {}
        x.total = 100
        conn = registry.build(project, project.sources[0], sleep=clock.sleep, clock=clock)
        cut = run(store, project, clock, conn)
        assert cut.error and "attendre" in cut.error and cut.new == 20
        assert x.rejected == 0
        calls = dict(x.calls)
        assert run(store, project, clock, conn).error  # still in the window: no request
        assert x.calls == calls
        clock.t += 900
        assert run(store, project, clock, conn).error is None
        conn.close()
        assert store.scalar("SELECT count(*) FROM mentions") == len(_expected(100))
    finally:
        double.stop()


def test_a_429_is_waited_out_until_x_rate_limit_reset(tmp_path, monkeypatch, store, clock):
    double = ApiDouble(items=0).start()
    try:
        x = double.mount(xd.XDouble(items=30, clock=clock, rate_limit=1, window=60))
        x._windows["search"] = (clock.t, 5)  # another client spent this window
        project = _project(tmp_path, double.url, monkeypatch, timeline=False, mentions=False)
        result = run(store, project, clock)
        assert result.error is None, result.error
        assert any(55 <= s <= 61 for s in clock.slept)  # waited until the reset
    finally:
        double.stop()


def test_monthly_read_budget_is_enforced_before_requests(tmp_path, monkeypatch, store):
    clock = Clock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC).timestamp())  # a day before
    double = ApiDouble(items=0).start()  # the budget's month turns (Europe/Paris)
    x = double.mount(xd.XDouble(items=60, clock=clock))
    project = _project(tmp_path, double.url, monkeypatch, monthly_read_budget=25,
                       timeline=False, mentions=False)  # fmt: skip
    result = run(store, project, clock)
    assert result.error_kind == "BudgetSpentError" and "25" in result.error
    assert x.posts_read == 20  # 10 + 10; the 5 left cannot buy a page of 10 (the minimum)
    assert store.scalar("SELECT count(*) FROM mentions") == 20
    saved = store.source_quota("x")["budget"]
    assert saved["used"] == 20 and saved["limit"] == 25 and saved["unit"] == "posts"
    before = dict(x.calls)
    again = run(store, project, clock)
    assert again.error_kind == "BudgetSpentError"
    assert x.calls == before  # refused before any request
    # the next month the budget is whole again and the pass resumes where it stopped
    clock.t += 86400
    third = run(store, project, clock)
    assert third.error_kind == "BudgetSpentError" and third.new == 20 and third.duplicates == 0
    assert x.posts_read == 20 + 20
    assert store.source_quota("x")["budget"]["used"] == 20
    double.stop()


def test_usage_cap_problem_stops_without_retrying(tmp_path, monkeypatch, store, clock):
    double = ApiDouble(items=0).start()
    try:
        x = double.mount(xd.XDouble(items=60, clock=clock, usage_cap=10))
        project = _project(tmp_path, double.url, monkeypatch, timeline=False, mentions=False)
        result = run(store, project, clock)
        assert result.error_kind == "UsageCapError" and "cap" in result.error
        assert x.calls["/2/tweets/search/recent"] == 2  # the 1st page, then the 429: no retry
        assert store.scalar("SELECT count(*) FROM mentions") == 10  # the first page, kept
    finally:
        double.stop()


def test_bad_token_and_bad_query_are_clear_errors(tmp_path, monkeypatch, store, api, clock):
    double, _ = api
    project = _project(tmp_path, double.url, monkeypatch)
    monkeypatch.setenv("X_BEARER", "AAAArevokedtoken000")
    result = run(store, project, clock)
    assert result.error_kind == "CredentialsError" and "Unauthorized" in result.error
    assert "AAAArevokedtoken000" not in result.error
    monkeypatch.setenv("X_BEARER", TOKEN)
    long = _project(tmp_path, double.url, monkeypatch, query="fibrelia " * 80)
    result = run(store, long, clock)
    assert result.error_kind == "ConnectorError" and "512" in result.error
    assert "requête de la source" in (result.hint or "")


def test_unknown_username_is_named(tmp_path, monkeypatch, store, api, clock):
    double, _ = api
    project = _project(tmp_path, double.url, monkeypatch, username="fibrelia_nexistepas")
    result = run(store, project, clock)
    assert result.error and "@fibrelia_nexistepas" in result.error


def test_rumeur_sources_shows_the_budget_and_rate_limits(tmp_path, monkeypatch, api, clock):
    """`rumeur sources` after `rumeur collect`: posts read against the monthly budget and
    X's rate-limit readings of each endpoint, in French, times in the project's zone."""
    import json

    from typer.testing import CliRunner

    from rumeur.cli import _load, app

    _load()
    double, x = api
    _project(tmp_path, double.url, monkeypatch, monthly_read_budget=5000)
    root = str(tmp_path / "proj")
    out = CliRunner().invoke(app, ["collect", "x", "--json", "-p", root])
    assert out.exit_code == 0, out.output
    out = CliRunner().invoke(app, ["sources", "--json", "-p", root])
    assert out.exit_code == 0, out.output
    quota = json.loads(out.stdout)["sources"][0]["quota"]
    assert quota["budget"]["used"] == x.posts_read and quota["budget"]["limit"] == 5000
    assert quota["budget"]["unit"] == "posts"
    assert quota["x search"]["limit"] == 450 and quota["x search"]["remaining"] < 450
    assert {"x tweets", "x mentions"} <= set(quota)
    text = CliRunner().invoke(app, ["sources", "-p", root]).stdout
    assert f"budget : {x.posts_read} posts sur 5000 par mois" in text


def test_a_search_paused_past_7_days_restarts_and_says_what_it_missed(tmp_path, monkeypatch, store):
    from datetime import timedelta

    clock = Clock(time.time() - 10 * 86400)  # ten days ago; a post an hour
    start = datetime.fromtimestamp(clock.t, UTC)
    double = ApiDouble(items=0).start()
    try:
        x = double.mount(xd.XDouble(items=30, clock=clock, epoch=start - timedelta(days=1),
                                    spacing=3600))  # fmt: skip
        project = _project(tmp_path, double.url, monkeypatch, timeline=False, mentions=False)
        assert run(store, project, clock).error is None
        clock.t += 8 * 86400  # the watcher was off for 8 days; meanwhile 40 new posts
        x.total = 70
        late = run(store, project, clock)
        assert late.error is None, late.error
        assert late.note and "7 days" in late.note
        # X answered 400 to the old since_id; the pass restarted 7 days back (less an hour)
        reach = datetime.fromtimestamp(clock.t, UTC) - timedelta(days=7, hours=-1)
        readable = [i for i in range(30, 70) if x.when(i) >= reach and not xd.is_repost(i)]
        assert 0 < late.new == len(readable) < len(_expected(70) - _expected(30))
    finally:
        double.stop()
