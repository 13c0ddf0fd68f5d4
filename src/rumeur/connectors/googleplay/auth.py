"""Google service-account credentials -> OAuth 2.0 access tokens (JWT-bearer grant).

The service account's JSON key holds ``client_email``, ``private_key`` (RSA, PEM),
``private_key_id`` and ``token_uri``. To get an access token the client signs an
assertion (RS256, header ``kid`` = ``private_key_id``; claims ``iss`` = the account's
email, ``scope`` = ``https://www.googleapis.com/auth/androidpublisher``, ``aud`` = the
token URI, ``iat``, ``exp`` = ``iat`` + 1 hour) and posts it to the token URI
(``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``): the connector does it
through :func:`rumeur.connectors.tokens.jwt_bearer`, which keeps the ``access_token``
until a minute before its ``expires_in`` and asks for a new one once after a ``401``.
An ``invalid_grant`` answer (a deleted key, a wrong clock) is a
:class:`~rumeur.errors.CredentialsError` naming Google's reason, never the key.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import jwt
import orjson
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from rumeur.errors import CredentialsError
from rumeur.messages import Text

SCOPE = "https://www.googleapis.com/auth/androidpublisher"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_URI = "https://oauth2.googleapis.com/token"
KEY_HINT = Text(
    "créez une clé JSON pour le compte de service dans la console Google Cloud > IAM > "
    "Comptes de service > Clés, invitez son e-mail dans Play Console > Utilisateurs et "
    "autorisations, et donnez le chemin du fichier de clé dans service_account_file "
    "(docs/connectors.md)",
    "create a JSON key for the service account in Google Cloud console > IAM > Service "
    "accounts > Keys, invite its email in Play Console > Users and permissions, and give "
    "the key file's path as service_account_file (docs/connectors.md)",
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

    def bad(fr: str, en: str) -> CredentialsError:
        return CredentialsError(
            Text(
                f"source '{source}' : la clé du compte de service Google {fr}",
                f"source '{source}': the Google service account key {en}",
            ),
            hint=KEY_HINT,
        )

    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise bad(
            "n'est pas du JSON (attendu : le fichier de clé téléchargé depuis Google Cloud)",
            "is not JSON (expected the key file downloaded from Google Cloud)",
        ) from None
    if not isinstance(data, Mapping) or data.get("type") != "service_account":
        raise bad(
            'n\'est pas une clé de compte de service (son "type" doit être "service_account")',
            'is not a service account key (its "type" must be "service_account")',
        )
    for field in ("client_email", "private_key", "private_key_id"):
        if not isinstance(data.get(field), str) or not data[field].strip():
            raise bad(f"n'a pas de {field}", f"has no {field}")
    try:
        key = load_pem_private_key(str(data["private_key"]).encode(), password=None)
    except (ValueError, TypeError):
        raise bad(
            "contient une private_key qui n'est pas une clé PEM lisible",
            "holds a private_key that is not a readable PEM key",
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise bad(
            "contient une private_key qui n'est pas une clé RSA (RS256)",
            "holds a private_key that is not an RSA key (RS256)",
        )
    return ServiceAccount(
        client_email=str(data["client_email"]),
        private_key_id=str(data["private_key_id"]),
        private_key=key,
        token_uri=str(data.get("token_uri") or TOKEN_URI),
    )


def assertion(account: ServiceAccount, token_url: str, scope: str = SCOPE) -> str:
    """A freshly signed JWT-bearer assertion (RS256, valid one hour) for ``token_url``."""
    now = int(time.time())  # Google checks it against its own clock: never a test clock
    claims = {"iss": account.client_email, "scope": scope, "aud": token_url,
              "iat": now, "exp": now + 3600}  # fmt: skip
    return jwt.encode(claims, account.private_key, algorithm="RS256",
                      headers={"kid": account.private_key_id})  # fmt: skip
