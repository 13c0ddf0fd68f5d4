"""Bluesky (AT Protocol XRPC): post search, author feeds, threads.

- ``com.atproto.server.createSession`` with the handle and an *app password* gives an
  ``accessJwt`` (short-lived) and a ``refreshJwt``. When a call answers
  ``400 {"error": "ExpiredToken"}`` the client calls ``com.atproto.server.refreshSession``
  with the refresh token, then retries; when the refresh token is spent too, it logs in
  again with the app password. A refused login is a
  :class:`~rumeur.errors.CredentialsError`.
- ``app.bsky.feed.searchPosts`` (``q``, ``sort=latest``, ``cursor``) or
  ``app.bsky.feed.getAuthorFeed`` (``actor``), newest first, down to the saved watermark.
- ``app.bsky.actor.getProfiles`` (25 actors a call) gives each author's follower count.
- ``app.bsky.feed.getPostThread`` for replies (``replies = true``); a deleted root
  (``NotFound`` or ``#notFoundPost``) is skipped and counted.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors.base import Context, Page, normalise
from rumeur.connectors.bluesky.normalise import post_row
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

log = logging.getLogger("rumeur.watch")

_NOT_FOUND = "app.bsky.feed.defs#notFoundPost"


class BlueskyConnector:
    """One Bluesky source: ``query`` (search) or ``actor`` (an account's feed)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        self.identifier = st.identifier
        self.password = ctx.secret("app_password")
        self.http = ctx.http()
        self.limit = min(st.limit or 100, 100)
        self.replies = st.replies
        self.profiles = st.profiles
        self.access: str | None = None
        self.refresh: str | None = None
        self.deleted = 0
        self.refreshed = 0
        #: getProfiles calls that failed (their authors' follower counts left empty)
        self.lookup_failures = 0
        self.ttl = st.profile_ttl
        self._followers: dict[str, tuple[int, float]] = {}

    def close(self) -> None:
        self.http.close()

    # -- session -----------------------------------------------------------------
    def _xrpc(self, method: str) -> str:
        return f"{self.base}/xrpc/{method}"

    def login(self) -> None:
        try:
            resp = self.http.request(
                "POST", self._xrpc("com.atproto.server.createSession"),
                json={"identifier": self.identifier, "password": self.password},
            )  # fmt: skip
        except (HttpStatusError, CredentialsError) as exc:  # 400/401 AuthenticationRequired
            raise CredentialsError(
                Text(
                    f"{self.name} : Bluesky a refusé la connexion de {self.identifier} : "
                    f"{exc.message}",
                    f"{self.name}: Bluesky refused the login of {self.identifier}: {exc.message}",
                ),
                hint=Text(
                    "créez un mot de passe d'application dans Settings > Privacy and security "
                    "> App passwords",
                    "create an app password in Settings > Privacy and security > App passwords",
                ),
            ) from exc
        self._session(resp.json())

    def _session(self, data: Mapping[str, Any]) -> None:
        self.access, self.refresh = data["accessJwt"], data["refreshJwt"]
        self.ctx.redactor.add(self.access, self.refresh)

    def _refresh(self) -> None:
        self.refreshed += 1
        try:
            resp = self.http.request(
                "POST", self._xrpc("com.atproto.server.refreshSession"),
                headers={"Authorization": f"Bearer {self.refresh}"},
            )  # fmt: skip
            self._session(resp.json())
        except (HttpStatusError, CredentialsError):
            self.login()  # the refresh token is spent or revoked: log in again

    def get(self, method: str, params: Mapping[str, Any]) -> Any:
        if self.access is None:
            self.login()
        for attempt in range(2):
            try:
                return self.http.get_json(
                    self._xrpc(method), params=params,
                    headers={"Authorization": f"Bearer {self.access}"},
                )  # fmt: skip
            except (HttpStatusError, CredentialsError) as exc:
                body = getattr(exc, "body", None)
                expired = (isinstance(body, Mapping) and body.get("error") in (
                    "ExpiredToken", "InvalidToken",
                )) or "ExpiredToken" in exc.message  # fmt: skip
                if not expired or attempt:
                    raise
                self._refresh()
        raise AssertionError("unreachable")

    # -- reading -------------------------------------------------------------------
    def fetch(self, cursor: Any) -> Iterator[Page]:
        query, actor = self.settings.query, self.settings.actor
        if not query and not actor:
            self.ctx.option("query", required=True)

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            method = "app.bsky.feed.searchPosts" if query else "app.bsky.feed.getAuthorFeed"
            params: dict[str, Any] = {"limit": self.limit}
            if token:
                params["cursor"] = token
            if query:
                params.update(q=query, sort="latest")
                for key in ("lang", "until", "domain", "author"):
                    if getattr(self.settings, key):
                        params[key] = getattr(self.settings, key)
                body = self.get(method, params)
                posts = body.get("posts") or []
            else:
                params.update(actor=actor, filter="posts_with_replies")
                body = self.get(method, params)
                posts = [f["post"] for f in body.get("feed") or [] if isinstance(f, Mapping)]
            page = Page(origin=self._xrpc(method))
            replies = self._thread_replies(posts) if self.replies else []
            if self.profiles:
                self._add_followers(posts + replies)
            normalise(page, posts, post_row)
            keys = listed_keys(page)  # of the posts: replies are newer
            normalise(page, replies, post_row)
            return page, body.get("cursor") if posts else None, keys

        yield from newest_first(cursor, fetch_page, **self.ctx.paging())

    def _add_followers(self, posts: list[Any]) -> None:
        """Set ``author.followersCount`` from getProfiles (cached for ``profile_ttl``)."""
        now = time.monotonic()
        authors = [p.get("author") for p in posts if isinstance(p, Mapping)]
        dids = {a["did"] for a in authors if isinstance(a, Mapping) and a.get("did")}
        stale = sorted(d for d in dids if now - self._followers.get(d, (0, -1e18))[1] > self.ttl)
        for i in range(0, len(stale), 25):
            try:
                body = self.get("app.bsky.actor.getProfiles", {"actors": stale[i : i + 25]})
            except CredentialsError:
                raise
            except ConnectorError as exc:  # the posts are good: store them without audience
                self.lookup_failures += 1
                log.warning("%s: follower counts unavailable for now (%s)", self.name, exc.message)
                continue  # not cached: looked up again when these authors next appear
            for prof in body.get("profiles") or []:
                if prof.get("followersCount") is not None:
                    self._followers[prof["did"]] = (prof["followersCount"], now)
        for author in authors:
            if isinstance(author, dict) and author.get("did") in self._followers:
                author["followersCount"] = self._followers[author["did"]][0]

    def _thread_replies(self, posts: list[Any]) -> list[Any]:
        out: list[Any] = []
        for post in posts:
            if not isinstance(post, Mapping) or not post.get("replyCount"):
                continue
            try:
                body = self.get("app.bsky.feed.getPostThread", {"uri": post["uri"], "depth": 6})
            except HttpStatusError as exc:
                if isinstance(exc.body, Mapping) and exc.body.get("error") == "NotFound":
                    self.deleted += 1
                    continue
                raise
            thread = body.get("thread") or {}
            if thread.get("$type") == _NOT_FOUND or thread.get("notFound"):
                self.deleted += 1
                continue
            stack = list(thread.get("replies") or [])
            while stack:
                node = stack.pop()
                if isinstance(node, Mapping) and isinstance(node.get("post"), Mapping):
                    out.append(node["post"])
                    stack.extend(node.get("replies") or [])
        return out
