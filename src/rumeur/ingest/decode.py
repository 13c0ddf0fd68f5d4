"""Bytes to clean text: the file's identity, its encoding, its line ends.

French exports come as UTF-8 (often with a BOM, from Excel), as Windows-1252 / Latin-1
from older tools, and sometimes as both at once (rows appended by another tool, a file
hand-edited in another editor). Line ends come as ``\\n``, ``\\r\\n``, old Mac ``\\r``,
or ``\\r\\r\\n`` (a CR LF file whose ends were converted once more).

- :func:`scan_file` reads a file once: its SHA-256 (which file it is: the raw archive),
  its *content digest* (what it says: BOM and line ends left out, so a copy saved with
  other line ends or re-encoded has the same one), its lines, and whether DuckDB can read
  it as it is (valid UTF-8 throughout, no lone CR). DuckDB must never see invalid UTF-8:
  its CSV reader fails with an internal error that invalidates the connection.
- :func:`guess_encoding` picks a code page, French first: UTF-8, else Windows-1252 unless
  the evidence for another code page is strong (small French files are not Baltic).
- :func:`to_clean_utf8` writes the UTF-8, ``\\n``-ended copy DuckDB reads otherwise: a
  file mixing UTF-8 and Windows-1252 is decoded piece by piece (each invalid UTF-8 byte
  is read as Windows-1252), and the lines so repaired are counted.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SCAN_CHUNK = 1 << 20  # read size of scan_file
#: UTF-8 whose invalid bytes are read as Windows-1252 (see :func:`_cp1252_fallback`)
MIXED = "utf-8+cp1252"
#: a line end: CRs before an LF are one end (CR LF, CR CR LF); a CR alone is one (old Mac)
_EOL = re.compile(r"\r*\n|\r(?!\r*\n)")
_FALLBACK = "rumeur-cp1252"
#: valid UTF-8 multi-byte sequences (in a file that is not UTF-8 throughout: a mix)
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: non-ASCII characters of French (and Western European) text in Windows-1252
_WESTERN = set("’‘“”«»€…–—•°²³·§µ¼½¾×÷¡¿ŒœŠšŽžŸ\u00a0\u202f") | {chr(c) for c in range(0xC0, 0x100)}


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: the bytes UTF-8 cannot read, read as Windows-1252 (its
    five unassigned bytes become U+FFFD, so such a row is quarantined)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return chunk.decode("cp1252", errors="replace"), exc.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


@dataclass(frozen=True, slots=True)
class Scan:
    """What one pass over a file's bytes found."""

    sha256: str  # of the bytes: which file
    content_sha256: str  # of the text (no BOM, \n line ends): what it says (UTF-8 only)
    lines: int | None  # physical lines (None if lone CRs end some)
    utf8: bool  # valid UTF-8 throughout
    lone_cr: bool  # a CR not followed by LF (old Mac ends, \r\r\n)

    @property
    def readable_as_is(self) -> bool:
        """DuckDB may read the file itself (no copy)."""
        return self.utf8 and not self.lone_cr


def scan_file(path: Path) -> Scan:
    """Hash, count and check a file in one pass (see :class:`Scan`).

    The content digest is the byte digest itself until a BOM or a CR turns up (a copy
    of the digest so far then goes on without them): a plain LF-ended file is hashed
    once."""
    h = hashlib.sha256()
    content: Any = None  # hashlib's object, once the content differs from the bytes
    newlines = crs = crlfs = 0
    last = tail = b""  # the last byte read; the last byte of the content
    utf8 = True
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    with path.open("rb") as fh:
        while chunk := fh.read(SCAN_CHUNK):
            body = chunk
            if first and chunk.startswith(codecs.BOM_UTF8):
                body = chunk[3:]
            if b"\r" in chunk:
                crs += chunk.count(b"\r")
                crlfs += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
                body = body.replace(b"\r", b"")
            if content is None and body is not chunk:
                content = h.copy()  # the bytes so far had neither BOM nor CR
            first = False
            h.update(chunk)
            if content is not None:
                content.update(body)
            tail = body[-1:] or tail
            # numpy compares the bytes twice as fast as bytes.count scans them
            newlines += int(np.count_nonzero(np.frombuffer(chunk, np.uint8) == 10))
            if utf8 and not chunk.isascii():
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            last = chunk[-1:]
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    lines = newlines + (last not in (b"", b"\n"))
    if content is None:
        content = h.copy()
    if tail not in (b"", b"\n"):
        content.update(b"\n")
    lone_cr = crs != crlfs
    return Scan(h.hexdigest(), content.hexdigest(), None if lone_cr else lines, utf8, lone_cr)


