"""A CSV file read row by row, when DuckDB's reader gives up on it.

DuckDB reads a well-formed CSV in parallel, fast; one unterminated quote or one 50 MB
cell makes it fail the whole file. Then :func:`split_rows` reads the (clean UTF-8) file
with Python's CSV parser, strictly, and keeps what can be kept:

- a row that cannot be parsed (a quote never closed, text after a closing quote, a
  cell over :data:`MAX_FIELD` characters) is set aside with its first line only, and
  reading starts again on the next line: the rows after it are not lost;
- a row with more or fewer cells than the header is set aside whole (extra cells that
  are all empty, a trailing delimiter, are dropped first: nothing is lost);
- the good rows are written to a new CSV, each with the line it started on, for DuckDB.

Every row set aside comes back with its line, a reason and its text (cut at
:data:`MAX_PAYLOAD` characters: the whole file is archived as received).
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rumeur.ingest.reasons import stored

MAX_FIELD = 1_000_000  # characters in one cell (a mention is not a book)
MAX_ROW = 4_000_000  # characters in one row
MAX_PAYLOAD = 65_536  # characters of a bad row kept in quarantine
LINE_COLUMN = "__rumeur_line"
READ_REASON = "unreadable CSV row"


@dataclass(slots=True)
class BadRow:
    line: int
    reason: str
    payload: str


@dataclass(slots=True)
class Split:
    """What :func:`split_rows` wrote and set aside."""

    path: Path  # the good rows, comma-separated, with LINE_COLUMN first
    headers: list[str]
    rows: int = 0
    bad: list[BadRow] = field(default_factory=list)


class _Lines:
    """The physical lines of a file, numbered, with a way to read some of them again."""

    def __init__(self, fh: TextIO) -> None:
        self._fh = fh
        self._pending: deque[tuple[int, str]] = deque()
        self._next_no = 1
        self.taken: list[tuple[int, str]] = []  # lines handed out since mark()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._pending:
            item = self._pending.popleft()
        else:
            text = self._fh.readline()
            if not text:
                raise StopIteration
            item = (self._next_no, text)
            self._next_no += 1
        self.taken.append(item)
        return item[1]

    def mark(self) -> None:
        self.taken = []

    def again(self, items: list[tuple[int, str]]) -> None:
        """Hand ``items`` out again before any new line."""
        self._pending.extendleft(reversed(items))


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _cut(text: str) -> str:
    if len(text) <= MAX_PAYLOAD:
        return text
    return text[:MAX_PAYLOAD] + f"… [{len(text) - MAX_PAYLOAD:,} more characters]"


def split_rows(path: Path, delimiter: str, *, encoding: str = "utf-8-sig") -> Split:
    """Read the CSV at ``path`` row by row (see the module's docstring)."""
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="rumeur-rows-")
    try:
        with (
            _field_limit(MAX_FIELD),
            path.open("r", encoding=encoding, newline="") as fh,
            os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
        ):
            return _split(fh, out, Path(name), delimiter)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _split(fh: TextIO, out: TextIO, out_path: Path, delimiter: str) -> Split:
    lines = _Lines(fh)
    writer = csv.writer(out, lineterminator="\n")

    def reader() -> Iterator[list[str]]:
        return csv.reader(lines, delimiter=delimiter, quotechar='"', strict=True)

    rows = reader()
    headers = next(rows, None) or []
    headers = [h.strip() for h in headers]
    writer.writerow([LINE_COLUMN, *headers])
    split = Split(out_path, headers)
    width = len(headers)
    while True:
        lines.mark()
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            # keep the row's first line only; read the others again as rows
            first, *rest = lines.taken or [(0, "")]
            why = str(exc)
            if "field larger" in why:
                why = stored("csv_long_cell", limit=f"{MAX_FIELD:,}")
            elif "unexpected end of data" in why or "EOF" in why:
                why = stored("csv_open_quote")
            else:
                why = stored("csv_reader", problem=why)
            split.bad.append(BadRow(first[0], why, _cut(first[1])))
            lines.again(rest)
            rows = reader()
            continue
        taken = lines.taken
        if not row or (len(row) == 1 and not row[0].strip() and width > 1):
            continue  # a blank line
        start = taken[0][0] if taken else 0
        while len(row) > width and not row[-1].strip():
            row.pop()  # a trailing delimiter: an empty extra cell holds nothing
        problem = None
        if len(row) != width:
            problem = stored(
                "csv_too_many_cells" if len(row) > width else "csv_missing_cells",
                cells=len(row), width=width,
            )  # fmt: skip
        elif sum(len(c) for c in row) > MAX_ROW:
            problem = stored("csv_long_row", limit=f"{MAX_ROW:,}")
        if problem is None:
            writer.writerow([start, *row])
            split.rows += 1
            continue
        if len(taken) > 1:
            # a row over several lines with the wrong shape: a quote out of place; set
            # aside its first line and read the next lines as rows of their own
            split.bad.append(BadRow(start, problem, _cut(taken[0][1])))
            lines.again(taken[1:])
            rows = reader()
        else:
            split.bad.append(BadRow(start, problem, _cut(taken[0][1])))
    return split
