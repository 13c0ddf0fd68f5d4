"""Dates as exports write them, French conventions first.

Most rows carry ISO 8601 or ``dd/mm/yyyy hh:mm`` dates: those are parsed inside DuckDB
(:func:`sql_parse_date`), fast. What is left goes through :func:`parse_date` in Python:
French month names (``18 juil. 2025``, ``3 mars 2024 à 14h05``), relative dates
(``Il y a 15 heures``, ``hier à 18:02``, ``2 hours ago``) resolved against a reference
time (the export time, else the file's modification time), and Unix timestamps.
Naive dates are read in the project's time zone; everything is returned in UTC.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aou": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip

_UNITS = {
    "seconde": "seconds", "sec": "seconds", "s": "seconds", "second": "seconds",
    "minute": "minutes", "min": "minutes", "mn": "minutes",
    "heure": "hours", "h": "hours", "hour": "hours", "hr": "hours",
    "jour": "days", "j": "days", "day": "days", "d": "days",
    "semaine": "weeks", "sem": "weeks", "week": "weeks", "w": "weeks",
    "mois": "months", "month": "months",
    "an": "years", "annee": "years", "year": "years", "y": "years",
}  # fmt: skip

_WORD_NUMBERS = {
    "un": 1,
    "une": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "deux": 2,
    "two": 2,
    "trois": 3,
    "three": 3,
    "quelques": 3,
    "few": 3,
}

_REL = re.compile(
    r"^(?:il y a|ago|posted|publie|\s)*\s*(?P<n>\d+|un|une|a|an|one|deux|two|trois|three|"
    r"quelques|few)\s*(?P<unit>[a-z]+?)s?\.?\s*(?:ago)?$"
)
_DAY_MONTH = re.compile(
    r"^(?:le\s+)?(?:(?:lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?\s+)?(?P<d>\d{1,2})(?:er)?\s+"
    r"(?P<m>[a-z]+)\.?,?\s*(?P<y>\d{4})?"
    r"(?:\s*(?:a|,|-)?\s*(?P<H>\d{1,2})\s*[h:]\s*(?P<M>\d{2})?(?::\d{2})?)?$"
)
_MONTH_DAY = re.compile(
    r"^(?P<m>[a-z]+)\.?\s+(?P<d>\d{1,2}),?\s*(?P<y>\d{4})?"
    r"(?:\s*(?:at|,)?\s*(?P<H>\d{1,2}):(?P<M>\d{2})\s*(?P<ampm>am|pm)?)?$"
)
_MONTH_YEAR = re.compile(r"^(?P<m>[a-z]+)\.?\s+(?P<y>\d{4})$")  # "membre depuis mars 2019"
_DAY_WORD = re.compile(
    r"^(?P<w>aujourd'hui|aujourdhui|hier|avant-hier|today|yesterday)"
    r"(?:\s*(?:a|at|,)?\s*(?P<H>\d{1,2})\s*[h:]\s*(?P<M>\d{2})?)?$"
)
_DMY = re.compile(
    r"^(?:le\s+)?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{2,4})"
    r"(?:[ t,]+(?:a\s*)?(?P<H>\d{1,2})[h:](?P<M>\d{2})?(?::(?P<S>\d{2}))?)?$"
)


#: Words review sites and exports put before a date: "Actualisé le 22 févr. 2025",
#: "Publié le …", "Mis à jour le …", "Avis déposé le …", "Date de l'expérience : …",
#: "Posted on …" (matched on folded text: lower case, no accents).
_PREFIX = re.compile(
    r"^(?:(?:avis|commentaire|message|post|article|review|note|reponse|contenu)\s+)?"
    r"(?:(?:actualise|publie|mise? a jour|mise? en ligne|modifie|poste|ecrit|redige|ajoute"
    r"|cree|envoye|depose|edite|laisse|donne|soumis|updated|posted|published|edited"
    r"|written|reviewed|submitted|created|last updated)(?:e|s|es)?\b"
    r"|date(?: de (?:l'|la |le )?(?:experience|publication|l'avis|avis|visite|creation"
    r"|mise a jour|modification|sejour))?|en date du|dated?)\b"
    r"(?:\s+(?:le|on|du)\b)?\s*:?\s*"
)
#: ... and after it: "3 mars 2025 (modifié)", "il y a 2 jours · modifié".
_SUFFIX = re.compile(
    r"\s*(?:[(\[]\s*|[-·|,]\s*)?(?:modifie|edite|edited|updated|mis a jour|heure de paris"
    r"|heure francaise)e?\s*[)\]]?\s*$"
)
_NOW = ("a l'instant", "maintenant", "just now", "now", "a l instant", "instant")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.replace("\u2019", "'"))


def _localise(dt: datetime, tz: tzinfo) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(UTC)


def _year_for(month: int, day: int, ref: datetime) -> int:
    """A date without its year: the latest such date not after the reference."""
    year = ref.year
    try:
        if datetime(year, month, day, tzinfo=ref.tzinfo) > ref + timedelta(days=1):
            year -= 1
    except ValueError:
        pass
    return year


def parse_date(
    value: str | None,
    *,
    timezone: str | tzinfo = "Europe/Paris",
    reference: datetime | None = None,
) -> datetime | None:
    """Parse one date string; None when it cannot be read (the caller quarantines)."""
    try:
        return _parse(value, timezone, reference)
    except (ValueError, OverflowError, OSError):  # "il y a 99999999999 ans", year 0...
        return None


def _parse(
    value: str | None, timezone: str | tzinfo, reference: datetime | None
) -> datetime | None:
    if value is None:
        return None
    raw = value.strip()
    if not raw:
        return None
    tz = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
    ref = (reference or datetime.now(UTC)).astimezone(tz)
    # ISO 8601 (with or without offset)
    try:
        iso = raw.replace("Z", "+00:00") if raw.endswith("Z") else raw
        return _localise(datetime.fromisoformat(iso), tz)
    except ValueError:
        pass
    # Unix timestamps, in seconds or milliseconds
    if re.fullmatch(r"\d{9,13}(\.\d+)?", raw):
        seconds = float(raw)
        if seconds > 1e11:
            seconds /= 1000
        return datetime.fromtimestamp(seconds, UTC)
    text = _fold(raw)
    bare = _SUFFIX.sub("", _PREFIX.sub("", text, count=1), count=1).strip()
    if bare != text:
        # "Publié le 2025-02-22t14:05:00+01:00": ISO and the rest, without the words
        # (upper case for ISO's T and Z: every other pattern folds it back)
        return _parse(bare.upper(), tz, reference) if bare else None
    text = text.replace("avant hier", "avant-hier")
    if text in _NOW:
        return ref.astimezone(UTC)
    if m := _DMY.match(text):
        year = int(m["y"])
        year += 2000 if year < 100 else 0
        try:
            dt = datetime(
                year, int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0)
            )
        except ValueError:
            return None
        return _localise(dt, tz)
    if m := _DAY_WORD.match(text):
        back = {"hier": 1, "yesterday": 1, "avant-hier": 2}.get(m["w"], 0)
        when = (ref - timedelta(days=back)).date()
        if m["H"] is None:
            return _localise(datetime(when.year, when.month, when.day, 12, 0), tz)
        return _localise(
            datetime(when.year, when.month, when.day, int(m["H"]), int(m["M"] or 0)), tz
        )
    if m := _REL.match(text):
        unit = _UNITS.get(m["unit"]) or _UNITS.get(m["unit"].rstrip("s"))
        if unit:
            n = int(m["n"]) if m["n"].isdigit() else _WORD_NUMBERS[m["n"]]
            if unit == "months":
                delta = timedelta(days=30 * n)
            elif unit == "years":
                delta = timedelta(days=365 * n)
            else:
                delta = timedelta(**{unit: n})
            return (ref - delta).astimezone(UTC)
    if (m := _MONTH_YEAR.match(text)) and (month := _MONTHS.get(m["m"])):
        return _localise(datetime(int(m["y"]), month, 1), tz)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if m := pattern.match(text):
            month = _MONTHS.get(m["m"].rstrip("."))
            if not month:
                return None
            day = int(m["d"])
            year = int(m["y"]) if m["y"] else _year_for(month, day, ref)
            hour = int(m["H"] or 0)
            if "ampm" in m.groupdict() and m["ampm"] == "pm" and hour < 12:
                hour += 12
            try:
                dt = datetime(year, month, day, hour, int(m["M"] or 0))
            except ValueError:
                return None
            return _localise(dt, tz)
    return None


_SQL_FORMATS = [
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
]  # fmt: skip


def sql_parse_date(column: str, timezone: str, udf: str = "rumeur_parse_date") -> str:
    """A DuckDB expression that parses ``column`` to TIMESTAMPTZ (UTC).

    Fast paths in SQL; the rest goes to the Python function registered as ``udf``.
    """
    from rumeur.ingest.sql import trimmed  # (sql imports this module)

    fmts = "[" + ", ".join(f"'{f}'" for f in _SQL_FORMATS) + "]"
    tz = timezone.replace("'", "")
    return (
        f"CASE WHEN {column} IS NULL OR {trimmed(column)} = '' THEN NULL ELSE coalesce("
        f"CASE WHEN regexp_matches({column}, '(Z|[+-]\\d\\d:?\\d\\d)$') "
        f"THEN try_cast({column} AS TIMESTAMPTZ) END, "
        f"timezone('{tz}', coalesce(try_cast({column} AS TIMESTAMP), "
        f"try_strptime({column}, {fmts}))), "
        f"{udf}({column})) END"
    )
