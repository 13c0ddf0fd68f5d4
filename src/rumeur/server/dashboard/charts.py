"""The dashboard's charts: the report's SVG charts (:mod:`rumeur.report.charts`) fed
from Workspace results, each paired with the table of its values (a chart is never the
only way to read a figure: colour-blind readers and screen readers get the table)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from rumeur.report.charts import SENTIMENT_COLOURS, Svg, brand_colours, hbars
from rumeur.report.fmt import Fmt
from rumeur.report.timecharts import time_bars, time_lines

#: darker shades for the dashboard (bars next to text keep a 3:1 contrast with white)
SENTIMENT_FILLS = {
    "negative": "#b91c1c",
    "neutral": "#6b7280",
    "positive": "#15803d",
}
assert set(SENTIMENT_FILLS) == set(SENTIMENT_COLOURS)


@dataclass(slots=True)
class Chart:
    """An SVG chart and its table: ``columns`` head the table, ``rows`` hold strings."""

    svg: Svg
    caption: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def colours_for(brand_ids: Sequence[str]) -> dict[str, str]:
    return brand_colours(list(brand_ids))


def day_start(key: str, tz: tzinfo) -> datetime:
    """``2025-10-03`` (a day key) -> its midnight in the project's time zone ``tz``."""
    return datetime.strptime(key, "%Y-%m-%d").replace(tzinfo=tz)


def week_start(key: str, tz: tzinfo) -> datetime:
    """``2025-W39`` -> the Monday of that ISO week, at midnight in ``tz``."""
    return datetime.strptime(key + "-1", "%G-W%V-%u").replace(tzinfo=tz)


def lines(
    series: Mapping[str, Sequence[tuple[datetime, float | None]]],
    fmt: Fmt,
    *,
    title: str,
    colours: Mapping[str, str],
    bands: Mapping[str, Sequence[tuple[float, float] | None]] | None = None,
    hrefs: Mapping[str, Sequence[str | None]] | None = None,
    unit: str = "",
    digits: int = 0,
    when: str,
    fmt_value: Any = None,
    y_max: float | None = None,
) -> Chart:
    """Lines over time, with their table (one row per date, one column per series)."""
    svg = time_lines(
        series,
        fmt,
        title=title,
        colours=colours,
        bands=bands,
        hrefs=hrefs,
        unit=unit,
        value_digits=digits,
        y_max=y_max,
    )
    names = [n for n in series if series[n]]
    dates = sorted({t for n in names for t, _ in series[n]})
    values = {n: dict(series[n]) for n in names}
    show = fmt_value or (lambda v: fmt.num(v, digits) + unit)
    rows = [
        [fmt.date(d)] + [show(values[n][d]) if values[n].get(d) is not None else "—" for n in names]
        for d in dates
    ]
    return Chart(svg, title, [when, *names], rows)


def stacked(
    buckets: Sequence[datetime],
    stacks: Mapping[str, Sequence[float]],
    fmt: Fmt,
    *,
    title: str,
    colours: Mapping[str, str],
    bucket: timedelta,
    when: str,
) -> Chart:
    """Stacked bars per time bucket, with their table."""
    svg = time_bars(buckets, stacks, fmt, bucket=bucket, title=title, colours=colours)
    names = list(stacks)
    rows = [[fmt.date(t)] + [fmt.num(stacks[n][i]) for n in names] for i, t in enumerate(buckets)]
    return Chart(svg, title, [when, *names], rows)


def bars(
    items: Sequence[tuple[str, float]],
    fmt: Fmt,
    *,
    title: str,
    value_label: str,
    intervals: Sequence[tuple[float, float] | None] | None = None,
    percent: bool = False,
    colours: Sequence[str] | str = "#1d4ed8",
    hrefs: Sequence[str | None] | None = None,
) -> Chart:
    """Horizontal bars (with whiskers for intervals), each labelled with its value."""

    def show(v: float) -> str:
        return fmt.pct(v) if percent else fmt.num(v)

    svg = hbars(
        items,
        fmt,
        title=title,
        colours=colours,
        intervals=intervals,
        hrefs=hrefs,
        labeller=show,
        width=760,
    )
    rows = []
    for i, (name, v) in enumerate(items):
        iv = intervals[i] if intervals else None
        rows.append([name, show(v) + (f" {fmt.interval(*iv, percent=percent)}" if iv else "")])
    return Chart(svg, title, ["", value_label], rows)
