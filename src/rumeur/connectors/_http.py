"""HTTP for every connector, in one place: timeouts, retries, rate limits, circuit breaker.

:class:`HttpClient` wraps an ``httpx.Client`` and adds

- bounded retries with exponential backoff and full jitter on 429, 5xx, timeouts,
  connection errors and truncated bodies (``retries`` attempts, ``backoff`` base seconds,
  ``max_backoff`` cap);
- ``Retry-After`` (seconds or an HTTP date) and the rate-limit headers the platforms send
  (``X-RateLimit-Remaining``/``-Reset`` for Mastodon and Reddit, ``RateLimit-*`` for
  Bluesky, ``x-rate-limit-*`` for X): when the budget is spent, the client waits for
  the reset before the next call;
- a :class:`CircuitBreaker` (one per client, so one per source): after
  ``failure_threshold`` failed calls in a row it opens and calls fail fast with
  :class:`CircuitOpenError` until ``cooldown`` seconds have passed;
- redaction: every secret the client was given is replaced by ``***`` in error messages;
- a read budget (:class:`~rumeur.connectors.quota.ReadBudget`, optional): each request
  is charged to it *before* it is sent, and refused once the budget is spent.

``sleep`` and ``clock`` are injectable so tests run fast and deterministic.
"""

from __future__ import annotations

import email.utils
import os
import random
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import orjson

from rumeur.connectors.quota import ReadBudget
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
USER_AGENT = "rumeur/0.1 (+https://github.com/rumeur/rumeur; e-reputation monitoring)"


class CircuitOpenError(ConnectorError):
    """The source failed too often in a row; calls are refused until the cool-down ends."""


class StoppedError(ConnectorError):
    """The run was asked to stop while it waited (a retry delay, a rate-limit reset)."""


def interruptible_sleep(stop: threading.Event) -> Callable[[float], None]:
    """A ``sleep`` that returns at once, raising :class:`StoppedError`, when ``stop`` is
    set: a stopping watcher does not wait out pending retries."""

    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise StoppedError(
                Text("arrêté pendant l'attente d'un nouvel essai", "stopped while waiting to retry")
            )

    return sleep


class ResponseTooLargeError(ConnectorError):
    """The server's answer is larger than the source's ``max_response_bytes``."""


class TruncatedResponseError(ConnectorError):
    """The server sent a body that is not the JSON it announced (cut or garbled)."""


