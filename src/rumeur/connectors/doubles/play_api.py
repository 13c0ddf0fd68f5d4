"""Google's token endpoint and Google Play's ``reviews.list`` in the local double (see
:mod:`.stores`)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import jwt

from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles._wire import WEEK, Answer, j, offset_of, page_token


class PlayApi:
    """The Google half of :class:`~.stores.StoreApis` (a mixin)."""

    double: Any
    keys: Any
    package: str
    play_hour_limit: int
    token_ttl: int
    reply_delay: float
    rejected_tokens: int
    issued: dict[str, float]
    play_epoch: datetime
    lock: Any
    _pages: dict[Any, Answer]
    clock: Any
    _spent: Any
    _listing: Any

    def play_when(self, i: int) -> datetime:
        if self.double.epoch is not None:
            return self.double.when(i)
        return self.play_epoch + timedelta(seconds=10 * i)

    def play_item(self, i: int) -> dict[str, Any]:
        over = self.double.overrides.get(("googleplay", i))
        if over is not None:
            return over
        when = self.play_when(i)
        reply_at = when + timedelta(seconds=self.reply_delay)
        answered = i % 4 == 0 and reply_at.timestamp() <= self.clock()
        return sp.play_review(i, when, reply_at=reply_at if answered else None)

    # Google
    def _token_grant(self, body: bytes) -> Answer:
        form = {k: v[0] for k, v in parse_qs(body.decode(errors="replace")).items()}
        bad: Answer = (
            400,
            {},
            j({"error": "invalid_grant", "error_description": "Invalid JWT Signature."}),
            None,
        )
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return (
                400,
                {},
                j({"error": "unsupported_grant_type", "error_description": "Invalid grant_type: "}),
                None,
            )
        try:
            header = jwt.get_unverified_header(form.get("assertion", ""))
            claims = jwt.decode(
                form.get("assertion", ""),
                self.keys.rsa.public_key(),
                algorithms=["RS256"],
                audience=f"{self.double.url}/token",
                issuer=self.keys.sa_email,
                options={"require": ["exp", "iat", "iss", "aud", "scope"]},
            )
        except jwt.PyJWTError:
            self.rejected_tokens += 1
            return bad
        if header.get("kid") != self.keys.sa_key_id or claims["exp"] - claims["iat"] > 3600:
            self.rejected_tokens += 1
            return bad
        if "https://www.googleapis.com/auth/androidpublisher" not in claims["scope"].split():
            return (
                400,
                {},
                j({"error": "invalid_scope", "error_description": "Invalid OAuth scope."}),
                None,
            )
        token = "ya29.fictif-" + secrets.token_urlsafe(24)
        with self.lock:
            self.issued[token] = self.clock() + self.token_ttl
        return (
            200,
            {},
            j({"access_token": token, "expires_in": self.token_ttl, "token_type": "Bearer"}),
            None,
        )

    def _play(self, path: str, q: Mapping[str, str], bearer: str) -> Answer:
        with self.lock:
            expires = self.issued.get(bearer)
        if expires is None or expires <= self.clock():
            self.rejected_tokens += 1
            return (
                401,
                {},
                j(
                    sp.google_error(
                        401,
                        "UNAUTHENTICATED",
                        "Request had invalid authentication credentials. Expected OAuth 2 access "
                        "token, login cookie or other valid authentication credential. See "
                        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                    )
                ),
                None,
            )
        if self._spent("googleplay", self.play_hour_limit) < 0:
            return (
                429,
                {},
                j(
                    sp.google_error(
                        429,
                        "RESOURCE_EXHAUSTED",
                        "Quota exceeded for quota metric 'Get requests' and limit "
                        "'Get requests per "
                        "hour' of service 'androidpublisher.googleapis.com'.",
                    )
                ),
                None,
            )
        pkg = path.split("/")[4]
        if pkg != self.package:
            return (
                404,
                {},
                j(sp.google_error(404, "NOT_FOUND", f"Package not found: {pkg}.")),
                None,
            )
        limit = max(1, min(int(q.get("maxResults") or 10), 100))
        offset = offset_of(q.get("token"))
        if offset is None:
            return (
                400,
                {},
                j(sp.google_error(400, "INVALID_ARGUMENT", "Invalid pagination token")),
                None,
            )
        n = self.double.visible()
        key = ("play", offset, limit, n, int(self.clock() // 60))
        hit = self._pages.get(key)
        if hit is None:
            hit = self._pages[key] = self._play_page(offset, limit, n)
        return hit

    def _play_page(self, offset: int, limit: int, n: int) -> Answer:
        def listing() -> list[Any]:  # what the API lists: the last 7 days, newest first
            horizon = self.clock() - WEEK
            rows = [r for r in (self.play_item(i) for i in range(n)) if _modified(r) >= horizon]
            return sorted(rows, key=_modified, reverse=True)

        rows = self._listing("play", n, listing)
        page = rows[offset : offset + limit]
        doc: dict[str, Any] = {
            "reviews": page,
            "pageInfo": {"totalResults": len(rows), "resultPerPage": limit, "startIndex": offset},
        }
        if offset + limit < len(rows):
            doc["tokenPagination"] = {"nextPageToken": page_token(offset + limit)}
        served = [f"googleplay:{r['reviewId']}" for r in page]
        served += [
            f"googleplay:{r['reviewId']}:reply"
            for r in page
            if any("developerComment" in c for c in r["comments"])
        ]
        return 200, {}, j(doc), ("googleplay", served)


def _modified(review: Mapping[str, Any]) -> float:
    uc = review["comments"][0]["userComment"]["lastModified"]
    return int(uc["seconds"]) + int(uc.get("nanos") or 0) / 1e9
