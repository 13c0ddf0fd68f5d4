"""Listings of the Graph API read newest first, shared by the Facebook Page and the
Instagram connectors.

A connector declares its listings (:meth:`GraphConnector.streams`: a name and a
function of that listing's cursor); :meth:`GraphConnector.fetch` reads them in turn and
gives every page the whole cursor (one entry per listing), so a crash resumes each where
it was. A listing (:meth:`GraphConnector.listing`) pages with ``paging.cursors.after``
under :func:`~rumeur.connectors._paging.newest_first`, and:

- each new pass lists again the objects of the last ``revisit`` (7 days): comments keep
  arriving under them; the store's dedupe absorbs what is read twice;
- ``seen`` in the cursor is when the previous pass started (less the clock skew):
  comments older than that were read then, so a post's comments are paged back only
  that far, and a post whose ``updated_time`` is older is not asked again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from typing import Any

from rumeur.connectors._paging import from_key, listed_keys, newest_first, time_key
from rumeur.connectors.base import Context, Page, normalise, parse_time
from rumeur.connectors.facebook.graph import GraphClient, GraphMissingError, after

_PAGING_KEYS = ("watermark", "resume", "newest", "oldest", "started", "first")
#: to_row(object) -> staging row
ToRow = Callable[[Mapping[str, Any]], dict[str, Any]]
#: extra(page, object, seen): add what hangs under the object (its comments)
Extra = Callable[[Page, Mapping[str, Any], str | None], None]
Stream = Callable[[Any], Iterator[Page]]


class GraphConnector(ABC):
    """The frame of a Graph API connector: listings, cursor, comments."""

    def __init__(self, ctx: Context, *, quota_name: str) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.graph = GraphClient(ctx, quota_name=quota_name)
        self.limit = min(st.limit or 100, 100)
        self.skew = timedelta(seconds=st.clock_skew)
        #: objects whose comments could not be read: deleted meanwhile
        self.deleted = 0

    def close(self) -> None:
        self.graph.close()

    @abstractmethod
    def streams(self) -> list[tuple[str, Stream]]:
        """Implemented by each platform's subclass."""

    def fetch(self, cursor: Any) -> Iterator[Page]:
        """Every listing in turn; each page carries the whole cursor (all listings)."""
        state = dict(cursor or {})
        self.graph.usage = 0.0  # the first call of the run reads the usage again
        backlog: Page | None = None
        for name, run in self.streams():
            for page in run(state.get(name)):
                state[name] = page.cursor
                page.cursor = dict(state)
                if page.more:
                    backlog = page
                elif backlog is not None:  # an earlier listing left a backlog: say so
                    page.more, page.note = True, backlog.note
                yield page

    def listing(
        self,
        cur: Any,
        path: str,
        params: Mapping[str, Any],
        to_row: ToRow,
        extra: Extra | None = None,
    ) -> Iterator[Page]:
        """One listing, newest first, from its cursor ``cur`` (see the module)."""
        cur = dict(cur or {})
        now = self.ctx.now()
        seen: str | None = cur.get("seen")
        started = cur.get("pass_started") or time_key(now)
        paging = {k: cur[k] for k in _PAGING_KEYS if k in cur}
        if "resume" not in cur and cur.get("watermark"):
            floor = time_key(now - timedelta(seconds=self.settings.revisit))
            paging["watermark"] = min(cur["watermark"], floor)

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            query: dict[str, Any] = {**params, "limit": self.limit}
            if token:
                query["after"] = token
            body = self.graph.get(path, query)
            objs = [o for o in body.get("data") or [] if isinstance(o, Mapping)]
            page = Page(origin=f"{self.graph.base}/{path}")
            normalise(page, objs, to_row)
            keys = listed_keys(page)
            if extra is not None:
                for obj in objs:
                    extra(page, obj, seen)
            return page, after(body) if objs else None, keys

        for page in newest_first(paging or None, fetch_page, **self.ctx.paging()):
            c = dict(page.cursor or {})
            if "resume" in c:
                c.update(pass_started=started, **({"seen": seen} if seen else {}))
            else:
                c["seen"] = time_key(from_key(started) - self.skew)
            page.cursor = c
            yield page

    def older(self, created: Any, seen: str | None) -> bool:
        """Created before what the previous pass read (less the clock skew)."""
        if seen is None or created is None:
            return False
        try:
            return time_key(parse_time(created)) < time_key(from_key(seen) - self.skew)
        except (ValueError, TypeError):
            return False

    def comments(
        self,
        page: Page,
        target: str,
        seen: str | None,
        params: Mapping[str, Any],
        to_rows: Callable[[Mapping[str, Any]], list[tuple[Mapping[str, Any], ToRow]]],
        created: str = "created_time",
    ) -> None:
        """Page back through ``/{target}/comments`` (newest first) until the comments are
        older than ``seen``; ``to_rows(comment)`` -> the objects to store (a comment and
        its nested replies, on Instagram) with their normaliser."""
        token = None
        for _ in range(self.settings.comment_pages):
            query: dict[str, Any] = {**params}
            if token:
                query["after"] = token
            try:
                body = self.graph.get(f"{target}/comments", query)
            except GraphMissingError:
                self.deleted += 1
                return
            data = [c for c in body.get("data") or [] if isinstance(c, Mapping)]
            for c in data:
                for obj, to_row in to_rows(c):
                    normalise(page, [obj], to_row)
            token = after(body)
            if not token or not data or self.older(data[-1].get(created), seen):
                return
