"""Property-based fuzzing (hypothesis) of what reads untrusted input: format and
encoding sniffing, the CSV row splitter, date parsing. Bounded (100 derandomized examples each,
no deadline) so it runs in CI; a failure prints the smallest input that breaks it."""

from __future__ import annotations

import codecs
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rumeur.errors import ImportFileError
from rumeur.ingest import csvrows, decode, sniff
from rumeur.ingest.dates import parse_date

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
REF = datetime(2025, 10, 5, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.slow  # a few seconds per property

# text shaped like exports: delimiters, quotes, line ends, accents, stray bytes
_CSVISH = st.text(
    alphabet=st.sampled_from([*";,\t|\"'\r\n aé€’«»=+-@0123456789:/", "\x00", "\ufeff"]),
    max_size=300,
)
_ENCODINGS = st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig"])


def _file(data: bytes, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(suffix=suffix)
    with open(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".json", ".jsonl", ""]))
def test_sniffing_arbitrary_bytes_never_crashes(data: bytes, suffix: str) -> None:
    path = _file(data, suffix)
    try:
        kind = sniff.sniff(path)
        assert kind.format in sniff.FORMATS
        codecs.lookup("utf-8" if kind.encoding == decode.MIXED else kind.encoding)
        if kind.format == "csv":
            assert kind.delimiter in sniff.DELIMITERS
    except ImportFileError:
        pass  # an empty file is refused with a clear error
    finally:
        path.unlink()


@FUZZ
@given(data=st.binary(max_size=3000))
@example(data=codecs.BOM_UTF8)  # found by this test: a file holding only a BOM
def test_encoding_guess_and_clean_copy_never_crash(data: bytes) -> None:
    encoding = decode.guess_encoding(data)
    path = _file(data, ".csv")
    try:
        scan = decode.scan_file(path)
        clean = decode.to_clean_utf8(path, encoding)
        text = clean.path.read_bytes().decode("utf-8")  # always valid UTF-8
        assert "\r" not in text and (not text or text.endswith("\n"))
        assert clean.lines == text.count("\n")
        if scan.readable_as_is and encoding == "utf-8":
            assert clean.content_sha256 == scan.content_sha256
        clean.path.unlink()
    finally:
        path.unlink()


@FUZZ
@given(text=_CSVISH, encoding=_ENCODINGS, eol=st.sampled_from(["\n", "\r\n", "\r\r\n", "\r"]))
def test_same_text_same_content_digest_whatever_the_bytes(
    text: str, encoding: str, eol: str
) -> None:
    """A copy re-encoded or with other line ends is the same content."""
    text = text.replace("\r", "").replace("\ufeff", "").replace("\x00", "")
    if encoding in ("cp1252", "latin-1"):
        text = text.encode(encoding, errors="ignore").decode(encoding)
    reference = _file(text.encode("utf-8"), ".csv")
    other = _file(text.replace("\n", eol).encode(encoding), ".csv")
    try:
        a = decode.to_clean_utf8(reference, "utf-8")
        b = decode.to_clean_utf8(other, decode.guess_encoding(other.read_bytes()))
        a.path.unlink()
        b.path.unlink()
        if (b.repaired_lines == 0 and text.isascii()) or encoding in ("utf-8", "utf-8-sig"):
            assert a.content_sha256 == b.content_sha256
    finally:
        reference.unlink()
        other.unlink()


@FUZZ
@given(text=_CSVISH, delimiter=st.sampled_from(sniff.DELIMITERS))
def test_row_splitter_keeps_or_sets_aside_every_line(text: str, delimiter: str) -> None:
    """Every row is written or set aside with a reason; good rows have the header's width."""
    text = text.replace("\x00", "")
    path = _file(("a" + delimiter + "b\n" + text).encode("utf-8"), ".csv")
    try:
        split = csvrows.split_rows(path, delimiter)
        import csv

        with split.path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        split.path.unlink()
        assert rows[0][1:] == split.headers and len(rows) == split.rows + 1
        assert all(len(r) == len(rows[0]) for r in rows)
        assert all(b.reason.startswith(csvrows.READ_REASON) and b.line > 1 for b in split.bad)
    finally:
        path.unlink()


