"""Numbers as a reader of one language expects them (Babel): French writes ``44,8 %``,
``2 400 000`` and ``−4,0``, English ``44.8%``, ``2,400,000`` and ``−4.0``, never both in
one output.

One :class:`Numbers` per output: the report's and the dashboard's formatter
(:class:`rumeur.report.fmt.Fmt`) builds on it, and the CLI's tables use it in the run's
language (``rumeur.cli._common.numbers``), so a figure reads the same in a table, a
report and a page.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale
from babel.numbers import format_decimal

if TYPE_CHECKING:
    from rumeur.analytics.stats import Estimate

#: Babel locale of each output language (en_GB: day/month/year dates like the French)
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
DASH = "—"


class Numbers:
    """Numbers, shares and intervals in one language: ``Numbers("fr")``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES.get(lang, "en_GB")
        pattern = str(
            Locale.parse(self.locale).percent_formats[None].pattern
        )  # '#,##0\xa0%' / '#,##0%'
        self._pct_pattern = pattern.replace("0", "0.0", 1) if "." not in pattern else pattern
        self.colon = "\u00a0:" if lang == "fr" else ":"
        self.pct_unit = "\u00a0%" if lang == "fr" else "%"

    def num(self, v: float | int | None, digits: int = 0) -> str:
        """A number with the locale's grouping and decimal marks (``—`` when unknown)."""
        if v is None or not math.isfinite(float(v)):
            return DASH
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        s = str(format_decimal(round(float(v), digits) + 0.0, format=fmt, locale=self.locale))
        return "−" + s[1:] if s.startswith("-") else s  # a true minus sign

    def signed(self, v: float | None, digits: int = 1) -> str:
        """``+12,3`` / ``−4,0`` (a true minus sign)."""
        if v is None or not math.isfinite(v):
            return DASH
        s = self.num(v, digits)
        if s.startswith("−"):
            return s
        return ("+" if v > 0 and s.strip("0,.") else "") + s

    def pct(self, share: float | None, digits: int = 1) -> str:
        """A share (0..1) as a percentage: ``44,8 %`` / ``44.8%``."""
        if share is None or not math.isfinite(share):
            return DASH
        body = self.num(100 * share, digits)
        return self._pct_pattern.replace("#,##0.0", body).replace("#,##0", body)

    def interval(self, lo: float, hi: float, digits: int = 1, *, percent: bool = False) -> str:
        """``[43,7 – 45,8]`` (a percentage interval states the unit once, with the value)."""
        k = 100 if percent else 1
        return f"[{self.num(k * lo, digits)} – {self.num(k * hi, digits)}]"

    def figure(
        self, value: float, lo: float, hi: float, digits: int = 1, *, percent: bool = False
    ) -> str:
        """``44,8 % [43,7 – 45,8]`` (``percent``: a share) or ``4,37 [1,87 – 8,04]``: a
        figure with its 95 % interval; ``—`` when the figure is undefined."""
        if not math.isfinite(value):
            return DASH
        head = self.pct(value, digits) if percent else self.num(value, digits)
        return f"{head} {self.interval(lo, hi, digits, percent=percent)}"

    def est_pct(self, e: Estimate, digits: int = 1) -> str:
        """``44,8 % [43,7 – 45,8]``: a share with its 95 % interval."""
        return self.figure(e.value, e.lo, e.hi, digits, percent=True)

    def est(self, e: Estimate, digits: int = 2) -> str:
        """``4,37 [1,87 – 8,04]``: a figure with its 95 % interval."""
        return self.figure(e.value, e.lo, e.hi, digits)

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


@lru_cache(maxsize=4)
def numbers(lang: str) -> Numbers:
    """The :class:`Numbers` of ``lang`` (made once per language)."""
    return Numbers(lang)


__all__ = ["DASH", "LOCALES", "Numbers", "numbers"]
