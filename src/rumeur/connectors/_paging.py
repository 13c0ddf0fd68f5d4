"""Resumable "newest first" pagination shared by the connectors.

Search APIs list the newest items first and page towards older ones. A *pass* reads the
listing from its top down to the **watermark** W (a time) left by the previous pass. The
rules that keep it from losing anything:

- **The cursor only covers what is stored.** It is saved with each page's items, in the
  same transaction; mid-pass it records the resume token, so a crash or a failure resumes
  exactly there.
- **A pass ends by position, not by date.** It ends when the *last listed* items of a page
  are older than W (two of them, so one back-dated post cannot end it early), when the
  listing ends, or on an empty page. Every item read is kept: items at or below W were
  usually stored already, and the store's dedupe absorbs them; a late or back-dated new
  post that sorts among them is kept, not dropped.
- **The watermark never runs ahead of the clock.** The next W is the pass's newest item
  time, but never later than the pass's start, minus ``skew`` (the tolerated clock skew):
  a post dated in the future (Bluesky's ``createdAt`` is set by the author's client)
  cannot move it past the posts that follow; each pass re-reads ``skew`` worth of posts.
  A saved W that is ahead of the clock (from an older version) is brought back the same way.
- **A backlog is drained, never skipped.** A run reads at most ``max_pages`` pages (the
  first pass ``first_max_pages``); when the pass is not over, the cursor keeps it (its
  resume token, its W, its newest time) and the next run continues it until it reaches W.
  The last page of such a run says so (``page.more``, ``page.note``).
- **The first pass goes back ``since`` seconds** (30 days by default): W starts at
  ``start - since``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.connectors.base import Page

#: fetch_page(resume_token) -> (page, next token or None, time keys of the page's listed
#: items in listing order: replies or comments added to the page are left out)
FetchPage = Callable[[Any], tuple[Page, Any, list[str]]]

DEFAULT_SINCE = 30 * 86400.0
DEFAULT_SKEW = 300.0


def newest_first(
    cursor: Any,
    fetch_page: FetchPage,
    *,
    max_pages: int,
    first_max_pages: int | None = None,
    since: float = DEFAULT_SINCE,
    skew: float = DEFAULT_SKEW,
    now: Callable[[], datetime] | None = None,
) -> Iterator[Page]:
    """Pages of one run (see the module's rules); each carries the cursor to save with it."""
    clock = now or (lambda: datetime.now(UTC))
    state = dict(cursor or {})
    first = state.get("watermark") is None or bool(state.get("first"))
    started = state.get("started") or time_key(clock())
    ceiling = time_key(from_key(started) - timedelta(seconds=skew))
    watermark = state.get("watermark") or time_key(from_key(started) - timedelta(seconds=since))
    watermark = min(watermark, ceiling)
    resume, newest = state.get("resume"), state.get("newest")
    oldest: str | None = state.get("oldest")
    limit = (first_max_pages or max_pages) if first else max_pages
    pages = 0
    while True:
        page, token, keys = fetch_page(resume)
        pages += 1
        if keys:
            top, bottom = max(keys), min(keys)
            newest = top if newest is None else max(newest, top)
            oldest = bottom if oldest is None else min(oldest, bottom)
        below = sum(1 for k in keys if k < watermark)
        reached = bool(keys) and keys[-1] < watermark and (below >= 2 or len(keys) == 1)
        done = reached or token is None or (not page.items and not page.rejected)
        if done:
            final = watermark if newest is None else min(newest, started)
            if newest is not None:
                final = time_key(from_key(final) - timedelta(seconds=skew))
            page.cursor = {"watermark": final}
        else:
            page.cursor = {"watermark": watermark, "resume": token, "newest": newest,
                           "oldest": oldest, "started": started}  # fmt: skip
            if first:
                page.cursor["first"] = True
        if not done and pages >= limit:
            page.more = True
            page.note = (
                f"page limit reached ({limit} pages): read back to {_show(oldest)}, "
                f"down to {_show(watermark)} still to read; the next run continues"
            )
        elif done and first and not reached and oldest is not None and oldest > watermark:
            page.note = (
                f"first collection: the source lists nothing older than {_show(oldest)} "
                f"(asked back to {_show(watermark)})"
            )
        yield page
        if done or pages >= limit:
            return
        resume = token


def time_key(dt: datetime) -> str:
    """A sortable text key of a time (UTC ISO 8601, microseconds)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_key(key: str) -> datetime:
    """The time of a :func:`time_key`."""
    return datetime.strptime(key, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _show(key: str | None) -> str:
    return "?" if key is None else from_key(key).strftime("%Y-%m-%d %H:%M UTC")


def listed_keys(page: Page) -> list[str]:
    """Time keys of a page's items, in listing order (call before adding replies)."""
    return [time_key(m.created_at) for _, m in page.items]
