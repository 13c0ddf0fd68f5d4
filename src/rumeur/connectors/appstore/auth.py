"""App Store Connect API tokens: ES256 JWTs signed with the API key's ``.p8`` key.

Each request carries ``Authorization: Bearer <JWT>``, the JWT having the header
``{"alg": "ES256", "kid": <key id>, "typ": "JWT"}`` and the claims ``iss`` (issuer id),
``iat``, ``exp`` (at most 20 minutes after ``iat``: Apple refuses longer-lived
tokens) and ``aud: "appstoreconnect-v1"``. The connector's token source reuses a token
until a minute before it expires, then has :meth:`AppStoreToken.renew` sign a new one
(at once after a ``401``). The key never leaves the process: the token is what travels.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from rumeur.errors import CredentialsError
from rumeur.messages import Text

AUDIENCE = "appstoreconnect-v1"
#: Apple's ceiling on a token's lifetime
MAX_LIFETIME = 1200.0
KEY_HINT = Text(
    "téléchargez la clé dans App Store Connect > Utilisateurs et accès > Intégrations > "
    "App Store Connect API (le fichier .p8, proposé une seule fois) et donnez son chemin "
    "dans private_key_file (docs/connectors.md)",
    "download the key in App Store Connect > Users and Access > Integrations > "
    "App Store Connect API (the .p8 file, offered once) and give its path as "
    "private_key_file (docs/connectors.md)",
)


def load_key(pem: str, source: str) -> ec.EllipticCurvePrivateKey:
    """The ``.p8`` content -> a P-256 private key; CredentialsError (without the
    content) when it is not one."""
    text = pem.strip()
    if "\\n" in text and "\n" not in text:  # a PEM squeezed into one line of an env var
        text = text.replace("\\n", "\n")
    try:
        key = load_pem_private_key(text.encode(), password=None)
    except (ValueError, TypeError):
        raise CredentialsError(
            Text(
                f"source '{source}' : la clé privée App Store Connect n'est pas une clé "
                "privée PEM lisible (attendu : le contenu de AuthKey_<key id>.p8)",
                f"source '{source}': the App Store Connect private key is not a readable PEM "
                "private key (expected the content of AuthKey_<key id>.p8)",
            ),
            hint=KEY_HINT,
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise CredentialsError(
            Text(
                f"source '{source}' : la clé privée App Store Connect n'est pas une clé "
                "ES256 (courbe elliptique P-256)",
                f"source '{source}': the App Store Connect private key is not an ES256 "
                "(P-256 elliptic curve) key",
            ),
            hint=KEY_HINT,
        )
    return key


class AppStoreToken:
    """Signs the bearer tokens of one API key (the connector's
    :class:`~rumeur.connectors.tokens.TokenSource` keeps the current one)."""

    def __init__(
        self,
        *,
        issuer_id: str,
        key_id: str,
        private_key: ec.EllipticCurvePrivateKey,
        lifetime: float = MAX_LIFETIME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer_id = issuer_id
        self.key_id = key_id
        self._key = private_key
        self.lifetime = min(float(lifetime), MAX_LIFETIME)
        self.clock = clock
        #: when the last token signed expires (epoch seconds)
        self.expires_at = 0.0
        #: tokens signed so far (for tests and the run's figures)
        self.signed = 0

    def renew(self) -> str:
        """Sign a new token now."""
        now = int(self.clock())
        exp = now + int(self.lifetime)
        claims = {"iss": self.issuer_id, "iat": now, "exp": exp, "aud": AUDIENCE}
        token = jwt.encode(
            claims, self._key, algorithm="ES256", headers={"kid": self.key_id, "typ": "JWT"}
        )
        self.expires_at = float(exp)
        self.signed += 1
        return token
