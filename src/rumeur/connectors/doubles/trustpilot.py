"""A double of the Trustpilot API, written from its documentation
(developers.trustpilot.com):

- ``GET /v1/business-units/{id}/reviews`` (API key in the ``apikey`` header or query)
  and ``GET /v1/private/business-units/{id}/reviews`` (``Authorization: Bearer`` of a
  business token), with ``page`` (from 1), ``perPage`` (1–100, default 20),
  ``orderBy=createdat.desc|createdat.asc`` and ``language``; the answer's ``links`` hold
  ``next-page`` (and ``prev-page``) links while there is more;
- ``POST /v1/oauth/oauth-business-users-for-applications/accesstoken`` (HTTP Basic with
  the API key and secret; ``grant_type=client_credentials`` or ``password``) and
  ``.../refresh`` (``grant_type=refresh_token``): Trustpilot's answer, numbers as strings;
- errors as Trustpilot's gateway (Apigee) sends them: ``{"fault": {"faultstring",
  "detail": {"errorcode"}}}`` — ``401 Invalid ApiKey``, ``401 Access Token expired``,
  ``401 Invalid access token``, ``429 Rate limit quota violation`` past ``rate_limit``
  calls in ``window`` seconds (Trustpilot documents the limits, 833 calls per 5 minutes,
  but no rate-limit headers: the double sends ``Retry-After`` on a 429 only); ``404``
  for an unknown business unit.

The corpus: reviews of the fictional Fibrelia (``fibrelia.example``), 1 to 5 stars; the
company replies to every third one, a few hours later (the reply appears when the
double's clock passes its date); every 11th review is edited by its author a day later
(``updatedAt``, more stars, a line added).
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles._mounted import Answer, MountedApi, bearer, iso_ms, j

UNIT_ID = "5f3c9a7e2b1d4c0012fib001"
UNIT = {"id": UNIT_ID, "identifyingName": "fibrelia.example", "displayName": "Fibrelia"}
TOKEN_PATH = "/v1/oauth/oauth-business-users-for-applications/accesstoken"
REFRESH_PATH = "/v1/oauth/oauth-business-users-for-applications/refresh"
STARS = (1, 5, 2, 4, 5, 3, 1, 5)


def review_id(i: int) -> str:
    return f"{0x6740A000 + i:08x}{i:016x}"


def has_reply(i: int) -> bool:
    return i % 3 == 0


def edited(i: int) -> bool:
    """Review i is edited by its author a day after it was written."""
    return i % 11 == 5


class TrustpilotDouble(MountedApi):
    """Trustpilot's API under ``/v1/``."""

    def __init__(
        self,
        *,
        api_key: str = "tp-key-fibrelia-0001",
        api_secret: str = "tp-secret-fibrelia-0001",
        expires_in: int = 359_999,
        rate_limit: int = 833,
        window: float = 300.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.api_key = api_key
        self.api_secret = api_secret
        self.expires_in = expires_in
        self.rate_limit = rate_limit
        self.window = window
        #: access token -> expiry (double's clock); refresh token -> still valid
        self.tokens: dict[str, float] = {}
        self.refresh_tokens: set[str] = set()
        self.issued = 0
        self._window: tuple[float, int] = (0.0, 0)

    def reply_at(self, i: int) -> datetime:
        return self.when(i) + timedelta(hours=2 + i % 5)

    def edit_at(self, i: int) -> datetime:
        return self.when(i) + timedelta(days=1)

    def review(self, i: int) -> dict[str, Any]:
        """Review i as the API returns it (with its reply once the clock has passed it)."""
        rid = review_id(i)
        name = p.NAMES[i % len(p.NAMES)]
        stars = STARS[i % len(STARS)]
        out: dict[str, Any] = {
            "links": [{"href": f"https://api.trustpilot.com/v1/reviews/{rid}", "method": "GET",
                       "rel": "reviews"}],
            "id": rid,
            "consumer": {"id": f"{0x5E00 + i % 60:024x}", "displayName": f"{name} {i % 60}",
                         "displayLocation": "Lyon, FR", "numberOfReviews": 1 + i % 7},
            "businessUnit": {**UNIT, "links": []},
            "stars": stars,
            "title": p.TEXTS[i % len(p.TEXTS)][:40],
            "text": p.text(i),
            "language": "fr",
            "createdAt": iso_ms(self.when(i)),
            "updatedAt": None,
            "experiencedAt": iso_ms(self.when(i) - timedelta(days=2)),
            "companyReply": None,
            "isVerified": i % 4 != 0,
            "numberOfLikes": i % 6,
            "status": "active",
            "reportData": None,
            "complianceLabels": [],
            "countsTowardsTrustScore": True,
        }  # fmt: skip
        if edited(i) and self.edit_at(i) <= self.now():  # the consumer came back a day later
            out["updatedAt"] = iso_ms(self.edit_at(i))
            out["stars"] = min(5, stars + 2)
            out["text"] = p.text(i) + " Mise à jour : problème réglé, merci."
        if has_reply(i) and self.reply_at(i) <= self.now():
            out["companyReply"] = {
                "text": f"Bonjour {name}, merci pour votre retour. Notre équipe vous recontacte "
                        f"aujourd'hui. (#{i})",
                "authorBusinessUserId": "5f3c9a7e2b1d4c00000bu001",
                "authorBusinessUserName": "Service client Fibrelia",
                "createdAt": iso_ms(self.reply_at(i)),
                "updatedAt": None,
            }  # fmt: skip
        return out

    # -- HTTP ------------------------------------------------------------------
    def handle(
        self, method: str, path: str, q: dict[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer | None:
        if not path.startswith(("/v1/business-units/", "/v1/private/", "/v1/oauth/")):
            return None
        self.count(path)
        with self.lock:
            start, used = self._window
            now = self.clock()
            if now >= start + self.window:
                start, used = now, 0
            self._window = (start, used + 1)
        if used + 1 > self.rate_limit:
            return _fault(429, "Rate limit quota violation. Quota limit  exceeded. Identifier : "
                          "_default", "policies.ratelimit.QuotaViolation",
                          {"Retry-After": str(int(start + self.window - now) + 1)})  # fmt: skip
        if path in (TOKEN_PATH, REFRESH_PATH) and method == "POST":
            return self._oauth(path, headers, body)
        private = path.startswith("/v1/private/")
        if private:
            token = bearer(headers)
            if token not in self.tokens:
                return _fault(401, "Invalid access token", "oauth.v2.InvalidAccessToken")
            if self.tokens[token] <= self.clock():
                return _fault(401, "Access Token expired",
                              "keymanagement.service.access_token_expired")  # fmt: skip
        elif (headers.get("apikey") or q.get("apikey")) != self.api_key:
            return _fault(401, "Invalid ApiKey", "oauth.v2.InvalidApiKey")
        parts = path.strip("/").split("/")[1:]
        if private:
            parts = parts[1:]
        if len(parts) != 3 or parts[0] != "business-units" or parts[2] != "reviews":
            return 404, {}, j({"message": "Resource not found"}), None
        if parts[1] != UNIT_ID:
            missing = {"message": "Business unit not found",
                       "details": f"No business unit with id {parts[1]}"}  # fmt: skip
            return 404, {}, j(missing), None
        return self._reviews(path, q)

    def _reviews(self, path: str, q: dict[str, str]) -> Answer:
        try:
            page, size = int(q.get("page", 1)), int(q.get("perPage", 20))
        except ValueError:
            page, size = 0, 0
        if page < 1 or not 1 <= size <= 100:
            bad = {"message": "Invalid request",
                   "details": "page must be >= 1 and perPage between 1 and 100"}  # fmt: skip
            return 400, {}, j(bad), None
        n = self.visible()
        rows = list(range(n - 1, -1, -1))
        if q.get("orderBy") == "createdat.asc":
            rows.reverse()
        if q.get("language") not in (None, "", "fr", "all"):
            rows = []
        chunk = rows[(page - 1) * size : page * size]
        reviews = [self.review(i) for i in chunk]
        base = f"https://api.trustpilot.com{path}?perPage={size}"
        links = []
        if page * size < len(rows):
            links.append({"href": f"{base}&page={page + 1}", "method": "GET", "rel": "next-page"})
        if page > 1:
            links.append({"href": f"{base}&page={page - 1}", "method": "GET", "rel": "prev-page"})
        served = [r["id"] for r in reviews] + [
            r["id"] + ":reply" for r in reviews if r["companyReply"]
        ]
        return 200, {}, j({"links": links, "reviews": reviews}), ("trustpilot", served)

    def _oauth(self, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        basic = headers.get("Authorization") or ""
        try:
            user, _, pw = base64.b64decode(basic[6:]).decode().partition(":")
        except ValueError:
            user, pw = "", ""
        if not basic.startswith("Basic ") or (user, pw) != (self.api_key, self.api_secret):
            return _fault(401, "Invalid ApiKey", "oauth.v2.InvalidApiKey")
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        grant = form.get("grant_type")
        if path == REFRESH_PATH:
            if grant != "refresh_token" or form.get("refresh_token") not in self.refresh_tokens:
                return 401, {}, j({"ErrorCode": "invalid_request",
                                   "Error": "Invalid Refresh Token"}), None  # fmt: skip
            self.refresh_tokens.discard(form["refresh_token"])
        elif grant not in ("client_credentials", "password"):
            bad = {"ErrorCode": "invalid_request", "Error": f"Unsupported grant type : {grant}"}
            return 400, {}, j(bad), None
        token = "tp" + secrets.token_hex(12)
        refresh = "tpr" + secrets.token_hex(12)
        with self.lock:
            self.tokens[token] = self.clock() + self.expires_in
            self.refresh_tokens.add(refresh)
            self.issued += 1
        ms = str(int(self.clock() * 1000))
        return 200, {}, j({
            "refresh_token_expires_in": "7775999", "refresh_token_status": "approved",
            "api_product_list": "[Private Business Units API]", "app_enduser": "",
            "organization_name": "trustpilot", "developer.email": "dev@fibrelia.example",
            "token_type": "BearerToken", "issued_at": ms, "client_id": self.api_key,
            "access_token": token, "application_name": "veille-fibrelia", "scope": "",
            "refresh_token_issued_at": ms, "expires_in": str(self.expires_in),
            "refresh_count": "0", "status": "approved", "refresh_token": refresh,
        }), None  # fmt: skip


def _fault(status: int, text: str, code: str, headers: dict[str, str] | None = None) -> Answer:
    body = {"fault": {"faultstring": text, "detail": {"errorcode": code}}}
    return status, headers or {}, j(body), None
