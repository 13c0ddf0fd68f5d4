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
from collections.abc import Iterator
from typing import Any

import feedparser

from rumeur.connectors.base import Context, Page, dumps, row_to_mention
from rumeur.connectors.rss.normalise import entry_row, plain, raw_items
from rumeur.ingest.reasons import stored


class FeedConnector:
    """One feed (``url``); ``platform`` says what its items are (default ``news``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        self.url = ctx.base_url(ctx.settings.url, credentials=False)  # sends no secret
        self.platform = ctx.settings.platform
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
            page.rejected.append(
                (body.decode("utf-8", "replace"), stored("unreadable_feed", error=exc))
            )
        raws = raw_items(body)
        if raws is not None and len(raws) != len(parsed.entries):
            raws = None
        for i, entry in enumerate(parsed.entries):
            payload = raws[i] if raws is not None else dumps(plain(entry))
            try:
                row = entry_row(entry, parsed.feed, self.platform)
                if row["created_at"] is None:
                    page.rejected.append((payload, stored("no_date")))
                    continue
                page.items.append((payload, row_to_mention(row)))
            except (ValueError, TypeError, KeyError) as exc:
                page.rejected.append((payload, stored("cannot_normalise", error=exc)))
        page.cursor = {
            "etag": resp.headers.get("etag"),
            "last_modified": resp.headers.get("last-modified"),
        }
        yield page
