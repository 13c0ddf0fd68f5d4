"""Parameters written into the SQL as literals (rumeur.storage.literals): the same types
and values as DuckDB's own binding, the same errors, and no pandas look-ups."""

from __future__ import annotations

import importlib.abc
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from rumeur.storage.duckdb import DuckDBStore
from rumeur.storage.literals import inline

PARIS_SUMMER = timezone(timedelta(hours=2))
VALUES: list[Any] = [
    None, True, False, 0, 1, -3, 2**31, 2**40, -(2**63), 2**63 - 1, 1.5, -0.1, 1e300,
    float("nan"), float("inf"), "", "x", "l'avis d'Élodie", 'a "quoted" word', "a\\b",
    "?", "$1", "-- not a comment", "/* nor this */", "$$dollar$$", "émoji 🙂",
    datetime(2026, 12, 6, 11, 30, 5, 123456), datetime(2026, 12, 6, 11, 30, tzinfo=UTC),
    datetime(2026, 7, 1, 9, 0, tzinfo=PARIS_SUMMER), date(2026, 2, 28),
    ["a", "b"], [], [1, 2], ("a", "b"), ["it's", None], [None],
    [datetime(2026, 1, 1, tzinfo=UTC)], [1.5, 2.0],
]  # fmt: skip


def _native(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Any:
    return con.execute(sql, params).fetchall()


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_literal_has_the_type_and_value_duckdb_binds(value: Any) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    sql = "SELECT typeof(?), CAST(? AS VARCHAR), ? IS NULL"
    text, params = inline(sql, [value, value, value])
    assert params is None and "?" not in text.replace("'?'", "")
    assert con.execute(text).fetchall() == _native(con, sql, [value, value, value])


@pytest.mark.parametrize(
    "value", [b"bytes\x00", Decimal("1.25"), {"a": 1}, "nul\x00char", 2**70, [1, "a"],
              [["nested"]], timedelta(seconds=3)], ids=repr,
)  # fmt: skip
def test_other_values_are_left_to_duckdb(value: Any) -> None:
    assert inline("SELECT ?", [value]) == ("SELECT ?", [value])


def test_question_marks_in_strings_comments_and_identifiers_are_not_placeholders() -> None:
    sql = (
        "SELECT regexp_extract(?, '(\\d+(?:[.,]\\d+)?)', 1) AS \"what?\" -- why?\n"
        "/* who? */, $$is it?$$, ? AS b"
    )
    text, params = inline(sql, ["12,5k", "it's"])
    assert params is None
    con = duckdb.connect()
    assert con.execute(text).fetchall() == con.execute(sql, ["12,5k", "it's"]).fetchall()


def test_mismatched_named_or_numbered_parameters_keep_duckdbs_own_handling() -> None:
    assert inline("SELECT ?, ?", [1]) == ("SELECT ?, ?", [1])
    assert inline("SELECT $1", [1]) == ("SELECT $1", [1])
    assert inline("SELECT $a", {"a": 1}) == ("SELECT $a", {"a": 1})  # type: ignore[arg-type]
    assert inline("SELECT 1", None) == ("SELECT 1", None)
    assert inline("SELECT 1", []) == ("SELECT 1", None)


def test_a_string_cannot_escape_its_literal(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "s.duckdb")
    store.execute("CREATE TABLE t (a VARCHAR)")
    evil = "x'); DROP TABLE t; --"
    store.execute("INSERT INTO t VALUES (?)", [evil])
    assert store.rows("SELECT a FROM t WHERE a = ?", [evil]) == [(evil,)]
    store.close()


class _Watch(importlib.abc.MetaPathFinder):
    """Records the modules Python is asked to find (a failed import is looked up again
    every time)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        self.names.append(name)


def test_the_store_does_not_look_for_pandas_on_every_value(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "s.duckdb")
    store.execute("CREATE TABLE t (a VARCHAR, n INTEGER, ts TIMESTAMPTZ)")
    ids = [f"id{i}" for i in range(500)]
    watch = _Watch()
    sys.meta_path.insert(0, watch)
    try:
        store.execute("INSERT INTO t VALUES (?, ?, ?)", ["a", 1, datetime.now(UTC)])
        assert store.scalar("SELECT count(*) FROM t WHERE a IN (SELECT unnest(?))", [ids]) == 0
        assert store.query("SELECT n FROM t WHERE a = ?", ["a"]) == [{"n": 1}]
    finally:
        sys.meta_path.remove(watch)
        store.close()
    assert "pandas" not in watch.names
