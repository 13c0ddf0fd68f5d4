"""A double of the Google Business Profile APIs, written from their documentation:

- ``POST /token``: Google's OAuth 2.0 token endpoint, refresh-token grant (form
  ``grant_type``, ``client_id``, ``client_secret``, ``refresh_token``) ->
  ``{"access_token", "expires_in": 3599, "scope", "token_type": "Bearer"}``; a wrong
  refresh token ``400 {"error": "invalid_grant", "error_description": "Token has been
  expired or revoked."}``, a wrong client ``401 invalid_client``;
- ``GET /v1/accounts/{a}/locations`` (Business Information API: ``readMask`` required,
  ``pageSize`` up to 100, ``pageToken``);
- ``GET /v4/accounts/{a}/locations/{l}/reviews`` (``pageSize`` up to 50, ``pageToken``,
  ``orderBy`` ``updateTime desc`` (default), ``rating``, ``rating desc``) ->
  ``reviews``, ``averageRating``, ``totalReviewCount``, ``nextPageToken``;
- Google's error bodies ``{"error": {"code", "message", "status", "details"}}``: ``401
  UNAUTHENTICATED`` for a missing, wrong or expired access token, ``403
  PERMISSION_DENIED`` for a location of another account, ``400 INVALID_ARGUMENT`` with
  ``fieldViolations``, ``429 RESOURCE_EXHAUSTED`` (``RATE_LIMIT_EXCEEDED``) past
  ``per_minute`` requests in a minute. Google sends no rate-limit headers (the quota is
  read in the Cloud console).

The corpus: reviews of three fictional Fibrelia shops; a rating without a comment every
4th review, a review machine-translated by Google every 13th, anonymous reviewers now
and then; the owner replies to every other review three hours later (the reply appears
when the double's clock passes it); every 11th review is edited by its author a day
later (``updateTime``: it moves up the listing).
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles._mounted import Answer, MountedApi, bearer, j

ACCOUNT = "112233445566778899001"
LOCATIONS = (("4471002200113355", "Fibrelia Lyon Part-Dieu"),
             ("4471002200113356", "Fibrelia Paris Bastille"),
             ("4471002200113357", "Fibrelia Marseille Prado"))  # fmt: skip
ENUM = ("ONE", "TWO", "THREE", "FOUR", "FIVE")
STARS = (5, 1, 4, 2, 5, 3, 5, 1, 4)
SCOPE = "https://www.googleapis.com/auth/business.manage"


def review_id(i: int) -> str:
    return "AbFvOq" + base64.urlsafe_b64encode(f"fibrelia-review-{i:06d}".encode()).decode()


def location_of(i: int) -> str:
    return LOCATIONS[i % len(LOCATIONS)][0]


def has_reply(i: int) -> bool:
    return i % 2 == 0


def edited(i: int) -> bool:
    """Review i is edited by its author a day after it was written."""
    return i % 11 == 5


def rating_only(i: int) -> bool:
    return i % 4 == 3


def _z(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond:06d}Z"


class GoogleBusinessDouble(MountedApi):
    """Google's token endpoint and the Business Profile APIs, on one server."""

    def __init__(
        self,
        *,
        client_id: str = "1234-fibrelia.apps.googleusercontent.com",
        client_secret: str = "GOCSPX-fibrelia-double-secret",
        refresh_token: str = "1//0fibrelia-refresh-token",
        per_minute: int = 300,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.per_minute = per_minute
        #: access token -> expiry (the double's clock)
        self.tokens: dict[str, float] = {}
        self.issued = 0
        self._minute: tuple[int, int] = (0, 0)

    def reply_at(self, i: int) -> datetime:
        return self.when(i) + timedelta(hours=3)

    def edit_at(self, i: int) -> datetime:
        return self.when(i) + timedelta(days=1)

    def updated(self, i: int) -> datetime:
        """When review i was last modified (what ``orderBy=updateTime desc`` sorts on)."""
        return self.edit_at(i) if edited(i) and self.edit_at(i) <= self.now() else self.when(i)

    def review(self, i: int) -> dict[str, Any]:
        rid, loc = review_id(i), location_of(i)
        name = p.NAMES[i % len(p.NAMES)]
        out: dict[str, Any] = {
            "name": f"accounts/{ACCOUNT}/locations/{loc}/reviews/{rid}",
            "reviewId": rid,
            "reviewer": {"profilePhotoUrl": f"https://lh3.googleusercontent.com/a/fict{i % 50}",
                         "displayName": f"{name} {i % 50}", "isAnonymous": False},
            "starRating": ENUM[STARS[i % len(STARS)] - 1],
            "createTime": _z(self.when(i)),
            "updateTime": _z(self.when(i)),
        }  # fmt: skip
        if i % 17 == 3:
            out["reviewer"] = {"displayName": "A Google User", "isAnonymous": True}
        if i % 13 == 7:
            out["comment"] = ("(Translated by Google) Friendly staff, the fiber was installed "
                              f"the same week\n\n(Original)\n{p.text(i)}")  # fmt: skip
        elif not rating_only(i):
            out["comment"] = p.text(i)
        if self.updated(i) != self.when(i):  # edited: more stars, a line added
            out["updateTime"] = _z(self.updated(i))
            out["starRating"] = ENUM[min(5, STARS[i % len(STARS)] + 2) - 1]
            out["comment"] = (out.get("comment") or "") + " Mise à jour : tout est réglé."
        if has_reply(i) and self.reply_at(i) <= self.now():
            out["reviewReply"] = {"comment": f"Merci {name} pour votre avis ! L'équipe "
                                  f"Fibrelia reste à votre écoute. (#{i})",
                                  "updateTime": _z(self.reply_at(i))}  # fmt: skip
        return out

    # -- HTTP ------------------------------------------------------------------
    def handle(
        self, method: str, path: str, q: dict[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer | None:
        if path == "/token" and method == "POST":
            if b"grant_type=refresh_token" not in body:
                return None  # another grant (Google Play's JWT bearer): not this double's
            self.count(path)
            return self._token(body)
        if not (path.startswith("/v4/accounts/") or path.startswith("/v1/accounts/")):
            return None
        self.count(path)
        minute = int(self.clock() // 60)
        with self.lock:
            start, used = self._minute
            used = used + 1 if start == minute else 1
            self._minute = (minute, used)
        if used > self.per_minute:
            return _error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric "
                          "'Requests' and limit 'Requests per minute' of service "
                          "'mybusiness.googleapis.com' for consumer 'project_number:4242'.",
                          reason="RATE_LIMIT_EXCEEDED")  # fmt: skip
        token = bearer(headers)
        if token not in self.tokens or self.tokens[token] <= self.clock():
            return _error(401, "UNAUTHENTICATED", "Request had invalid authentication "
                          "credentials. Expected OAuth 2 access token, login cookie or other "
                          "valid authentication credential. See https://developers.google."
                          "com/identity/sign-in/web/devconsole-project.",
                          reason="ACCESS_TOKEN_EXPIRED")  # fmt: skip
        parts = path.strip("/").split("/")
        if parts[2] != ACCOUNT:
            return _error(403, "PERMISSION_DENIED", "The caller does not have permission")
        if parts[0] == "v1" and parts[3:] == ["locations"]:
            return self._locations(q)
        if parts[0] == "v4" and len(parts) == 6 and parts[3::2] == ["locations", "reviews"]:
            if parts[4] not in {loc for loc, _ in LOCATIONS}:
                return _error(404, "NOT_FOUND", "Requested entity was not found.")
            return self._reviews(parts[4], q)
        return _error(404, "NOT_FOUND", f"The requested URL {path} was not found.")

    def _token(self, body: bytes) -> Answer:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        client = (form.get("client_id"), form.get("client_secret"))
        if client != (self.client_id, self.client_secret):
            why = "The OAuth client was not found."
            return 401, {}, j({"error": "invalid_client", "error_description": why}), None
        grant = (form.get("grant_type"), form.get("refresh_token"))
        if grant != ("refresh_token", self.refresh_token):
            why = "Token has been expired or revoked."
            return 400, {}, j({"error": "invalid_grant", "error_description": why}), None
        token = "ya29.a0Af" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = self.clock() + 3599
            self.issued += 1
        return 200, {}, j({"access_token": token, "expires_in": 3599, "scope": SCOPE,
                           "token_type": "Bearer"}), None  # fmt: skip

    def _locations(self, q: dict[str, str]) -> Answer:
        if not q.get("readMask"):
            return _error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.",
                          violations=[{"field": "read_mask",
                                       "description": "Field is required"}])  # fmt: skip
        size = int(q.get("pageSize") or 10)
        start = int(_untoken(q.get("pageToken")) or 0)
        rows = LOCATIONS[start : start + size]
        locs = [{"name": f"locations/{loc}", "title": title,
                 "metadata": {"placeId": f"ChIJfict{loc[-4:]}",
                              "mapsUri": f"https://maps.google.com/maps?cid={loc}",
                              "newReviewUri": f"https://search.google.com/local/writereview?"
                                              f"placeid=ChIJfict{loc[-4:]}"}}
                for loc, title in rows]  # fmt: skip
        out: dict[str, Any] = {"locations": locs, "totalSize": len(LOCATIONS)}
        if start + size < len(LOCATIONS):
            out["nextPageToken"] = _token(start + size)
        return 200, {}, j(out), None

    def _reviews(self, loc: str, q: dict[str, str]) -> Answer:
        size = int(q.get("pageSize") or 50)
        if not 1 <= size <= 50:
            return _error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.",
                          violations=[{"field": "page_size",
                                       "description": "must be between 1 and 50"}])  # fmt: skip
        n = self.visible()
        rows = [i for i in range(n - 1, -1, -1) if location_of(i) == loc]
        order = q.get("orderBy") or "updateTime desc"
        if order == "updateTime desc":  # an edited review moves up to its edit's place
            rows.sort(key=lambda i: (self.updated(i), i), reverse=True)
        if order.startswith("rating"):
            rows.sort(key=lambda i: STARS[i % len(STARS)], reverse=order.endswith("desc"))
        after = _untoken(q.get("pageToken"))
        if after is not None:
            rows = rows[rows.index(after) + 1 :] if after in rows else []
        chunk = rows[:size]
        reviews = [self.review(i) for i in chunk]
        everyone = [STARS[i % len(STARS)] for i in range(n) if location_of(i) == loc]
        out: dict[str, Any] = {
            "reviews": reviews,
            "averageRating": round(sum(everyone) / len(everyone), 1) if everyone else 0,
            "totalReviewCount": len(everyone),
        }
        if len(rows) > size:
            out["nextPageToken"] = _token(chunk[-1])
        if not reviews:
            out.pop("reviews")
        served = [r["reviewId"] for r in reviews] + [
            r["reviewId"] + ":reply" for r in reviews if r.get("reviewReply")
        ]
        return 200, {}, j(out), ("google_business", served)


def _token(i: int) -> str:
    return base64.urlsafe_b64encode(f"CiAKGjBB:{i}".encode()).decode().rstrip("=")


def _untoken(token: str | None) -> int | None:
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return int(raw.split(":", 1)[1])
    except (ValueError, IndexError):
        return -1


def _error(
    code: int, status: str, message: str, *, reason: str | None = None,
    violations: list[dict[str, str]] | None = None,
) -> Answer:  # fmt: skip
    details: list[dict[str, Any]] = []
    if reason:
        details.append({"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                        "domain": "googleapis.com",
                        "metadata": {"service": "mybusiness.googleapis.com"}})  # fmt: skip
    if violations:
        details.append({"@type": "type.googleapis.com/google.rpc.BadRequest",
                        "fieldViolations": violations})  # fmt: skip
    err: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        err["details"] = details
    return code, {}, j({"error": err}), None
