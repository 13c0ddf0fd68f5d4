"""The app stores' APIs in the local double (:class:`~.server.ApiDouble`), with their
authentication checked for real.

- App Store Connect ``GET /v1/apps/{id}/customerReviews``: the bearer JWT's ES256
  signature is verified with the **public** half of the test key pair, with its
  ``kid``, ``iss``, ``aud`` (``appstoreconnect-v1``), expiry and Apple's 20-minute
  ceiling; ``sort=-createdDate`` only, ``limit`` ≤ 200, ``include=response``, an opaque
  ``cursor`` in ``links.next``; every answer carries ``X-Rate-Limit:
  user-hour-lim:3600;user-hour-rem:N;`` and the budget, once spent, answers ``429
  RATE_LIMIT_EXCEEDED``. Errors are JSON:API documents.
- Google ``POST /token``: the JWT-bearer assertion's RS256 signature, ``kid``, ``iss``,
  ``aud`` and ``scope`` are verified and an access token is issued for ``token_ttl``
  seconds; ``GET /androidpublisher/v3/applications/{pkg}/reviews`` wants a live one
  (``401 UNAUTHENTICATED`` otherwise), lists only the reviews modified in the last 7
  days, most recent first (``maxResults``, ``token``), and answers ``429
  RESOURCE_EXHAUSTED`` past ``play_hour_limit`` requests an hour.

:meth:`StoreApis.expire_tokens` makes every token issued so far expired (the next call
gets a 401). :class:`TestKeys` makes a fresh key pair per run: nothing private is
committed.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from rumeur.connectors.doubles import store_payloads as sp

Answer = tuple[int, dict[str, str], bytes, Any]
WEEK = 7 * 86400.0


class TestKeys:
    """A throw-away App Store Connect API key and Google service account (test only)."""

    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        self.key_id = "TESTKEY0042"
        self.issuer_id = "57246542-96fe-1a63-e053-0824d011072a"
        self.ec = ec.generate_private_key(ec.SECP256R1())
        self.sa_email = "rumeur-veille@fibrelia-fictif.iam.gserviceaccount.com"
        self.sa_key_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0aabbccdd"
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def p8(self) -> str:
        """The App Store key as Apple's ``AuthKey_<id>.p8`` (PKCS#8 PEM)."""
        return self.ec.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    def service_account(self, token_uri: str) -> dict[str, Any]:
        """The Google service account's JSON key, as Google Cloud console gives it."""
        pem = self.rsa.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return {
            "type": "service_account",
            "project_id": "fibrelia-fictif",
            "private_key_id": self.sa_key_id,
            "private_key": pem,
            "client_email": self.sa_email,
            "client_id": "100000000000000000042",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
            "universe_domain": "googleapis.com",
        }

    def write(self, folder: Path, token_uri: str) -> tuple[Path, Path]:
        """Write the ``.p8`` and the service account JSON (mode 600) into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        p8 = folder / f"AuthKey_{self.key_id}.p8"
        sa = folder / "play-service-account.json"
        p8.write_text(self.p8())
        sa.write_text(json.dumps(self.service_account(token_uri), indent=2))
        p8.chmod(0o600)
        sa.chmod(0o600)
        return p8, sa


def _j(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def _offset(token: str | None) -> int | None:
    """An opaque page token -> offset (None if it is not one of ours)."""
    if not token:
        return 0
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(raw[4:]) if raw.startswith("off:") and raw[4:].isdigit() else None


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"off:{offset}".encode()).decode().rstrip("=")


class StoreApis:
    """App Store Connect and Google Play as served by one :class:`ApiDouble`."""

    def __init__(self, double: Any, keys: TestKeys | None = None) -> None:
        self.double = double
        self._keys = keys
        self.app_id = sp.APP_ID
        self.package = sp.PACKAGE
        self.clock: Callable[[], float] = time.time
        #: Google access tokens live this long (seconds)
        self.token_ttl = 3599
        #: App Store JWTs seen, and those made expired by :meth:`expire_tokens`
        self.seen: set[str] = set()
        self.expired: set[str] = set()
        self.apple_hour_limit = 3600
        self.play_hour_limit = 200
        #: review i has a response (App Store: i % 3 == 0; Google Play: i % 4 == 0)
        #: written this long after it; it appears only once that time has come
        self.reply_delay = 7200.0
        self.issued: dict[str, float] = {}
        self.calls: dict[str, list[float]] = {"appstore": [], "googleplay": []}
        self.rejected_tokens = 0
        self.lock = threading.Lock()
        #: Google Play items are dated from here (3 days ago: inside the API's week)
        self.play_epoch = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        self._pages: dict[Any, Answer] = {}
        self._rows: dict[Any, list[Any]] = {}

    @property
    def keys(self) -> TestKeys:
        """The test key pairs (made on first use: an RSA key takes a moment)."""
        with self.lock:
            if self._keys is None:
                self._keys = TestKeys()
            return self._keys

    @keys.setter
    def keys(self, keys: TestKeys) -> None:
        with self.lock:
            self._keys = keys

    def handles(self, path: str) -> bool:
        return path.startswith(("/v1/apps/", "/androidpublisher/")) or path == "/token"

    def expire_tokens(self) -> None:
        """Every token issued or signed so far is now expired."""
        with self.lock:
            self.expired |= self.seen
            self.issued.clear()

    # -- the items -----------------------------------------------------------------
    def play_when(self, i: int) -> datetime:
        if self.double.epoch is not None:
            return self.double.when(i)
        return self.play_epoch + timedelta(seconds=10 * i)

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

    def play_item(self, i: int) -> dict[str, Any]:
        over = self.double.overrides.get(("googleplay", i))
        if over is not None:
            return over
        when = self.play_when(i)
        reply_at = when + timedelta(seconds=self.reply_delay)
        answered = i % 4 == 0 and reply_at.timestamp() <= self.clock()
        return sp.play_review(i, when, reply_at=reply_at if answered else None)

    # -- serving -------------------------------------------------------------------
    def serve(
        self, method: str, path: str, q: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer:
        if path == "/token" and method == "POST":
            return self._token_grant(body)
        auth = headers.get("Authorization") or ""
        bearer = auth[7:] if auth.startswith("Bearer ") else ""
        if path.startswith("/v1/apps/") and path.endswith("/customerReviews"):
            return self._apple(path, q, bearer)
        if path.startswith("/androidpublisher/v3/applications/") and path.endswith("/reviews"):
            return self._play(path, q, bearer)
        return 404, {}, _j({"error": "not found", "path": path}), None

    def _spent(self, store: str, limit: int) -> int:
        """Count this call in the store's hour; the requests left after it."""
        now = self.clock()
        with self.lock:
            calls = self.calls[store] = [t for t in self.calls[store] if t > now - 3600]
            calls.append(now)
            return limit - len(calls)

    # App Store Connect
    def _apple(self, path: str, q: Mapping[str, str], bearer: str) -> Answer:
        problem = self._check_apple_jwt(bearer)
        if problem:
            self.rejected_tokens += 1
            return (
                401,
                {},
                _j(
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
                _j(
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
                _j(
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
                _j(
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
        offset = _offset(q.get("cursor"))
        if offset is None:
            return (
                400,
                rate,
                _j(
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
            params["cursor"] = _token(offset + limit)
            doc["links"]["next"] = f"{self.double.url}{path}?{urlencode(params)}"
        return 200, {}, _j(doc), ("appstore", served)

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

    # Google
    def _token_grant(self, body: bytes) -> Answer:
        form = {k: v[0] for k, v in parse_qs(body.decode(errors="replace")).items()}
        bad: Answer = (
            400,
            {},
            _j({"error": "invalid_grant", "error_description": "Invalid JWT Signature."}),
            None,
        )
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return (
                400,
                {},
                _j(
                    {"error": "unsupported_grant_type", "error_description": "Invalid grant_type: "}
                ),
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
                _j({"error": "invalid_scope", "error_description": "Invalid OAuth scope."}),
                None,
            )
        token = "ya29.fictif-" + secrets.token_urlsafe(24)
        with self.lock:
            self.issued[token] = self.clock() + self.token_ttl
        return (
            200,
            {},
            _j({"access_token": token, "expires_in": self.token_ttl, "token_type": "Bearer"}),
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
                _j(
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
                _j(
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
                _j(sp.google_error(404, "NOT_FOUND", f"Package not found: {pkg}.")),
                None,
            )
        limit = max(1, min(int(q.get("maxResults") or 10), 100))
        offset = _offset(q.get("token"))
        if offset is None:
            return (
                400,
                {},
                _j(sp.google_error(400, "INVALID_ARGUMENT", "Invalid pagination token")),
                None,
            )
        n = self.double.visible()
        key = ("play", offset, limit, n, int(self.clock() // 60))
        hit = self._pages.get(key)
        if hit is None:
            hit = self._pages[key] = self._play_page(offset, limit, n)
        return hit

    def _play_page(self, offset: int, limit: int, n: int) -> Answer:
        horizon = self.clock() - WEEK
        rows = self._listing(
            "play",
            n,
            lambda: sorted((self.play_item(i) for i in range(n)), key=_modified, reverse=True),
        )
        rows = [r for r in rows if _modified(r) >= horizon]
        page = rows[offset : offset + limit]
        doc: dict[str, Any] = {
            "reviews": page,
            "pageInfo": {"totalResults": len(rows), "resultPerPage": limit, "startIndex": offset},
        }
        if offset + limit < len(rows):
            doc["tokenPagination"] = {"nextPageToken": _token(offset + limit)}
        served = [f"googleplay:{r['reviewId']}" for r in page]
        served += [
            f"googleplay:{r['reviewId']}:reply"
            for r in page
            if any("developerComment" in c for c in r["comments"])
        ]
        return 200, {}, _j(doc), ("googleplay", served)

    def _listing(self, kind: str, n: int, make: Callable[[], list[Any]]) -> list[Any]:
        """Every visible item of ``kind``, made once per number of items and minute."""
        key = (kind, n, int(self.clock() // 60))
        with self.lock:
            rows = self._rows.get(key)
        if rows is None:
            rows = make()
            with self.lock:
                self._rows = {k: v for k, v in self._rows.items() if k[0] != kind}
                self._rows[key] = rows
        return rows

    def clear_cache(self) -> None:
        with self.lock:
            self._pages.clear()
            self._rows.clear()


def sp_id(resource: Mapping[str, Any]) -> str:
    return f"appstore:{resource['id']}"


def _modified(review: Mapping[str, Any]) -> float:
    uc = review["comments"][0]["userComment"]["lastModified"]
    return int(uc["seconds"]) + int(uc.get("nanos") or 0) / 1e9
