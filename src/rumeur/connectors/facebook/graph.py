"""The Meta Graph API, as Facebook Page and Instagram connectors call it.

- **Authentication**: the page access token (a long-lived token derived from a long-lived
  user token does not expire, but is revoked when the user changes password or removes
  the app) is sent as ``Authorization: Bearer``, never in the URL. With ``app_secret``
  set, each call carries ``appsecret_proof`` (HMAC-SHA256 of the token with the app
  secret), as an app with *Require App Secret* demands.
- **Errors** (https://developers.facebook.com/docs/graph-api/guides/error-handling):
  the body ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``.
  Code 190 (``OAuthException``: expired, revoked or invalid token) -> the token source is
  asked to refresh once (a page token cannot be: :class:`TokenExpiredError`, saying how to
  get a new one); codes 4, 17, 32, 613 and 80001-80014 (rate limits) ->
  :class:`GraphRateLimitError` (the run keeps what it read, the watcher retries later);
  10, 200-299 (permissions) -> :class:`~rumeur.errors.CredentialsError` naming the
  permission to grant; 100 with subcode 33 (object deleted or not visible) ->
  :class:`GraphMissingError`, which callers skip.
- **Usage headers** (https://developers.facebook.com/docs/graph-api/overview/rate-limiting):
  ``X-App-Usage`` ``{"call_count", "total_cputime", "total_time"}`` (percent of the
  app's hourly allowance) and ``X-Business-Use-Case-Usage`` ``{business id: [{"type",
  "call_count", "total_cputime", "total_time", "estimated_time_to_regain_access"}]}``
  are reported as quota readings (``app``, ``pages``/``instagram``); above ``max_usage``
  percent the connector stops before Meta blocks it.
- **Pagination**: ``paging.cursors.after`` (the ``next`` URL is not kept: it carries the
  token).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import orjson

from rumeur.connectors._http import HttpClient, HttpStatusError
from rumeur.connectors.base import Context
from rumeur.connectors.quota import Quota
from rumeur.connectors.tokens import TokenExpiredError, TokenSource, static_token, with_token
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613}) | frozenset(range(80001, 80015))
PERMISSION_CODES = frozenset({10}) | frozenset(range(200, 300))
RENEW_PAGE_TOKEN = Text(
    "générez un nouveau jeton d'accès de page (Graph API Explorer ou /me/accounts avec un "
    "jeton utilisateur longue durée) et enregistrez-le dans le secret de la source "
    "(docs/connectors.md)",
    "generate a new page access token (Graph API Explorer or /me/accounts with a long-lived "
    "user token) and store it in the source's secret (docs/connectors.md)",
)


class GraphRateLimitError(ConnectorError):
    """Meta refused the call for a rate limit (codes 4, 17, 32, 613, 800xx)."""


class GraphMissingError(ConnectorError):
    """The object was deleted or is not visible to this token (code 100, subcode 33)."""


def graph_error(body: Any) -> dict[str, Any] | None:
    """The ``error`` object of a Graph answer, if it is one."""
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return dict(body["error"])
    return None


class GraphClient:
    """Calls one Graph API version with a page (or Instagram) access token."""

    def __init__(self, ctx: Context, *, quota_name: str = "pages") -> None:
        st = ctx.settings
        self.ctx = ctx
        self.name = ctx.name
        self.base = ctx.base_url(st.base_url) + "/" + st.api_version.strip("/")
        token = ctx.secret("access_token")
        assert token is not None
        self.tokens: TokenSource = static_token(
            token, source=ctx.name, renew=RENEW_PAGE_TOKEN, redactor=ctx.redactor
        )
        self.app_secret = ctx.secret("app_secret", required=False)
        self.max_usage = float(st.max_usage)
        self.quota_name = quota_name
        self.http: HttpClient = ctx.http()
        self.usage = 0.0
        self.calls = 0

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET ``/{version}/{path}`` -> the decoded body; Graph errors as documented above."""
        if self.usage >= self.max_usage:
            raise GraphRateLimitError(
                Text(
                    f"{self.name} : usage Meta à {self.usage:.0f} % de l'allocation horaire "
                    f"(max_usage = {self.max_usage:.0f}) : en pause avant que Meta bloque "
                    "l'application",
                    f"{self.name}: Meta usage at {self.usage:.0f} % of the hourly allowance "
                    f"(max_usage = {self.max_usage:.0f}): paused before Meta blocks the app",
                ),
                hint=Text(
                    "l'allocation glisse sur une heure ; le prochain passage continue",
                    "the allowance slides over one hour; the next run continues",
                ),
            )
        url = f"{self.base}/{path.lstrip('/')}"

        def call(token: str) -> dict[str, Any]:
            query = dict(params or {})
            if self.app_secret:
                mac = hmac.new(self.app_secret.encode(), token.encode(), hashlib.sha256)
                query["appsecret_proof"] = mac.hexdigest()
            try:
                resp, body = self.http.get_page(
                    url, params=query, headers={"Authorization": f"Bearer {token}"}
                )
            except (HttpStatusError, CredentialsError) as exc:
                raise self._error(exc) from None
            self.calls += 1
            self._usage(resp.headers)
            return body if isinstance(body, dict) else {}

        return with_token(self.tokens, call, expired=lambda e: isinstance(e, TokenExpiredError))

    def _error(self, exc: HttpStatusError | CredentialsError) -> ConnectorError:
        """The Rumeur error of a Graph error answer (see the module's list)."""
        err = graph_error(getattr(exc, "body", None))
        if err is None:
            return exc
        code, sub = err.get("code"), err.get("error_subcode")
        text = self.ctx.redactor(str(err.get("message") or ""))[:200]
        num = f"{code}" + (f"/{sub}" if sub else "")
        fr, en = f"{self.name} : erreur Graph API {num}", f"{self.name}: Graph API error {num}"
        trace = f" (fbtrace_id {err['fbtrace_id']})" if err.get("fbtrace_id") else ""
        if code == 190:
            return TokenExpiredError(
                Text(f"{fr} : {text}{trace}", f"{en}: {text}{trace}"), hint=RENEW_PAGE_TOKEN
            )
        if code in RATE_LIMIT_CODES:
            return GraphRateLimitError(
                Text(
                    f"{fr} : limite de débit atteinte : {text}{trace}",
                    f"{en}: rate limit reached: {text}{trace}",
                ),
                hint=Text(
                    "Meta la lève au bout d'un moment (voir `rumeur sources` pour l'usage) ; "
                    "ce qui a été lu est conservé et le prochain passage continue",
                    "Meta lifts it after a while (see `rumeur sources` for the usage); "
                    "what was read is kept and the next run continues",
                ),
            )
        if code in PERMISSION_CODES:
            return CredentialsError(
                Text(
                    f"{fr} : autorisation manquante : {text}{trace}",
                    f"{en}: permission missing: {text}{trace}",
                ),
                hint=Text(
                    "le jeton a besoin de pages_read_engagement et pages_read_user_content "
                    "(instagram_basic, instagram_manage_comments pour Instagram) : "
                    "docs/connectors.md",
                    "the token needs pages_read_engagement and pages_read_user_content "
                    "(instagram_basic, instagram_manage_comments for Instagram): "
                    "docs/connectors.md",
                ),
            )
        if code == 100 and sub == 33:
            return GraphMissingError(Text(f"{fr} : {text}", f"{en}: {text}"))
        return ConnectorError(Text(f"{fr} : {text}{trace}", f"{en}: {text}{trace}"))

    def _usage(self, headers: Any) -> None:
        now = self.ctx.now()
        app = _json_header(headers.get("x-app-usage"))
        if isinstance(app, Mapping):
            used = _max_pct(app)
            self.ctx.report_quota(Quota("app", used=used, limit=100, unit="%", period="hour"))
            self.usage = used
        buc = _json_header(headers.get("x-business-use-case-usage"))
        if isinstance(buc, Mapping):
            worst = 0.0
            for rows in buc.values():
                for row in rows if isinstance(rows, list) else []:
                    if not isinstance(row, Mapping):
                        continue
                    used = _max_pct(row)
                    eta = float(row.get("estimated_time_to_regain_access") or 0)
                    reset = now + timedelta(minutes=eta) if eta else None
                    self.ctx.report_quota(
                        Quota(
                            self.quota_name,
                            used=used,
                            limit=100,
                            unit="%",
                            period="hour",
                            reset_at=reset,
                        )
                    )
                    worst = max(worst, used)
            self.usage = max(self.usage, worst)


def _json_header(value: str | None) -> Any:
    if not value:
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return None


def _max_pct(d: Mapping[str, Any]) -> float:
    vals = []
    for k in ("call_count", "total_cputime", "total_time"):
        try:
            vals.append(float(d.get(k) or 0))
        except (TypeError, ValueError):
            continue
    return max(vals, default=0.0)


def after(body: Mapping[str, Any]) -> str | None:
    """The cursor of the next page, or None at the end of the listing."""
    paging = body.get("paging") or {}
    if not paging.get("next"):
        return None
    cursor = (paging.get("cursors") or {}).get("after")
    return str(cursor) if cursor else None
