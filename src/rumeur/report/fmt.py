"""Numbers, dates and links as a reader of one language expects them (Babel).

One :class:`Fmt` per report: French writes ``44,8 %`` and ``2 400 000``, English
``44.8%`` and ``2,400,000``, never both (the numbers are :class:`rumeur.numbers.Numbers`,
which the CLI's tables share). Times are shown in the project's time zone, whose name
the report states once in its header.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from rumeur.numbers import LOCALES, Numbers


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


class Fmt(Numbers):
    """Formatting of one report: ``Fmt("fr", "Europe/Paris")``: numbers
    (:class:`rumeur.numbers.Numbers`), then times in the project's time zone."""

    def __init__(self, lang: str, timezone: str = "Europe/Paris") -> None:
        super().__init__(lang)
        self.tz = ZoneInfo(timezone)
        self.timezone = timezone

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
