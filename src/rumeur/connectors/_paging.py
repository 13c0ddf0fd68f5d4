"""Resumable "newest first" pagination shared by the connectors.

Most search APIs list the newest items first and page towards older ones. To resume after
a crash without losing anything, the cursor saved with each page says how far back the
current pass has gone (``resume``), where the previous pass stopped (``watermark``) and the
newest item of the current pass (``newest``). When the pass reaches the watermark (or the
end), the cursor becomes ``{"watermark": newest}`` and the next run only reads newer items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from rumeur.connectors.base import Page

#: fetch_page(resume_token) -> (page with items, next token or None, oldest key, newest key)
FetchPage = Callable[[Any], tuple[Page, Any, Any, Any]]


def newest_first(
    cursor: Any, fetch_page: FetchPage, *, max_pages: int, first_max_pages: int | None = None
) -> Iterator[Page]:
    """Page back from the newest item to the saved watermark (:func:`time_key` values;
    items at the watermark itself are read again and removed by the store's dedupe)."""
    state = dict(cursor or {})
    watermark = state.get("watermark")
    resume = state.get("resume")
    newest = state.get("newest")
    pages = int(state.get("pages", 0))
    limit = max_pages if watermark is not None else (first_max_pages or max_pages)
    while True:
        page, token, oldest, page_newest = fetch_page(resume)
        pages += 1
        if newest is None or (page_newest is not None and page_newest > newest):
            newest = page_newest
        if watermark is not None:
            keep = [it for it in page.items if time_key(it[1].created_at) >= watermark]
            reached = len(keep) < len(page.items) or (oldest is not None and oldest <= watermark)
            page.items = keep
        else:
            reached = False
        done = reached or token is None or (not page.items and not page.rejected) or pages >= limit
        if done:
            final = newest if newest is not None else watermark
            page.cursor = {"watermark": final} if final is not None else {}
        else:
            page.cursor = {"watermark": watermark, "resume": token, "newest": newest,
                           "pages": pages}  # fmt: skip
        yield page
        if done:
            return
        resume = token


def time_key(dt: datetime) -> str:
    """A sortable text key of a time (UTC ISO 8601, microseconds)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def page_keys(page: Page) -> tuple[str | None, str | None]:
    """(oldest, newest) time keys of a page's items."""
    keys = [time_key(m.created_at) for _, m in page.items]
    return (min(keys), max(keys)) if keys else (None, None)
