"""Charts as inline SVG: no JavaScript, no CDN, readable offline and printable to PDF.

Each function returns an ``<svg>`` string. Points and bars may carry a link (``href``)
to the mentions behind them, and a ``<title>`` tooltip with the exact figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape

PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04",
           "#db2777", "#4b5563", "#65a30d")  # fmt: skip
SENTIMENT_COLOURS = {"negative": "#dc2626", "neutral": "#9ca3af", "positive": "#16a34a",
                     "unsupported": "#e5e7eb"}  # fmt: skip


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def _fmt(v: float) -> str:
    if abs(v) >= 1e6:
        return f"{v / 1e6:.1f} M"
    if abs(v) >= 1e4:
        return f"{v / 1e3:.0f} k"
    if v == int(v):
        return f"{int(v)}"
    return f"{v:.2f}"


def _frame(
    width: int,
    height: int,
    title: str,
    left: float,
    right: float,
    vmax: float,
    py: Callable[[float], float],
) -> list[str]:
    """The opening ``<svg>``, the title and five horizontal grid lines with their values."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(
            f'<text x="{left}" y="16" font-size="13" font-weight="600">{escape(title)}</text>'
        )
    for k in range(5):
        v = vmax * k / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py(v):.1f}" '
            f'y2="{py(v):.1f}" stroke="#e5e7eb"/><text x="{left - 6}" '
            f'y="{py(v) + 4:.1f}" font-size="10" text-anchor="end">{_fmt(v)}</text>'
        )
    return parts


def _legend(names: Sequence[str], colours: Mapping[str, str], x: float, y: float) -> str:
    out, cx = [], x
    for n in names:
        out.append(
            f'<rect x="{cx}" y="{y - 9}" width="10" height="10" fill="{colours[n]}"/>'
            f'<text x="{cx + 14}" y="{y}" font-size="11">{escape(n)}</text>'
        )
        cx += 24 + 7 * len(n)
    return "".join(out)


