"""Google Business Profile reviews, with the owner's OAuth credentials.

- Access tokens come from the OAuth 2.0 refresh-token grant (``token_url``, scope
  ``https://www.googleapis.com/auth/business.manage``): renewed before they lapse (an
  hour), and once more when the API answers ``401 UNAUTHENTICATED``
  (:mod:`rumeur.connectors.tokens`). A revoked grant (``invalid_grant``) is a
  credentials error that says to authorise again.
- Locations: ``GET {locations_url}/accounts/{a}/locations?readMask=name,title,metadata``
  (Business Information API, ``pageToken``), unless ``location_ids`` names them.
- Reviews of each location: ``GET {base_url}/accounts/{a}/locations/{l}/reviews``
  (My Business API v4, ``pageSize`` 50, ``pageToken``, ``orderBy=updateTime desc``),
  newest update first, down to the previous pass's watermark less ``reply_window``:
  a reply the owner writes under an older review is collected when the review is read
  again. Each location keeps its own place in the cursor.

``starRating`` ``ONE``..``FIVE`` becomes the rating 1–5; a review's ``reviewReply`` is
stored as the owner's reply (``is_own_account``, ``reply_to`` = the review), dated by
its ``updateTime`` (Google keeps no creation time for replies: an edited reply carries
the edit's time). ``403 PERMISSION_DENIED`` (API access not granted, a location the
account does not manage) and ``429 RESOURCE_EXHAUSTED`` (the project's per-minute
quota, retried with backoff) are reported with Google's message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors._paging import newest_first, time_key
from rumeur.connectors.base import Context, Page, normalise, parse_time
from rumeur.connectors.google_business.normalise import reply_row, review_row
from rumeur.connectors.tokens import TokenExpiredError, bearer, oauth2_refresh, with_token
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

SCOPE = "https://www.googleapis.com/auth/business.manage"


class GoogleBusinessConnector:
    """The reviews of every location (or ``location_ids``) of ``account_id``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        self.locations_url = ctx.base_url(st.locations_url)
        token_url = ctx.base_url(st.token_url)
        self.account = str(st.account_id).removeprefix("accounts/")
        self.http = ctx.http()
        self.tokens = oauth2_refresh(
            ctx, self.http, token_url, client_id=st.client_id,
            client_secret=ctx.secret("client_secret"),
            refresh_token=ctx.secret("refresh_token") or "",
        )  # fmt: skip
        self.limit = min(st.limit or 50, 50)
        #: locations read in the last run
        self.locations: list[dict[str, Any]] = []

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, params: Mapping[str, Any]) -> dict[str, Any]:
        try:
            body = with_token(
                self.tokens,
                lambda tok: self.http.get_json(url, params=params, headers=bearer(tok)),
            )
        except TokenExpiredError:
            raise
        except (HttpStatusError, CredentialsError) as exc:
            status = getattr(exc, "status", None)
            message, reason = _google_error(exc)
            if status == 403:
                raise CredentialsError(
                    Text(
                        f"{self.name} : Google a refusé l'accès ({message})",
                        f"{self.name}: Google refused access ({message})",
                    ),
                    hint=Text(
                        "les API Business Profile doivent être approuvées pour le projet Cloud "
                        "et le compte doit gérer l'établissement (docs/connectors.md)",
                        "the Business Profile APIs must be approved for the Cloud project "
                        "and the account must manage the location (docs/connectors.md)",
                    ),
                ) from None
            if isinstance(exc, CredentialsError):
                raise CredentialsError(
                    Text(
                        f"{self.name} : Google a refusé le jeton d'accès ({message})",
                        f"{self.name}: Google refused the access token ({message})",
                    ),
                    hint=Text(
                        "autorisez à nouveau l'application pour obtenir un nouveau jeton de "
                        "rafraîchissement",
                        "authorise the application again to get a new refresh token",
                    ),
                ) from None
            raise ConnectorError(
                Text(
                    f"{self.name} : Google a répondu HTTP {status} ({reason or message})",
                    f"{self.name}: Google answered HTTP {status} ({reason or message})",
                ),
                hint=Text(
                    "vérifiez account_id et location_ids", "check account_id and location_ids"
                )
                if status == 404
                else None,
            ) from None
        return body if isinstance(body, dict) else {}

    def _locations(self) -> list[dict[str, Any]]:
        ids = self.settings.location_ids
        if ids:
            return [{"name": "locations/" + str(i).rsplit("/", 1)[-1]} for i in ids]
        out: list[dict[str, Any]] = []
        token = None
        while True:
            params: dict[str, Any] = {"readMask": "name,title,metadata", "pageSize": 100}
            if token:
                params["pageToken"] = token
            body = self.get(f"{self.locations_url}/accounts/{self.account}/locations", params)
            out += [dict(x) for x in body.get("locations") or [] if isinstance(x, Mapping)]
            token = body.get("nextPageToken")
            if not token:
                return out

    def fetch(self, cursor: Any) -> Iterator[Page]:
        states: dict[str, Any] = dict((cursor or {}).get("locations") or {})
        self.locations = self._locations()
        for location in self.locations:
            loc = str(location["name"]).rsplit("/", 1)[-1]
            for page in self._reviews(location, states.get(loc)):
                states[loc] = page.cursor
                page.cursor = {"locations": dict(states)}
                yield page

    def _reviews(self, location: dict[str, Any], cursor: Any) -> Iterator[Page]:
        st = self.settings
        loc = str(location["name"]).rsplit("/", 1)[-1]
        url = f"{self.base}/accounts/{self.account}/locations/{loc}/reviews"
        handle = st.own_handle

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            params: dict[str, Any] = {"pageSize": self.limit, "orderBy": "updateTime desc"}
            if token:
                params["pageToken"] = token
            body = self.get(url, params)
            reviews = [r for r in body.get("reviews") or [] if isinstance(r, Mapping)]
            page = Page(origin=url)
            normalise(page, [{"review": r, "location": location} for r in reviews], review_row)
            replies = [{"review": r, "location": location, "reviewReply": r["reviewReply"]}
                       for r in reviews if isinstance(r.get("reviewReply"), Mapping)
                       and r["reviewReply"].get("comment")]  # fmt: skip
            normalise(page, replies, lambda item: reply_row(item, handle))
            keys = []  # the listing's order: update times
            for r in reviews:
                try:
                    keys.append(time_key(parse_time(r.get("updateTime") or r.get("createTime"))))
                except ValueError:
                    continue
            return page, body.get("nextPageToken") if reviews else None, keys

        paging = self.ctx.paging()
        paging["skew"] = max(st.clock_skew, st.reply_window)
        yield from newest_first(cursor, fetch_page, **paging)


def _google_error(exc: Exception) -> tuple[str, str | None]:
    """(message, reason) of a Google API error body ``{"error": {"code", "message",
    "status", "details": [{"reason"}]}}``."""
    body = getattr(exc, "body", None)
    err = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(err, Mapping):
        reasons = [d.get("reason") for d in err.get("details") or []
                   if isinstance(d, Mapping) and d.get("reason")]  # fmt: skip
        status = err.get("status")
        message = str(err.get("message") or status or "")
        return (f"{status}: {message}" if status else message), (reasons[0] if reasons else None)
    return str(getattr(exc, "message", exc)), None
