"""CSV files Rumeur writes for people to open in a spreadsheet: no formula injection.

A cell of text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is taken by Excel, LibreOffice or Google Sheets as a formula (``=HYPERLINK(...)``,
``+cmd|' /C calc'!A0``, ``@SUM(...)``): data from the public must never run there. As
OWASP recommends (CSV Injection), such a cell is written with a leading single quote,
and every cell is quoted by the CSV writer when it holds a quote, a delimiter or a line
end. Numbers are written as numbers (a negative number is not a formula's text).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

#: first characters that make a spreadsheet read a cell as a formula (with the
#: full-width forms some spreadsheets fold to them)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """``value`` safe to put in a CSV cell: text that a spreadsheet would read as a
    formula gets a leading ``'``; anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_rows(
    out: TextIO,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    delimiter: str = ",",
) -> int:
    """Write a header and ``rows`` (their ``columns`` only) as CSV, every text cell
    neutralised; the number of rows written."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    n = 0
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
        n += 1
    return n
