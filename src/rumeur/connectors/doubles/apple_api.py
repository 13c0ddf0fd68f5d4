"""App Store Connect's ``customerReviews`` in the local double (see :mod:`.stores`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import jwt

from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles._wire import Answer, j, offset_of, page_token


class AppleApi:
    """The App Store Connect half of :class:`~.stores.StoreApis` (a mixin)."""

    double: Any
    keys: Any
    app_id: str
    apple_hour_limit: int
    reply_delay: float
    rejected_tokens: int
    seen: set[str]
    expired: set[str]
    lock: Any
    _pages: dict[Any, Answer]
    clock: Any
    _spent: Any
    _listing: Any

    def appstore_item(self, i: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
        over = self.double.overrides.get(("appstore", i))
        if over is not None:
            return over
        when = self.double.when(i)
        answer_at = when + timedelta(seconds=self.reply_delay)
        answered = i % 3 == 0 and answer_at.timestamp() <= self.clock()
        state = "PENDING_PUBLISH" if i % 21 == 0 else "PUBLISHED"
        response = sp.appstore_response(i, answer_at, state=state) if answered else None
        return sp.appstore_review(i, when, response=answered), response

    # App Store Connect
    def _apple(self, path: str, q: Mapping[str, str], bearer: str) -> Answer:
        problem = self._check_apple_jwt(bearer)
        if problem:
            self.rejected_tokens += 1
            return (
                401,
                {},
                j(
                    sp.apple_error(
                        401,
                        "NOT_AUTHORIZED",
                        "Authentication credentials are missing or invalid.",
                        "Provide a properly configured and signed bearer token, and make sure that "
                        f"it has not expired. ({problem})",
                    )
                ),
                None,
            )
        left = self._spent("appstore", self.apple_hour_limit)
        rate = {
            "X-Rate-Limit": f"user-hour-lim:{self.apple_hour_limit};user-hour-rem:{max(0, left)};"
        }
        if left < 0:
            return (
                429,
                rate,
                j(
                    sp.apple_error(
                        429,
                        "RATE_LIMIT_EXCEEDED",
                        "The request rate limit has been reached.",
                        "We've received too many requests for this API. Please wait and try again "
                        "or slow down your request rate.",
                    )
                ),
                None,
            )
        app = path.split("/")[3]
        if app != self.app_id:
            return (
                404,
                rate,
                j(
                    sp.apple_error(
                        404,
                        "NOT_FOUND",
                        "The specified resource does not exist",
                        f"There is no resource of type 'apps' with id '{app}'",
                    )
                ),
                None,
            )
        limit = int(q.get("limit") or 50)
        if q.get("sort", "-createdDate") != "-createdDate" or not 1 <= limit <= 200:
            return (
                400,
                rate,
                j(
                    sp.apple_error(
                        400,
                        "PARAMETER_ERROR.INVALID",
                        "A parameter has an invalid value",
                        "'limit' must be at most 200 and 'sort' one of createdDate, -createdDate, "
                        "rating, -rating (this double knows -createdDate only)",
                    )
                ),
                None,
            )
        offset = offset_of(q.get("cursor"))
        if offset is None:
            return (
                400,
                rate,
                j(
                    sp.apple_error(
                        400,
                        "PARAMETER_ERROR.INVALID",
                        "A parameter has an invalid value",
                        f"'{q.get('cursor')}' is not a valid cursor for this request",
                    )
                ),
                None,
            )
        n = self.double.visible()
        key = (
            "apple",
            offset,
            limit,
            q.get("include"),
            q.get("filter[territory]"),
            n,
            int(self.clock() // 60),
        )
        hit = self._pages.get(key)
        if hit is None:
            hit = self._pages[key] = self._apple_page(path, q, offset, limit, n)
        status, hdrs, data, served = hit
        return status, {**hdrs, **rate}, data, served

    def _apple_page(
        self, path: str, q: Mapping[str, str], offset: int, limit: int, n: int
    ) -> Answer:
        rows = self._listing(
            "apple", n, lambda: [self.appstore_item(i) for i in range(n - 1, -1, -1)]
        )
        terr = q.get("filter[territory]")
        if terr:
            rows = [r for r in rows if r[0]["attributes"]["territory"] == terr]
        page = rows[offset : offset + limit]
        doc: dict[str, Any] = {
            "data": [r[0] for r in page],
            "links": {"self": f"{self.double.url}{path}"},
            "meta": {"paging": {"total": len(rows), "limit": limit}},
        }
        served = [sp_id(r[0]) for r in page]
        if q.get("include") == "response":
            doc["included"] = [r[1] for r in page if r[1] is not None]
            served += [
                sp_id(r[1])
                for r in page
                if r[1] is not None and r[1]["attributes"]["state"] == "PUBLISHED"
            ]
        if offset + limit < len(rows):
            params = {k: v for k, v in q.items() if not k.startswith("__") and k != "cursor"}
            params["cursor"] = page_token(offset + limit)
            doc["links"]["next"] = f"{self.double.url}{path}?{urlencode(params)}"
        return 200, {}, j(doc), ("appstore", served)

    def _check_apple_jwt(self, token: str) -> str | None:
        if not token:
            return "no bearer token"
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(
                token,
                self.keys.ec.public_key(),
                algorithms=["ES256"],
                audience="appstoreconnect-v1",
                issuer=self.keys.issuer_id,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            return "token expired"
        except jwt.PyJWTError as exc:
            return f"invalid token: {type(exc).__name__}"
        if header.get("kid") != self.keys.key_id:
            return "unknown key id"
        if claims["exp"] - claims["iat"] > 1200:
            return "token lifetime over 20 minutes"
        with self.lock:
            if token in self.expired:
                return "token expired"
            self.seen.add(token)
        return None


def sp_id(resource: Mapping[str, Any]) -> str:
    return f"appstore:{resource['id']}"
