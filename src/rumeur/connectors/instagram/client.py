"""An Instagram professional account through the Instagram Graph API (graph.facebook.com,
the access token of the Facebook Page the account is linked to).

Listings, each read newest first with its own cursor
(:class:`~rumeur.connectors.facebook.streams.GraphConnector`):

- ``/{ig-user-id}/media``: the account's media, then each media's comments with their
  replies (``/{ig-media-id}/comments?fields=...,replies{...}``); media of the last
  ``revisit`` are listed again at each pass for their new comments;
- ``/{ig-user-id}/tags``: media in which the account is tagged (``tags = true``);
- hashtags: ``/ig_hashtag_search?user_id=&q=`` gives a hashtag's id, then
  ``/{ig-hashtag-id}/recent_media?user_id=`` its media of the **last 24 hours** (so a
  hashtag source must run at least daily). Instagram allows **30 unique hashtags per
  7 days** per account: ids are kept in the cursor (a known hashtag is not searched
  again), and a search beyond the limit is not made: the hashtag waits, and the run
  says until when.

The account's username and audience come from ``/{ig-user-id}?fields=username,
followers_count``. Errors and usage headers: :mod:`rumeur.connectors.facebook.graph`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from rumeur.connectors._paging import from_key, time_key
from rumeur.connectors.base import Context, Page
from rumeur.connectors.facebook.streams import GraphConnector, Stream, ToRow
from rumeur.connectors.instagram.normalise import comment_row, media_row
from rumeur.connectors.instagram.options import HASHTAG_LIMIT

MEDIA_FIELDS = "id,caption,media_type,permalink,timestamp,username,like_count,comments_count"
HASHTAG_FIELDS = "id,caption,media_type,permalink,timestamp,like_count,comments_count"
_C = "id,text,timestamp,username,from{id,username},like_count"
COMMENT_PARAMS = {"fields": f"{_C},replies{{{_C}}}", "limit": 50}
WINDOW = timedelta(days=7)


class InstagramConnector(GraphConnector):
    """An Instagram professional account's media, comments, tags and hashtags."""

    platform = "instagram"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, quota_name="instagram")
        self.ig = str(self.settings.ig_user_id)
        self.username = ""
        self.followers: int | None = None
        #: hashtag -> {"id", "searched": time key}: kept in the cursor
        self.hashtag_ids: dict[str, dict[str, str]] = {}
        self.waiting: list[str] = []

    def fetch(self, cursor: Any) -> Iterator[Page]:
        state = dict(cursor or {})
        me = self.graph.get(self.ig, {"fields": "username,followers_count"})
        self.username = str(me.get("username") or "")
        self.followers = me.get("followers_count")
        self.hashtag_ids = dict(state.get("hashtag_ids") or {})
        self._resolve_hashtags()
        for page in super().fetch(state):
            page.cursor = {**(page.cursor or {}), "hashtag_ids": dict(self.hashtag_ids)}
            if self.waiting:  # on every page: the run's summary shows the last note
                wait = self._waiting_note()
                page.note = f"{page.note}; {wait}" if page.note else wait
            yield page

    def _resolve_hashtags(self) -> None:
        """Search the id of each hashtag not known yet, within 30 unique in 7 days."""
        now = self.ctx.now()
        self.waiting = []
        for raw in self.settings.hashtags:
            tag = raw.lstrip("#").lower()
            if tag in self.hashtag_ids:
                continue
            recent = [
                h for h in self.hashtag_ids.values() if from_key(h["searched"]) > now - WINDOW
            ]
            if len(recent) >= HASHTAG_LIMIT:
                self.waiting.append(tag)
                continue
            body = self.graph.get("ig_hashtag_search", {"user_id": self.ig, "q": tag})
            found = [h for h in body.get("data") or [] if isinstance(h, Mapping) and h.get("id")]
            if found:
                self.hashtag_ids[tag] = {"id": str(found[0]["id"]), "searched": time_key(now)}

    def _waiting_note(self) -> str:
        now = self.ctx.now()
        first = min(
            from_key(h["searched"])
            for h in self.hashtag_ids.values()
            if from_key(h["searched"]) > now - WINDOW
        )
        return (
            f"limite Instagram de {HASHTAG_LIMIT} hashtags uniques sur 7 jours atteinte : "
            + ", ".join(f"#{t}" for t in self.waiting)
            + f" attend(ent) jusqu'au {(first + WINDOW):%d/%m/%Y %H:%M} UTC"
        )

    def streams(self) -> list[tuple[str, Stream]]:
        st, ig = self.settings, self.ig

        def media(o: Mapping[str, Any]) -> dict[str, Any]:
            return media_row(o, self.username, self.followers)

        extra = self._media_comments if st.comments else None
        out: list[tuple[str, Stream]] = [
            (
                "media",
                lambda c: self.listing(c, f"{ig}/media", {"fields": MEDIA_FIELDS}, media, extra),
            ),
        ]
        if st.tags:
            out.append(
                ("tags", lambda c: self.listing(c, f"{ig}/tags", {"fields": MEDIA_FIELDS}, media))
            )
        wanted = {t.lstrip("#").lower() for t in st.hashtags}
        for tag, h in sorted(self.hashtag_ids.items()):
            if tag in wanted:
                out.append((f"#{tag}", self._hashtag(h["id"], media)))
        return out

    def _hashtag(self, hashtag_id: str, media: ToRow) -> Stream:
        params = {"user_id": self.ig, "fields": HASHTAG_FIELDS}
        return lambda c: self.listing(c, f"{hashtag_id}/recent_media", params, media)

    def _media_comments(self, page: Page, m: Mapping[str, Any], seen: str | None) -> None:
        if not m.get("id") or m.get("comments_count") == 0:
            return
        media_id = str(m["id"])  # listed: within the revisit window, or new
        own = self.username

        def row(c: Mapping[str, Any]) -> dict[str, Any]:
            return comment_row(c, own)

        def rows(c: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], ToRow]]:
            top = {k: v for k, v in c.items() if k != "replies"}
            out: list[tuple[Mapping[str, Any], ToRow]] = [({**top, "media_id": media_id}, row)]
            for r in (c.get("replies") or {}).get("data") or []:
                if isinstance(r, Mapping):
                    out.append(({**r, "media_id": media_id, "parent_id": c.get("id")}, row))
            return out

        self.comments(page, media_id, seen, COMMENT_PARAMS, rows, created="timestamp")
