"""The report in a real browser (Debian's Chromium through Playwright): a click on a figure
opens the folded list of its mentions, and nothing is wider than the page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from rumeur.audits.site.consent import find_chromium

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (.ci/run installs it)",
    ),
]


def test_links_open_their_mentions_and_nothing_overflows(reports, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "rapport.html"
    page_file.write_text(reports["fr"], encoding="utf-8")
    chromium = find_chromium()
    assert chromium, "chromium is needed here (.ci/run installs it)"
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
    ]
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="rumeur-report-"),
            executable_path=chromium,
            headless=True,
            args=args,
            viewport={"width": 1100, "height": 900},
        )
        try:
            page = ctx.new_page()
            page.goto(page_file.as_uri())
            # the page and every section fit the window: no table or chart sticks out
            assert page.evaluate("document.documentElement.scrollWidth") <= 1100
            wide = page.eval_on_selector_all(
                "section",
                "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id)",
            )
            assert wide == []
            # a spike's date links to its mentions: the folded list opens and shows them
            link = page.query_selector('#a-spikes table a[href^="#ml-"]')
            assert link is not None
            target = link.get_attribute("href")
            assert page.eval_on_selector(target, "e => e.closest('details').open") is False
            link.click()
            page.wait_for_timeout(300)
            assert page.eval_on_selector(target, "e => e.closest('details').open") is True
            rows = page.eval_on_selector(
                target, "e => e.closest('details').querySelectorAll('tbody tr').length"
            )
            assert 1 <= rows <= 5
            box = page.eval_on_selector(
                target,
                "e => e.closest('details').querySelector('summary').getBoundingClientRect().top",
            )
            assert 0 <= box < 900  # the list's title is in view
            # a chart point links the same way (a ringed day of the volume chart)
            dot = page.query_selector("#volume svg a")
            assert dot is not None
        finally:
            ctx.close()
