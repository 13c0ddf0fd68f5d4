"""App Store Connect connector against the local double: ES256 JWTs verified with the
test key's public half, JSON:API pages and errors, developer responses as own replies,
expired tokens, the hourly rate limit, edited reviews, bad items, resumable runs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rumeur.connectors import registry
from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.doubles.stores import TestKeys
from rumeur.connectors.watcher import collect
from rumeur.errors import ConfigError, CredentialsError
from tests.connectors.conftest import collect_first as _run

KEYS = TestKeys()  # generated for this run, never written outside tmp_path


@pytest.fixture
def double():
    d = ApiDouble(items=450)
    d.stores.keys = KEYS
    d.start()
    yield d
    d.stop()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    p8, _ = KEYS.write(tmp_path / "keys", "http://unused/token")
    return p8


def _src(double: ApiDouble, key: Path, **extra) -> dict:
    return {"name": "ios", "type": "appstore", "base_url": double.url, "app_id": sp.APP_ID,
            "issuer_id": KEYS.issuer_id, "key_id": KEYS.key_id, "private_key_file": str(key),
            "backoff": 0.01, **extra}  # fmt: skip


def _answered(n: int) -> int:
    """Published responses among reviews 0..n-1 (i % 3 == 0, pending when i % 21 == 0)."""
    return sum(1 for i in range(n) if i % 3 == 0 and i % 21 != 0)


def test_reviews_and_responses_are_stored_once(double, key_file, make_project, store):
    # the brand's own app: every review is about it; its answers are the brand's
    project = make_project([_src(double, key_file, brand="fibrelia", own_handle="@fibrelia_sav")])
    result, conn = _run(store, project)
    assert result.error is None, result.error
    assert result.pages == 3  # 450 reviews, 200 a page
    assert result.new == 450 + _answered(450)
    assert conn.pending == sum(1 for i in range(450) if i % 21 == 0)
    assert double.stores.rejected_tokens == 0 and conn.signer.signed == 1
    assert conn.quota == {"limit": 3600, "remaining": 3600 - 3, "window": "hour"}
    review = store.query("SELECT * FROM mentions WHERE external_id = ?",
                         [f"appstore:{sp.appstore_review_id(9)}"])[0]  # fmt: skip
    rating, title, body = sp.REVIEWS[9 % len(sp.REVIEWS)]
    assert review["rating"] == rating and review["title"] == title
    assert review["text"] == f"{body} (#9)" and review["platform"] == "reviews"
    assert review["created_at"] == double.when(9)
    assert json.loads(review["extra"])["territory"] == sp.TERRITORIES[9 % len(sp.TERRITORIES)]
    answer = store.query("SELECT * FROM mentions WHERE reply_to = ?", [review["external_id"]])[0]
    assert answer["external_id"] == f"appstore:{sp.appstore_response_id(9)}"
    assert answer["thread_id"] == review["external_id"]
    assert answer["created_at"] == double.when(9) + timedelta(hours=2)
    assert answer["text"] == sp.ANSWERS[9 % len(sp.ANSWERS)]
    assert answer["is_own_account"] and not review["is_own_account"]
    assert list(review["brands"]) == ["fibrelia"] and not review["unmatched"]
    assert store.scalar("SELECT count(*) FROM mentions WHERE is_own_account") == _answered(450)
    # the pending response of review 21 is not stored
    assert not store.query("SELECT 1 FROM mentions WHERE external_id = ?",
                           [f"appstore:{sp.appstore_response_id(21)}"])  # fmt: skip
    again, _ = _run(store, project)
    assert again.error is None and again.new == 0 and again.updated == 0
    assert store.scalar("SELECT count(*) FROM mentions") == 450 + _answered(450)
    assert store.scalar("SELECT count(*) - count(DISTINCT raw_id) FROM raw_items") == 0


def test_an_expired_token_is_signed_again_once(double, key_file, make_project, store):
    project = make_project([_src(double, key_file)])
    conn = registry.build(project, project.sources[0])
    assert collect(store, project, conn, enrich=False).error is None
    double.stores.expire_tokens()
    double.total += 12
    result = collect(store, project, conn, enrich=False)
    assert result.error is None, result.error
    assert result.new == 12 + _answered(462) - _answered(450)
    assert conn.tokens.minted == 2 and conn.signer.signed == 2
    assert double.stores.rejected_tokens == 1
    conn.close()


def test_token_lifetime_stays_within_twenty_minutes(double, key_file, make_project, store):
    import jwt

    clock = [datetime.now(UTC).timestamp()]
    project = make_project([_src(double, key_file, token_lifetime="1h")])
    conn = registry.build(project, project.sources[0])
    conn.signer.clock = conn.tokens.clock = lambda: clock[0]
    first = conn.tokens.token()
    claims = jwt.decode(first, KEYS.ec.public_key(), algorithms=["ES256"],
                        audience="appstoreconnect-v1")  # fmt: skip
    assert claims["exp"] - claims["iat"] == 1200 and claims["iss"] == KEYS.issuer_id
    assert jwt.get_unverified_header(first)["kid"] == KEYS.key_id
    clock[0] += 600
    assert conn.tokens.token() == first  # reused while valid
    clock[0] += 560  # under a minute left: a new one
    assert conn.tokens.token() != first and conn.signer.signed == 2
    conn.close()


def test_a_wrong_key_is_a_credentials_error_that_prints_no_secret(
    double, tmp_path, make_project, store
):
    other = TestKeys()
    p8, _ = other.write(tmp_path / "other", "http://unused/token")
    project = make_project([_src(double, p8)])
    result, _ = _run(store, project)
    assert result.error_kind == "CredentialsError"
    assert "NOT_AUTHORIZED" in result.error and "issuer_id" in (result.hint or "")
    assert double.stores.rejected_tokens == 2  # the first token, and one new one
    pem_body = other.p8().splitlines()[1]
    assert pem_body not in result.error and "eyJ" not in result.error


def test_key_file_problems_are_clear(double, tmp_path, make_project):
    missing = make_project([_src(double, tmp_path / "AuthKey_NOPE.p8")])
    with pytest.raises(CredentialsError, match=r"AuthKey_NOPE\.p8"):
        registry.build(missing, missing.sources[0])
    rsa_pem = tmp_path / "rsa.p8"
    rsa_pem.write_text(json.loads(json.dumps(KEYS.service_account("x")))["private_key"])
    wrong = make_project([_src(double, rsa_pem)])
    with pytest.raises(CredentialsError, match="pas une clé ES256") as err:
        registry.build(wrong, wrong.sources[0])
    assert "BEGIN" not in str(err.value)
    with pytest.raises(ConfigError, match="ne doit pas être écrit"):
        make_project([{**_src(double, rsa_pem), "private_key": "-----BEGIN PRIVATE KEY-----"}])


def test_key_from_an_environment_variable(double, make_project, store, monkeypatch):
    monkeypatch.setenv("ASC_KEY", KEYS.p8().replace("\n", "\\n"))  # one line, as in .env files
    src = _src(double, Path("unused"))
    del src["private_key_file"]
    project = make_project([{**src, "private_key_env": "ASC_KEY"}])
    result, _ = _run(store, project)
    assert result.error is None and result.new > 450


def test_rate_limit_ends_the_run_and_the_next_run_resumes(double, key_file, make_project, store):
    double.stores.apple_hour_limit = 2
    project = make_project([_src(double, key_file, limit=100)])
    result, conn = _run(store, project)
    assert result.error_kind == "RateLimitError"
    assert "0 requêtes sur 2 restantes cette heure" in result.error
    assert result.new == 200 + _answered(450) - _answered(250)  # two pages kept
    assert conn.quota["remaining"] == 0
    double.stores.apple_hour_limit = 3600
    rest, _ = _run(store, project)
    assert rest.error is None
    assert store.scalar("SELECT count(*) FROM mentions") == 450 + _answered(450)
    assert rest.duplicates == 0  # resumed at the saved page, nothing read twice


def test_a_backlog_over_runs_and_no_duplicates(double, key_file, make_project, store):
    project = make_project([_src(double, key_file, limit=50, backfill_pages=2, max_pages=2)])
    runs = [_run(store, project)[0] for _ in range(6)]
    assert [r.backlog for r in runs[:4]] == [True] * 4 and not runs[4].backlog
    assert all(r.error is None for r in runs)
    assert store.scalar("SELECT count(*) FROM mentions") == 450 + _answered(450)
    assert set(store.scalar("SELECT list(DISTINCT n) FROM (SELECT count(*) n FROM mentions "
                            "GROUP BY dedupe_key)")) == {1}  # fmt: skip


def test_a_response_written_later_is_found_by_the_revisit(tmp_path, key_file, make_project, store):
    now = datetime.now(UTC)
    double = ApiDouble(items=30, epoch=now - timedelta(hours=1), spacing=60.0)
    double.stores.keys = KEYS
    double.stores.reply_delay = 7200  # no response yet
    double.start()
    try:
        project = make_project([_src(double, key_file)])
        first, _ = _run(store, project)
        assert first.new == 30
        double.stores.reply_delay = 60  # the brand answered, after the collection
        double.stores.clear_cache()
        second, _ = _run(store, project)
        assert second.error is None and second.new == _answered(30)
        linked = store.scalar("SELECT count(*) FROM mentions a JOIN mentions r "
                              "ON a.reply_to = r.external_id")  # fmt: skip
        assert linked == _answered(30)
    finally:
        double.stop()


def test_an_edited_review_replaces_the_stored_version(double, key_file, make_project, store):
    project = make_project([_src(double, key_file)])
    _run(store, project)
    review = sp.appstore_review(448, double.when(448) + timedelta(minutes=5))
    review["attributes"].update(rating=4, body="Mise à jour : le SAV a réglé le souci, merci.")
    double.override("appstore", 448, (review, None))
    result, _ = _run(store, project)
    assert result.error is None and result.new == 0 and result.updated == 1
    row = store.query("SELECT * FROM mentions WHERE external_id = ?",
                      [f"appstore:{review['id']}"])[0]  # fmt: skip
    assert row["rating"] == 4 and row["text"].startswith("Mise à jour")
    versions = store.scalar("SELECT count(*) FROM raw_items WHERE payload LIKE ?",
                            [f"%{review['id']}%"])  # fmt: skip
    assert versions == 2  # every version kept as received
    assert _run(store, project)[0].updated == 0  # read again: nothing changes


def test_bad_items_are_quarantined_and_the_rest_stored(double, key_file, make_project, store):
    bad = sp.appstore_review(447, double.when(447))
    bad["attributes"]["rating"] = 0
    undated = sp.appstore_review(446, double.when(446))
    del undated["attributes"]["createdDate"]
    double.override("appstore", 447, (bad, None))
    double.override("appstore", 446, (undated, None))
    project = make_project([_src(double, key_file)])
    result, _ = _run(store, project)
    assert result.error is None and result.quarantined == 2
    reasons = sorted(r["reason"] for r in store.query("SELECT reason FROM quarantine"))
    assert "rating must be 1 to 5, got 0" in reasons[1] and "createdDate" in reasons[0]
    assert result.new == 448 + _answered(450) - 1  # 447 would have had a response


def test_an_unknown_app_is_named(double, key_file, make_project, store):
    project = make_project([_src(double, key_file, app_id="999")])
    result, _ = _run(store, project)
    assert result.error_kind == "ConnectorError" and "pas d'application 999" in result.error


def test_an_unknown_brand_is_refused_when_the_project_loads(double, key_file, make_project):
    with pytest.raises(ConfigError, match=r"'fibrelya' n'est pas un id de \[\[brands\]\]") as err:
        make_project([_src(double, key_file, brand="fibrelya")])
    assert "marques : fibrelia" in str(err.value) and err.value.line is not None
    assert "(brands: fibrelia)" in err.value.render("en")[0]


def test_a_stale_page_cursor_restarts_the_listing(double, key_file, make_project, store):
    project = make_project([_src(double, key_file, limit=100)])
    _run(store, project)
    cursor = store.get_cursor("ios")
    store.set_cursor(
        "ios", {**cursor, "resume": "bm90LWEtY3Vyc29y", "started": cursor["completed"]}
    )
    result, conn = _run(store, project)
    assert result.error is None and conn.restarted == 1 and result.new == 0
