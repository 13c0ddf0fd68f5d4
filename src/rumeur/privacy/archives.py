"""Rewriting archived files so that a person can be erased from them.

Imported CSV and Parquet files are archived whole beside the store (``<store>.raw/``,
see :meth:`rumeur.ingest.pipeline.Ingestor._keep_file`). To erase someone, the archive
is rewritten without their rows, and with every other cell *scrubbed* (their handle or
name where someone else quotes them): same format, encoding (BOM included), delimiter
and line ends; the new file replaces the old one atomically. ``raw_files.edited_at``
records that the archive is no longer byte for byte what was received; its
``file_sha256`` stays the original's, so importing the original file again is still
recognised as already archived (and adds nothing: see :mod:`rumeur.privacy.guard`).

Older stores (and in-memory ones) keep the bytes in ``raw_files.data`` chunks: the same
rewrite runs over them.
"""

from __future__ import annotations

import csv
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rumeur.ingest import sniff

#: a row (its cells as text) -> True to drop it
DropRow = Callable[[list[str]], bool]
#: a cell -> the cell with what must go replaced
Scrub = Callable[[str], str]

_CHUNK = 8 * 1024 * 1024


@dataclass(slots=True)
class Rewrite:
    """What a rewrite did to one archive."""

    rows_dropped: int = 0
    cells_scrubbed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.rows_dropped or self.cells_scrubbed)


def rewrite_file(path: Path, drop: DropRow, scrub: Scrub) -> Rewrite:
    """Rewrite the archived CSV or Parquet file at ``path`` in place (atomically);
    the file is left untouched when nothing in it matches."""
    fmt = sniff.detect_format(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if fmt == "parquet":
            result = _rewrite_parquet(path, tmp, drop, scrub)
        else:
            result = _rewrite_csv(path, tmp, drop, scrub)
        if result.changed:
            os.replace(tmp, path)
        return result
    finally:
        tmp.unlink(missing_ok=True)


def rewrite_chunks(
    chunks: Iterable[bytes], name: str, drop: DropRow, scrub: Scrub
) -> tuple[Rewrite, list[bytes]]:
    """The same rewrite for a file kept as ``raw_files.data`` chunks: the new chunks."""
    with tempfile.TemporaryDirectory(prefix="rumeur-erase-") as folder:
        path = Path(folder) / (Path(name).name or "archive.csv")
        with path.open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        result = rewrite_file(path, drop, scrub)
        data = path.read_bytes()
    return result, [data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [b""]


def _line_end(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    return "\r\n" if b"\r\n" in head else "\n"


def _rewrite_csv(path: Path, tmp: Path, drop: DropRow, scrub: Scrub) -> Rewrite:
    kind = sniff.sniff(path)
    enc = "utf-8-sig" if kind.bom else kind.encoding
    out = Rewrite()
    # surrogateescape: a byte the encoding cannot read goes back out unchanged
    with (
        path.open("r", encoding=enc, errors="surrogateescape", newline="") as src,
        tmp.open("w", encoding=enc, errors="surrogateescape", newline="") as dst,
    ):
        reader = csv.reader(src, delimiter=kind.delimiter or ",", quotechar='"', strict=False)
        writer = csv.writer(
            dst, delimiter=kind.delimiter or ",", quotechar='"', lineterminator=_line_end(path)
        )
        for i, row in enumerate(reader):
            if i and drop(row):
                out.rows_dropped += 1
                continue
            new = [scrub(c) for c in row]
            out.cells_scrubbed += sum(a != b for a, b in zip(row, new, strict=True))
            writer.writerow(new)
    return out


def _rewrite_parquet(path: Path, tmp: Path, drop: DropRow, scrub: Scrub) -> Rewrite:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    out = Rewrite()
    kept: list[dict[str, Any]] = []
    for row in table.to_pylist():
        cells = ["" if v is None else str(v) for v in row.values()]
        if drop(cells):
            out.rows_dropped += 1
            continue
        new_row = {}
        for k, v in row.items():
            if isinstance(v, str):
                s = scrub(v)
                out.cells_scrubbed += s != v
                v = s
            new_row[k] = v
        kept.append(new_row)
    if out.changed:
        pq.write_table(pa.Table.from_pylist(kept, schema=table.schema), tmp)
    return out


__all__ = ["DropRow", "Rewrite", "Scrub", "rewrite_chunks", "rewrite_file"]
