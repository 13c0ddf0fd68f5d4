"""Webhook intake: verify a pushed body's signature and freshness (no I/O here).

Signature (like Stripe's and GitHub's): the sender computes
``hex(HMAC-SHA256(secret, timestamp + "." + raw_body))`` and sends

    X-Rumeur-Timestamp: 1763900000            (Unix seconds)
    X-Rumeur-Signature: sha256=<hex>

A missing or wrong signature, or a timestamp more than ``tolerance`` seconds away from our
clock, is refused (401); a signature already seen inside the window is a replay (409).

The body is read by :mod:`rumeur.connectors.webhook.normalise`.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Rumeur-Signature"
TIMESTAMP_HEADER = "X-Rumeur-Timestamp"


class PushRefused(Exception):
    """A push is refused; ``status`` and ``reason`` go back to the sender as JSON."""

    def __init__(self, status: int, error: str, reason: str, problems: Any = None) -> None:
        super().__init__(reason)
        self.status = status
        self.error = error
        self.reason = reason
        self.problems = problems

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.error, "reason": self.reason}
        if self.problems:
            out["problems"] = self.problems
        return out


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Rumeur-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass
class Verifier:
    """Checks signatures and timestamps, and remembers recent signatures (replays)."""

    secret: str
    tolerance: float = 300.0
    clock: Any = time.time

    def __post_init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, timestamp: str | None, signature: str | None, body: bytes) -> None:
        if not timestamp or not signature:
            raise PushRefused(
                401, "unsigned", f"send {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers"
            )
        try:
            ts = int(timestamp)
        except ValueError:
            raise PushRefused(401, "bad_timestamp", "timestamp must be Unix seconds") from None
        now = self.clock()
        if abs(now - ts) > self.tolerance:
            raise PushRefused(
                401, "stale_timestamp", f"timestamp is more than {self.tolerance:.0f} s off"
            )
        expected = sign(self.secret, ts, body)
        if not hmac.compare_digest(expected, signature.strip()):
            raise PushRefused(401, "bad_signature", "signature does not match the body")
        with self._lock:
            for sig, at in list(self._seen.items()):
                if now - at > 2 * self.tolerance:
                    del self._seen[sig]
            if expected in self._seen:
                raise PushRefused(409, "replay", "this signed request was already received")
            self._seen[expected] = now
