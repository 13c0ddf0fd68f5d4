"""Google Business Profile connector against its double (doubles/google_business.py):
locations listed, reviews of each (starRating ONE..FIVE as 1-5, a rating without text,
a Google translation, an anonymous reviewer), the owner's replies as own-account
mentions, late replies, the OAuth refresh-token grant (a token renewed once when the API
says it expired, a revoked grant), Google's error bodies, the per-minute quota and a
pass cut by a failure."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.doubles import google_business as gb
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles.server import ApiDouble

from .owned_helpers import project, run, served

SECRET, REFRESH = "GOCSPX-fibrelia-double-secret", "1//0fibrelia-refresh-token"


clock, api = served(lambda c: gb.GoogleBusinessDouble(items=70, clock=c))


def _project(tmp_path, url: str, **extra: Any):
    src = {"name": "gbp", "type": "google_business", "account_id": f"accounts/{gb.ACCOUNT}",
           "client_id": "1234-fibrelia.apps.googleusercontent.com",
           "base_url": url + "/v4", "locations_url": url + "/v1", "token_url": url + "/token",
           "own_handle": "Fibrelia (Google)", "limit": 10, "backoff": 0.01,
           **extra}  # fmt: skip
    secrets = {"gbp": {"client_secret": SECRET, "refresh_token": REFRESH}}
    return project(tmp_path / "proj", [src], secrets)


def _all(n: int, g: gb.GoogleBusinessDouble) -> set[str]:
    ids = {gb.review_id(i) for i in range(n)}
    return ids | {gb.review_id(i) + ":reply" for i in range(n)
                  if gb.has_reply(i) and g.reply_at(i) <= g.now()}  # fmt: skip


def test_reviews_of_every_location_with_the_owners_replies(tmp_path, store, api, clock):
    double, g = api
    proj = _project(tmp_path, double.url)
    result = run(store, proj, clock)
    assert result.error is None, result.error
    rows = {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}
    assert set(rows) == _all(70, g) == double.served["google_business"]
    review = rows[gb.review_id(4)]
    assert review["rating"] == gb.STARS[4] and review["text"] == p.text(4)
    assert review["title"] == "Fibrelia Paris Bastille" and review["brands"] == ["fibrelia"]
    stars_only = rows[gb.review_id(3)]  # a rating without a comment
    assert stars_only["rating"] == gb.STARS[3] and stars_only["text"] == "★★☆☆☆"
    assert stars_only["author_name"] is None  # "A Google User" (anonymous)
    assert rows[gb.review_id(7)]["text"] == p.text(7)  # the original, not Google's English
    reply = rows[gb.review_id(4) + ":reply"]
    assert reply["is_own_account"] and reply["author_handle"] == "Fibrelia (Google)"
    assert reply["reply_to"] == reply["thread_id"] == gb.review_id(4)
    assert reply["created_at"] > review["created_at"]
    assert g.issued == 1  # one access token for the whole run
    assert store.scalar("SELECT count(*) FROM quarantine") == 0
    again = run(store, proj, clock)
    assert again.error is None and again.new == 0
    cursor = store.get_cursor("gbp")["locations"]
    assert set(cursor) == {loc for loc, _ in gb.LOCATIONS}


def test_a_late_reply_and_an_expired_token(tmp_path, store, api, clock):
    double, g = api
    clock.t = g.when(69).timestamp() + 60
    proj = _project(tmp_path, double.url)
    from rumeur.connectors import registry

    conn = registry.build(proj, proj.sources[0], sleep=clock.sleep, clock=clock)
    assert run(store, proj, clock, conn).error is None
    late = [i for i in range(70) if gb.has_reply(i) and g.reply_at(i).timestamp() > clock.t]
    assert late
    for token in g.tokens:  # Google ends the token before its announced expiry
        g.tokens[token] = clock.t - 1
    clock.t += 4 * 3600 - 600  # replies written; the client still thinks its token is good
    second = run(store, proj, clock, conn)
    assert second.error is None and second.new == len(late)
    assert g.issued == 2  # renewed once after the 401, then the calls went through
    # a day later six reviews were edited (more stars): each moves up the listing and
    # replaces its stored version
    clock.t += 2 * 86400
    third = run(store, proj, clock, conn)
    edits = [i for i in range(70) if gb.edited(i)]
    assert third.error is None and third.new == 0 and third.updated == len(edits) == 6
    row = store.query("SELECT * FROM mentions WHERE external_id = ?", [gb.review_id(16)])[0]
    assert row["rating"] == min(5, gb.STARS[16 % len(gb.STARS)] + 2)
    assert row["text"].endswith("tout est réglé.")
    conn.close()


def test_revoked_grant_and_foreign_account_are_credentials_errors(tmp_path, store, api, clock):
    double, _ = api
    proj = _project(tmp_path, double.url)
    (tmp_path / "proj" / "secrets.toml").write_text(
        f'[gbp]\nclient_secret = "{SECRET}"\nrefresh_token = "1//0revoked-grant-777"\n'
    )
    result = run(store, proj, clock)
    assert result.error_kind == "TokenExpiredError" and "invalid_grant" in result.error
    assert "1//0revoked-grant-777" not in result.error and SECRET not in result.error
    assert "autorisez à nouveau" in (result.hint or "")
    other = _project(tmp_path, double.url, account_id="999", location_ids=["4471002200113355"])
    result = run(store, other, clock)
    assert result.error_kind == "CredentialsError" and "PERMISSION_DENIED" in result.error
    assert "approuvées" in (result.hint or "")


def test_per_minute_quota_is_retried_and_a_cut_pass_resumes(tmp_path, store, clock):
    double = ApiDouble(items=0).start()
    try:
        g = double.mount(gb.GoogleBusinessDouble(items=70, clock=clock, per_minute=3))
        proj = _project(tmp_path, double.url, retries=8, backoff=20, max_backoff=60)
        result = run(store, proj, clock)
        assert result.error is None, result.error
        assert set(r["external_id"] for r in store.query("SELECT external_id FROM mentions")) \
            == _all(70, g)  # fmt: skip
        assert sum(clock.slept) >= 60  # it backed off past the minute
    finally:
        double.stop()


def test_a_pass_cut_by_a_failure_resumes_where_it_stopped(tmp_path, store, api, clock):
    double, g = api
    proj = _project(tmp_path, double.url, retries=0)
    calls: list[int] = []
    real = g.handle

    def flaky(method, path, q, headers, body):  # the 2nd page of the 2nd location fails
        if "/reviews" in path:
            calls.append(1)
            if len(calls) == 5:
                return 503, {}, b'{"error":{"code":503,"status":"UNAVAILABLE"}}', None
        return real(method, path, q, headers, body)

    g.handle = flaky  # type: ignore[method-assign]
    cut = run(store, proj, clock)
    assert cut.error and "503" in cut.error and cut.new > 0
    second = gb.LOCATIONS[1][0]
    assert store.get_cursor("gbp")["locations"][second]["resume"]  # mid-pass: its page token
    path = f"/v4/accounts/{gb.ACCOUNT}/locations/{second}/reviews"
    before = g.calls[path]
    healed = run(store, proj, clock)
    assert healed.error is None
    assert g.calls[path] - before == 2  # resumed at its 2nd page (of 3)
    ids = [r["external_id"] for r in store.query("SELECT external_id FROM mentions")]
    assert len(ids) == len(set(ids)) and set(ids) == _all(70, g)
