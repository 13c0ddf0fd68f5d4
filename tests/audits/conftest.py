"""A real project folder and DuckDB store holding a simulated scenario."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rumeur import config
from rumeur.audits.authenticity import simulate
from rumeur.storage.duckdb import DuckDBStore
from tests.conftest import BRANDS, copy_project

SIM_BRANDS = (
    config.Brand(id="volta", name="Volta Mobile", aliases=("Volta",)),
    config.Brand(id="nexa", name="Nexa Télécom", aliases=("Nexa",), competitor=True),
    config.Brand(id="cerise", name="Cerise Mobile", aliases=("Cerise",), competitor=True),
)
assert BRANDS  # the shared fictional brands stay the reference for other tests


def write_rows(store: DuckDBStore, rows: Iterable[dict[str, Any]], folder: Path) -> None:
    """Insert simulated rows as mentions (with the account's creation date)."""
    store.execute("ALTER TABLE mentions ADD COLUMN IF NOT EXISTS author_created_at TIMESTAMPTZ")
    cols = ("mention_id", "external_id", "platform", "author_id", "author_handle",
            "author_followers", "author_created_at", "title", "text", "created_at", "rating",
            "brands", "reply_to")  # fmt: skip
    rows = list(rows)
    table = pa.table({c: [r.get(c) for r in rows] for c in cols})
    path = folder / "rows.parquet"
    pq.write_table(table, path)
    store.execute(
        "INSERT INTO mentions BY NAME SELECT *, mention_id AS dedupe_key, "
        f"false AS is_own_account FROM read_parquet('{path}')"
    )
    path.unlink()


def with_reply_ids(sc: simulate.Scenario) -> list[dict[str, Any]]:
    """Rows whose replies point at a real parent (``reply_to`` = the parent's external id),
    as a store holds them: the parent is the latest earlier post of ``parent_author``."""
    last: dict[str, str] = {}
    out = []
    for r in sc.rows:
        r = dict(r)
        parent = r.pop("parent_author", None)
        if parent is not None and parent in last:
            r["reply_to"] = last[parent]
        last[r["author_id"]] = r["external_id"]
        out.append(r)
    return out


@pytest.fixture(scope="module")
def scenario() -> simulate.Scenario:
    return simulate.scenario(
        seed=5, n_background=3000, days=30,
        styles=("copy_paste", "review_bomb", "sockpuppet_ring"), organic=1,
    )  # fmt: skip


@pytest.fixture(scope="module")
def sim_built(tmp_path_factory: pytest.TempPathFactory, scenario: simulate.Scenario) -> Path:
    """The scenario stored once for the module (tests get a copy: :func:`sim_project`)."""
    folder = tmp_path_factory.mktemp("simulation")
    (folder / config.CONFIG_NAME).write_text(
        config.template(name="Simulation", brands=SIM_BRANDS), encoding="utf-8"
    )
    proj = config.load(folder / config.CONFIG_NAME)
    with DuckDBStore(proj.store_path) as store:
        write_rows(store, with_reply_ids(scenario), folder)
    return folder


@pytest.fixture
def sim_project(sim_built: Path, tmp_path: Path) -> Path:
    """A test's own copy of the stored scenario (it may write: audits, rollups, alerts)."""
    return copy_project(sim_built, tmp_path)
