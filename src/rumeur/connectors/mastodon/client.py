"""Mastodon REST API: hashtag and account timelines, status search, reply threads.

Endpoints (https://docs.joinmastodon.org/methods/):

- ``GET /api/v1/timelines/tag/:hashtag`` (public; some servers need a token)
- ``GET /api/v1/accounts/:id/statuses`` (``account = "@user@server"`` is looked up with
  ``GET /api/v1/accounts/lookup?acct=``)
- ``GET /api/v2/search?type=statuses&q=`` (needs a user token)
- ``GET /api/v1/statuses/:id/context`` for the replies (``replies = true``)

Pages go from newest to older with ``max_id`` taken from the ``Link: <...>; rel="next"``
header (or the page's lowest id when the server sends none, as search does), down to the
watermark saved by the previous run. A revoked or wrong token is a
:class:`~rumeur.errors.CredentialsError`; a deleted status (404 on its context) is skipped.
Streaming (``/api/v1/streaming``) is not used: polling on the schedule is enough here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors.base import Context, Page, normalise
from rumeur.connectors.mastodon.normalise import status_row

MAX_LIMIT = 40


def _id_key(status_id: str) -> tuple[int, str]:
    return (len(status_id), status_id)


def _link_param(resp: httpx.Response, rel: str, param: str) -> str | None:
    link = resp.links.get(rel)
    if not link or "url" not in link:
        return None
    values = parse_qs(urlsplit(link["url"]).query).get(param)
    return values[0] if values else None


class MastodonConnector:
    """One Mastodon source: ``hashtag``, ``account``/``account_id`` or ``query``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        token = ctx.secret("token", required=bool(st.query))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = ctx.http(**headers)
        self.limit = min(st.limit or MAX_LIMIT, MAX_LIMIT)
        self.replies = st.replies
        self.deleted = 0

    def close(self) -> None:
        self.http.close()

    def _endpoint(self) -> tuple[str, dict[str, Any], str | None]:
        o = self.settings
        if o.hashtag:
            tag = o.hashtag.lstrip("#")
            return f"/api/v1/timelines/tag/{quote(tag)}", {}, None
        if o.query:
            return "/api/v2/search", {"type": "statuses", "q": o.query}, "statuses"
        account_id = o.account_id
        if not account_id and o.account:
            acct = o.account.lstrip("@")
            found = self.http.get_json(f"{self.base}/api/v1/accounts/lookup", params={"acct": acct})
            account_id = found["id"]
        if account_id:
            return f"/api/v1/accounts/{account_id}/statuses", {"exclude_reblogs": "true"}, None
        self.ctx.option("hashtag", required=True)  # a ConfigError naming what is missing
        raise AssertionError("unreachable")

    def fetch(self, cursor: Any) -> Iterator[Page]:
        path, params, wrapper = self._endpoint()
        url = self.base + path

        def fetch_page(max_id: Any) -> tuple[Page, Any, list[str]]:
            q = {**params, "limit": self.limit}
            if max_id:
                q["max_id"] = max_id
            resp, body = self.http.get_page(url, params=q)
            statuses = body.get(wrapper, []) if wrapper else body
            page = Page(origin=url)
            normalise(page, statuses, status_row, platform="mastodon")
            keys = listed_keys(page)  # of the statuses: replies are newer
            if self.replies:
                self._add_replies(page, statuses)
            ids = [str(s["id"]) for s in statuses if isinstance(s, Mapping) and "id" in s]
            token = _link_param(resp, "next", "max_id")
            if token is None and ids and len(statuses) >= self.limit:
                token = min(ids, key=_id_key)
            return page, (token if statuses else None), keys

        yield from newest_first(cursor, fetch_page, **self.ctx.paging())

    def _add_replies(self, page: Page, statuses: list[Any]) -> None:
        for status in statuses:
            if not isinstance(status, Mapping) or not status.get("replies_count"):
                continue
            sid = str(status["id"])
            try:
                ctx = self.http.get_json(f"{self.base}/api/v1/statuses/{sid}/context")
            except HttpStatusError as exc:
                if exc.status in (404, 410):  # deleted since we listed it
                    self.deleted += 1
                    continue
                raise
            ancestors = ctx.get("ancestors") or []
            root = str(ancestors[0]["id"]) if ancestors else sid
            normalise(page, ctx.get("descendants") or [], status_row, thread_id=root)
