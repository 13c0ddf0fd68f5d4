"""Google service-account credentials -> OAuth 2.0 access tokens (JWT-bearer grant).

The service account's JSON key holds ``client_email``, ``private_key`` (RSA, PEM),
``private_key_id`` and ``token_uri``. To get an access token the client signs an
assertion (RS256, header ``kid`` = ``private_key_id``; claims ``iss`` = the account's
email, ``scope`` = ``https://www.googleapis.com/auth/androidpublisher``, ``aud`` = the
token URI, ``iat``, ``exp`` = ``iat`` + 1 hour) and posts it to the token URI
(``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``). The answer's
``access_token`` is used until a minute before its ``expires_in``; after a ``401`` the
client asks for a new one once (:meth:`ServiceAccountToken.refresh`). An
``invalid_grant`` answer (a deleted key, a wrong clock) is a
:class:`~rumeur.errors.CredentialsError` naming Google's reason, never the key.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
import orjson
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from rumeur.connectors._http import HttpClient
from rumeur.errors import CredentialsError

SCOPE = "https://www.googleapis.com/auth/androidpublisher"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_URI = "https://oauth2.googleapis.com/token"
KEY_HINT = (
    "create a JSON key for the service account in Google Cloud console > IAM > Service "
    "accounts > Keys, invite its email in Play Console > Users and permissions, and give "
    "the key file's path as service_account_file (docs/connectors.md)"
)


@dataclass(frozen=True)
class ServiceAccount:
    """The parts of a service-account key Rumeur uses."""

    client_email: str
    private_key_id: str
    private_key: rsa.RSAPrivateKey
    token_uri: str


def load_service_account(text: str, source: str) -> ServiceAccount:
    """Parse a service-account JSON key; CredentialsError (without its content)."""

    def bad(why: str) -> CredentialsError:
        return CredentialsError(
            f"source '{source}': the Google service account key {why}", hint=KEY_HINT
        )

    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise bad("is not JSON (expected the key file downloaded from Google Cloud)") from None
    if not isinstance(data, Mapping) or data.get("type") != "service_account":
        raise bad('is not a service account key (its "type" must be "service_account")')
    for field in ("client_email", "private_key", "private_key_id"):
        if not isinstance(data.get(field), str) or not data[field].strip():
            raise bad(f"has no {field}")
    try:
        key = load_pem_private_key(str(data["private_key"]).encode(), password=None)
    except (ValueError, TypeError):
        raise bad("holds a private_key that is not a readable PEM key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise bad("holds a private_key that is not an RSA key (RS256)")
    return ServiceAccount(
        client_email=str(data["client_email"]),
        private_key_id=str(data["private_key_id"]),
        private_key=key,
        token_uri=str(data.get("token_uri") or TOKEN_URI),
    )


class ServiceAccountToken:
    """The access token of one service account, asked for again before it expires."""

    def __init__(
        self,
        account: ServiceAccount,
        http: HttpClient,
        *,
        token_url: str,
        source: str,
        scope: str = SCOPE,
        clock: Callable[[], float] = time.time,
        on_secret: Callable[[str], None] | None = None,
    ) -> None:
        self.account = account
        self.http = http
        self.token_url = token_url
        self.source = source
        self.scope = scope
        self.clock = clock
        self.on_secret = on_secret
        self._token: str | None = None
        self._expires = 0.0
        #: tokens obtained so far
        self.issued = 0

    def assertion(self) -> str:
        now = int(self.clock())
        claims = {
            "iss": self.account.client_email,
            "scope": self.scope,
            "aud": self.token_url,
            "iat": now,
            "exp": now + 3600,
        }
        return jwt.encode(
            claims,
            self.account.private_key,
            algorithm="RS256",
            headers={"kid": self.account.private_key_id},
        )

    def get(self) -> str:
        if self._token is None or self.clock() >= self._expires - 60:
            return self.refresh()
        return self._token

    def refresh(self) -> str:
        """Ask the token URI for a new access token."""
        assertion = self.assertion()
        if self.on_secret:
            self.on_secret(assertion)
        resp = self.http.request(
            "POST",
            self.token_url,
            data={"grant_type": GRANT, "assertion": assertion},
            ok=(400, 401, 403),
        )
        body: Any
        try:
            body = resp.json()
        except ValueError:
            body = None
        if resp.status_code >= 400 or not isinstance(body, Mapping) or not body.get("access_token"):
            reason = "no access_token in the answer"
            if isinstance(body, Mapping) and body.get("error"):
                reason = f"{body.get('error')}: {body.get('error_description') or ''}".strip()
            raise CredentialsError(
                f"{self.source}: Google refused the service account "
                f"{self.account.client_email} (HTTP {resp.status_code}, {reason[:200]})",
                hint="the key may have been deleted or disabled, or this machine's clock "
                "is off; " + KEY_HINT,
            )
        token = str(body["access_token"])
        if self.on_secret:
            self.on_secret(token)
        self._token = token
        self._expires = self.clock() + float(body.get("expires_in") or 3600)
        self.issued += 1
        return token
