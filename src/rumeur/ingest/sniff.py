"""What kind of file is this: format, text encoding, CSV delimiter.

French exports come as UTF-8 (often with a BOM, from Excel), or as Windows-1252 /
Latin-1 from older tools. A file is UTF-8 when its first megabytes decode as UTF-8
(a few bad bytes further on are quarantined row by row, not blamed on the file);
otherwise :mod:`charset_normalizer` names the encoding, and the file is transcoded to
UTF-8 on the fly (streamed: constant memory) before DuckDB reads it.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rumeur.errors import ImportFileError

_SAMPLE = 4 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
FORMATS = ("csv", "jsonl", "json", "parquet")


@dataclass(frozen=True, slots=True)
class FileKind:
    format: str  # csv | jsonl | json | parquet
    encoding: str = "utf-8"
    bom: bool = False
    delimiter: str | None = None


def detect_format(path: Path) -> str:
    """The file's format, from its extension, else from its first bytes."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"PAR1"):
        return "parquet"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0].rstrip()
        return "jsonl" if first.endswith(b"}") else "json"
    if suffix == ".json":
        return "json"
    return "csv"


def detect_encoding(path: Path) -> tuple[str, bool]:
    """(encoding, has UTF-8 BOM) of a text file."""
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    bom = sample.startswith(codecs.BOM_UTF8)
    if bom:
        return "utf-8", True
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", False
    try:
        # a multi-byte character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8", False
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:200_000]).best()
    encoding = (best.encoding if best else "cp1252").lower().replace("_", "-")
    if encoding in ("ascii", "utf-8", "latin-1", "iso-8859-1", "iso8859-1"):
        # windows-1252 is a superset of latin-1 for printable text (’ « » €)
        encoding = "cp1252"
    return encoding, False


def detect_delimiter(path: Path, encoding: str) -> str:
    """The CSV delimiter among , ; tab |, judged on the first lines."""
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(64 * 1024)
    sample = sample.lstrip("\ufeff")
    if not sample.strip():
        raise ImportFileError(f"{path}: the file is empty")
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        header = sample.splitlines()[0]
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def sniff(path: Path) -> FileKind:
    """Format, encoding and (for CSV) delimiter of ``path``."""
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    fmt = detect_format(path)
    if fmt == "parquet":
        return FileKind("parquet")
    encoding, bom = detect_encoding(path)
    delimiter = detect_delimiter(path, encoding) if fmt == "csv" else None
    return FileKind(fmt, encoding, bom, delimiter)


def transcode_to_utf8(path: Path, encoding: str) -> Path:
    """A temporary UTF-8 copy of ``path`` (caller deletes it), streamed in chunks."""
    fd, name = tempfile.mkstemp(suffix=path.suffix, prefix="rumeur-")
    with (
        path.open("r", encoding=encoding, errors="replace", newline="") as src,
        open(fd, "w", encoding="utf-8", newline="") as dst,
    ):
        shutil.copyfileobj(src, dst, length=1024 * 1024)
    return Path(name)


def read_text_lines(path: Path, encoding: str) -> io.TextIOWrapper:
    """Open a text file for line-by-line reading, BOM skipped, bad bytes marked U+FFFD."""
    enc = "utf-8-sig" if encoding == "utf-8" else encoding
    return path.open("r", encoding=enc, errors="replace", newline="")
