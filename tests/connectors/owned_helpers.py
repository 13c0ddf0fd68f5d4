"""What the owned-account connector tests share: a clock the doubles and the clients
both read (sleeping moves it), the fixtures of a double served with that clock, a
project whose brand owns the doubles' accounts, and a run of one source."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.watcher import RunResult, collect
from rumeur.storage.duckdb import DuckDBStore

from .conftest import write_project

#: the handles the doubles' brand replies under (X, Trustpilot, Google Business Profile)
OWN = '["@fibrelia_sav", "fibrelia.example", "Fibrelia (Google)"]'


class Clock:
    """The double's and the client's time: sleeping moves it forward."""

    def __init__(self, start: float) -> None:
        self.t = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


def served(make: Callable[[Clock], Any]) -> tuple[Any, Any]:
    """A test module's ``clock`` and ``api`` fixtures (``clock, api = served(...)``): a
    Clock at the present time, and a server mounting ``make(clock)``; ``api`` gives
    (server, double)."""

    @pytest.fixture
    def clock() -> Clock:
        return Clock(time.time())

    @pytest.fixture
    def api(clock: Clock) -> Iterator[tuple[ApiDouble, Any]]:
        server = ApiDouble(items=0).start()
        double = server.mount(make(clock))
        yield server, double
        server.stop()

    return clock, api


def project(
    root: Path, sources: list[dict[str, Any]], secrets: dict[str, dict[str, str]] | None = None
) -> config.Project:
    path = write_project(root, sources, secrets)
    text = path.read_text(encoding="utf-8")
    text = text.replace('own_accounts = ["@fibrelia_sav", "fibrelia.bsky.social"]',
                        f"own_accounts = {OWN}")  # fmt: skip
    path.write_text(text, encoding="utf-8")
    return config.load(path)


def run(
    store: DuckDBStore, proj: config.Project, clock: Clock, conn: Any = None, batch: int = 7
) -> RunResult:
    """One run; with ``conn``, on that connector (the watcher keeps it between runs)."""
    own = conn is None
    conn = conn or registry.build(proj, proj.sources[0], sleep=clock.sleep, clock=clock)
    try:
        return collect(store, proj, conn, enrich=False, batch_size=batch)
    finally:
        if own:
            conn.close()
