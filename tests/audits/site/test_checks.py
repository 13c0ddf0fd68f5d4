"""Each check of the site audit has a fixture that passes it and one that fails it."""

from __future__ import annotations

import pytest

from tests.audits.site.conftest import needs_chromium, statuses

CONTENT = {
    "legal_notice": [
        "legal_notice.company", "legal_notice.address", "legal_notice.registration",
        "legal_notice.capital", "legal_notice.publication_director", "legal_notice.host",
    ],
    "cgv": ["cgv.price_delivery", "cgv.withdrawal", "cgv.guarantees", "cgv.mediator"],
    "privacy": [
        "privacy.controller", "privacy.purposes", "privacy.legal_basis", "privacy.retention",
        "privacy.rights", "privacy.dpo", "privacy.cnil",
    ],
    "accessibility": ["accessibility.statement"],
    "cookies": ["cookies.policy"],
}  # fmt: skip
PAGES = ["legal_notice", "cgv", "cgu", "privacy", "cookies", "accessibility"]
DATED = ["cgv", "cgu", "privacy", "cookies"]


@pytest.mark.slow
@needs_chromium
def test_compliant_site_over_https_passes_every_check(run_audit):
    audit, _ = run_audit("compliant", tls=True, browser=True)
    got = statuses(audit)
    assert {s for s in got.values()} == {"ok"}, {k: v for k, v in got.items() if v != "ok"}
    # every family is there, consent included: nothing was skipped to reach 100
    expected = {f"{k}.page" for k in PAGES} | {i for ids in CONTENT.values() for i in ids}
    expected |= {f"{k}.freshness" for k in DATED} | {"contact.means"}
    expected |= {"security.https", "security.hsts", "security.headers"}
    expected |= {
        "consent.banner", "consent.refuse_first_layer",
        "consent.trackers_before_consent", "consent.cookies_before_consent",
    }  # fmt: skip
    assert set(got) == expected
    assert audit.score == 100.0
    withdrawal = audit.check("cgv.withdrawal")
    assert withdrawal is not None and "14 jours" in (withdrawal.evidence or "")
    assert withdrawal.page is not None and withdrawal.page.endswith("/cgv")
    host = audit.check("legal_notice.host")
    assert host is not None and "03 20 00 00 00" in (host.evidence or "")
    refuse = audit.check("consent.refuse_first_layer")
    assert refuse is not None and "Tout refuser" in (refuse.evidence or "")


def test_missing_pages_are_each_reported(run_audit):
    audit, _ = run_audit("missing_pages")
    got = statuses(audit)
    for kind in ["legal_notice", "cgv", "cgu", "privacy", "cookies"]:
        assert got[f"{kind}.page"] == "missing", kind
    assert got["contact.means"] == "missing"
    assert got["security.headers"] == "missing"
    assert "content-security-policy" in (audit.check("security.headers").evidence or "")
    # the compliant site passes the same page checks
    ok, _ = run_audit("compliant")
    assert all(statuses(ok)[f"{k}.page"] == "ok" for k in PAGES)
    assert statuses(ok)["contact.means"] == "ok"
    assert statuses(ok)["security.headers"] == "ok"


def test_stale_legal_pages_are_flagged_with_their_date(run_audit):
    audit, _ = run_audit("stale")
    fresh, _ = run_audit("compliant")
    for kind in DATED:
        check = audit.check(f"{kind}.freshness")
        assert check is not None and check.status == "stale", kind
        assert "2 mars 2023" in (check.evidence or "")
        assert statuses(fresh)[f"{kind}.freshness"] == "ok"
    # the stored fingerprint carries the stated date, for the history
    cgv = next(p for p in audit.pages if p.kind == "cgv")
    assert cgv.updated == "2023-03-02"


