"""Webhook intake: verify a pushed body's signature and freshness (no I/O here).

Signature (like Stripe's and GitHub's): the sender computes
``hex(HMAC-SHA256(secret, timestamp + "." + raw_body))`` and sends

    X-Rumeur-Timestamp: 1763900000            (Unix seconds)
    X-Rumeur-Signature: sha256=<hex>

A missing or wrong signature, or a timestamp more than ``tolerance`` seconds away from our
clock, is refused (401); a signature already seen inside the window is a replay (409).
The signatures seen are kept in a file beside the store (:class:`SeenSignatures`), so a
restart does not reopen the window to replays.

The body is read by :mod:`rumeur.connectors.webhook.normalise`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("rumeur.webhook")

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


class SeenSignatures:
    """Signatures accepted in the last ``2 * tolerance`` seconds (replay protection),
    kept in a JSON file when ``path`` is given so that a restart does not forget them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self._seen = {str(k): float(v) for k, v in data.items()}
            except (OSError, ValueError, TypeError, AttributeError):
                log.warning("replay list %s unreadable: starting empty", path)

    def add(self, signature: str, now: float, keep: float) -> bool:
        """Remember ``signature``; False when it was seen already (a replay)."""
        with self._lock:
            self._seen = {k: at for k, at in self._seen.items() if now - at <= keep}
            if signature in self._seen:
                return False
            self._seen[signature] = now
            self._save()
            return True

    def _save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self._seen), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:  # replay protection then lasts until the next restart
            log.warning("could not write %s: %s", self.path, exc)


@dataclass
class Verifier:
    """Checks signatures and timestamps, and remembers recent signatures (replays)."""

    secret: str
    tolerance: float = 300.0
    clock: Any = time.time
    seen: SeenSignatures | None = None

    def __post_init__(self) -> None:
        if self.seen is None:
            self.seen = SeenSignatures()

    def check(self, timestamp: str | None, signature: str | None, body: bytes) -> None:
        if not timestamp or not signature:
            raise PushRefused(
                401, "unsigned", f"send {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers"
            )
        if not timestamp.isascii() or not signature.isascii():
            raise PushRefused(401, "bad_signature", "signature headers must be ASCII")
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
        assert self.seen is not None
        if not self.seen.add(expected, now, 2 * self.tolerance):
            raise PushRefused(409, "replay", "this signed request was already received")
