"""A small thread-safe memo of computed figures, for the server's many threads: the
least recently used entry goes first once it is full. Keys carry what the figures were
computed from (the rollups' version, the scope...), so an entry is never stale: a new
state of the store makes new keys."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Memo:
    """At most ``size`` values, by key; :meth:`get` computes a missing one (outside the
    lock: two threads may compute the same value once each, and the later one is kept)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)
