"""Access tokens that expire: keep one, renew it before it lapses, and retry once when
the platform says it has expired.

A connector holds a :class:`TokenSource` and calls the API through :func:`with_token`::

    tokens = oauth2_refresh(ctx, http, "https://oauth2.example/token",
                            client_id=..., client_secret=..., refresh_token=...)
    body = with_token(tokens, lambda tok: http.get_json(url, headers=bearer(tok)),
                      expired=is_expired)

:func:`with_token` asks for the current token (minted or refreshed when missing or
within ``margin`` seconds of its expiry), makes the call, and when the call fails with
what ``expired`` recognises (by default an HTTP 401), renews the token **once** and
retries; a second refusal is raised as it is. A token that cannot be renewed (a Meta
page token, an X bearer token: :func:`static_token`) raises a
:class:`~rumeur.errors.CredentialsError` that says what to renew.

Where tokens come from:

- :func:`static_token`: a long-lived token read from the environment or the secrets file;
- :func:`oauth2_refresh`: the OAuth 2.0 refresh-token grant (RFC 6749 §6: Google
  Business Profile, ...); a rotated refresh token is kept for the rest of the process;
- :func:`jwt_bearer`: the JWT-bearer grant (RFC 7523: a Google service account signs an
  assertion, the token endpoint exchanges it);
- :class:`TokenSource` itself, with any ``mint()`` returning ``(token, expires_at)``: a
  token signed locally (App Store Connect's ES256 JWT is the bearer token itself).

Every token and secret met here is given to the source's redactor: it never appears in
an error, a log line or ``rumeur sources``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rumeur.connectors._http import HttpClient, HttpStatusError, Redactor
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

if TYPE_CHECKING:
    from rumeur.connectors.base import Context

T = TypeVar("T")
#: mint() -> (access token, expiry as epoch seconds or None for "unknown")
Mint = Callable[[], tuple[str, float | None]]


class TokenExpiredError(CredentialsError):
    """The platform refused the access token as expired or revoked."""


class TokenSource:
    """A cached access token, minted by ``mint()`` when missing, when it expires within
    ``margin`` seconds, or when :meth:`refresh` is called."""

    def __init__(
        self, mint: Mint, *, margin: float = 60.0, clock: Callable[[], float] = time.time,
        redactor: Redactor | None = None,
    ) -> None:  # fmt: skip
        self._mint = mint
        self.margin = margin
        self.clock = clock
        self.redactor = redactor or Redactor()
        self._lock = threading.Lock()
        self._token: str | None = None
        self.expires_at: float | None = None
        #: how many times a token was minted (the first one included)
        self.minted = 0

    def _new(self) -> str:
        token, expires = self._mint()
        if not token:
            raise CredentialsError(
                Text(
                    "le point d'accès des jetons a répondu sans jeton d'accès",
                    "the token endpoint answered without an access token",
                )
            )
        self.redactor.add(token)
        self._token, self.expires_at = token, expires
        self.minted += 1
        return token

    def token(self) -> str:
        """The current token, renewed first when missing or about to expire."""
        with self._lock:
            fresh = self._token is not None and (
                self.expires_at is None or self.expires_at - self.margin > self.clock()
            )
            return self._token if fresh and self._token else self._new()

    def refresh(self) -> str:
        """A new token, whatever the cached one's expiry (the platform refused it)."""
        with self._lock:
            return self._new()


def with_token(
    tokens: TokenSource,
    call: Callable[[str], T],
    *,
    expired: Callable[[BaseException], bool] | None = None,
) -> T:
    """``call(token)``; if it fails as ``expired`` says (default: HTTP 401), renew the
    token once and call again."""
    check = expired or is_unauthorized
    try:
        return call(tokens.token())
    except ConnectorError as exc:
        if not check(exc):
            raise
    return call(tokens.refresh())


def with_credentials(tokens: TokenSource, call: Callable[[str], T]) -> T:
    """:func:`with_token`, where a token refused again after its renewal is the
    credentials' fault: a :class:`~rumeur.errors.CredentialsError` with the refusal's
    words (the key or account itself is revoked, expired or wrong)."""
    try:
        return with_token(tokens, call)
    except TokenExpiredError as exc:
        message, hint = exc.texts
        raise CredentialsError(message, hint=hint) from None


