"""Shared fixtures: a project folder with a rumeur.toml, a store, a fast sleep, the
Mastodon API double and a source that reads it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rumeur import config
from rumeur.config import Project
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.storage.duckdb import DuckDBStore

BRAND = """
[project]
name = "Test"

[[brands]]
id = "fibrelia"
name = "Fibrelia"
handles = ["@fibrelia"]
own_accounts = ["@fibrelia_sav", "fibrelia.bsky.social"]
"""


@pytest.fixture
def double() -> Any:
    """The Mastodon API double with 60 statuses (test_appstore and test_googleplay
    have doubles of their own under the same name)."""
    d = ApiDouble(items=60).start()
    yield d
    d.stop()


def collect_first(store: DuckDBStore, project: Project, **kw: Any) -> tuple[Any, Any]:
    """The project's first source collected once, without enrichment: (the result, the
    connector, closed); ``kw`` goes to the connector (a clock, a sleep...)."""
    from rumeur.connectors import registry
    from rumeur.connectors.watcher import collect

    conn = registry.build(project, project.sources[0], **kw)
    try:
        return collect(store, project, conn, enrich=False), conn
    finally:
        conn.close()


def masto_source(url: str, **extra: Any) -> dict[str, Any]:
    """A ``[[sources]]`` table named "masto" reading the double at ``url``."""
    return {"name": "masto", "type": "mastodon", "base_url": url, "hashtag": "fibrelia",
            "limit": 40, "backfill_pages": 100, **extra}  # fmt: skip


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return str(v)
    return json.dumps(v)


def write_project(
    root: Path, sources: list[dict[str, Any]], secrets: dict[str, dict[str, str]] | None = None
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    parts = [BRAND]
    if secrets is not None:
        parts.append('[secrets]\nfile = "secrets.toml"\n')
        (root / "secrets.toml").write_text(
            "".join(
                f"[{name}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in t.items())
                for name, t in secrets.items()
            )
        )
    for s in sources:
        parts.append("[[sources]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in s.items()))
    path = root / "rumeur.toml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Project]:
    def make(
        sources: list[dict[str, Any]], secrets: dict[str, dict[str, str]] | None = None
    ) -> Project:
        return config.load(write_project(tmp_path / "proj", sources, secrets))

    return make


@pytest.fixture
def store(tmp_path: Path):
    s = DuckDBStore(tmp_path / "store.duckdb")
    yield s
    s.close()


class Sleeps(list):
    """An injectable sleep that records the delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
