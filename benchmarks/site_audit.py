"""How long ``rumeur audit site`` takes on a 50-page site (target: under 60 s).

    python benchmarks/site_audit.py [--pages 50] [--delay 0.5]

The fixture shop of the tests (``tests/audits/site/fixture_site.py``: invented brand,
loopback only) grows product pages until the site holds ``--pages`` pages. Three runs,
in the same process, on the same server:

1. baseline: fetching every page once with httpx, one after the other, no delay and no
   parsing (what the network and the server cost);
2. the audit as shipped (best-first crawl, which stops once every legal page is found,
   the default 0.5 s delay, consent checked in headless Chromium);
3. the audit forced to read every page (``stop_when_found=False``, ``max_pages`` = the
   site's size), with the same delay: the worst case the target is about.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.audits.site.fixture_site import FixtureSite, Variant

from rumeur.audits.site import CrawlOptions, SiteAuditOptions, audit_site
from rumeur.audits.site.consent import find_chromium


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--delay", type=float, default=0.5)
    args = ap.parse_args()
    legal = 8  # home + 7 legal and contact pages
    variant = Variant(extra_pages=max(0, args.pages - legal), trackers=True)
    browser = find_chromium() is not None
    with FixtureSite(variant) as site:
        paths = list(site.pages())
        t0 = time.perf_counter()
        with httpx.Client() as client:
            for p in paths:
                client.get(site.url.rstrip("/") + p).raise_for_status()
        bare = time.perf_counter() - t0
        print(f"site: {len(paths)} pages on loopback; chromium: {'yes' if browser else 'no'}")
        print(f"baseline  bare httpx fetch of every page, no delay: {bare:6.2f} s")
        rules = site.resolver_rules
        for label, crawl in (
            ("shipped  ", CrawlOptions(delay=args.delay)),
            ("all pages", CrawlOptions(delay=args.delay, max_pages=len(paths),
                                       max_depth=10, stop_when_found=False)),
        ):  # fmt: skip
            opts = SiteAuditOptions(crawl=crawl, browser=browser, host_resolver_rules=rules)
            t0 = time.perf_counter()
            audit = audit_site(site.url, opts)
            took = time.perf_counter() - t0
            bad = sum(c.status != "ok" for c in audit.checks)
            print(
                f"{label} audit: {took:6.2f} s, {audit.crawled} pages read, "
                f"{len(audit.checks)} checks ({bad} not ok), {took / bare:5.1f}x the bare fetch"
            )
    print("target: under 60 s for a 50-page site")


if __name__ == "__main__":
    main()
