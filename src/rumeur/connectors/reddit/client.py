"""Reddit API with an OAuth "script" app.

- Token: ``POST https://www.reddit.com/api/v1/access_token`` with HTTP basic auth
  (client id, client secret) and ``grant_type=password`` (the account's username and
  password). ``401`` or ``{"error": "invalid_grant"}`` is a
  :class:`~rumeur.errors.CredentialsError`. A token refused later (``401`` from the API,
  e.g. revoked) gets one new token; a second refusal is a CredentialsError.
- API at ``https://oauth.reddit.com``: ``/search`` or ``/r/{sub}/search``
  (``restrict_sr=1``), ``sort=new``, ``limit=100``, paged with ``after`` (the last
  fullname) down to the saved watermark. ``X-Ratelimit-Remaining``/``-Reset`` are obeyed.
- Comments (``comments = true``): ``/comments/{id}`` returns ``[post listing, comment
  listing]``; nested ``replies`` are walked; ``more`` stubs are not expanded (that needs
  ``/api/morechildren``, left out). Deleted or removed comments (``[deleted]``,
  ``[removed]``) go to the quarantine with that reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors.base import Context, Page, dumps, row_to_mention
from rumeur.connectors.reddit.normalise import thing_row
from rumeur.errors import CredentialsError
from rumeur.ingest.reasons import stored
from rumeur.messages import Text


class RedditConnector:
    """One Reddit search: ``query``, optionally within ``subreddit``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = ctx.settings
        self.api = ctx.base_url(st.base_url)
        self.auth_url = ctx.base_url(st.auth_url)
        self.client_id = st.client_id
        self.client_secret = ctx.secret("client_secret")
        self.username = st.username
        self.password = ctx.secret("password")
        self.query = st.query
        self.subreddit = st.subreddit
        self.comments = st.comments
        self.limit = min(st.limit or 100, 100)
        self.http = ctx.http()
        self.token: str | None = None
        self.deleted = 0

    def close(self) -> None:
        self.http.close()

    def authenticate(self) -> None:
        """Get a token. Errors never quote Reddit's answer: a server that echoes the
        request would put the password and the client secret in logs and the store."""
        assert self.client_secret is not None and self.password is not None
        try:
            resp = self.http.request(
                "POST", self.auth_url, auth=(self.client_id, self.client_secret),
                data={"grant_type": "password", "username": self.username,
                      "password": self.password},
            )  # fmt: skip
            data = resp.json()
        except (HttpStatusError, CredentialsError) as exc:
            status = getattr(exc, "status", None) or "refused"
            raise CredentialsError(
                Text(
                    f"{self.name} : Reddit a refusé la connexion de l'application script "
                    f"(HTTP {status})",
                    f"{self.name}: Reddit refused the script app login (HTTP {status})",
                ),
                hint=Text(
                    "vérifiez client_id, client_secret, username et password "
                    "(https://www.reddit.com/prefs/apps)",
                    "check client_id, client_secret, username and password "
                    "(https://www.reddit.com/prefs/apps)",
                ),
            ) from None
        except ValueError:
            raise CredentialsError(
                Text(
                    f"{self.name} : la réponse de connexion de Reddit n'est pas du JSON",
                    f"{self.name}: Reddit's login answer is not JSON",
                ),
                hint=Text(
                    "vérifiez auth_url (par défaut https://www.reddit.com/api/v1/access_token)",
                    "check auth_url (default https://www.reddit.com/api/v1/access_token)",
                ),
            ) from None
        if not isinstance(data, dict) or "access_token" not in data:
            error = data.get("error") if isinstance(data, dict) else None
            code = error if isinstance(error, str) and error.isidentifier() else "no token"
            raise CredentialsError(
                Text(
                    f"{self.name} : Reddit a refusé la connexion ({code})",
                    f"{self.name}: Reddit refused the login ({code})",
                ),
                hint=Text(
                    "vérifiez username/password du compte propriétaire de l'application script",
                    "check the username/password of the account that owns the script app",
                ),
            )
        self.token = data["access_token"]
        self.ctx.redactor.add(self.token)

    def get(self, path: str, params: Mapping[str, Any]) -> Any:
        if self.token is None:
            self.authenticate()
        for attempt in range(2):
            try:
                return self.http.get_json(
                    self.api + path, params={**params, "raw_json": 1},
                    headers={"Authorization": f"bearer {self.token}"},
                )  # fmt: skip
            except CredentialsError:
                if attempt:
                    raise
                self.authenticate()  # expired or revoked: one new token, then give up
        raise AssertionError("unreachable")

    def fetch(self, cursor: Any) -> Iterator[Page]:
        path = f"/r/{self.subreddit}/search" if self.subreddit else "/search"
        params: dict[str, Any] = {"q": self.query, "sort": "new", "limit": self.limit,
                                  "type": "link"}  # fmt: skip
        if self.subreddit:
            params["restrict_sr"] = 1

        def fetch_page(after: Any) -> tuple[Page, Any, list[str]]:
            q = {**params, "after": after} if after else params
            body = self.get(path, q)
            data = body.get("data") or {}
            children = [c for c in data.get("children") or [] if isinstance(c, Mapping)]
            page = Page(origin=self.api + path)
            self._add(page, children)
            keys = listed_keys(page)  # of the posts: comments are newer
            if self.comments:
                for child in children:
                    if (child.get("data") or {}).get("num_comments"):
                        self._add_comments(page, child["data"]["id"])
            return page, data.get("after") if children else None, keys

        yield from newest_first(cursor, fetch_page, **self.ctx.paging())

    def _add(self, page: Page, things: list[Mapping[str, Any]]) -> None:
        for thing in things:
            if thing.get("kind") not in ("t1", "t3"):
                continue
            payload = dumps(thing)
            try:
                page.items.append((payload, row_to_mention(thing_row(thing))))
            except (ValueError, TypeError, KeyError) as exc:
                if "deleted post" in str(exc):
                    self.deleted += 1
                page.rejected.append((payload, stored("cannot_normalise", error=exc)))

    def _add_comments(self, page: Page, post_id: str) -> None:
        try:
            body = self.get(f"/comments/{post_id}", {"sort": "new", "limit": 500})
        except HttpStatusError as exc:
            if exc.status in (403, 404):  # removed or private since listed
                self.deleted += 1
                return
            raise
        if not isinstance(body, list) or len(body) < 2:
            return
        stack = list((body[1].get("data") or {}).get("children") or [])
        comments = []
        while stack:
            thing = stack.pop()
            if not isinstance(thing, Mapping) or thing.get("kind") != "t1":
                continue
            comments.append(thing)
            replies = thing["data"].get("replies")
            if isinstance(replies, Mapping):
                stack.extend((replies.get("data") or {}).get("children") or [])
        self._add(page, comments)