def line_chart(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str = "",
    width: int = 860,
    height: int = 260,
    colours: Mapping[str, str] | None = None,
    hrefs: Mapping[str, Sequence[str | None]] | None = None,
    y_max: float | None = None,
    bands: Mapping[str, Sequence[tuple[float, float] | None]] | None = None,
) -> str:
    """Lines over a shared x axis; ``bands`` draws a shaded interval under a series."""
    names = list(series)
    colours = dict(colours or {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)})
    left, right, top, bottom = 56, 16, 28 if title else 12, 44
    pw, ph = width - left - right, height - top - bottom
    values = [v for s in series.values() for v in s if v is not None]
    if bands:
        values += [b[1] for s in bands.values() for b in s if b]
    vmax = y_max if y_max is not None else _nice_max(max(values, default=1.0))
    n = max(len(x_labels), 1)

    def px(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def py(v: float) -> float:
        return top + ph - ph * (v / vmax if vmax else 0)

    parts = _frame(width, height, title, left, right, vmax, py)
    step = max(1, n // 10)
    for i in range(0, n, step):
        parts.append(
            f'<text x="{px(i):.1f}" y="{height - bottom + 16}" font-size="10" '
            f'text-anchor="middle">{escape(x_labels[i])}</text>'
        )
    for name, band in (bands or {}).items():
        edge = [(px(i), b) for i, b in enumerate(band) if b]
        if edge:
            poly = " ".join(f"{x:.1f},{py(b[1]):.1f}" for x, b in edge)
            poly += " " + " ".join(f"{x:.1f},{py(b[0]):.1f}" for x, b in reversed(edge))
            parts.append(
                f'<polygon points="{poly}" fill="{colours.get(name, "#999")}" fill-opacity="0.15"/>'
            )
    for name in names:
        pts: list[tuple[float, float, float, int]] = [
            (px(i), py(v), v, i) for i, v in enumerate(series[name]) if v is not None
        ]
        if not pts:
            continue
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{x:.1f},{y:.1f}" for j, (x, y, _, _) in enumerate(pts)
        )
        parts.append(f'<path d="{path}" fill="none" stroke="{colours[name]}" stroke-width="2"/>')
        links = (hrefs or {}).get(name)
        for x, y, v, i in pts:
            dot = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colours[name]}">'
                f"<title>{escape(name)} · {escape(x_labels[i])}: {_fmt(v)}</title></circle>"
            )
            if links and links[i]:
                dot = f'<a href="{escape(links[i] or "")}">{dot}</a>'
            parts.append(dot)
    parts.append(_legend(names, colours, left, height - 8))
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(
    x_labels: Sequence[str],
    stacks: Mapping[str, Sequence[float]],
    *,
    title: str = "",
    width: int = 860,
    height: int = 260,
    colours: Mapping[str, str] | None = None,
    hrefs: Sequence[str | None] | None = None,
) -> str:
    """Vertical stacked bars (e.g. negative/neutral/positive per week)."""
    names = list(stacks)
    colours = dict(colours or {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)})
    left, right, top, bottom = 56, 16, 28 if title else 12, 44
    pw, ph = width - left - right, height - top - bottom
    n = max(len(x_labels), 1)
    totals = [sum(stacks[k][i] for k in names) for i in range(len(x_labels))]
    vmax = _nice_max(max(totals, default=1.0))
    bw = pw / n
    parts = _frame(width, height, title, left, right, vmax, lambda v: top + ph - ph * v / vmax)
    step = max(1, n // 12)
    for i in range(len(x_labels)):
        base = float(top + ph)
        x = left + i * bw
        group = []
        for name in names:
            v = stacks[name][i]
            h = ph * v / vmax
            base -= h
            group.append(
                f'<rect x="{x + 1:.1f}" y="{base:.1f}" width="{max(bw - 2, 1):.1f}" '
                f'height="{h:.1f}" fill="{colours[name]}"><title>{escape(x_labels[i])} '
                f"· {escape(name)}: {_fmt(v)}</title></rect>"
            )
        g = "".join(group)
        if hrefs and hrefs[i]:
            g = f'<a href="{escape(hrefs[i] or "")}">{g}</a>'
        parts.append(g)
        if i % step == 0:
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{height - bottom + 16}" font-size="10" '
                f'text-anchor="middle">{escape(x_labels[i])}</text>'
            )
    parts.append(_legend(names, colours, left, height - 8))
    parts.append("</svg>")
    return "".join(parts)


def hbars(
    items: Sequence[tuple[str, float]],
    *,
    title: str = "",
    width: int = 560,
    colour: str = PALETTE[0],
    intervals: Sequence[tuple[float, float] | None] | None = None,
    hrefs: Sequence[str | None] | None = None,
    value_format: str = "{:.0f}",
) -> str:
    """Horizontal bars with optional error bars (confidence intervals)."""
    row, left, top = 22, 150, 28 if title else 8
    height = top + row * len(items) + 10
    vmax = _nice_max(
        max([v for _, v in items] + [iv[1] for iv in intervals or [] if iv], default=1.0)
    )
    pw = width - left - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" style="max-width:{width}px" role="img" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f'<text x="8" y="16" font-size="13" font-weight="600">{escape(title)}</text>')
    for i, (label, v) in enumerate(items):
        y = top + i * row
        w = pw * v / vmax
        bar = (
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{colour}">'
            f"<title>{escape(label)}: {value_format.format(v)}</title></rect>"
        )
        if hrefs and hrefs[i]:
            bar = f'<a href="{escape(hrefs[i] or "")}">{bar}</a>'
        parts.append(
            f'<text x="{left - 6}" y="{y + row / 2 + 3}" font-size="11" '
            f'text-anchor="end">{escape(label[:24])}</text>{bar}'
        )
        if intervals and intervals[i]:
            lo, hi = intervals[i]  # type: ignore[misc]
            x1, x2, ym = left + pw * lo / vmax, left + pw * hi / vmax, y + row / 2 - 1
            parts.append(
                f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{ym}" y2="{ym}" stroke="#111" '
                f'stroke-width="1.5"/>'
            )
        parts.append(
            f'<text x="{left + w + 6:.1f}" y="{y + row / 2 + 3}" font-size="11">'
            f"{escape(value_format.format(v))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