def _western_share(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that French text in Windows-1252
    would hold (accented Latin letters, French quotes, euro...), and of the letters that
    are not accented (French accents one letter in ten or so, not every letter)."""
    extra = [c for c in text if ord(c) > 127]
    if not extra:
        return 1.0
    western = sum(c in _WESTERN for c in extra) / len(extra)
    letters = sum(c.isalpha() for c in text)
    plain = 1 - len(extra) / letters if letters else 0.0
    return min(western, plain * 2)


def guess_encoding(sample: bytes) -> str:
    """The encoding of a file from its first bytes, French first.

    UTF-8 when they decode as UTF-8 (a character cut at the end of the sample is not an
    error); :data:`MIXED` when they hold both valid UTF-8 sequences and bytes UTF-8
    cannot read; else Windows-1252 when that reads as French or Western text, and only
    otherwise what :mod:`charset_normalizer` names (e.g. Cyrillic windows-1251).
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQ.search(sample):
        return MIXED
    as_1252 = sample.decode("cp1252", errors="replace")
    if _western_share(as_1252) >= 0.8:
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:200_000]).best()
    if best is None:
        return "cp1252"
    encoding = best.encoding.lower().replace("_", "-")
    if encoding in ("ascii", "utf-8", "latin-1", "iso-8859-1", "iso8859-1", "cp1252"):
        return "cp1252"  # windows-1252 is latin-1 plus ’ « » € for printable text
    try:
        other = sample.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return "cp1252"
    # strong evidence only: the other page reads as letters where cp1252 reads as noise
    letters = sum(c.isalpha() for c in other if ord(c) > 127)
    extra = sum(ord(c) > 127 for c in other) or 1
    return encoding if letters / extra >= 0.9 else "cp1252"


@dataclass(frozen=True, slots=True)
class Clean:
    """A UTF-8, ``\\n``-ended copy of a text file (delete ``path`` when done)."""

    path: Path
    content_sha256: str  # same definition as Scan.content_sha256
    lines: int
    repaired_lines: int  # lines of a UTF-8 file where bytes were read as Windows-1252


def to_clean_utf8(path: Path, encoding: str) -> Clean:
    """Write a UTF-8 copy of ``path`` with ``\\n`` line ends and no BOM, in constant memory.

    ``encoding`` is a code page, or ``"utf-8"``/:data:`MIXED`: UTF-8 whose invalid bytes
    are read as Windows-1252, line by line (counted in ``repaired_lines``). Bytes that no
    code page can read become U+FFFD (their row is quarantined as broken encoding).
    """
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="rumeur-")
    digest = hashlib.sha256()
    lines = repaired = 0
    last = "\n"
    try:
        with os.fdopen(fd, "wb") as out:
            for text, was_repaired in _decoded_lines(path, encoding):
                repaired += was_repaired
                if "\r" in text:
                    text = _EOL.sub("\n", text)
                if not text:
                    continue
                data = text.encode("utf-8")
                out.write(data)
                digest.update(data)
                lines += text.count("\n")
                last = text[-1]
            if last != "\n":
                out.write(b"\n")
                digest.update(b"\n")
                lines += 1
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Clean(Path(name), digest.hexdigest(), lines, repaired)


def _decoded_lines(path: Path, encoding: str) -> Iterator[tuple[str, int]]:
    """(text, 1 if repaired else 0) per physical line of ``path``, BOM left out."""
    if encoding.startswith(("utf-16", "utf-32")):
        with path.open("rb") as probe:
            head = probe.read(4)
        if encoding in ("utf-16", "utf-32") and not head.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        ):
            encoding += "-le"  # no byte-order mark: the usual order (Windows)
        with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
            for text in fh:
                yield text, 0
        return
    utf8 = encoding in ("utf-8", "utf-8-sig", MIXED)
    with path.open("rb") as fh:
        first = True
        for raw in fh:
            if first:
                first = False
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
            if not utf8:
                yield raw.decode(encoding, errors="replace"), 0
                continue
            try:
                yield raw.decode("utf-8"), 0
            except UnicodeDecodeError:
                yield raw.decode("utf-8", errors=_FALLBACK), 1


def normalise_line_ends(text: str) -> str:
    """Every line end (LF, CR LF, CR CR LF, CR) as LF."""
    return _EOL.sub("\n", text) if "\r" in text else text


def content_sha256_of_text(path: Path, encoding: str) -> str:
    """The content digest (see :class:`Scan`) of a file read as ``encoding``."""
    digest = hashlib.sha256()
    last = "\n"
    for text, _ in _decoded_lines(path, encoding):
        if "\r" in text:
            text = _EOL.sub("\n", text)
        if text:
            digest.update(text.encode("utf-8"))
            last = text[-1]
    if last != "\n":
        digest.update(b"\n")
    return digest.hexdigest()


def read_text_lines_encoding(encoding: str) -> tuple[str, str]:
    """(encoding, errors) to open a text file of ``encoding`` for reading in Python."""
    if encoding in ("utf-8", MIXED):
        return "utf-8-sig", _FALLBACK
    return encoding, "replace"
