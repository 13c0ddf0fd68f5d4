"""The Store protocol's conformance suite: every backend must pass it.

Parameterised over the implementations we ship (a DuckDB file, DuckDB in memory); a
ClickHouse store added later only has to be listed in ``STORES``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from rumeur.errors import StoreError
from rumeur.storage import Store
from rumeur.storage.duckdb import DuckDBStore
from rumeur.storage.schema import LATEST_VERSION

STORES: dict[str, Callable[[Path], Store]] = {
    "duckdb-file": lambda tmp: DuckDBStore(tmp / "rumeur.duckdb"),
    "duckdb-memory": lambda tmp: DuckDBStore(":memory:"),
}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = STORES[request.param](tmp_path)
    yield s
    s.close()


def test_implements_the_protocol_and_is_migrated(store: Store) -> None:
    assert isinstance(store, Store)
    assert store.schema_version() == LATEST_VERSION
    assert store.migrate() == LATEST_VERSION  # idempotent
    assert store.scalar("SELECT count(*) FROM mentions") == 0


def test_query_shapes(store: Store) -> None:
    store.execute("CREATE TABLE t (a INTEGER, b VARCHAR)")
    store.execute("INSERT INTO t VALUES (?, ?), (?, ?)", [1, "x", 2, "y"])
    assert store.query("SELECT a, b FROM t ORDER BY a") == [
        {"a": 1, "b": "x"},
        {"a": 2, "b": "y"},
    ]
    assert store.rows("SELECT a, b FROM t ORDER BY a") == [(1, "x"), (2, "y")]
    assert store.scalar("SELECT max(a) FROM t") == 2
    assert store.scalar("SELECT a FROM t WHERE a > 5") is None
    assert store.columns("SELECT a, b AS label FROM t") == ["a", "label"]
    batches = list(store.iter_query("SELECT a FROM t ORDER BY a", batch_size=1))
    assert batches == [[{"a": 1}], [{"a": 2}]]


def test_transactions_commit_together_or_not_at_all(store: Store) -> None:
    store.execute("CREATE TABLE t (a INTEGER)")
    with pytest.raises(RuntimeError), store.transaction():
        store.execute("INSERT INTO t VALUES (1)")
        with store.transaction():  # nested: joins the outer one
            store.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("boom")
    assert store.scalar("SELECT count(*) FROM t") == 0
    with store.transaction():
        store.execute("INSERT INTO t VALUES (1)")
        with store.transaction():
            store.execute("INSERT INTO t VALUES (2)")
    assert store.scalar("SELECT count(*) FROM t") == 2


def test_registered_arrow_table_lives_for_the_block(store: Store) -> None:
    table = pa.table({"mention_id": ["a", "b", "c"]})
    with store.registered("_ids", table):
        assert store.scalar("SELECT count(*) FROM _ids") == 3
    with pytest.raises(Exception, match="_ids"):
        store.scalar("SELECT count(*) FROM _ids")


def test_python_scalar_function(store: Store) -> None:
    store.create_function("shout", lambda s: None if s is None else s.upper() + "!",
                          ["VARCHAR"], "VARCHAR", null_handling="special")  # fmt: skip
    assert store.scalar("SELECT shout('volta')") == "VOLTA!"
    assert store.scalar("SELECT shout(NULL)") is None
    with pytest.raises(StoreError, match="shout"):  # once per store
        store.create_function("shout", lambda s: s.lower(), ["VARCHAR"], "VARCHAR")
    assert store.scalar("SELECT shout('volta')") == "VOLTA!"


def test_setting_is_restored(store: Store) -> None:
    before = store.scalar("SELECT current_setting('memory_limit')")
    with store.setting("memory_limit", "300MB"):
        inside = store.scalar("SELECT current_setting('memory_limit')")
        assert inside != before and inside.startswith("28")  # 300 MB = 286.1 MiB
    assert store.scalar("SELECT current_setting('memory_limit')") == before
    with pytest.raises(StoreError), store.setting("memory_limit; DROP TABLE mentions", "1"):
        pass


def test_a_second_handle_for_another_thread(store: Store) -> None:
    store.execute("CREATE TABLE t (a INTEGER)")
    other = store.sibling()
    seen: list[int] = []

    def work() -> None:
        with other.transaction():
            other.execute("INSERT INTO t VALUES (7)")
        seen.append(int(other.scalar("SELECT count(*) FROM t")))

    th = threading.Thread(target=work)
    th.start()
    th.join()
    other.close()
    assert seen == [1]
    assert store.scalar("SELECT sum(a) FROM t") == 7  # the parent is still open and sees it


def test_cursors_and_source_state(store: Store) -> None:
    assert store.get_cursor("masto") is None
    with store.transaction():
        store.set_cursor("masto", {"since_id": "42", "pages": [1, 2]})
    assert store.get_cursor("masto") == {"since_id": "42", "pages": [1, 2]}
    nxt = datetime(2025, 10, 31, 18, tzinfo=UTC)
    store.record_source_run("masto", success=True, collected=5, next_run=nxt)
    store.record_source_run("masto", success=False, error="503", collected=2)
    st = store.source_states()["masto"]
    assert st["cursor"] == {"since_id": "42", "pages": [1, 2]} and st["last_error"] == "503"
    assert st["last_success"] is not None and st["last_error_at"] is not None


def test_mention_ids_of_an_import(store: Store) -> None:
    for mid, imp in (("m1", "i1"), ("m2", "i1"), ("m3", "i2")):
        store.execute(
            "INSERT INTO mentions (mention_id, dedupe_key, platform, text, created_at, "
            "import_id, brands) VALUES (?, ?, 'forum', 'x', now(), ?, [])",
            [mid, mid, imp],
        )
    assert sorted(store.mention_ids_of_import("i1")) == ["m1", "m2"]
    assert store.mention_ids_of_import("nope") == []


def test_raw_folder_and_read_only(tmp_path: Path) -> None:
    mem = DuckDBStore(":memory:")
    assert mem.in_memory and mem.raw_dir is None
    mem.close()
    path = tmp_path / "r.duckdb"
    DuckDBStore(path).close()
    ro = DuckDBStore(path, read_only=True)
    assert ro.read_only and ro.raw_dir == tmp_path / "r.duckdb.raw"
    with pytest.raises(Exception, match="read-only"):
        ro.execute("CREATE TABLE t (a INTEGER)")
    ro.close()
    with pytest.raises(StoreError, match="pas de magasin à") as err:
        DuckDBStore(tmp_path / "absent.duckdb", read_only=True)
    assert err.value.render("en")[0].startswith("no store at")


def test_a_second_handle_reads_times_in_utc_like_the_first(tmp_path: Path) -> None:
    """A sibling is a DuckDB connection of its own, whose settings start from DuckDB's
    defaults (the machine's time zone): it gets the store's UTC like the first, so that
    the server's requests and the CLI read the same times with the same offset."""
    with DuckDBStore(tmp_path / "tz.duckdb") as store:
        store.execute("CREATE TABLE t (ts TIMESTAMPTZ)")
        store.execute("INSERT INTO t VALUES ('2025-10-31 23:30:00+00')")
        twin = store.sibling()
        for handle in (store, twin):
            assert handle.scalar("SELECT current_setting('TimeZone')") == "UTC"
            at = handle.scalar("SELECT ts FROM t")
            assert at == datetime(2025, 10, 31, 23, 30, tzinfo=UTC)
            assert at.utcoffset().total_seconds() == 0
            assert str(handle.scalar("SELECT date_trunc('day', ts) FROM t"))[:10] == "2025-10-31"
        twin.close()