def test_incomplete_pages_fail_each_content_rule(run_audit):
    audit, _ = run_audit("incomplete")
    good, _ = run_audit("compliant")
    got, ok = statuses(audit), statuses(good)
    for ids in CONTENT.values():
        for cid in ids:
            assert got[cid] == "missing", cid
            assert ok[cid] == "ok", cid
    host = audit.check("legal_notice.host")
    assert host is not None and "téléphone" in (host.evidence or "")


def test_footer_links_do_not_satisfy_page_rules(run_audit):
    # the footer says "Accessibilité : partiellement conforme" on every page; the
    # incomplete accessibility page itself says nothing of its conformance
    audit, _ = run_audit("incomplete")
    assert statuses(audit)["accessibility.statement"] == "missing"


def test_invalid_siren_is_a_violation(run_audit):
    audit, _ = run_audit("bad_siren")
    check = audit.check("legal_notice.registration")
    assert check is not None and check.status == "violation"
    assert "999000004" in (check.evidence or "")


def test_plain_http_and_missing_hsts(run_audit):
    audit, _ = run_audit("compliant")
    assert statuses(audit)["security.https"] == "violation"
    assert statuses(audit)["security.hsts"] == "missing"


def test_robots_txt_is_honoured_and_the_crawler_identifies_itself(run_audit):
    audit, site = run_audit("robots")
    ours = [(path, ua) for _, path, ua in site.requests if "RumeurAudit" in ua]
    assert ours, "the crawler's user agent names Rumeur"
    assert ("/robots.txt", ours[0][1]) in ours
    assert not any(path.startswith("/prive/") for path, _ in ours)
    assert any(u.endswith("/prive/cgv") for u in audit.skipped_by_robots)
    assert statuses(audit)["cgv.page"] == "missing"


@pytest.mark.slow
@needs_chromium
def test_trackers_and_cookies_before_consent(run_audit):
    audit, _ = run_audit("trackers", browser=True)
    got = statuses(audit)
    assert got["consent.trackers_before_consent"] == "violation"
    assert "Google Analytics" in (audit.check("consent.trackers_before_consent").evidence or "")
    assert got["consent.cookies_before_consent"] == "violation"
    assert "_ga" in (audit.check("consent.cookies_before_consent").evidence or "")
    assert got["consent.banner"] == "ok"


@pytest.mark.slow
@needs_chromium
def test_banner_without_a_refuse_button(run_audit):
    audit, _ = run_audit("no_refuse", browser=True)
    check = audit.check("consent.refuse_first_layer")
    assert check is not None and check.status == "violation"
    assert "Tout accepter" in (check.evidence or "")
    assert statuses(audit)["consent.banner"] == "ok"


@pytest.mark.slow
@needs_chromium
def test_refuse_hidden_in_a_small_link(run_audit):
    audit, _ = run_audit("tiny_refuse", browser=True)
    check = audit.check("consent.refuse_first_layer")
    assert check is not None and check.status == "violation"
    assert "lien" in (check.evidence or "") and "continuer sans accepter" in check.evidence


@pytest.mark.slow
@needs_chromium
def test_trackers_without_any_banner(run_audit):
    audit, _ = run_audit("no_banner_trackers", browser=True)
    got = statuses(audit)
    assert got["consent.banner"] == "violation"
    assert got["consent.trackers_before_consent"] == "violation"


def test_an_online_shop_without_accessibility_statement(run_audit):
    # the site sells online (it has CGV): the European Accessibility Act applies
    audit, _ = run_audit("no_accessibility")
    assert statuses(audit)["accessibility.page"] == "missing"
    assert "accessibility.statement" not in statuses(audit)
    # a site with no CGV is not asked for one (auto): missing_pages has no such check
    bare, _ = run_audit("missing_pages")
    assert "accessibility.page" not in statuses(bare)


def test_a_mailto_link_on_the_home_page_is_a_contact_mean(run_audit):
    audit, _ = run_audit("mailto_only")
    check = audit.check("contact.means")
    assert check is not None and check.status == "ok"
    assert "mailto:bonjour@brindille.example" in (check.evidence or "")
