"""What the owned accounts' API doubles share (``x.py``, ``trustpilot.py``,
``google_business.py``): a corpus that arrives over time, a clock the tests can move
(rate-limit windows, token expiry), request counting and JSON answers. Each double is
mounted on :class:`~rumeur.connectors.doubles.server.ApiDouble` (:meth:`ApiDouble.mount`),
which adds the random faults (500, 503, 429, cut bodies, slow answers)."""

from __future__ import annotations

import json
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.connectors.doubles.payloads import EPOCH

#: (status, headers, body, (kind, ids) of the items served or None)
Answer = tuple[int, dict[str, str], bytes, Any]


class MountedApi(ABC):
    """``items`` items, item i dated ``epoch + i * spacing``; with ``arrival`` > 0 they
    become visible at that many per second (all at once when 0)."""

    def __init__(
        self,
        *,
        items: int = 100,
        arrival: float = 0.0,
        epoch: datetime | None = None,
        spacing: float = 30.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.total = items
        self.arrival = arrival
        self.epoch = epoch or EPOCH
        self.spacing = spacing
        self.clock = clock or time.time
        self.started = time.monotonic()
        self.lock = threading.Lock()
        #: path -> requests answered
        self.calls: dict[str, int] = {}

    def visible(self) -> int:
        if self.arrival <= 0:
            return self.total
        return min(self.total, int((time.monotonic() - self.started) * self.arrival) + 1)

    def when(self, i: int) -> datetime:
        return self.epoch + timedelta(seconds=self.spacing * i)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def count(self, path: str) -> None:
        with self.lock:
            self.calls[path] = self.calls.get(path, 0) + 1

    @abstractmethod
    def handle(
        self, method: str, path: str, q: dict[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer | None:
        """Implemented by each platform's subclass."""


def j(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def iso_ms(dt: datetime) -> str:
    """``2026-11-24T08:00:00.000Z`` (X, Trustpilot)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def bearer(headers: Mapping[str, str]) -> str | None:
    value = headers.get("Authorization") or ""
    return value[7:] if value.lower().startswith("bearer ") else None
