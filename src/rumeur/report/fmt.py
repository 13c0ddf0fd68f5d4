"""Numbers, dates and links as a reader of one language expects them (Babel).

One :class:`Fmt` per report: French writes ``44,8 %`` and ``2 400 000``, English
``44.8%`` and ``2,400,000``, never both. Times are shown in the project's time zone,
whose name the report states once in its header.
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import format_decimal

from rumeur.analytics.stats import Estimate

#: Babel locale of each report language (en_GB: day/month/year dates like the French)
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_DASH = "—"


def safe_url(url: object) -> str | None:
    """``url`` when it may be a link in the report: an in-page anchor or http(s); else None.

    ``javascript:``, ``data:``, ``file:`` and anything unreadable never become links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if url.startswith("#") and len(url) > 1:
        return url
    if any(ord(c) < 0x20 or c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


class Fmt:
    """Formatting of one report: ``Fmt("fr", "Europe/Paris")``."""

    def __init__(self, lang: str, timezone: str = "Europe/Paris") -> None:
        self.lang = lang
        self.locale = LOCALES.get(lang, "en_GB")
        self.tz = ZoneInfo(timezone)
        self.timezone = timezone
        pattern = str(
            Locale.parse(self.locale).percent_formats[None].pattern
        )  # '#,##0\xa0%' / '#,##0%'
        self._pct_pattern = pattern.replace("0", "0.0", 1) if "." not in pattern else pattern
        self.colon = "\u00a0:" if lang == "fr" else ":"
        self.pct_unit = "\u00a0%" if lang == "fr" else "%"

    # numbers ------------------------------------------------------------------------
    def num(self, v: float | int | None, digits: int = 0) -> str:
        """A number with the locale's grouping and decimal marks (``—`` when unknown)."""
        if v is None or not math.isfinite(float(v)):
            return _DASH
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        s = str(format_decimal(round(float(v), digits) + 0.0, format=fmt, locale=self.locale))
        return "−" + s[1:] if s.startswith("-") else s  # a true minus sign

    def signed(self, v: float | None, digits: int = 1) -> str:
        """``+12,3`` / ``−4,0`` (a true minus sign)."""
        if v is None or not math.isfinite(v):
            return _DASH
        s = self.num(v, digits)
        if s.startswith("−"):
            return s
        return ("+" if v > 0 and s.strip("0,.") else "") + s

    def pct(self, share: float | None, digits: int = 1) -> str:
        """A share (0..1) as a percentage: ``44,8 %`` / ``44.8%``."""
        if share is None or not math.isfinite(share):
            return _DASH
        body = self.num(100 * share, digits)
        return self._pct_pattern.replace("#,##0.0", body).replace("#,##0", body)

    def interval(self, lo: float, hi: float, digits: int = 1, *, percent: bool = False) -> str:
        """``[43,7 – 45,8]`` (a percentage interval states the unit once, with the value)."""
        k = 100 if percent else 1
        return f"[{self.num(k * lo, digits)} – {self.num(k * hi, digits)}]"

    def est_pct(self, e: Estimate, digits: int = 1) -> str:
        """``44,8 % [43,7 – 45,8]``: a share with its 95 % interval."""
        if not math.isfinite(e.value):
            return _DASH
        return f"{self.pct(e.value, digits)} {self.interval(e.lo, e.hi, digits, percent=True)}"

    def est(self, e: Estimate, digits: int = 2) -> str:
        """``4,37 [1,87 – 8,04]``: a figure with its 95 % interval."""
        if not math.isfinite(e.value):
            return _DASH
        return f"{self.num(e.value, digits)} {self.interval(e.lo, e.hi, digits)}"

    def compact(self, v: float) -> str:
        """Axis ticks: ``2,4 M``, ``15 k`` (fr) / ``2.4M``, ``15k`` (en)."""
        sep = "\u00a0" if self.lang == "fr" else ""
        if abs(v) >= 1e6:
            return f"{self.num(v / 1e6, 1 if v % 1e6 else 0)}{sep}M"
        if abs(v) >= 1e4:
            return f"{self.num(v / 1e3, 0)}{sep}k"
        digits = next((d for d in (0, 1, 2) if abs(v * 10**d - round(v * 10**d)) < 1e-9), 2)
        return self.num(v, digits)

    def audience(self, v: float) -> str:
        """An audience or a reach: people, so a whole number, compact (``5 829``,
        ``93 k``). Estimated reaches (followers × a platform's factor) have decimals
        that mean nothing: ``5 828,94`` was shown."""
        return self.compact(round(v))

    # times --------------------------------------------------------------------------
    def local(self, t: dt.datetime) -> dt.datetime:
        """``t`` in the project's time zone (naive times are UTC, as stored)."""
        if t.tzinfo is None:
            t = t.replace(tzinfo=dt.UTC)
        return t.astimezone(self.tz)

    def date(self, t: dt.datetime | dt.date) -> str:
        d = self.local(t) if isinstance(t, dt.datetime) else t
        return d.strftime("%d/%m/%Y")

    def last_day(self, end: dt.datetime) -> str:
        """The last day a period ending at ``end`` covers: a period that ends at local
        midnight (``--until 2025-11-01``) ends on the day before (31/10/2025)."""
        local = self.local(end)
        if local.time() == dt.time(0, 0):
            local -= dt.timedelta(microseconds=1)
        return local.strftime("%d/%m/%Y")

    def day(self, t: dt.datetime | dt.date) -> str:
        """Short day for axes and lists: ``27/09``."""
        d = self.local(t) if isinstance(t, dt.datetime) else t
        return d.strftime("%d/%m")

    def datetime(self, t: dt.datetime) -> str:
        return self.local(t).strftime("%d/%m/%Y %H:%M")

    def hour(self, t: dt.datetime) -> str:
        return self.local(t).strftime("%H:%M")

    def span(self, start: dt.datetime, end: dt.datetime) -> str:
        """``27/09/2025 09:00 → 23:00`` (or → another day)."""
        a, b = self.local(start), self.local(end)
        tail = self.hour(end) if a.date() == b.date() else self.datetime(end)
        return f"{self.datetime(start)} → {tail}"

    def short_span(self, start: dt.datetime, end: dt.datetime) -> str:
        """``27/09 09:00 → 13:00`` or ``04/09 11:00 → 07/09 20:00`` (the header gives
        the year)."""
        a, b = self.local(start), self.local(end)
        tail = self.hour(end) if a.date() == b.date() else f"{self.day(end)} {self.hour(end)}"
        return f"{self.day(start)} {self.hour(start)} → {tail}"


__all__ = ["LOCALES", "Fmt", "safe_url"]
