"""App Store Connect API: an app's customer reviews and the developer's responses.

- ``GET /v1/apps/{id}/customerReviews?sort=-createdDate&include=response&limit=200``
  lists the reviews newest first (JSON:API: ``data[]``, the responses in
  ``included[]``); the next page is ``links.next``, whose ``cursor`` parameter is the
  resume token saved in the source's cursor (one Apple refuses, ``400``, restarts the
  listing from its top: what was stored already is counted as duplicates). A pass pages
  down to the watermark (:mod:`rumeur.connectors._paging`) and, to pick up the responses
  written since, at least ``revisit`` back (:mod:`rumeur.connectors._reviews`).
- Every request carries an ES256 JWT (:mod:`.auth`), signed again before it expires.
  A ``401`` (``NOT_AUTHORIZED``: the token expired or the clock is off) signs a new one
  and retries once (:func:`rumeur.connectors.tokens.with_credentials`); a second ``401`` is
  a :class:`~rumeur.errors.CredentialsError`, and so is a ``403`` (the key's role
  cannot read reviews).
- Apple's rate limit is read from ``X-Rate-Limit: user-hour-lim:3600;user-hour-rem:N;``
  on every answer and reported as the ``app-store-connect`` quota (``rumeur
  sources``); a ``429`` with ``Retry-After`` waits and retries, without it (the hour's
  requests are spent) it ends the run with :class:`RateLimitError`, and the watcher
  tries again later.
- Error answers are JSON:API ``{"errors": [{"status", "code", "title", "detail"}]}``:
  the messages quote their code, title and detail (never a token).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rumeur.connectors._http import HttpStatusError, _retry_after
from rumeur.connectors._keys import read_key
from rumeur.connectors._paging import listed_keys, newest_first
from rumeur.connectors._reviews import add_mentions, revisit_cursor, with_completion
from rumeur.connectors.appstore.auth import KEY_HINT, AppStoreToken, load_key
from rumeur.connectors.appstore.normalise import response_mention, response_of, review_mention
from rumeur.connectors.base import Context, Page
from rumeur.connectors.quota import Quota
from rumeur.connectors.tokens import TokenExpiredError, TokenSource, bearer, with_credentials
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text


def _answer(review_id: str, app_id: str, handle: str | None, response: Any) -> Any:
    return response_mention(response, review_id, app_id, handle)


class RateLimitError(ConnectorError):
    """The API key's hourly request budget is spent (``429 RATE_LIMIT_EXCEEDED``)."""


def parse_rate_limit(value: str | None) -> dict[str, int]:
    """``"user-hour-lim:3600;user-hour-rem:3591;"`` -> ``{"user-hour-lim": 3600, ...}``."""
    out: dict[str, int] = {}
    for part in (value or "").split(";"):
        name, _, num = part.strip().partition(":")
        if name and num.strip().isdigit():
            out[name] = int(num)
    return out


def api_error(body: Any) -> str:
    """``"401 NOT_AUTHORIZED: title. detail"`` from a JSON:API error document."""
    errors = body.get("errors") if isinstance(body, Mapping) else None
    if not errors or not isinstance(errors[0], Mapping):
        return "no error document" if body is None else str(body)[:200]
    e = errors[0]
    text = f"{e.get('status', '?')} {e.get('code', '?')}: {e.get('title', '')}".strip()
    return f"{text}. {e['detail']}" if e.get("detail") else text


