"""Trustpilot connector against its double (doubles/trustpilot.py): reviews with their
stars and the company's replies (own-account mentions answering the review), page and
perPage with next-page links, replies written after a review was collected, the
private endpoint's OAuth token (renewed once when it expires), Apigee fault bodies,
rate limits and a pass cut by a failure."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.doubles import trustpilot as tp
from rumeur.connectors.doubles.server import ApiDouble

from .owned_helpers import project, run, served

KEY, SECRET = "tp-key-fibrelia-0001", "tp-secret-fibrelia-0001"


clock, api = served(lambda c: tp.TrustpilotDouble(items=45, clock=c))


def _project(tmp_path, url: str, **extra: Any):
    src = {"name": "tp", "type": "trustpilot", "base_url": url + "/v1",
           "business_unit_id": tp.UNIT_ID, "limit": 10, "backoff": 0.01, **extra}  # fmt: skip
    secrets = {"tp": {"api_key": KEY, "api_secret": SECRET}}
    return project(tmp_path / "proj", [src], secrets)


def _replied(n: int, t: tp.TrustpilotDouble) -> set[str]:
    return {tp.review_id(i) + ":reply" for i in range(n) if tp.has_reply(i)
            and t.reply_at(i) <= t.now()}  # fmt: skip


def test_reviews_stars_and_company_replies_once(tmp_path, store, api, clock):
    double, t = api
    proj = _project(tmp_path, double.url)
    result = run(store, proj, clock)
    assert result.error is None, result.error
    rows = {r["external_id"]: r for r in store.query("SELECT * FROM mentions")}
    reviews = {tp.review_id(i) for i in range(45)}
    assert set(rows) == reviews | _replied(45, t) == double.served["trustpilot"]
    assert t.calls["/v1/business-units/" + tp.UNIT_ID + "/reviews"] == 5  # 10 a page
    r3 = rows[tp.review_id(3)]
    assert r3["rating"] == tp.STARS[3] and r3["platform"] == "reviews"
    assert not r3["is_own_account"] and r3["title"]
    reply = rows[tp.review_id(3) + ":reply"]
    assert reply["is_own_account"] and reply["author_handle"] == "fibrelia.example"
    assert reply["reply_to"] == reply["thread_id"] == tp.review_id(3)
    assert reply["created_at"] > r3["created_at"] and reply["rating"] is None
    assert reply["brands"] == ["fibrelia"]
    again = run(store, proj, clock)
    assert again.error is None and again.new == 0
    assert store.scalar("SELECT count(*) FROM mentions") == len(rows)


def test_a_reply_written_after_the_review_was_collected_is_collected(tmp_path, store, api, clock):
    double, t = api
    clock.t = t.when(44).timestamp() + 60  # the newest review is a minute old
    proj = _project(tmp_path, double.url)
    first = run(store, proj, clock)
    late = [i for i in range(45) if tp.has_reply(i) and t.reply_at(i).timestamp() > clock.t]
    assert late, "the double should hold replies not yet written"
    assert first.new == 45 + len(_replied(45, t))
    clock.t += 8 * 3600  # the company answers the recent reviews
    second = run(store, proj, clock)
    assert second.error is None
    assert second.new == len(late)  # the replies, not the reviews again
    ids = {r["external_id"] for r in store.query("SELECT external_id FROM mentions")}
    assert {tp.review_id(i) + ":reply" for i in late} <= ids
    # two days on, consumers have edited four reviews (more stars, a line added): each
    # edit replaces the stored version, nothing is added
    clock.t += 2 * 86400
    edits = [i for i in range(45) if tp.edited(i)]
    third = run(store, proj, clock)
    assert third.error is None and third.new == 0 and third.updated == len(edits) == 4
    row = store.query("SELECT * FROM mentions WHERE external_id = ?", [tp.review_id(16)])[0]
    assert row["rating"] == min(5, tp.STARS[16 % len(tp.STARS)] + 2)
    assert row["text"].endswith("problème réglé, merci.")
    assert store.scalar("SELECT count(*) FROM mentions") == len(ids)


def test_private_endpoint_token_is_renewed_once_when_it_expires(tmp_path, store, api, clock):
    double, t = api
    proj = _project(tmp_path, double.url, endpoint="private")
    from rumeur.connectors import registry

    conn = registry.build(proj, proj.sources[0], sleep=clock.sleep, clock=clock)
    assert run(store, proj, clock, conn).error is None
    assert t.issued == 1
    for token in t.tokens:  # the server ends the token early
        t.tokens[token] = clock.t - 1
    t.total = 50
    second = run(store, proj, clock, conn)
    assert second.error is None and second.new >= 5
    assert t.issued == 2  # renewed once, then the request went through
    conn.close()
    # a wrong secret: a credentials error that names neither secret
    bad = _project(tmp_path, double.url, endpoint="private")
    (tmp_path / "proj" / "secrets.toml").write_text(
        f'[tp]\napi_key = "{KEY}"\napi_secret = "tp-wrong-secret-999"\n'
    )
    result = run(store, bad, clock)
    assert result.error_kind in ("CredentialsError", "TokenExpiredError")
    assert "Invalid ApiKey" in result.error and "tp-wrong-secret-999" not in result.error
    assert KEY not in result.error


def test_bad_key_and_unknown_business_unit(tmp_path, store, api, clock):
    double, _ = api
    proj = _project(tmp_path, double.url)
    (tmp_path / "proj" / "secrets.toml").write_text('[tp]\napi_key = "tp-revoked-key-42"\n')
    result = run(store, proj, clock)
    assert result.error_kind == "CredentialsError" and "Invalid ApiKey" in result.error
    assert "tp-revoked-key-42" not in result.error
    proj = _project(tmp_path, double.url, business_unit_id="000000000000000000000000")
    result = run(store, proj, clock)
    assert result.error and "404" in result.error and "business_unit_id" in (result.hint or "")


def test_rate_limit_fault_waits_for_retry_after(tmp_path, store, clock):
    double = ApiDouble(items=0).start()
    try:
        t = double.mount(tp.TrustpilotDouble(items=45, clock=clock, rate_limit=2, window=300))
        proj = _project(tmp_path, double.url, retries=3)
        result = run(store, proj, clock)
        assert result.error is None, result.error
        assert store.scalar("SELECT count(*) FROM mentions") == 45 + len(_replied(45, t))
        assert [s for s in clock.slept if 250 < s <= 301]  # waited for the window
    finally:
        double.stop()


def test_a_pass_cut_by_a_failure_resumes_at_its_page(tmp_path, store, api, clock):
    double, t = api
    proj = _project(tmp_path, double.url, retries=0)
    calls: list[int] = []
    real = t.handle

    def flaky(method, path, q, headers, body):  # the 3rd request fails
        calls.append(1)
        if len(calls) == 3:
            return 502, {}, b'{"fault":{"faultstring":"Bad Gateway"}}', None
        return real(method, path, q, headers, body)

    t.handle = flaky  # type: ignore[method-assign]
    cut = run(store, proj, clock)
    assert cut.error and cut.new >= 20
    assert store.get_cursor("tp")["resume"] == 3  # page 3 is next
    healed = run(store, proj, clock)
    assert healed.error is None and healed.duplicates == 0
    ids = [r["external_id"] for r in store.query("SELECT external_id FROM mentions")]
    assert len(ids) == len(set(ids)) == 45 + len(_replied(45, t))