def is_unauthorized(exc: BaseException) -> bool:
    """An HTTP 401 answer, or a :class:`TokenExpiredError`."""
    return isinstance(exc, TokenExpiredError) or getattr(exc, "status", None) == 401


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header of a bearer token."""
    return {"Authorization": f"Bearer {token}"}


def static_token(
    value: str, *, source: str, renew: str | Text, redactor: Redactor | None = None
) -> TokenSource:
    """A token that cannot be renewed here: the first :meth:`~TokenSource.token` returns
    it, a :meth:`~TokenSource.refresh` (the platform refused it) raises a
    :class:`TokenExpiredError` whose hint is ``renew`` (how to get a new one)."""
    used = False

    def mint() -> tuple[str, float | None]:
        nonlocal used
        if used:
            raise TokenExpiredError(
                Text(
                    f"{source} : le jeton d'accès a expiré ou a été révoqué",
                    f"{source}: the access token expired or was revoked",
                ),
                hint=renew,
            )
        used = True
        return value, None

    src = TokenSource(mint, redactor=redactor)
    src.redactor.add(value)
    return src


def _grant(
    http: HttpClient, url: str, form: dict[str, Any], source: str, what: Text
) -> dict[str, Any]:
    try:
        resp = http.request("POST", url, data=form, headers={"Accept": "application/json"})
    except (HttpStatusError, CredentialsError) as exc:
        body = getattr(exc, "body", None)
        code = body.get("error") if isinstance(body, dict) else None
        why = f" ({code})" if code else f" (HTTP {getattr(exc, 'status', '?')})"
        raise TokenExpiredError(
            Text(
                f"{source} : {what.fr} refusé par {http.redact(url)}{why}",
                f"{source}: {what.en} refused by {http.redact(url)}{why}",
            ),
            hint=Text(
                "l'autorisation a été révoquée ou a expiré : autorisez à nouveau "
                "l'application et enregistrez les nouveaux identifiants (docs/connectors.md)",
                "the grant was revoked or has expired: authorise the application again "
                "and store the new credentials (docs/connectors.md)",
            ),
        ) from None
    try:
        body = resp.json()
    except ValueError:
        raise CredentialsError(
            Text(
                f"{source} : le point d'accès des jetons n'a pas répondu en JSON",
                f"{source}: the token endpoint did not answer JSON",
            )
        ) from None
    if not isinstance(body, dict) or not body.get("access_token"):
        raise CredentialsError(
            Text(
                f"{source} : le point d'accès des jetons a répondu sans access_token",
                f"{source}: the token endpoint answered without access_token",
            )
        )
    return body


def _expiry(body: dict[str, Any], clock: Callable[[], float]) -> float | None:
    try:
        return clock() + float(body["expires_in"])
    except (KeyError, TypeError, ValueError):
        return None


def oauth2_refresh(
    ctx: Context, http: HttpClient, token_url: str, *, client_id: str, client_secret: str | None,
    refresh_token: str, scope: str | None = None, margin: float = 60.0,
) -> TokenSource:  # fmt: skip
    """Access tokens from an OAuth 2.0 refresh token (``grant_type=refresh_token``)."""
    state = {"refresh_token": refresh_token}
    ctx.redactor.add(refresh_token, client_secret)
    clock = ctx.clock or time.time

    def mint() -> tuple[str, float | None]:
        form = {"grant_type": "refresh_token", "refresh_token": state["refresh_token"],
                "client_id": client_id}  # fmt: skip
        if client_secret:
            form["client_secret"] = client_secret
        if scope:
            form["scope"] = scope
        body = _grant(
            http,
            token_url,
            form,
            ctx.name,
            Text("le jeton de rafraîchissement", "the refresh token"),
        )
        if body.get("refresh_token"):  # rotated: the old one may no longer work
            state["refresh_token"] = str(body["refresh_token"])
            ctx.redactor.add(state["refresh_token"])
        return str(body["access_token"]), _expiry(body, clock)

    return TokenSource(mint, margin=margin, clock=clock, redactor=ctx.redactor)


def jwt_bearer(
    ctx: Context, http: HttpClient, token_url: str, assertion: Callable[[], str],
    *, margin: float = 60.0,
) -> TokenSource:  # fmt: skip
    """Access tokens exchanged for a signed assertion (RFC 7523, Google service accounts):
    ``assertion()`` returns a freshly signed JWT."""
    clock = ctx.clock or time.time

    def mint() -> tuple[str, float | None]:
        signed = assertion()
        ctx.redactor.add(signed)
        form = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": signed}
        body = _grant(
            http,
            token_url,
            form,
            ctx.name,
            Text("l'assertion du compte de service", "the service account assertion"),
        )
        return str(body["access_token"]), _expiry(body, clock)

    return TokenSource(mint, margin=margin, clock=clock, redactor=ctx.redactor)


__all__ = [
    "Mint",
    "TokenExpiredError",
    "TokenSource",
    "bearer",
    "is_unauthorized",
    "jwt_bearer",
    "oauth2_refresh",
    "static_token",
    "with_token",
]