class AppStoreConnector:
    """The customer reviews (and developer responses) of one app."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        self.app_id = str(st.app_id).strip()
        pem = read_key(
            ctx,
            "private_key",
            "private_key_file",
            what=Text("clé privée App Store Connect (.p8)", "App Store Connect private key (.p8)"),
            hint=KEY_HINT,
        )
        self.signer = AppStoreToken(
            issuer_id=st.issuer_id,
            key_id=st.key_id,
            private_key=load_key(pem, ctx.name),
            lifetime=st.token_lifetime,
        )
        #: the bearer token (the JWT itself), signed again a minute before it expires
        self.tokens = TokenSource(
            lambda: (self.signer.renew(), self.signer.expires_at),
            margin=min(60.0, self.signer.lifetime / 4),
            redactor=ctx.redactor,
        )
        self.http = ctx.http()
        self.limit = min(st.limit or 200, 200)
        #: the last ``X-Rate-Limit`` reading: {"limit", "remaining", "window"}
        self.quota: dict[str, Any] = {}
        #: requests sent, responses not yet published
        self.requests = 0
        self.pending = 0
        #: passes restarted from the top because Apple refused a saved page cursor
        self.restarted = 0

    def close(self) -> None:
        self.http.close()

    # -- requests ------------------------------------------------------------------
    def get(self, url: str, params: Mapping[str, Any]) -> Any:
        """GET with the current token; a 401 signs a new one and retries once."""
        return with_credentials(self.tokens, lambda token: self._get(url, params, token))

    def _get(self, url: str, params: Mapping[str, Any], token: str) -> Any:
        for attempt in range(self.http.retries + 1):
            self.requests += 1
            resp, body = self.http.get_page(
                url, params=params, headers=bearer(token), ok=(401, 403, 404, 429)
            )
            self._read_quota(resp.headers)
            status = resp.status_code
            if status < 400:
                return body
            detail = self.ctx.redactor(api_error(body))
            if status == 429:
                wait = _retry_after(resp.headers.get("retry-after"), self.http.clock())
                if wait is not None and attempt < self.http.retries:
                    self.http._wait(wait)
                    continue
                left = self.quota.get("remaining")
                left_ = left if left is not None else "?"
                limit = self.quota.get("limit", "?")
                raise RateLimitError(
                    Text(
                        f"{self.name} : limite de débit App Store Connect atteinte ({detail} ; "
                        f"{left_} requêtes sur {limit} restantes cette heure)",
                        f"{self.name}: App Store Connect rate limit reached ({detail}; "
                        f"{left_} of {limit} requests left this hour)",
                    ),
                    hint=Text(
                        "la limite est par clé d'API et par heure : le prochain passage "
                        "réessaie ; baissez max_pages ou revisit, ou augmentez interval",
                        "the limit is per API key and per hour: the next run retries; "
                        "lower max_pages or revisit, or raise interval",
                    ),
                )
            if status == 401:  # expired, or signed while the clock was off: with_token renews
                raise TokenExpiredError(
                    Text(
                        f"{self.name} : App Store Connect a refusé la clé d'API ({detail})",
                        f"{self.name}: App Store Connect refused the API key ({detail})",
                    ),
                    hint=Text(
                        "vérifiez issuer_id et key_id, que la clé n'est pas révoquée et a le "
                        "rôle Customer Support (ou plus), et l'horloge de cette machine",
                        "check issuer_id and key_id, that the key is not revoked and has "
                        "the Customer Support role (or higher), and this machine's clock",
                    ),
                )
            if status == 403:
                raise CredentialsError(
                    Text(
                        f"{self.name} : App Store Connect a refusé la clé d'API ({detail})",
                        f"{self.name}: App Store Connect refused the API key ({detail})",
                    ),
                    hint=Text(
                        "donnez à la clé un rôle qui lit les avis clients (Customer Support, "
                        "App Manager ou Admin) dans Utilisateurs et accès > Intégrations",
                        "give the key a role that can read customer reviews (Customer "
                        "Support, App Manager or Admin) in Users and Access > Integrations",
                    ),
                )
            raise ConnectorError(
                Text(
                    f"{self.name} : App Store Connect n'a pas d'application {self.app_id} "
                    f"pour cette clé ({detail})",
                    f"{self.name}: App Store Connect has no app {self.app_id} for this key "
                    f"({detail})",
                ),
                hint=Text(
                    "app_id est l'Apple ID de l'application (Informations sur l'app > Apple "
                    "ID), des chiffres seulement",
                    "app_id is the app's Apple ID (App Information > Apple ID), digits only",
                ),
            )
        raise ConnectorError(
            Text(
                f"{self.name} : App Store Connect a refusé à chaque essai ({url})",
                f"{self.name}: App Store Connect kept refusing ({url})",
            )
        )

    def _read_quota(self, headers: Mapping[str, str]) -> None:
        rl = parse_rate_limit(headers.get("x-rate-limit"))
        if "user-hour-lim" in rl:
            limit, left = rl["user-hour-lim"], rl.get("user-hour-rem")
            self.quota = {"limit": limit, "remaining": left, "window": "hour"}
            self.ctx.report_quota(
                Quota(name="app-store-connect", limit=limit, remaining=left, period="hour")
            )

    # -- reading -------------------------------------------------------------------
    def fetch(self, cursor: Any) -> Iterator[Page]:
        st, app_id = self.settings, self.app_id
        now = self.ctx.now()
        url = f"{self.base}/v1/apps/{app_id}/customerReviews"
        params: dict[str, Any] = {"sort": "-createdDate", "limit": self.limit}
        if st.responses:
            params["include"] = "response"
        if st.territory:
            params["filter[territory]"] = st.territory

        def fetch_page(token: Any) -> tuple[Page, Any, list[str]]:
            try:
                body = self.get(url, {**params, "cursor": token} if token else params)
            except HttpStatusError as exc:
                if exc.status != 400 or not token:
                    raise
                self.restarted += 1  # a saved cursor Apple no longer knows: from the top
                body = self.get(url, params)
            data = body.get("data") if isinstance(body, Mapping) else None
            if not isinstance(data, list):
                raise ConnectorError(
                    Text(
                        f"{self.name} : App Store Connect n'a pas envoyé de liste d'avis",
                        f"{self.name}: App Store Connect sent no review list",
                    )
                )
            page = Page(origin=url)
            add_mentions(page, data, lambda r: review_mention(r, app_id))
            keys = listed_keys(page)  # the reviews: responses are listed with them
            if st.responses:
                self._add_responses(page, data, body.get("included") or [])
            nxt = (body.get("links") or {}).get("next")
            token = parse_qs(urlsplit(nxt).query).get("cursor", [None])[0] if nxt else None
            return page, token if data else None, keys

        state = revisit_cursor(cursor, now, st.revisit)
        yield from with_completion(
            newest_first(state, fetch_page, **self.ctx.paging()), cursor, now
        )

    def _add_responses(self, page: Page, reviews: list[Any], included: list[Any]) -> None:
        by_id = {
            str(o.get("id")): o
            for o in included
            if isinstance(o, Mapping) and o.get("type") == "customerReviewResponses"
        }
        for review in reviews:
            rid = response_of(review) if isinstance(review, Mapping) else None
            response = by_id.get(rid) if rid else None
            if response is None:
                continue
            if (response.get("attributes") or {}).get("state") != "PUBLISHED":
                self.pending += 1
                continue
            add_mentions(
                page,
                [response],
                partial(_answer, str(review.get("id")), self.app_id, self.settings.own_handle),
            )
