"""Run the site audit against the fixture shop, each variant once per test session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from rumeur.audits.site import CrawlOptions, SiteAudit, SiteAuditOptions, audit_site
from rumeur.audits.site.consent import find_chromium
from tests.audits.site.fixture_site import VARIANTS, FixtureSite

TODAY = date(2026, 12, 1)

needs_chromium = pytest.mark.skipif(
    find_chromium() is None and not __import__("os").environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


@pytest.fixture(scope="session")
def test_ca() -> object:
    import trustme

    return trustme.CA()


@pytest.fixture(scope="session")
def run_audit(
    tmp_path_factory: pytest.TempPathFactory, test_ca: object
) -> Iterator[Callable[..., tuple[SiteAudit, FixtureSite]]]:
    cache: dict[tuple[str, bool, bool], tuple[SiteAudit, FixtureSite]] = {}
    certs = tmp_path_factory.mktemp("certs")

    def run(
        name: str, *, tls: bool = False, browser: bool = False
    ) -> tuple[SiteAudit, FixtureSite]:
        key = (name, tls, browser)
        if key not in cache:
            with FixtureSite(VARIANTS[name], tls=test_ca if tls else None, cert_dir=certs) as site:
                opts = SiteAuditOptions(
                    crawl=CrawlOptions(delay=0.0, verify=site.ca_path or True),
                    browser=browser,
                    ignore_https_errors=tls,
                    host_resolver_rules=site.resolver_rules,
                    today=TODAY,
                    settle_s=0.5,
                )
                cache[key] = (audit_site(site.url, opts), site)
        return cache[key]

    yield run


def statuses(audit: SiteAudit) -> dict[str, str]:
    return {c.id: c.status for c in audit.checks}


@pytest.fixture
def certs_dir(tmp_path: Path) -> Path:
    return tmp_path
