"""Charts as inline SVG, computed here as plain shapes and drawn by ``_svg.html.j2``.

No JavaScript, no CDN: readable offline and printable. Each function returns an
:class:`Svg` (a list of :class:`El` shapes with coordinates, tooltips and links); the
template writes the markup with autoescape on, so no label can break out of it.

Rules every chart follows:
- time runs on a proportional axis (:mod:`.timecharts`): dates are placed by their real
  distance (a missing week leaves a gap, it is not squeezed out);
- a value far above the others (more than :data:`OUTLIER_FACTOR` times the largest
  ordinary one) does not set the scale: it is drawn at the top edge, marked ▲ and
  labelled with its true value, so one week's spike does not flatten the rest;
- interval whiskers end before the value label, which is placed after the bar *and*
  its whisker;
- colours are given by the caller (one colour per brand across the report).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rumeur.report.blocks import Href
from rumeur.report.fmt import Fmt

PALETTE = (
    "#2563eb",
    "#ea580c",
    "#16a34a",
    "#9333ea",
    "#0891b2",
    "#ca8a04",
    "#db2777",
    "#4b5563",
    "#65a30d",
    "#dc2626",
)
SENTIMENT_COLOURS = {"negative": "#dc2626", "neutral": "#9ca3af", "positive": "#16a34a"}
OUTLIER_FACTOR = 6.0
_TAGS = frozenset({"line", "rect", "circle", "path", "polygon", "text"})


@dataclass(slots=True)
class El:
    """One SVG shape: ``tag`` with attributes, optional text, tooltip and link."""

    tag: str
    attrs: dict[str, str]
    text: str | None = None
    tip: str | None = None
    href: str | Href | None = None

    def __post_init__(self) -> None:
        if self.tag not in _TAGS:
            raise ValueError(f"unsupported SVG element {self.tag!r}")


@dataclass(slots=True)
class Svg:
    width: int
    height: int
    title: str
    els: list[El] = field(default_factory=list)
    max_width: int | None = None

    def add(
        self,
        tag: str,
        tip: str | None = None,
        href: Any = None,
        text: str | None = None,
        **attrs: float | str,
    ) -> None:
        self.els.append(
            El(tag, {k.replace("_", "-"): _f(v) for k, v in attrs.items()}, text, tip, href)
        )


def _f(v: float | str) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def nice_max(v: float) -> float:
    """The round number (1, 2, 2.5, 5 × 10^k) at or above ``v``; 1 when ``v`` is not > 0."""
    if not v > 0 or not math.isfinite(v):
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v * (1 - 1e-9):
            return m * exp
    return 10 * exp


def scale_max(values: Sequence[float]) -> tuple[float, float]:
    """(axis maximum, cap): values above ``cap`` are outliers drawn at the top edge."""
    vals = sorted(v for v in values if v is not None and math.isfinite(v) and v > 0)
    if not vals:
        return 1.0, math.inf
    top = vals[-1]
    if len(vals) >= 4:
        ordinary = [v for v in vals if v <= OUTLIER_FACTOR * vals[len(vals) // 2]]
        ref = ordinary[-1] if ordinary else top
        if top > OUTLIER_FACTOR * ref:
            vmax = nice_max(ref * 1.15)
            return vmax, vmax
    return nice_max(top), math.inf


def grid(
    svg: Svg,
    left: float,
    right: float,
    vmax: float,
    py: Callable[[float], float],
    fmt: Fmt,
    unit: str = "",
) -> None:
    steps = next((k for k in (5, 4, 2, 3) if _round_step(vmax / k)), 4)
    for k in range(steps + 1):
        v = vmax * k / steps
        y = py(v)
        svg.add("line", x1=left, x2=svg.width - right, y1=y, y2=y, stroke="#e5e7eb")
        svg.add(
            "text",
            text=fmt.compact(v) + unit,
            x=left - 6,
            y=y + 4,
            font_size=10,
            text_anchor="end",
            fill="#6b7280",
        )


def _round_step(step: float) -> bool:
    """True when ``step`` is 1, 2 or 5 times a power of ten (grid lines on round values)."""
    if step <= 0:
        return False
    m = step / 10 ** math.floor(math.log10(step))
    return any(abs(m - r) < 1e-9 for r in (1, 2, 5, 10))


def legend(svg: Svg, names: Sequence[str], colours: Mapping[str, str], y: float) -> None:
    x = 56.0
    for n in names:
        svg.add("rect", x=x, y=y - 9, width=10, height=10, fill=colours[n])
        svg.add("text", text=n, x=x + 14, y=y, font_size=11)
        x += 30 + 6.5 * len(n)


def hbars(
    items: Sequence[tuple[str, float]],
    fmt: Fmt,
    *,
    title: str = "",
    width: int = 620,
    colours: Sequence[str] | str = PALETTE[0],
    intervals: Sequence[tuple[float, float] | None] | None = None,
    hrefs: Sequence[str | Href | None] | None = None,
    labeller: Callable[[float], str] | None = None,
) -> Svg:
    """Horizontal bars; an interval is drawn as a whisker, the value label after it."""
    label = labeller or (lambda v: fmt.num(v))
    row, left, top = 24, 170, 30 if title else 8
    height = top + row * len(items) + 8
    ends = [v for _, v in items] + [iv[1] for iv in intervals or [] if iv]
    vmax = nice_max(max([e for e in ends if math.isfinite(e)], default=1.0))
    pw = width - left - 90
    svg = Svg(width, height, title, max_width=width)
    if title:
        svg.add("text", text=title, x=8, y=16, font_size=13, font_weight=600)
    for i, (name, v) in enumerate(items):
        y = top + i * row
        colour = colours if isinstance(colours, str) else colours[i % len(colours)]
        w = pw * max(v, 0.0) / vmax
        short = name if len(name) <= 26 else name[:25] + "…"
        svg.add(
            "text",
            text=short,
            tip=name,
            x=left - 8,
            y=y + row / 2 + 4,
            font_size=11,
            text_anchor="end",
        )
        svg.add(
            "rect",
            tip=f"{name}{fmt.colon} {label(v)}",
            href=hrefs[i] if hrefs else None,
            x=left,
            y=y + 4,
            width=max(w, 1.0),
            height=row - 10,
            fill=colour,
            rx=2,
        )
        end = left + w
        iv = intervals[i] if intervals else None
        if iv and all(math.isfinite(b) for b in iv):
            x1, x2, ym = left + pw * iv[0] / vmax, left + pw * iv[1] / vmax, y + row / 2 - 1
            svg.add("line", x1=x1, x2=x2, y1=ym, y2=ym, stroke="#111827", stroke_width=1.2)
            for xe in (x1, x2):
                svg.add(
                    "line", x1=xe, x2=xe, y1=ym - 4, y2=ym + 4, stroke="#111827", stroke_width=1.2
                )
            end = max(end, x2)
        svg.add("text", text=label(v), x=end + 6, y=y + row / 2 + 4, font_size=11)
    return svg


def brand_colours(brand_ids: Sequence[str]) -> dict[str, str]:
    """One colour per brand, in the project's order, used by every chart of the report."""
    return {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(brand_ids)}


__all__ = [
    "PALETTE",
    "SENTIMENT_COLOURS",
    "El",
    "Svg",
    "brand_colours",
    "grid",
    "hbars",
    "legend",
    "nice_max",
    "scale_max",
]
