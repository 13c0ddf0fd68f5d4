"""A Facebook Page through the Graph API, with the page's access token.

Three listings, each read newest first with its own resumable cursor
(:func:`~rumeur.connectors._paging.newest_first`, ``paging.cursors.after``):

- ``/{page-id}/feed``: the page's posts and visitors' posts, then each post's comments
  and replies (``/{post-id}/comments?filter=stream&order=reverse_chronological``: one
  flat list, a reply naming its ``parent``);
- ``/{page-id}/tagged``: posts that tag the page (``tagged = true``);
- ``/{page-id}/ratings``: recommendations and legacy star ratings (``ratings = true``),
  with the page's replies (comments on the recommendation's story).

Comments keep arriving under old posts: each new pass lists again the posts of the last
``revisit`` (7 days) and reads the comments of those whose ``updated_time`` moved since
the previous pass (the first pass reads them all), paging back until the comments are
older than what the previous pass read. The store's dedupe absorbs what is read twice.
Errors and usage headers: :mod:`.graph`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from typing import Any

from rumeur.connectors._paging import from_key, listed_keys, newest_first, time_key
from rumeur.connectors.base import Context, Page, normalise, parse_time
from rumeur.connectors.facebook.graph import GraphClient, GraphMissingError, after
from rumeur.connectors.facebook.normalise import comment_row, post_row, rating_id, rating_row

POST_FIELDS = (
    "id,message,story,created_time,updated_time,from{id,name},permalink_url,shares,"
    "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)"
)
COMMENT_FIELDS = (
    "id,message,created_time,from{id,name},parent{id},like_count,comment_count,permalink_url"
)
RATING_FIELDS = (
    "created_time,recommendation_type,review_text,rating,reviewer{id,name},open_graph_story{id}"
)
_PAGING_KEYS = ("watermark", "resume", "newest", "oldest", "started", "first")


class FacebookConnector:
    """A Facebook Page's feed, comments, tags and ratings (see the module)."""

    platform = "facebook"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.page_id = str(st.page_id)
        self.graph = GraphClient(ctx, quota_name="pages")
        self.limit = min(st.limit or 100, 100)
        self.skew = timedelta(seconds=st.clock_skew)
        #: comments not read because their post was deleted meanwhile
        self.deleted = 0

    def close(self) -> None:
        self.graph.close()

    def streams(self) -> list[tuple[str, Callable[[Any], Iterator[Page]]]]:
        st, pid = self.settings, self.page_id
        out = [
            (
                "feed",
                lambda c: self._stream(
                    c,
                    f"{pid}/feed",
                    POST_FIELDS,
                    post_row,
                    self._post_comments if st.comments else None,
                ),
            )
        ]
        if st.tagged:
            out.append(
                ("tagged", lambda c: self._stream(c, f"{pid}/tagged", POST_FIELDS, post_row))
            )
        if st.ratings:
            out.append(
                (
                    "ratings",
                    lambda c: self._stream(
                        c, f"{pid}/ratings", RATING_FIELDS, rating_row, self._rating_replies
                    ),
                )
            )
        return out

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

    # -- one listing ------------------------------------------------------------------
    def _stream(
        self,
        cur: Any,
        path: str,
        fields: str,
        to_row: Callable[[Mapping[str, Any], str], dict[str, Any]],
        extra: Callable[[Page, Mapping[str, Any], str | None], None] | None = None,
    ) -> Iterator[Page]:
        cur = dict(cur or {})
        now = self.ctx.now()
        seen: str | None = cur.get("seen")  # what the previous pass read up to
        started = cur.get("pass_started") or time_key(now)
        paging = {k: cur[k] for k in _PAGING_KEYS if k in cur}
        if "resume" not in cur and cur.get("watermark"):
            floor = time_key(now - timedelta(seconds=self.settings.revisit))
            paging["watermark"] = min(cur["watermark"], floor)

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            params: dict[str, Any] = {"fields": fields, "limit": self.limit}
            if token:
                params["after"] = token
            body = self.graph.get(path, params)
            objs = [o for o in body.get("data") or [] if isinstance(o, Mapping)]
            page = Page(origin=f"{self.graph.base}/{path}")
            normalise(page, objs, lambda o: to_row(o, self.page_id))
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

    def _older(self, created: Any, seen: str | None) -> bool:
        """Created before what the previous pass read (less the clock skew)."""
        if seen is None:
            return False
        try:
            return time_key(parse_time(created)) < time_key(from_key(seen) - self.skew)
        except (ValueError, TypeError):
            return False

    def _post_comments(self, page: Page, post: Mapping[str, Any], seen: str | None) -> None:
        if not post.get("id"):
            return
        count = ((post.get("comments") or {}).get("summary") or {}).get("total_count")
        if count == 0:
            return
        if self._older(post.get("updated_time"), seen):
            return  # nothing moved under it since the previous pass
        self._comments(page, str(post["id"]), seen)

    def _rating_replies(self, page: Page, rec: Mapping[str, Any], seen: str | None) -> None:
        if (rec.get("open_graph_story") or {}).get("id") and rec.get("created_time"):
            self._comments(page, rating_id(rec), seen)

    def _comments(self, page: Page, target: str, seen: str | None) -> None:
        token = None
        for _ in range(self.settings.comment_pages):
            params: dict[str, Any] = {
                "filter": "stream",
                "order": "reverse_chronological",
                "fields": COMMENT_FIELDS,
                "limit": 100,
            }
            if token:
                params["after"] = token
            try:
                body = self.graph.get(f"{target}/comments", params)
            except GraphMissingError:
                self.deleted += 1
                return
            comments = [
                {**c, "post_id": target} for c in body.get("data") or [] if isinstance(c, Mapping)
            ]
            normalise(page, comments, lambda c: comment_row(c, self.page_id))
            token = after(body)
            if not token or not comments or self._older(comments[-1].get("created_time"), seen):
                return
