"""The mention explorer (filters, search, sort by reach, pagination), a mention's thread,
and the label a person corrects: view-models over the Workspace's mention methods."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rumeur.workspace.choices import ALL_PLATFORMS

if TYPE_CHECKING:
    from rumeur.server.dashboard.page import Page

PAGE_SIZE = 25
SENTIMENTS = ("negative", "neutral", "positive")
SORTS = ("date", "reach", "engagement")
#: a person's label (rumeur.labels): its model name starts with this
HUMAN_PREFIX = "sentiment-human@"


@dataclass(frozen=True, slots=True)
class Query:
    """The explorer's own parameters (the brand, platform and period are the page's
    :class:`~rumeur.server.dashboard.page.Filters`)."""

    q: str = ""
    sentiment: str = ""
    sort: str = "date"
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Query:
        try:
            number = max(1, min(int(query.get("page", "1")), 10_000))
        except ValueError:
            number = 1
        sort = query.get("sort", "date")
        return cls(
            q=query.get("q", "").strip()[:200],
            sentiment=query.get("sentiment", "").strip(),
            sort=sort if sort in SORTS else "date",
            page=number,
        )

    def params(self, **changes: Any) -> dict[str, Any]:
        out = {"q": self.q, "sentiment": self.sentiment, "sort": self.sort, "page": self.page}
        out.update(changes)
        if out["sort"] == "date":
            out.pop("sort")
        if out["page"] == 1:
            out.pop("page")
        return out


def is_human(model: str | None) -> bool:
    return bool(model) and str(model).startswith(HUMAN_PREFIX)


def mention_row(page: Page, m: dict[str, Any]) -> dict[str, Any]:
    """A mention as the explorer and the thread show it."""
    fmt, t = page.fmt, page.t
    reach = m.get("views") or m.get("author_followers")
    handle = m.get("author_handle") or m.get("author_name") or "—"
    return {
        "id": m["mention_id"],
        "when": fmt.datetime(m["created_at"]),
        "iso": m["created_at"].isoformat(),
        "author": handle,
        "followers": fmt.compact(m["author_followers"]) if m.get("author_followers") else None,
        "platform": t.term("platform", m.get("platform")),
        "text": m.get("text") or "",
        "title": m.get("title"),
        "reach": fmt.audience(reach) if reach else "—",
        "sentiment": m.get("sentiment"),
        "sentiment_label": t.label_of(m.get("sentiment")),
        "human": is_human(m.get("sentiment_model")),
        "model": m.get("sentiment_model"),
        "url": m.get("url"),
        "thread_url": page.url(f"mentions/{m['mention_id']}", keep=False),
        "label_url": page.url(f"mentions/{m['mention_id']}/label", keep=False),
        "reply": bool(m.get("reply_to")),
        "depth": 0 if m.get("mention_id") == m.get("thread_root") or not m.get("reply_to") else 1,
        "brands": ", ".join(page.brand_name(b) for b in m.get("brands") or []),
    }


def explorer(page: Page, query: Query) -> dict[str, Any]:
    ws, f = page.ws, page.filters
    flt = ws.mention_filter(
        search=query.q or None,
        brand=f.brand or None,
        platform=f.platform or None,
        since=f.since or None,
        until=f.until or None,
        sentiment=query.sentiment or None,
        sort=query.sort,
        # one more than the page holds: whether there is a next page
        limit=PAGE_SIZE + 1,
        offset=(query.page - 1) * PAGE_SIZE,
    )
    found = ws.mentions(flt)
    first = (query.page - 1) * PAGE_SIZE
    rows = found[:PAGE_SIZE]
    more = len(found) > PAGE_SIZE
    prev_url = page.url("mentions", **query.params(page=query.page - 1)) if query.page > 1 else None
    next_url = page.url("mentions", **query.params(page=query.page + 1)) if more else None
    return {
        "query": query,
        "rows": [mention_row(page, m) for m in rows],
        "first": first + 1,
        "last": first + len(rows),
        "more": more,
        "prev_url": prev_url,
        "next_url": next_url,
        "sentiments": [(s, page.t.label_of(s)) for s in SENTIMENTS],
        "sorts": [(s, page.t[f"sort_{s}"]) for s in SORTS],
        "return_to": page.url("mentions", **query.params()),
        "can_export": page.can_edit,
    }


def thread(page: Page, mention_id: str) -> dict[str, Any]:
    rows = page.ws.thread(mention_id)  # UsageError for an unknown mention
    return {
        "rows": [mention_row(page, m) for m in rows],
        "focus": mention_id,
        "sentiments": [(s, page.t.label_of(s)) for s in SENTIMENTS],
        "return_to": page.url(f"mentions/{mention_id}", keep=False),
    }


def platforms() -> tuple[str, ...]:
    return ALL_PLATFORMS
