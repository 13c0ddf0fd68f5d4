"""Time charts: lines and stacked bars over a proportional time axis (see :mod:`.charts`).

Dates are placed by their real distance: a missing week leaves a gap, it is not squeezed
out. Ticks fall on local midnights (Mondays for weekly steps) in the report's time zone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from rumeur.report.blocks import Href
from rumeur.report.charts import Svg, grid, legend, scale_max
from rumeur.report.fmt import Fmt

_DENSE = 40  # above this many points a series is drawn as a line without dots


def _ticks(lo: datetime, hi: datetime, fmt: Fmt) -> list[tuple[datetime, str]]:
    """Tick dates at local midnights (or hours for a day or less), at most ~10."""
    span = (hi - lo).total_seconds() / 86400
    if span <= 2:
        step_h = next(h for h in (1, 2, 3, 6, 12, 24) if span * 24 / h <= 10)
        t = fmt.local(lo).replace(minute=0, second=0, microsecond=0)
        out: list[tuple[datetime, str]] = []
        while t <= hi:
            if t >= lo:
                out.append(
                    (t, f"{fmt.day(t)} {fmt.hour(t)}" if t.hour == 0 or not out else fmt.hour(t))
                )
            t += timedelta(hours=step_h)
        return out
    step = next((d for d in (1, 2, 7, 14, 28, 56, 91, 182, 364) if span / d <= 10), 728)
    t = fmt.local(lo).replace(hour=0, minute=0, second=0, microsecond=0)
    if step % 7 == 0:  # weekly ticks on Mondays
        t += timedelta(days=(7 - t.weekday()) % 7)
    days: list[tuple[datetime, str]] = []
    while t <= hi:
        if t >= lo:
            days.append((t, fmt.day(t)))
        t = (t + timedelta(days=step)).replace(hour=0)
    return days


def time_lines(
    series: Mapping[str, Sequence[tuple[datetime, float | None]]],
    fmt: Fmt,
    *,
    title: str = "",
    colours: Mapping[str, str],
    width: int = 860,
    height: int = 240,
    bands: Mapping[str, Sequence[tuple[float, float] | None]] | None = None,
    hrefs: Mapping[str, Sequence[str | Href | None]] | None = None,
    unit: str = "",
    value_digits: int = 0,
    y_max: float | None = None,
) -> Svg:
    """Lines over a proportional time axis; ``bands`` shade an interval under a series;
    on a dense series (more than 40 points) only linked points get a (ringed) dot."""
    names = [n for n in series if series[n]]
    left, right, top, bottom = 56, 20, 30 if title else 14, 50
    pw, ph = width - left - right, height - top - bottom
    times = [t for n in names for t, _ in series[n]]
    svg = Svg(width, height, title)
    if title:
        svg.add("text", text=title, x=left, y=16, font_size=13, font_weight=600)
    if not times:
        return svg
    lo, hi = min(times), max(times)
    if hi - lo < timedelta(hours=1):
        lo, hi = lo - timedelta(hours=12), hi + timedelta(hours=12)
    values = [v for n in names for _, v in series[n] if v is not None]
    values += [b[1] for s in (bands or {}).values() for b in s if b]
    vmax, cap = (y_max, math.inf) if y_max is not None else scale_max(values)
    span = (hi - lo).total_seconds()

    def px(t: datetime) -> float:
        return left + pw * (t - lo).total_seconds() / span

    def py(v: float) -> float:
        return top + ph - ph * min(v, vmax) / vmax

    grid(svg, left, right, vmax, py, fmt, unit)
    for t, label in _ticks(lo, hi, fmt):
        svg.add("line", x1=px(t), x2=px(t), y1=top + ph, y2=top + ph + 4, stroke="#9ca3af")
        svg.add(
            "text",
            text=label,
            x=px(t),
            y=top + ph + 16,
            font_size=10,
            text_anchor="middle",
            fill="#374151",
        )
    for name, band in (bands or {}).items():
        edge = [(px(t), b) for (t, _), b in zip(series[name], band, strict=True) if b]
        if len(edge) > 1:
            outline = [f"{x:.1f},{py(b[1]):.1f}" for x, b in edge]
            outline += [f"{x:.1f},{py(b[0]):.1f}" for x, b in reversed(edge)]
            svg.add("polygon", points=" ".join(outline), fill=colours[name], fill_opacity=0.15)
    for name in names:
        pts = [(t, v) for t, v in series[name] if v is not None]
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{px(t):.1f},{py(v):.1f}" for j, (t, v) in enumerate(pts)
        )
        svg.add("path", d=path, fill="none", stroke=colours[name], stroke_width=2)
        links = (hrefs or {}).get(name)
        dense = len(pts) > _DENSE
        for i, (t, v) in enumerate(series[name]):
            if v is None:
                continue
            tip = f"{name} · {fmt.day(t)} : {fmt.num(v, value_digits)}{unit}"
            if fmt.lang != "fr":
                tip = tip.replace(" : ", ": ")
            link = links[i] if links else None
            if v > cap:
                x = px(t)
                svg.add(
                    "polygon",
                    tip=tip,
                    href=link,
                    fill=colours[name],
                    points=f"{x - 6:.1f},{top + 8:.1f} {x + 6:.1f},{top + 8:.1f} "
                    f"{x:.1f},{top - 2:.1f}",
                )
                svg.add(
                    "text",
                    text=f"{fmt.num(v, value_digits)}{unit}",
                    x=x + 9,
                    y=top + 8,
                    font_size=11,
                    font_weight=600,
                    fill=colours[name],
                )
            elif link and dense:  # a marked day on a dense line: a ringed dot
                svg.add(
                    "circle",
                    tip=tip,
                    href=link,
                    cx=px(t),
                    cy=py(v),
                    r=5,
                    fill=colours[name],
                    stroke="#111827",
                    stroke_width=1.5,
                )
            elif not dense:
                svg.add("circle", tip=tip, href=link, cx=px(t), cy=py(v), r=3, fill=colours[name])
    if len(names) > 1:  # one series: the title names it
        legend(svg, names, colours, height - 6)
    return svg


def time_bars(
    buckets: Sequence[datetime],
    stacks: Mapping[str, Sequence[float]],
    fmt: Fmt,
    *,
    bucket: timedelta = timedelta(days=7),
    title: str = "",
    colours: Mapping[str, str],
    width: int = 860,
    height: int = 200,
) -> Svg:
    """Stacked bars, one per time bucket, placed on a proportional time axis."""
    names = list(stacks)
    left, right, top, bottom = 56, 20, 30 if title else 14, 44
    pw, ph = width - left - right, height - top - bottom
    svg = Svg(width, height, title)
    if title:
        svg.add("text", text=title, x=left, y=16, font_size=13, font_weight=600)
    if not buckets:
        return svg
    lo, hi = min(buckets), max(buckets) + bucket
    span = (hi - lo).total_seconds()
    totals = [sum(stacks[k][i] for k in names) for i in range(len(buckets))]
    vmax, cap = scale_max(totals)

    def px(t: datetime) -> float:
        return left + pw * (t - lo).total_seconds() / span

    def py(v: float) -> float:
        return top + ph - ph * min(v, vmax) / vmax

    grid(svg, left, right, vmax, py, fmt)
    bw = pw * bucket.total_seconds() / span
    for i, t in enumerate(buckets):
        x, base = px(t), 0.0
        for name in names:
            v = stacks[name][i]
            if v <= 0:
                continue
            y0, y1 = py(base), py(base + v)
            base += v
            svg.add(
                "rect",
                tip=f"{fmt.day(t)} · {name}{fmt.colon} {fmt.num(v)}",
                x=x + 1,
                y=y1,
                width=max(bw - 2, 1.0),
                height=max(y0 - y1, 0.0),
                fill=colours[name],
            )
        if totals[i] > cap:
            svg.add(
                "text",
                text=f"▲ {fmt.num(totals[i])}",
                x=x + bw / 2,
                y=top - 2,
                font_size=10,
                text_anchor="middle",
                font_weight=600,
            )
    for t, label in _ticks(lo, hi - bucket, fmt):
        svg.add(
            "text",
            text=label,
            x=px(t) + bw / 2,
            y=top + ph + 16,
            font_size=10,
            text_anchor="middle",
            fill="#374151",
        )
    legend(svg, names, colours, height - 6)
    return svg


__all__ = ["time_bars", "time_lines"]
