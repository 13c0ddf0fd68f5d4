"""Google Play connector against the local double: the service account's RS256
assertion verified by the token endpoint, access tokens that expire, the API's
one-week window (and the warning when a gap exceeds it), replies as own mentions,
edited reviews, quota, stale page tokens and bad items."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rumeur.connectors import registry
from rumeur.connectors._paging import time_key
from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.doubles.stores import TestKeys
from rumeur.connectors.watcher import collect
from rumeur.errors import CredentialsError
from tests.connectors.conftest import collect_first as _run

KEYS = TestKeys()  # generated for this run, never written outside tmp_path
N = 300


@pytest.fixture
def double():
    d = ApiDouble(items=N)
    d.stores.keys = KEYS
    d.start()
    yield d
    d.stop()


@pytest.fixture
def sa_file(tmp_path: Path, double: ApiDouble) -> Path:
    return KEYS.write(tmp_path / "keys", double.url + "/token")[1]


def _src(double: ApiDouble, key: Path, **extra) -> dict:
    return {"name": "play", "type": "googleplay", "base_url": double.url,
            "package_name": sp.PACKAGE, "service_account_file": str(key), "backoff": 0.01,
            **extra}  # fmt: skip


def _replies(n: int) -> int:
    return sum(1 for i in range(n) if i % 4 == 0)


def test_reviews_and_replies_are_stored_once(double, sa_file, make_project, store):
    project = make_project([_src(double, sa_file)])
    result, conn = _run(store, project)
    assert result.error is None, result.error
    assert result.pages == 3 and result.new == N + _replies(N)
    assert conn.tokens.minted == 1 and double.stores.rejected_tokens == 0
    assert conn.quota["used"] == 3 and conn.quota["remaining"] == 197
    rid = sp.play_review_id(8)
    review = store.query("SELECT * FROM mentions WHERE external_id = ?", [f"googleplay:{rid}"])[0]
    rating, title, body = sp.REVIEWS[8 % len(sp.REVIEWS)]
    assert review["rating"] == rating and review["title"] == title
    assert review["text"] == f"{body} (#8)" and review["language"] == "fr"
    assert abs(review["created_at"] - double.stores.play_when(8)) < timedelta(seconds=1)
    extra = json.loads(review["extra"])
    assert extra["device"] == sp.DEVICES[8 % len(sp.DEVICES)] and extra["appVersionName"] == "4.8.0"
    reply = store.query("SELECT * FROM mentions WHERE reply_to = ?", [f"googleplay:{rid}"])[0]
    assert reply["external_id"] == f"googleplay:{rid}:reply"
    assert reply["thread_id"] == f"googleplay:{rid}" and reply["text"] == sp.ANSWERS[8 % 3]
    # the replies' author (to list in own_accounts: it ties them to the brand); the
    # connector marks them as the brand's own (is_own_account) whether listed or not
    assert reply["author_handle"] == f"googleplay:{sp.PACKAGE}" and reply["is_own_account"]
    again, _ = _run(store, project)
    assert again.error is None and again.new == 0 and again.updated == 0
    assert store.scalar("SELECT count(*) FROM mentions") == N + _replies(N)


def test_an_expired_access_token_is_refreshed_once(double, sa_file, make_project, store):
    project = make_project([_src(double, sa_file)])
    conn = registry.build(project, project.sources[0])
    assert collect(store, project, conn, enrich=False).error is None
    double.stores.expire_tokens()
    double.total += 8
    result = collect(store, project, conn, enrich=False)
    assert result.error is None, result.error
    assert result.new == 8 + _replies(N + 8) - _replies(N)
    assert conn.tokens.minted == 2
    conn.close()


def test_a_wrong_service_account_is_refused_without_printing_it(
    double, tmp_path, make_project, store
):
    other = TestKeys()  # signs with a key the token endpoint does not know
    key = tmp_path / "sa.json"
    data = other.service_account(double.url + "/token")
    data.update(client_email=KEYS.sa_email, private_key_id=KEYS.sa_key_id)
    key.write_text(json.dumps(data))
    project = make_project([_src(double, key)])
    result, _ = _run(store, project)
    assert result.error_kind == "CredentialsError"
    assert "invalid_grant" in result.error and "compte de service" in result.error
    assert data["private_key"].splitlines()[1] not in result.error + (result.hint or "")
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"type": "authorized_user", "refresh_token": "1//secret-ish"}')
    project = make_project([_src(double, garbage)])
    with pytest.raises(CredentialsError, match="n'est pas une clé de compte de service") as err:
        registry.build(project, project.sources[0])
    assert "secret-ish" not in str(err.value)


def test_the_hourly_budget_stops_a_run_and_the_next_resumes(double, sa_file, make_project, store):
    clock = [datetime.now(UTC).timestamp()]
    project = make_project([_src(double, sa_file, limit=50, hourly_requests=2)])
    conn = registry.build(project, project.sources[0], clock=lambda: clock[0])
    first = collect(store, project, conn, enrich=False)
    assert first.error_kind == "QuotaExceededError" and "2 requêtes Google Play" in first.error
    assert store.scalar("SELECT count(*) FROM mentions WHERE reply_to IS NULL") == 100
    assert conn.quota == {"limit": 2, "used": 2, "remaining": 0, "window": "hour"}
    clock[0] += 3601  # an hour later the budget is back
    for _ in range(3):
        clock[0] += 3601
        assert collect(store, project, conn, enrich=False).error in (None, first.error)
    assert store.scalar("SELECT count(*) FROM mentions") == N + _replies(N)
    conn.close()


def test_googles_429_is_a_quota_error(double, sa_file, make_project, store):
    double.stores.play_hour_limit = 1
    project = make_project([_src(double, sa_file, limit=100)])
    result, _ = _run(store, project)
    assert result.error_kind == "QuotaExceededError" and "RESOURCE_EXHAUSTED" in result.error
    assert result.new == 100 + _replies(N) - _replies(N - 100)


def test_a_gap_longer_than_the_week_is_reported(double, sa_file, make_project, store):
    project = make_project([_src(double, sa_file)])
    assert _run(store, project)[0].note is not None  # first collection: how far back
    ok, _ = _run(store, project)
    assert ok.note is None
    cursor = store.get_cursor("play")
    cursor["completed"] = time_key(datetime.now(UTC) - timedelta(days=9))
    store.set_cursor("play", cursor)
    late, _ = _run(store, project)
    assert late.error is None
    assert "may have been missed" in late.note and "only lists the last 7 days" in late.note


def test_reviews_older_than_a_week_are_not_listed(make_project, store, tmp_path):
    now = datetime.now(UTC)
    double = ApiDouble(items=20, epoch=now - timedelta(days=10, hours=-1), spacing=86400 / 2)
    double.stores.keys = KEYS
    double.start()
    try:
        key = KEYS.write(tmp_path / "k", double.url + "/token")[1]
        project = make_project([_src(double, key)])
        result, _ = _run(store, project)
        assert result.error is None
        listed = store.scalar("SELECT count(*) FROM mentions WHERE reply_to IS NULL")
        assert listed == 14  # items 6 to 19: the last 7 days
    finally:
        double.stop()


def test_an_edited_review_replaces_the_stored_version(double, sa_file, make_project, store):
    project = make_project([_src(double, sa_file, brand="fibrelia", own_handle="fibrelia_sav")])
    _run(store, project)
    edited = sp.play_review(5, datetime.now(UTC) - timedelta(minutes=1), edited=1)
    double.override("googleplay", 5, edited)
    result, _ = _run(store, project)
    assert result.error is None and result.updated == 1 and result.new == 0
    row = store.query("SELECT * FROM mentions WHERE external_id = ?",
                      [f"googleplay:{sp.play_review_id(5)}"])[0]  # fmt: skip
    assert row["rating"] == sp.REVIEWS[6 % len(sp.REVIEWS)][0] and "[modifié 1x]" in row["text"]
    assert list(row["brands"]) == ["fibrelia"]  # the new version is the brand's too
    assert store.scalar("SELECT count(*) FROM mentions WHERE is_own_account") == _replies(N)
    assert store.scalar("SELECT count(*) FROM mentions") == N + _replies(N)


def test_a_stale_page_token_restarts_the_listing(double, sa_file, make_project, store):
    project = make_project([_src(double, sa_file, limit=100)])
    _run(store, project)
    cursor = store.get_cursor("play")
    store.set_cursor("play", {**cursor, "resume": "not-a-token", "started": cursor["completed"]})
    result, conn = _run(store, project)
    assert result.error is None and conn.restarted == 1 and result.new == 0


def test_bad_reviews_are_quarantined(double, sa_file, make_project, store):
    nostars = sp.play_review(3, double.stores.play_when(3))
    nostars["comments"][0]["userComment"].pop("starRating")
    double.override("googleplay", 3, nostars)
    project = make_project([_src(double, sa_file)])
    result, _ = _run(store, project)
    assert result.error is None and result.quarantined == 1
    assert "starRating must be 1 to 5" in store.scalar("SELECT reason FROM quarantine")


def test_translation_keeps_the_original_text():
    from rumeur.connectors.googleplay.normalise import review_mention

    review = sp.play_review(1, datetime.now(UTC))
    uc = review["comments"][0]["userComment"]
    uc["originalText"], uc["text"] = "Great app", "Super appli"
    m = review_mention(review, sp.PACKAGE)
    assert m.text == "Super appli" and m.extra["originalText"] == "Great app"
    assert m.language is None  # a translation: language detection decides
