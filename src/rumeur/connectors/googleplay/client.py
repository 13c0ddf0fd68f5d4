"""Google Play Developer API: the reviews of one app and the developer's replies.

- ``GET /androidpublisher/v3/applications/{packageName}/reviews`` (``maxResults``,
  ``token``, ``translationLanguage``) lists the reviews **written or edited in the last
  seven days only**, most recently modified first; ``tokenPagination.nextPageToken`` is
  the resume token saved in the cursor. A pass pages down to the watermark and at least
  ``revisit`` back (by default the whole week, so that a reply written days after the
  review is still found). The API keeps nothing older: when the last complete pass is
  more than a week old, the run's note warns that reviews may have been missed.
- Authentication: a service account's OAuth token (:mod:`.auth`,
  :func:`rumeur.connectors.tokens.jwt_bearer`), renewed before it expires; a ``401``
  asks for a new one and retries once. ``403`` (the account is not
  allowed to see the app) is a :class:`~rumeur.errors.CredentialsError`.
- Quota: Google allows 200 review reads an hour per app by default; the client counts
  its requests over the last hour (the ``google-play`` quota of ``rumeur sources``) and
  stops with :class:`QuotaExceededError` before exceeding ``hourly_requests``, as it
  does on a ``429 RESOURCE_EXHAUSTED`` (one with ``Retry-After`` waits and retries). A
  stale page token (``400``) restarts the listing from its top: what was stored already
  is counted as duplicates.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._http import _retry_after
from rumeur.connectors._keys import read_key
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors._reviews import add_mentions, gap_note, revisit_cursor, with_completion
from rumeur.connectors.base import Context, Page
from rumeur.connectors.googleplay.auth import KEY_HINT, assertion, load_service_account
from rumeur.connectors.googleplay.normalise import reply_mention, reply_payload, review_mention
from rumeur.connectors.googleplay.options import WINDOW
from rumeur.connectors.quota import Quota
from rumeur.connectors.tokens import TokenExpiredError, bearer, jwt_bearer, with_credentials
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text


class QuotaExceededError(ConnectorError):
    """The hourly request budget of the source (or Google's quota) is spent."""


def google_error(body: Any) -> str:
    """``"403 PERMISSION_DENIED: The caller does not have permission"``."""
    err = body.get("error") if isinstance(body, Mapping) else None
    if not isinstance(err, Mapping):
        return "no error document" if body is None else str(body)[:200]
    return f"{err.get('code', '?')} {err.get('status', '?')}: {err.get('message', '')}"[:300]


class GooglePlayConnector:
    """The reviews of one Android app (``package_name``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        self.package = st.package_name.strip()
        text = read_key(
            ctx,
            "service_account",
            "service_account_file",
            what=Text(
                "clé de compte de service Google (JSON)", "Google service account key (JSON)"
            ),
            hint=KEY_HINT,
        )
        account = load_service_account(text, ctx.name)
        self.http = ctx.http()
        self.clock = ctx.clock or time.time
        token_url = ctx.base_url(st.token_url or account.token_uri)
        #: the access token, exchanged for a signed assertion, renewed before it expires
        self.tokens = jwt_bearer(ctx, self.http, token_url, lambda: assertion(account, token_url))
        self.limit = min(st.limit or 100, 100)
        self._sent: deque[float] = deque()
        self.restarted = 0

    def close(self) -> None:
        self.http.close()

    @property
    def quota(self) -> dict[str, Any]:
        """Requests sent in the last hour against ``hourly_requests``."""
        self._forget()
        limit = self.settings.hourly_requests
        return {
            "limit": limit,
            "used": len(self._sent),
            "remaining": max(0, limit - len(self._sent)),
            "window": "hour",
        }

    def _forget(self) -> None:
        while self._sent and self._sent[0] <= self.clock() - 3600:
            self._sent.popleft()

    def _spend(self) -> None:
        self._forget()
        if len(self._sent) >= self.settings.hourly_requests:
            n = self.settings.hourly_requests
            raise QuotaExceededError(
                Text(
                    f"{self.name} : {n} requêtes Google Play dans la dernière heure : le "
                    "budget de cette source est épuisé",
                    f"{self.name}: {n} Google Play requests in the "
                    "last hour: this source's budget is spent",
                ),
                hint=Text(
                    "le prochain passage reprend au curseur enregistré ; n'augmentez "
                    "hourly_requests que si Google a accordé plus de quota",
                    "the next run continues from the saved cursor; raise hourly_requests "
                    "only if Google granted more quota",
                ),
            )
        self._sent.append(self.clock())
        q = self.quota
        self.ctx.report_quota(
            Quota(name="google-play", used=q["used"], limit=q["limit"], period="hour")
        )

    # -- requests ------------------------------------------------------------------
    def get(self, url: str, params: Mapping[str, Any]) -> Any:
        """GET with the current access token; a 401 asks for a new one, once."""
        return with_credentials(self.tokens, lambda token: self._get(url, params, token))

    def _get(self, url: str, params: Mapping[str, Any], token: str) -> Any:
        waited = 0
        while True:
            self._spend()
            resp, body = self.http.get_page(
                url, params=params, headers=bearer(token), ok=(400, 401, 403, 404, 429)
            )
            status = resp.status_code
            if status < 400:
                return body
            detail = self.ctx.redactor(google_error(body))
            if status == 401:  # expired or revoked: with_token gets a new one, once
                raise TokenExpiredError(
                    Text(
                        f"{self.name} : Google Play a refusé le jeton d'accès ({detail})",
                        f"{self.name}: Google Play refused the access token ({detail})",
                    ),
                    hint=Text(
                        "le compte de service a peut-être été désactivé ou sa clé supprimée : "
                        + KEY_HINT.fr,
                        "the service account may have been disabled or its key deleted: "
                        + KEY_HINT.en,
                    ),
                )
            if status == 429:
                wait = _retry_after(resp.headers.get("retry-after"), self.http.clock())
                if wait is not None and waited < self.http.retries:
                    waited += 1
                    self.http._wait(wait)  # a burst: the server says when to come back
                    continue
                raise QuotaExceededError(
                    Text(
                        f"{self.name} : quota Google Play épuisé ({detail})",
                        f"{self.name}: Google Play quota exhausted ({detail})",
                    ),
                    hint=Text(
                        "le quota est par heure (lectures) et par jour : le prochain passage "
                        "réessaie",
                        "the quota is per hour (reads) and per day: the next run retries",
                    ),
                )
            if status == 403:
                raise CredentialsError(
                    Text(
                        f"{self.name} : Google Play a refusé le compte de service ({detail})",
                        f"{self.name}: Google Play refused the service account ({detail})",
                    ),
                    hint=Text(
                        "dans Play Console > Utilisateurs et autorisations, donnez à l'e-mail "
                        "du compte de service l'accès à cette application avec 'View app "
                        "information' et 'Reply to reviews', et activez la Google Play "
                        "Android Developer API",
                        "in Play Console > Users and permissions, give the service "
                        "account's email access to this app with 'View app information' and "
                        "'Reply to reviews', and enable the Google Play Android Developer API",
                    ),
                )
            if status == 404:
                raise ConnectorError(
                    Text(
                        f"{self.name} : Google Play ne connaît pas d'application "
                        f"{self.package} ({detail})",
                        f"{self.name}: Google Play knows no app {self.package} ({detail})",
                    ),
                    hint=Text(
                        "package_name est l'identifiant de l'application, comme dans "
                        "play.google.com/store/apps/details?id=...",
                        "package_name is the app's id, as in play.google.com/store/apps/"
                        "details?id=...",
                    ),
                )
            raise _BadRequest(detail)

    # -- reading -------------------------------------------------------------------
    def fetch(self, cursor: Any) -> Iterator[Page]:
        st, pkg = self.settings, self.package
        now = self.ctx.now()
        url = f"{self.base}/androidpublisher/v3/applications/{pkg}/reviews"
        params: dict[str, Any] = {"maxResults": self.limit}
        if st.translation_language:
            params["translationLanguage"] = st.translation_language
        note = gap_note(cursor, now, WINDOW, "Google Play")

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            try:
                body = self.get(url, {**params, "token": token} if token else params)
            except _BadRequest as exc:
                if not token:
                    raise ConnectorError(
                        Text(
                            f"{self.name} : Google Play a refusé la requête ({exc})",
                            f"{self.name}: Google Play refused the request ({exc})",
                        )
                    ) from None
                self.restarted += 1  # the page token went stale: start from the top
                body = self.get(url, params)
            reviews = body.get("reviews") or [] if isinstance(body, Mapping) else None
            if not isinstance(reviews, list):
                raise ConnectorError(
                    Text(
                        f"{self.name} : Google Play n'a pas envoyé de liste d'avis",
                        f"{self.name}: Google Play sent no review list",
                    )
                )
            page = Page(origin=url, note=note)
            add_mentions(page, reviews, lambda r: review_mention(r, pkg))
            keys = listed_keys(page)
            replies = [
                r
                for r in (reply_payload(x) for x in reviews if isinstance(x, Mapping))
                if r is not None
            ]
            add_mentions(page, replies, lambda r: reply_mention(r, pkg, st.own_handle))
            nxt = (body.get("tokenPagination") or {}).get("nextPageToken")
            return page, nxt if reviews else None, keys

        state = revisit_cursor(cursor, now, st.revisit)
        yield from with_completion(
            newest_first(state, fetch_page, **self.ctx.paging()), cursor, now
        )


class _BadRequest(ConnectorError):
    """A 400 answer (a stale page token, a bad parameter)."""
