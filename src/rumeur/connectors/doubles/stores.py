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

import json
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles._wire import Answer, j
from rumeur.connectors.doubles.apple_api import AppleApi
from rumeur.connectors.doubles.play_api import PlayApi


class TestKeys:
    """A throw-away App Store Connect API key and Google service account (test only)."""

    __test__ = False  # not a pytest class
    key_id = "TESTKEY0042"
    issuer_id = "57246542-96fe-1a63-e053-0824d011072a"
    sa_email = "rumeur-veille@fibrelia-fictif.iam.gserviceaccount.com"
    sa_key_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0aabbccdd"

    def __init__(self) -> None:
        self.ec = ec.generate_private_key(ec.SECP256R1())
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


class StoreApis(AppleApi, PlayApi):
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
        return 404, {}, j({"error": "not found", "path": path}), None

    def _spent(self, store: str, limit: int) -> int:
        """Count this call in the store's hour; the requests left after it."""
        now = self.clock()
        with self.lock:
            calls = self.calls[store] = [t for t in self.calls[store] if t > now - 3600]
            calls.append(now)
            return limit - len(calls)

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