@FUZZ
@given(value=st.text(max_size=80))
def test_date_parsing_never_crashes(value: str) -> None:
    got = parse_date(value, timezone="Europe/Paris", reference=REF)
    assert got is None or got.tzinfo is not None


_WORDY = st.sampled_from(
    ["il y a", "Publié le", "Actualisé le", "hier à", "avant-hier", "le", "Mis à jour le",
     "heures", "jours", "ans", "févr.", "mars", "1er", "à", "h", ":", "(modifié)", "ago"]
)  # fmt: skip


@FUZZ
@given(parts=st.lists(st.one_of(_WORDY, st.integers(-5, 10**12).map(str)), max_size=6))
def test_date_parsing_of_word_salad_never_crashes(parts: list[str]) -> None:
    got = parse_date(" ".join(parts), timezone="Europe/Paris", reference=REF)
    assert got is None or got.tzinfo is not None


_MONTHS_FR = ["janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.",
              "oct.", "nov.", "déc."]  # fmt: skip


@FUZZ
@given(
    when=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 10, 4)),
    prefix=st.sampled_from(
        ["", "Publié le ", "Actualisé le ", "Mis à jour le ", "Posté le ", "Modifié le ", "le "]
    ),
)
def test_french_dates_with_prefixes_read_right(when: datetime, prefix: str) -> None:
    when = when.replace(second=0, microsecond=0)
    month = _MONTHS_FR[when.month - 1]
    text = f"{prefix}{when.day} {month} {when.year} à {when.hour}h{when.minute:02d}"
    got = parse_date(text, timezone="UTC", reference=REF)
    assert got == when.replace(tzinfo=UTC), text


@FUZZ
@given(hours=st.integers(1, 23))
def test_relative_hours_against_the_reference(hours: int) -> None:
    got = parse_date(f"Il y a {hours} heures", timezone="Europe/Paris", reference=REF)
    assert got == REF - timedelta(hours=hours)


# -- JSON records: Mastodon statuses, Bluesky posts, anything else ---------------------
_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
_JSON = st.recursive(
    _SCALAR,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_MASTODON = st.fixed_dictionaries(
    {"id": _JSON, "content": _JSON, "account": _JSON},
    optional={k: _JSON for k in ("created_at", "url", "reblog", "language", "spoiler_text",
                                 "favourites_count", "in_reply_to_id")},
)  # fmt: skip
_BLUESKY = st.fixed_dictionaries(
    {"uri": st.text(max_size=20).map(lambda s: "at://" + s), "record": _JSON},
    optional={k: _JSON for k in ("author", "likeCount", "repostCount", "indexedAt")},
)
_RECORD = st.one_of(_MASTODON, _BLUESKY, st.dictionaries(st.text(max_size=10), _JSON, max_size=6))


def _records_in(value: object) -> list[object]:
    """The records a JSON line holds: itself, or the records of an array's items."""
    if isinstance(value, list):
        return [r for item in value for r in _records_in(item)]
    return [value]


@FUZZ
@given(records=st.lists(st.one_of(_RECORD, _JSON), min_size=1, max_size=5))
def test_json_records_never_crash_the_normalisers(records: list[object]) -> None:
    """Every record read from a JSON file is a staging row or a row with a problem
    (quarantined); a record of a known shape with wrong types never fails the file."""
    import json

    from rumeur.ingest import formats, stage

    lines = "".join(json.dumps(r) + "\n" for r in records)
    path = _file(lines.encode(), ".jsonl")
    try:
        kind = sniff.FileKind("jsonl", "utf-8")
        try:
            rows = list(stage.json_rows(path, kind, {}, None))
        except ImportFileError:
            return  # generic records with no text or date column: a clear error
        # JSON arrays are containers of records (flattened); an empty one holds no
        # record, so there is nothing to keep or to lose
        if any(_records_in(r) for r in records):
            assert len(rows) >= 1
        for row in rows:
            assert all(v is None or isinstance(v, (str, int)) for v in row.values())
            if row["problem"] is None:
                assert set(formats.STAGE_COLUMNS) <= row.keys()
    finally:
        path.unlink()
