"""RSS 2.0 / Atom feeds: news sites, blogs, Google Alerts and Talkwalker Alerts feeds.

Each run makes one conditional GET (``If-None-Match`` with the saved ``ETag``,
``If-Modified-Since`` with the saved ``Last-Modified``); ``304 Not Modified`` means nothing
new. The body is parsed by ``feedparser`` from memory (it never fetches anything itself).
Each item's raw payload is its own ``<item>``/``<entry>`` XML as received (the parsed
entry as JSON when the feed is too broken for a strict XML parser). Google Alerts links go
through ``https://www.google.com/url?...&url=<target>``: the target is kept as the URL.
Items without any date are quarantined (a feed item without date cannot be placed).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from calendar import timegm
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser

from rumeur.connectors.base import Context, Page, dumps, row_to_mention
from rumeur.ingest.formats import html_to_text

_ITEM_TAGS = ("item", "{http://www.w3.org/2005/Atom}entry", "{http://purl.org/rss/1.0/}item")


def real_link(link: str | None) -> str | None:
    """The target of a Google Alerts redirect link; other links unchanged."""
    if not link:
        return link
    parts = urlsplit(link)
    if parts.netloc.endswith("google.com") and parts.path == "/url":
        target = parse_qs(parts.query).get("url")
        if target:
            return target[0]
    return link


def raw_items(body: bytes) -> list[str] | None:
    """Each item's XML text, in feed order; None when strict XML parsing fails."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    out = []
    for el in root.iter():
        if el.tag in _ITEM_TAGS:
            out.append(ET.tostring(el, encoding="unicode"))
    return out


def _when(entry: Mapping[str, Any]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return datetime.fromtimestamp(timegm(t), UTC).isoformat()
    return None


def entry_row(entry: Mapping[str, Any], feed: Mapping[str, Any], platform: str) -> dict[str, Any]:
    """feedparser entry -> staging row."""
    link = real_link(entry.get("link"))
    content = entry.get("content") or []
    body = (content[0].get("value") if content else None) or entry.get("summary") or ""
    title = html_to_text(entry.get("title") or "") or None
    text = html_to_text(body) or title
    author = entry.get("author") or (entry.get("author_detail") or {}).get("name") or None
    return {
        "platform": platform,
        "external_id": entry.get("id") or link,
        "url": link,
        "author_id": author,
        "author_handle": None,
        "author_name": author or feed.get("title"),
        "title": title,
        "text": text,
        "language": (entry.get("language") or feed.get("language") or None),
        "created_at": _when(entry),
    }


class FeedConnector:
    """One feed (``url``); ``platform`` says what its items are (default ``news``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        self.url = str(ctx.option("url", required=True))
        self.platform = str(ctx.option("platform", "news"))
        self.http = ctx.http(Accept="application/rss+xml, application/atom+xml, */*;q=0.5")

    def close(self) -> None:
        self.http.close()

    def fetch(self, cursor: Any) -> Iterator[Page]:
        state = dict(cursor or {})
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        resp = self.http.request("GET", self.url, headers=headers, ok=(304,))
        page = Page(origin=self.url)
        if resp.status_code == 304:
            page.cursor = state or None
            yield page
            return
        body = resp.content
        parsed = feedparser.parse(io.BytesIO(body))
        if parsed.get("bozo") and not parsed.entries:
            exc = parsed.get("bozo_exception")
            page.rejected.append((body.decode("utf-8", "replace"), f"unreadable feed: {exc}"))
        raws = raw_items(body)
        if raws is not None and len(raws) != len(parsed.entries):
            raws = None
        for i, entry in enumerate(parsed.entries):
            payload = raws[i] if raws is not None else dumps(_plain(entry))
            try:
                row = entry_row(entry, parsed.feed, self.platform)
                if row["created_at"] is None:
                    raise ValueError("no date in the feed item")
                page.items.append((payload, row_to_mention(row)))
            except (ValueError, TypeError, KeyError) as exc:
                page.rejected.append((payload, f"cannot normalise: {exc}"))
        page.cursor = {
            "etag": resp.headers.get("etag"),
            "last_modified": resp.headers.get("last-modified"),
        }
        yield page


def _plain(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items() if not k.endswith("_parsed")}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj if isinstance(obj, str | int | float | bool | type(None)) else str(obj)
