"""A Facebook Page through the Graph API, with the page's access token.

Three listings, each read newest first with its own resumable cursor
(:class:`~rumeur.connectors.facebook.streams.GraphConnector`, ``paging.cursors.after``):

- ``/{page-id}/feed``: the page's posts and visitors' posts, then each post's comments
  and replies (``/{post-id}/comments?filter=stream&order=reverse_chronological``: one
  flat list, a reply naming its ``parent``);
- ``/{page-id}/tagged``: posts that tag the page (``tagged = true``);
- ``/{page-id}/ratings``: recommendations and legacy star ratings (``ratings = true``),
  with the page's replies (comments on the recommendation's story).

Comments keep arriving under old posts: each new pass lists again the posts of the last
``revisit`` (7 days) and reads the comments of those whose ``updated_time`` moved since
the previous pass (the first pass reads them all), paging back until the comments are
older than what the previous pass read. Errors and usage headers: :mod:`.graph`;
webhooks: :mod:`.webhook`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rumeur.connectors.base import Context, Page
from rumeur.connectors.facebook.normalise import comment_row, post_row, rating_id, rating_row
from rumeur.connectors.facebook.streams import GraphConnector, Stream, ToRow

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
COMMENT_PARAMS = {
    "filter": "stream",
    "order": "reverse_chronological",
    "fields": COMMENT_FIELDS,
    "limit": 100,
}


class FacebookConnector(GraphConnector):
    """A Facebook Page's feed, comments, tags and ratings (see the module)."""

    platform = "facebook"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, quota_name="pages")
        self.page_id = str(self.settings.page_id)

    def streams(self) -> list[tuple[str, Stream]]:
        st, pid = self.settings, self.page_id

        def post(o: Mapping[str, Any]) -> dict[str, Any]:
            return post_row(o, pid)

        def rating(o: Mapping[str, Any]) -> dict[str, Any]:
            return rating_row(o, pid)

        feed_extra = self._post_comments if st.comments else None
        out: list[tuple[str, Stream]] = [
            (
                "feed",
                lambda c: self.listing(c, f"{pid}/feed", {"fields": POST_FIELDS}, post, feed_extra),
            ),
        ]
        if st.tagged:
            out.append(
                (
                    "tagged",
                    lambda c: self.listing(c, f"{pid}/tagged", {"fields": POST_FIELDS}, post),
                )
            )
        if st.ratings:
            out.append(
                (
                    "ratings",
                    lambda c: self.listing(
                        c, f"{pid}/ratings", {"fields": RATING_FIELDS}, rating, self._rating_replies
                    ),
                )
            )
        return out

    def _rows(self, target: str) -> Any:
        def to_row(c: Mapping[str, Any]) -> dict[str, Any]:
            return comment_row(c, self.page_id)

        def rows(c: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], ToRow]]:
            return [({**c, "post_id": target}, to_row)]

        return rows

    def _post_comments(self, page: Page, post: Mapping[str, Any], seen: str | None) -> None:
        if not post.get("id"):
            return
        count = ((post.get("comments") or {}).get("summary") or {}).get("total_count")
        if count == 0 or self.older(post.get("updated_time"), seen):
            return  # none, or nothing moved under it since the previous pass
        target = str(post["id"])
        self.comments(page, target, seen, COMMENT_PARAMS, self._rows(target))

    def _rating_replies(self, page: Page, rec: Mapping[str, Any], seen: str | None) -> None:
        if (rec.get("open_graph_story") or {}).get("id") and rec.get("created_time"):
            target = rating_id(rec)
            self.comments(page, target, seen, COMMENT_PARAMS, self._rows(target))