class HttpStatusError(ConnectorError):
    """The server answered with an error status we do not retry (or no longer retry)."""

    def __init__(self, message: str | Text, *, status: int, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass(slots=True)
class CircuitBreaker:
    """Opens after ``failure_threshold`` consecutive failures, for ``cooldown`` seconds."""

    failure_threshold: int = 5
    cooldown: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        if self.opened_at is None:
            return False
        # after the cool-down the breaker is half-open: one call goes through
        return self.clock() - self.opened_at < self.cooldown

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None

    def record_failure(self) -> None:
        self.failures += 1
        if self.failures >= self.failure_threshold:
            self.opened_at = self.clock()


class Redactor:
    """Replaces known secret values by ``***`` in any text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = {s for s in secrets if s and len(s) >= 4}

    def add(self, *secrets: str | None) -> None:
        # also as they appear in URLs and form bodies (percent-encoded)
        plain = {s for s in secrets if s and len(s) >= 4}
        new = plain | {quote_plus(s) for s in plain} | {quote(s, safe="") for s in plain}
        self._secrets.update(new)
        if self is not SECRETS:
            SECRETS.add(*new)

    def __call__(self, text: str) -> str:
        for s in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(s, "***")
        return text


#: every secret any connector of this process was given (for log redaction)
SECRETS = Redactor()


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def _reset_delay(headers: httpx.Headers, now_epoch: float) -> float | None:
    """Seconds until the rate-limit window resets, when the budget is spent."""
    remaining, reset = None, None
    for prefix in ("x-ratelimit-", "ratelimit-", "x-rate-limit-"):  # the last: X's
        remaining = remaining or headers.get(prefix + "remaining")
        reset = reset or headers.get(prefix + "reset")
    if remaining is None or reset is None:
        return None
    try:
        if float(remaining) >= 1:
            return None
    except ValueError:
        return None
    try:
        value = float(reset)
    except ValueError:  # Mastodon: an ISO 8601 time
        try:
            when = datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            return None
        return max(0.0, when.timestamp() - now_epoch)
    # Reddit sends seconds to wait; Bluesky and X an epoch time
    return max(0.0, value - now_epoch) if value > 1e9 else value


_SSL: dict[tuple[str | None, str | None], ssl.SSLContext] = {}
_SSL_LOCK = threading.Lock()


def _ssl_context() -> ssl.SSLContext:
    """The certificates HTTPS is checked against (httpx's default: certifi, or
    ``SSL_CERT_FILE``/``SSL_CERT_DIR``), loaded once per process and per setting: loading
    them costs ~40 ms of CPU, and ``rumeur watch`` makes a client for every run of every
    source."""
    key = (os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    with _SSL_LOCK:
        if key not in _SSL:
            _SSL[key] = httpx.create_ssl_context()
        return _SSL[key]


class HttpClient:
    """An ``httpx.Client`` with Rumeur's retry, rate-limit and breaker rules."""

    def __init__(
        self,
        *,
        source: str,
        timeout: float = 20.0,
        retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_wait: float = 900.0,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        headers: Mapping[str, str] | None = None,
        redactor: Redactor | None = None,
        transport: httpx.BaseTransport | None = None,
        max_bytes: int = 20 * 1024 * 1024,
        budget: ReadBudget | None = None,
    ) -> None:
        self.source = source
        self.budget = budget
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.rng = rng or random.Random()
        self.breaker = breaker or CircuitBreaker()
        self.redact = redactor or Redactor()
        self.requests = 0
        self.retried = 0
        self._not_before = 0.0
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT, **(headers or {})},
            follow_redirects=True,
            transport=transport,
            verify=_ssl_context(),
        )

    def close(self) -> None:
        self.client.close()

    def _delay(self, attempt: int) -> float:
        return self.rng.uniform(0, min(self.max_backoff, self.backoff * 2**attempt))

    def _wait(self, seconds: float) -> None:
        if seconds > self.max_wait:
            raise ConnectorError(
                Text(
                    f"{self.source} : le serveur demande d'attendre {seconds:.0f} s "
                    "(limite de débit)",
                    f"{self.source}: the server asks us to wait {seconds:.0f} s (rate limit)",
                ),
                hint=Text(
                    "le prochain passage prévu réessaiera", "the next scheduled run will try again"
                ),
            )
        if seconds > 0:
            self.sleep(seconds)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        auth: tuple[str, str] | None = None,
        ok: Iterable[int] = (),
    ) -> httpx.Response:
        """One call, retried on transient failures; raises ConnectorError otherwise.

        Statuses in ``ok`` (e.g. 304, 404) are returned to the caller instead of raised.
        """
        if self.breaker.is_open:
            raise CircuitOpenError(
                Text(
                    f"{self.source} : en pause après {self.breaker.failures} échecs d'affilée",
                    f"{self.source}: paused after {self.breaker.failures} failures in a row",
                ),
                hint=Text(
                    f"elle réessaie d'elle-même après {self.breaker.cooldown:.0f} s",
                    f"it retries by itself after {self.breaker.cooldown:.0f} s",
                ),
            )
        accepted = set(ok)
        last: str = ""
        for attempt in range(self.retries + 1):
            wait_for = self._not_before - self.clock()
            if wait_for > 0:
                self._wait(wait_for)
            if self.budget is not None:
                self.budget.allow(1)  # BudgetSpentError: no request once the budget is spent
                self.budget.spend(1)
            self.requests += 1
            retry_after: float | None = None
            try:
                req = self.client.build_request(
                    method, url, params=params, headers=headers, data=data, json=json
                )
                # read now so a cut connection is a retried failure, not a later crash
                resp = self._bounded(req, auth)
            except httpx.TimeoutException as exc:
                last = f"timed out ({type(exc).__name__})"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__}: {exc})"
            else:
                reset = _reset_delay(resp.headers, self.clock())
                if reset is not None:
                    self._not_before = self.clock() + reset
                if resp.status_code < 400 or resp.status_code in accepted:
                    self.breaker.record_success()
                    return resp
                if resp.status_code not in RETRY_STATUS:
                    self.breaker.record_success()  # the server is up; the request is wrong
                    raise self._status_error(resp)
                last = f"HTTP {resp.status_code}"
                retry_after = _retry_after(resp.headers.get("retry-after"), self.clock())
            self.breaker.record_failure()
            if attempt >= self.retries or self.breaker.is_open:
                break
            self.retried += 1
            self._wait(retry_after if retry_after is not None else self._delay(attempt))
        raise ConnectorError(
            Text(
                self.redact(
                    f"{self.source} : {method} {url} a échoué après {attempt + 1} essais : {last}"
                ),
                self.redact(
                    f"{self.source}: {method} {url} failed after {attempt + 1} tries: {last}"
                ),
            ),
            hint=Text(
                "la source est en panne ou surchargée ; le prochain passage reprend au "
                "curseur enregistré",
                "the source is down or overloaded; the next run resumes from the saved cursor",
            ),
        )

    def _bounded(self, req: httpx.Request, auth: tuple[str, str] | None) -> httpx.Response:
        """Send ``req`` and read its body, refusing one over ``max_bytes`` (announced or
        actual) without reading the rest."""
        resp = self.client.send(req, auth=auth, stream=True)
        try:
            declared = resp.headers.get("content-length")
            too_big = declared is not None and declared.isdigit() and int(declared) > self.max_bytes
            body = bytearray()
            if not too_big:
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        too_big = True
                        break
        finally:
            resp.close()
        if too_big:
            raise ResponseTooLargeError(
                Text(
                    self.redact(
                        f"{self.source} : {req.url} a envoyé plus de {self.max_bytes} octets"
                    ),
                    self.redact(f"{self.source}: {req.url} sent more than {self.max_bytes} bytes"),
                ),
                hint=Text(
                    "augmentez max_response_bytes pour cette source si la réponse est légitime",
                    "raise max_response_bytes for this source if the answer is legitimate",
                ),
            )
        headers = [(k, v) for k, v in resp.headers.multi_items() if k.lower() not in
                   ("content-encoding", "transfer-encoding", "content-length")]  # fmt: skip
        out = httpx.Response(resp.status_code, headers=headers, content=bytes(body), request=req)
        out.history = resp.history
        return out

    def _status_error(self, resp: httpx.Response) -> ConnectorError:
        body: Any
        try:
            body = resp.json()
        except ValueError:
            body = resp.text[:300]
        url = self.redact(str(resp.request.url))
        detail = self.redact(str(body)[:300])
        asked = f"{resp.request.method} {url}"
        msg = Text(
            f"{self.source} : {asked} a répondu HTTP {resp.status_code} : {detail}",
            f"{self.source}: {asked} answered HTTP {resp.status_code}: {detail}",
        )
        if resp.status_code in (401, 403) and "quota" not in detail.lower():
            err = CredentialsError(
                msg,
                hint=Text(
                    "vérifiez ou renouvelez les identifiants de cette source (docs/connectors.md)",
                    "check or renew the credentials of this source (docs/connectors.md)",
                ),
            )
            err.status, err.body = resp.status_code, body  # type: ignore[attr-defined]
            return err
        return HttpStatusError(msg, status=resp.status_code, body=body)

    def get_json(self, url: str, **kwargs: Any) -> Any:
        """GET and decode JSON; a truncated or garbled body is retried like a 5xx."""
        return self.get_page(url, **kwargs)[1]

    def get_page(self, url: str, **kwargs: Any) -> tuple[httpx.Response, Any]:
        """GET -> (response, decoded JSON), retrying truncated or garbled bodies."""
        for attempt in range(self.retries + 1):
            resp = self.request("GET", url, **kwargs)
            if resp.status_code in (204, 304):
                return resp, None
            try:
                return resp, orjson.loads(resp.content)
            except orjson.JSONDecodeError:
                self.breaker.record_failure()
                if attempt >= self.retries:
                    n = self.retries + 1
                    raise TruncatedResponseError(
                        Text(
                            self.redact(
                                f"{self.source} : {url} a envoyé du JSON invalide {n} fois"
                            ),
                            self.redact(f"{self.source}: {url} sent invalid JSON {n}x"),
                        )
                    ) from None
                self.retried += 1
                self._wait(self._delay(attempt))
        raise AssertionError("unreachable")
