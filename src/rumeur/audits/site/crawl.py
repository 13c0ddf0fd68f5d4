"""A polite crawl of one site: robots.txt honoured, bounded, rate limited, identified.

The crawl is best-first: from the home page it follows the links that look most like
legal pages first (footer links such as "Mentions légales", "CGV", "Confidentialité"),
so the pages the audit needs are found in a few requests even on a large site. It stays
on the site's host (and its ``www.`` twin), never goes deeper than ``max_depth`` links
from the home page, fetches at most ``max_pages`` pages, waits ``delay`` seconds between
two requests (longer if robots.txt asks for a ``Crawl-delay``) and skips every path that
robots.txt forbids to its user agent (those are listed in the result).
"""

from __future__ import annotations

import heapq
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
from protego import Protego

from rumeur import __version__
from rumeur.errors import ConnectorError
from rumeur.messages import Text

#: who we are, on every request (robots.txt rules are matched against "RumeurAudit")
USER_AGENT = f"RumeurAudit/{__version__} (+https://github.com/rumeur/rumeur; audit de site)"
ROBOTS_AGENT = "RumeurAudit"
_MAX_BYTES = 3_000_000
_SKIP_EXT = (
    ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js",
    ".zip", ".mp4", ".mp3", ".woff", ".woff2", ".xml", ".json",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    """Bounds of a crawl. ``verify`` is True, False or a CA bundle path (httpx's meaning)."""

    max_pages: int = 40
    max_depth: int = 3
    delay: float = 0.5
    timeout: float = 15.0
    max_crawl_delay: float = 10.0
    verify: bool | str = True
    #: stop as soon as a page of every legal kind was found (best-first makes this early)
    stop_when_found: bool = True


@dataclass(slots=True)
class Page:
    """One fetched HTML page."""

    url: str
    status: int
    headers: dict[str, str]
    html: str
    depth: int
    link_text: str = ""
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    links: list[tuple[str, str]] = field(default_factory=list)
    #: its ``mailto:`` and ``tel:`` links, with their text
    contacts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class CrawlResult:
    start: str
    home: Page | None
    pages: list[Page]
    skipped_by_robots: list[str]
    errors: list[str]
    redirected_to_https: bool | None


def _norm(url: str) -> str:
    url, _ = urldefrag(url)
    return url


def _host_base(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    """True when two URLs are on the same host, ``www.`` aside."""
    return _host_base(urlsplit(a).hostname or "") == _host_base(urlsplit(b).hostname or "")


def extract_links(html: str, base: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(absolute url, link text)`` of every web link of a page, and of its ``mailto:``
    and ``tel:`` links (the contact means), from one parse."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        doc = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):  # an empty or unreadable page
        return [], []
    links, contacts = [], []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        text = " ".join((a.text_content() or "").split()) or (a.get("title") or "")
        if href.startswith(("mailto:", "tel:")):
            contacts.append((href, text))
        elif href and not href.startswith(("javascript:", "#")):
            links.append((_norm(urljoin(base, href)), text))
    return links, contacts


class _Robots:
    def __init__(self, client: httpx.Client, start: str, opts: CrawlOptions) -> None:
        parts = urlsplit(start)
        self.parser: Protego | None = None
        try:
            resp = client.get(f"{parts.scheme}://{parts.netloc}/robots.txt")
            if resp.status_code == 200:
                self.parser = Protego.parse(resp.text)
        except httpx.HTTPError:
            self.parser = None
        delay = self.parser.crawl_delay(ROBOTS_AGENT) if self.parser else None
        self.delay = min(max(opts.delay, float(delay or 0)), opts.max_crawl_delay)

    def allowed(self, url: str) -> bool:
        return self.parser is None or self.parser.can_fetch(url, ROBOTS_AGENT)


def crawl(
    start: str,
    opts: CrawlOptions,
    priority: Callable[[str, str], float],
    *,
    enough: Callable[[list[Page]], bool] | None = None,
    progress: Callable[[Page], None] | None = None,
) -> CrawlResult:
    """Crawl from ``start``: ``priority(url, link_text)`` orders the frontier (higher
    first); ``enough(pages)`` may stop the crawl early once what is needed was found."""
    if not start.startswith(("http://", "https://")):
        start = "https://" + start
    verify: bool | ssl.SSLContext = (
        ssl.create_default_context(cafile=opts.verify)
        if isinstance(opts.verify, str)
        else opts.verify
    )
    client = httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
        follow_redirects=True,
        timeout=opts.timeout,
        verify=verify,
    )
    try:
        return _crawl(client, _norm(start), opts, priority, enough, progress)
    finally:
        client.close()


def _crawl(
    client: httpx.Client,
    start: str,
    opts: CrawlOptions,
    priority: Callable[[str, str], float],
    enough: Callable[[list[Page]], bool] | None,
    progress: Callable[[Page], None] | None,
) -> CrawlResult:
    robots = _Robots(client, start, opts)
    frontier: list[tuple[float, int, str, int, str]] = [(0.0, 0, start, 0, "")]
    seen = {start}
    pages: list[Page] = []
    skipped: list[str] = []
    errors: list[str] = []
    home: Page | None = None
    redirected: bool | None = None
    counter = 0
    last = 0.0
    while frontier and len(pages) < opts.max_pages:
        _, _, url, depth, link_text = heapq.heappop(frontier)
        if not robots.allowed(url):
            skipped.append(url)
            continue
        wait = robots.delay - (time.monotonic() - last)
        if last and wait > 0:
            time.sleep(wait)
        last = time.monotonic()
        try:
            page = _fetch(client, url, depth, link_text)
        except httpx.HTTPError as exc:
            if home is None and url == start:
                raise ConnectorError(
                    Text(
                        f"impossible de récupérer {url} : {exc.__class__.__name__}",
                        f"cannot fetch {url}: {exc.__class__.__name__}",
                    ),
                    hint=Text(
                        "vérifiez l'adresse et que le site répond (rumeur audit site URL)",
                        "check the address and that the site answers (rumeur audit site URL)",
                    ),
                ) from exc
            errors.append(f"{url}: {exc.__class__.__name__}")
            continue
        if page is None:
            continue
        if home is None:
            home = page
            if urlsplit(start).scheme == "http":
                redirected = urlsplit(page.url).scheme == "https"
        pages.append(page)
        if progress:
            progress(page)
        if enough and opts.stop_when_found and enough(pages):
            break
        if depth >= opts.max_depth:
            continue
        for link, text in page.links:
            if link in seen or not same_site(link, home.url):
                continue
            if urlsplit(link).path.lower().endswith(_SKIP_EXT):
                continue
            seen.add(link)
            counter += 1
            heapq.heappush(frontier, (-priority(link, text), counter, link, depth + 1, text))
    return CrawlResult(start, home, pages, skipped, errors, redirected)


def _fetch(client: httpx.Client, url: str, depth: int, link_text: str) -> Page | None:
    with client.stream("GET", url) as resp:
        ctype = resp.headers.get("content-type", "")
        if resp.status_code >= 400 or ("html" not in ctype and ctype):
            return None
        body = bytearray()
        for chunk in resp.iter_bytes():
            body.extend(chunk)
            if len(body) > _MAX_BYTES:
                break
        html = bytes(body).decode(resp.encoding or "utf-8", errors="replace")
        final = _norm(str(resp.url))
        page = Page(
            url=final,
            status=resp.status_code,
            headers={k.lower(): v for k, v in resp.headers.items()},
            html=html,
            depth=depth,
            link_text=link_text,
        )
    page.links, page.contacts = extract_links(page.html, page.url)
    return page
