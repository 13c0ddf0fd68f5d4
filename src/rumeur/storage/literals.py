"""Query parameters written into the SQL as literals, before DuckDB sees them.

Why: DuckDB's Python client (1.4-1.5) converts every parameter value through its
import cache, which checks each value against pandas' ``NA``/``NaT``. When pandas is
not installed (Rumeur does not need it) the cache records only *successful* imports
(``LazyLoadModule`` retries while ``LoadSucceeded()`` is false), so every value of every
parameterised query searches ``sys.path`` for pandas again, twice: ~0.3 ms per value
on this machine, ~1 s for a list of 5,000 ids handed to ``unnest(?)``. A prepared
statement also costs a second bind. Written as literals, the same values cost nothing
of the sort, and the planner sees constants.

:func:`inline` turns ``(sql, params)`` into SQL whose ``?`` placeholders are replaced by
literals of the *same DuckDB type* the client would give the value (checked in
``tests/storage/test_literals.py``):

========================  ==========================================
Python                    literal
========================  ==========================================
None                      ``NULL``
bool                      ``true`` / ``false``
int (64-bit)              ``42`` (INTEGER or BIGINT, as the client)
float                     ``CAST('1.5' AS DOUBLE)`` (nan, inf too)
str (no NUL character)    ``'it''s'`` (an untyped string literal)
datetime with a zone      ``TIMESTAMPTZ '2026-12-06T11:30:00+00:00'``
datetime without one      ``TIMESTAMP '2026-12-06T11:30:00'``
date                      ``DATE '2026-12-06'``
list/tuple of the above   ``['a', 'b']`` (one element type; ``[]``)
========================  ==========================================

Any other value (bytes, Decimal, dict, UUID...), named or numbered parameters, or a
placeholder count that does not match, and the query goes to DuckDB unchanged, with
its parameters: nothing is ever guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

#: what can hold a ``?`` that is not a placeholder: strings (plain, E'' escapes,
#: dollar-quoted), quoted identifiers, comments; then a placeholder, and the forms of
#: placeholder we do not rewrite ($1, $name, ?1)
_TOKENS = re.compile(
    r"""(?P<skip>\b[eE]'(?:[^'\\]|\\.|'')*'
          |'(?:[^']|'')*'
          |"(?:[^"]|"")*"
          |--[^\n]*
          |/\*.*?\*/
          |\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$)
      |(?P<numbered>[?$]\d+|\$[A-Za-z_]\w*)
      |(?P<param>\?)""",
    re.S | re.X,
)
#: the longest SQL text we write literals into (a larger query keeps its parameters)
_MAX_LITERALS = 4_000_000
_INT64 = (-(2**63), 2**63 - 1)


class _NotInlinable(Exception):
    """A value (or a query) the client must bind itself."""


@lru_cache(maxsize=512)
def _pieces(sql: str) -> tuple[str, ...] | None:
    """``sql`` cut at its ``?`` placeholders (n placeholders: n + 1 pieces); None when
    it holds numbered or named parameters."""
    pieces, start = [], 0
    for m in _TOKENS.finditer(sql):
        if m.group("numbered"):
            return None
        if m.group("param"):
            pieces.append(sql[start : m.start()])
            start = m.end()
    pieces.append(sql[start:])
    return tuple(pieces)


def literal(value: Any) -> str:
    """``value`` as a DuckDB literal of the type the Python client would bind it as
    (raises :class:`_NotInlinable` for a value it cannot write)."""
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "true" if value else "false"
    kind = type(value)
    if kind is int:
        if not _INT64[0] <= value <= _INT64[1]:
            raise _NotInlinable
        return str(value)
    if kind is float:
        return f"CAST('{value!r}' AS DOUBLE)"  # repr: every digit; 'nan', 'inf' too
    if kind is str:
        if "\x00" in value:
            raise _NotInlinable
        return "'" + value.replace("'", "''") + "'"
    if kind is datetime:
        if value.tzinfo is not None and value.utcoffset() is not None:
            return f"TIMESTAMPTZ '{value.isoformat()}'"
        if value.tzinfo is not None:
            raise _NotInlinable
        return f"TIMESTAMP '{value.isoformat()}'"
    if kind is date:
        return f"DATE '{value.isoformat()}'"
    if kind is list or kind is tuple:
        return _list_literal(value)
    raise _NotInlinable


def _list_literal(values: Sequence[Any]) -> str:
    """A list literal, when its elements share one type (None aside), as the client's
    list type would be (``['a', NULL]`` is VARCHAR[] both ways)."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) > 1 or (kinds and next(iter(kinds)) in (list, tuple)):
        raise _NotInlinable  # mixed (the client picks a common type) or nested
    if kinds == {datetime}:
        zoned = {v.tzinfo is not None for v in values if v is not None}
        if len(zoned) > 1:
            raise _NotInlinable
    return "[" + ", ".join(literal(v) for v in values) + "]"


def inline(sql: str, params: Sequence[Any] | None) -> tuple[str, Sequence[Any] | None]:
    """``(sql, params)`` with the parameters written into the SQL when they all can be
    (then the parameters are None), else unchanged."""
    if params is None:
        return sql, None
    if not isinstance(params, (list, tuple)):
        return sql, params  # named parameters (a dict): DuckDB binds them
    pieces = _pieces(sql)
    if pieces is None or len(pieces) != len(params) + 1:
        return sql, params  # let DuckDB say what is wrong
    if not params:
        return sql, None
    try:
        lits = [literal(v) for v in params]
    except _NotInlinable:
        return sql, params
    if sum(map(len, lits)) > _MAX_LITERALS:
        return sql, params
    out = [pieces[0]]
    for lit_, piece in zip(lits, pieces[1:], strict=True):
        out += (lit_, piece)
    return "".join(out), None


__all__ = ["inline", "literal"]
