"""What kind of file is this: format, text encoding, CSV delimiter.

French exports come as UTF-8 (often with a BOM, from Excel), or as Windows-1252 /
Latin-1 from older tools, or a mix of both. The encoding is judged on the first
megabytes, French first (:func:`rumeur.ingest.decode.guess_encoding`); the whole file is
checked while it is hashed (:func:`rumeur.ingest.decode.scan_file`), and anything
DuckDB cannot read as it is goes through a clean UTF-8 copy
(:func:`rumeur.ingest.decode.to_clean_utf8`).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from rumeur.errors import ImportFileError
from rumeur.ingest import decode
from rumeur.messages import Text

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
    """(encoding, has UTF-8 BOM) of a text file, from its first megabytes, French first
    (see :func:`rumeur.ingest.decode.guess_encoding`)."""
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8", True
    return decode.guess_encoding(sample), False


def detect_delimiter(path: Path, encoding: str) -> str:
    """The CSV delimiter among , ; tab |, judged on the first lines."""
    enc = "utf-8" if encoding == decode.MIXED else encoding
    with path.open("r", encoding=enc, errors="replace", newline="") as fh:
        sample = fh.read(64 * 1024)
    sample = decode.normalise_line_ends(sample.lstrip("\ufeff"))
    if not sample.strip():
        raise ImportFileError(Text(f"{path} : le fichier est vide", f"{path}: the file is empty"))
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
        raise ImportFileError(Text(f"{path} : fichier introuvable", f"{path}: no such file"))
    fmt = detect_format(path)
    if fmt == "parquet":
        return FileKind("parquet")
    encoding, bom = detect_encoding(path)
    delimiter = detect_delimiter(path, encoding) if fmt == "csv" else None
    return FileKind(fmt, encoding, bom, delimiter)


def read_text_lines(path: Path, encoding: str) -> io.TextIOWrapper:
    """Open a text file for line-by-line reading, BOM skipped; in a UTF-8 file, bytes
    UTF-8 cannot read are read as Windows-1252; other bad bytes are marked U+FFFD."""
    enc, errors = decode.read_text_lines_encoding(encoding)
    return path.open("r", encoding=enc, errors=errors, newline="")
