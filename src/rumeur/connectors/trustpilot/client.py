"""Trustpilot business-unit reviews, newest first, with the company's replies.

- ``endpoint = "public"``: ``GET /v1/business-units/{id}/reviews`` with the API key
  (``apikey`` header): the reviews anyone can read, with ``companyReply``;
- ``endpoint = "private"``: ``GET /v1/private/business-units/{id}/reviews`` with an
  OAuth access token of the business (``Authorization: Bearer``), obtained from
  ``POST /v1/oauth/oauth-business-users-for-applications/accesstoken`` with the API key
  and secret (HTTP Basic) and ``grant_type=client_credentials`` (or ``password`` with a
  Trustpilot Business user). The token expires (``expires_in``, about 100 hours): it is
  renewed before it lapses, and once more when the API answers ``401 Access Token
  expired`` (:mod:`rumeur.connectors.tokens`).

Both are paged with ``page``/``perPage`` (100 at most) and ``orderBy=createdat.desc``;
the answer's ``links`` hold a ``next-page`` link while there is more. A pass pages back
to the previous pass's watermark less ``reply_window`` (30 days): a reply the company
writes under an older review is collected when that review is read again. Each review
is one mention (its ``stars`` in ``rating``); its ``companyReply`` is another, by the
brand (``is_own_account``, ``reply_to`` = the review, dated by the reply's
``createdAt``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors.base import Context, Page, normalise
from rumeur.connectors.tokens import TokenExpiredError, TokenSource, bearer, with_token
from rumeur.connectors.trustpilot.normalise import reply_row, review_row
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

TOKEN_PATH = "/oauth/oauth-business-users-for-applications/accesstoken"
REFRESH_PATH = "/oauth/oauth-business-users-for-applications/refresh"


class TrustpilotConnector:
    """The reviews of ``business_unit_id`` and the company's replies."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        self.key = ctx.secret("api_key") or ""
        self.http = ctx.http(apikey=self.key)
        self.limit = min(st.limit or 100, 100)
        self.tokens: TokenSource | None = None
        self._refresh: str | None = None
        unit = st.business_unit_id
        if st.endpoint == "private":
            self.secret = ctx.secret("api_secret") or ""
            self.password = ctx.secret("password") if st.grant == "password" else None
            if st.grant == "password":
                ctx.option("username", required=True)
            self.tokens = TokenSource(self._mint, clock=ctx.clock or time.time,
                                      redactor=ctx.redactor)  # fmt: skip
            self.path = f"/private/business-units/{unit}/reviews"
        else:
            self.path = f"/business-units/{unit}/reviews"
        #: reviews whose company reply was collected in this connector's runs
        self.replies = 0

    def close(self) -> None:
        self.http.close()

    # -- OAuth -------------------------------------------------------------------
    def _mint(self) -> tuple[str, float | None]:
        """A new access token: refreshed with the refresh token when there is one (the
        password grant gives one), else asked for with the API key and secret."""
        clock = self.ctx.clock or time.time
        if self._refresh:
            form = {"grant_type": "refresh_token", "refresh_token": self._refresh}
            try:
                return self._token(REFRESH_PATH, form, clock)
            except CredentialsError:
                self._refresh = None  # spent: ask for a new one below
        form = {"grant_type": self.settings.grant}
        if self.settings.grant == "password":
            form.update(username=self.settings.username, password=self.password or "")
        return self._token(TOKEN_PATH, form, clock)

    def _token(self, path: str, form: dict[str, Any], clock: Any) -> tuple[str, float | None]:
        try:
            resp = self.http.request("POST", self.base + path, data=form,
                                     auth=(self.key, self.secret))  # fmt: skip
        except (HttpStatusError, CredentialsError) as exc:
            password = self.settings.grant == "password"
            raise TokenExpiredError(
                Text(
                    f"{self.name} : Trustpilot a refusé la requête OAuth ({_fault(exc)})",
                    f"{self.name}: Trustpilot refused the OAuth request ({_fault(exc)})",
                ),
                hint=Text(
                    "vérifiez la clé et le secret d'API (Trustpilot Business > Integrations > "
                    "API)" + (" et le mot de passe de l'utilisateur" if password else ""),
                    "check the API key and secret (Trustpilot Business > Integrations > API)"
                    + (" and the user's password" if password else ""),
                ),
            ) from None
        body = resp.json()
        if body.get("refresh_token"):
            self._refresh = str(body["refresh_token"])
            self.ctx.redactor.add(self._refresh)
        try:
            expires: float | None = clock() + float(body["expires_in"])
        except (KeyError, TypeError, ValueError):
            expires = None
        return str(body.get("access_token") or ""), expires

    # -- reading -----------------------------------------------------------------
    def get(self, params: Mapping[str, Any]) -> dict[str, Any]:
        url = self.base + self.path
        try:
            if self.tokens is None:
                body = self.http.get_json(url, params=params)
            else:
                body = with_token(
                    self.tokens, lambda tok: self.http.get_json(url, params=params,
                                                                headers=bearer(tok)))  # fmt: skip
        except CredentialsError as exc:
            if isinstance(exc, TokenExpiredError):
                raise
            raise CredentialsError(
                Text(
                    f"{self.name} : Trustpilot a refusé la requête ({_fault(exc)})",
                    f"{self.name}: Trustpilot refused the request ({_fault(exc)})",
                ),
                hint=Text(
                    "vérifiez la clé d'API (Trustpilot Business > Integrations > API)",
                    "check the API key (Trustpilot Business > Integrations > API)",
                ),
            ) from None
        except HttpStatusError as exc:
            hint = Text(
                "le prochain passage prévu réessaiera", "the next scheduled run tries again"
            )
            if exc.status == 404:
                hint = Text(
                    "vérifiez business_unit_id (GET /v1/business-units/find?name=<domaine> "
                    "le donne)",
                    "check business_unit_id (GET /v1/business-units/find?name=<domain> gives it)",
                )
            raise ConnectorError(
                Text(
                    f"{self.name} : Trustpilot a répondu HTTP {exc.status} ({_fault(exc)})",
                    f"{self.name}: Trustpilot answered HTTP {exc.status} ({_fault(exc)})",
                ),
                hint=hint,
            ) from None
        return body if isinstance(body, dict) else {}

    def fetch(self, cursor: Any) -> Iterator[Page]:
        st = self.settings
        params: dict[str, Any] = {"orderBy": "createdat.desc", "perPage": self.limit}
        if st.language:
            params["language"] = st.language
        handle = st.own_handle

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            number = int(token or 1)
            body = self.get({**params, "page": number})
            reviews = [r for r in body.get("reviews") or [] if isinstance(r, Mapping)]
            page = Page(origin=self.base + self.path)
            normalise(page, reviews, review_row)
            keys = listed_keys(page)  # the reviews' dates, not the replies'
            replies = [
                {"reviewId": r.get("id"), "businessUnit": r.get("businessUnit"),
                 "companyReply": r["companyReply"]}
                for r in reviews
                if isinstance(r.get("companyReply"), Mapping) and r["companyReply"].get("text")
            ]  # fmt: skip
            self.replies += len(replies)
            normalise(page, replies, lambda item: reply_row(item, handle))
            more = any(
                isinstance(link, Mapping) and link.get("rel") == "next-page"
                for link in body.get("links") or []
            )
            return page, (number + 1 if more and reviews else None), keys

        paging = self.ctx.paging()
        paging["skew"] = max(st.clock_skew, st.reply_window)  # re-read: replies come later
        yield from newest_first(cursor, fetch_page, **paging)


def _fault(exc: Exception) -> str:
    """Trustpilot's error text: an Apigee ``fault`` (``faultstring``, ``errorcode``) or a
    ``message``/``details`` body."""
    body = getattr(exc, "body", None)
    if isinstance(body, Mapping):
        fault = body.get("fault")
        if isinstance(fault, Mapping):
            code = (fault.get("detail") or {}).get("errorcode")
            return f"{fault.get('faultstring')}" + (f", {code}" if code else "")
        for key in ("message", "details", "error_description", "error"):
            if body.get(key):
                return str(body[key])
    return f"HTTP {getattr(exc, 'status', '?')}"
