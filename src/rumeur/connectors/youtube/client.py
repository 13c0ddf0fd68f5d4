"""YouTube Data API v3 with an API key.

- ``search.list`` (``part=snippet``, ``type=video``, ``order=date``, ``q`` or
  ``channelId``, ``publishedAfter`` = the saved watermark, ``pageToken``) finds videos;
- ``videos.list`` (``part=snippet,statistics``) gives each video's full description and its
  views/likes/comments; a video missing from the answer was deleted: skipped and counted;
- ``channels.list`` (``part=statistics``) gives each channel's subscriber count (audience);
- ``commentThreads.list`` (``part=snippet,replies``, ``order=time``) for the comments
  (``comments = true``); ``403 commentsDisabled`` skips the video.

Quota: search costs 100 units, the others 1. ``403 quotaExceeded`` or
``dailyLimitExceeded`` raises :class:`QuotaExceededError` (the run keeps what it read;
the watcher retries later); ``400 API_KEY_INVALID`` / ``403 forbidden`` is a
:class:`~rumeur.errors.CredentialsError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors.base import Context, Page, normalise
from rumeur.connectors.youtube.exceptions import QuotaExceededError, error_reason
from rumeur.connectors.youtube.normalise import comment_row, video_row
from rumeur.errors import CredentialsError
from rumeur.messages import Text


class YouTubeConnector:
    """Videos matching ``query`` or published by ``channel_id``, with their comments."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        self.base = self.base.rstrip("/")
        self.key = ctx.secret("api_key")
        self.query = st.query
        self.channel_id = st.channel_id
        if not self.query and not self.channel_id:
            ctx.option("query", required=True)
        self.comments = st.comments
        self.limit = min(st.limit or 50, 50)
        self.comment_pages = st.comment_pages
        self.http = ctx.http()
        self.deleted = 0
        self.comments_disabled = 0

    def close(self) -> None:
        self.http.close()

    def get(self, resource: str, params: Mapping[str, Any]) -> Any:
        try:
            return self.http.get_json(f"{self.base}/{resource}", params={**params, "key": self.key})
        except (HttpStatusError, CredentialsError) as exc:
            body = getattr(exc, "body", None)
            reason = error_reason(body) or error_reason(exc.message)
            if reason in ("quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded"):
                raise QuotaExceededError(
                    Text(
                        f"{self.name} : quota de l'API YouTube épuisé ({reason})",
                        f"{self.name}: YouTube API quota exhausted ({reason})",
                    ),
                    hint=Text(
                        "le quota quotidien repart à minuit heure du Pacifique ; baissez max_pages",
                        "the daily quota resets at midnight Pacific time; lower max_pages",
                    ),
                ) from None
            if reason in ("keyInvalid", "API_KEY_INVALID", "forbidden"):
                raise CredentialsError(
                    Text(
                        f"{self.name} : YouTube a refusé la clé d'API ({reason})",
                        f"{self.name}: YouTube refused the API key ({reason})",
                    ),
                    hint=Text(
                        "créez une clé dans la console Google Cloud > APIs & Services > "
                        "Credentials",
                        "create a key in Google Cloud console > APIs & Services > Credentials",
                    ),
                ) from None
            if reason in ("commentsDisabled", "videoNotFound"):  # not a credentials problem
                raise HttpStatusError(exc.texts[0], status=403, body=body) from None
            raise

    def fetch(self, cursor: Any) -> Iterator[Page]:
        state = dict(cursor or {})
        params: dict[str, Any] = {"part": "snippet", "type": "video", "order": "date",
                                  "maxResults": self.limit}  # fmt: skip
        if self.query:
            params["q"] = self.query
        if self.channel_id:
            params["channelId"] = self.channel_id
        if state.get("watermark"):
            params["publishedAfter"] = state["watermark"][:19] + "Z"
        for key in ("regionCode", "relevanceLanguage"):
            if getattr(self.settings, key):
                params[key] = getattr(self.settings, key)

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            body = self.get("search", {**params, "pageToken": token} if token else params)
            ids = [it["id"]["videoId"] for it in body.get("items") or []
                   if isinstance(it.get("id"), Mapping) and it["id"].get("videoId")]  # fmt: skip
            page = Page(origin=f"{self.base}/search")
            videos = self._videos(ids) if ids else []
            normalise(page, videos, video_row)
            keys = listed_keys(page)  # of the videos: comments are newer
            if self.comments:
                for video in videos:
                    self._add_comments(page, video)
            return page, body.get("nextPageToken") if ids else None, keys

        yield from newest_first(cursor, fetch_page, **self.ctx.paging())

    def _videos(self, ids: list[str]) -> list[dict[str, Any]]:
        body = self.get("videos", {"part": "snippet,statistics", "id": ",".join(ids)})
        videos = [dict(v) for v in body.get("items") or []]
        self.deleted += len(set(ids) - {v.get("id") for v in videos})
        channels = sorted({v["snippet"]["channelId"] for v in videos if v.get("snippet")})
        subs: dict[str, Any] = {}
        if channels:
            ch = self.get("channels", {"part": "statistics", "id": ",".join(channels)})
            for c in ch.get("items") or []:
                stats = c.get("statistics") or {}
                if not stats.get("hiddenSubscriberCount"):
                    subs[c["id"]] = stats.get("subscriberCount")
        for v in videos:
            if v.get("snippet"):
                v["snippet"] = {
                    **v["snippet"],
                    "subscriberCount": subs.get(v["snippet"]["channelId"]),
                }
        return videos

    def _add_comments(self, page: Page, video: Mapping[str, Any]) -> None:
        if not int((video.get("statistics") or {}).get("commentCount") or 0):
            return
        token = None
        for _ in range(self.comment_pages):
            params = {"part": "snippet,replies", "videoId": video["id"], "order": "time",
                      "maxResults": 100, "textFormat": "plainText"}  # fmt: skip
            if token:
                params["pageToken"] = token
            try:
                body = self.get("commentThreads", params)
            except HttpStatusError as exc:
                if error_reason(exc.body) in ("commentsDisabled", "videoNotFound"):
                    self.comments_disabled += 1
                    return
                raise
            comments: list[Any] = []
            for thread in body.get("items") or []:
                snip = thread.get("snippet") or {}
                if snip.get("topLevelComment"):
                    comments.append(snip["topLevelComment"])
                comments.extend((thread.get("replies") or {}).get("comments") or [])
            normalise(page, comments, comment_row)
            token = body.get("nextPageToken")
            if not token:
                return
