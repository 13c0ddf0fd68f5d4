"""Charts a reader can trust: whiskers clear of labels, time spaced by real time, one
outlier annotated instead of flattening the rest, one colour per brand, no chart twice."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from rumeur.report import charts, timecharts
from rumeur.report.fmt import Fmt
from tests.report.conftest import section

FR = Fmt("fr")


def _texts(svg: charts.Svg) -> list[charts.El]:
    return [e for e in svg.els if e.tag == "text"]


def test_value_labels_start_after_the_whisker() -> None:
    svg = charts.hbars(
        [("Volta Mobile", 4.37), ("Nexa", 0.71)],
        FR,
        intervals=[(1.87, 8.04), (0.2, 1.9)],
        labeller=lambda v: FR.num(v, 2),
    )
    whiskers = [e for e in svg.els if e.tag == "line" and e.attrs["y1"] == e.attrs["y2"]]
    labels = [e for e in _texts(svg) if e.text in ("4,37", "0,71")]
    assert len(whiskers) == 2 and len(labels) == 2
    for w, lab in zip(whiskers, labels, strict=True):
        assert float(lab.attrs["x"]) > float(w.attrs["x2"])  # the label clears the whisker


def test_time_axis_is_proportional() -> None:
    t0 = datetime(2025, 9, 1, tzinfo=UTC)
    days = [t0, t0 + timedelta(days=1), t0 + timedelta(days=2), t0 + timedelta(days=30)]
    svg = timecharts.time_lines({"Volta": [(d, 5.0) for d in days]}, FR, colours={"Volta": "#000"})
    xs = [float(e.attrs["cx"]) for e in svg.els if e.tag == "circle"]
    assert len(xs) == 4
    # a 28-day gap is 28 times a one-day gap, not the same width
    assert abs((xs[3] - xs[2]) / (xs[1] - xs[0]) - 28) < 0.1  # coordinates are rounded


def test_one_outlier_is_annotated_not_flattening_the_rest() -> None:
    t0 = datetime(2025, 8, 4, tzinfo=UTC)
    values = [1.2, 0.9, 2.1, 1.5, 97.3, 1.1, 0.8, 1.9]
    svg = timecharts.time_lines(
        {"U/F": [(t0 + timedelta(weeks=i), v) for i, v in enumerate(values)]},
        FR,
        colours={"U/F": "#000"},
        value_digits=1,
    )
    grid = [
        float(e.text.replace(",", ".")) for e in _texts(svg) if e.attrs.get("text-anchor") == "end"
    ]
    assert max(grid) < 5  # the scale is set by the ordinary weeks
    ys = [float(e.attrs["cy"]) for e in svg.els if e.tag == "circle"]
    assert max(ys) - min(ys) > 60  # the ordinary weeks still vary visibly (px)
    assert any(e.text == "97,3" for e in _texts(svg))  # the outlier keeps its true value
    assert any(e.tag == "polygon" and e.tip and "97,3" in e.tip for e in svg.els)


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_one_colour_per_brand_and_one_daily_chart(reports) -> None:
    html = reports["fr"]
    assert html.count("Mentions par jour et par marque</text>") == 1  # not twice
    volume = section(html, "volume")
    legend = dict(
        re.findall(
            r'<rect [^>]*fill="(#[0-9a-f]{6})"></rect><text [^>]*>'
            r"(Volta Mobile|Nexa Télécom)</text>",
            volume,
        )
    )
    by_brand = {b: c for c, b in legend.items()}
    assert set(by_brand) == {"Volta Mobile", "Nexa Télécom"}
    assert by_brand["Volta Mobile"] != by_brand["Nexa Télécom"]
    # the share-of-voice and debt bars use the same colour for the same brand
    for sid in ("a-sov", "a-debt"):
        part = section(html, sid)
        for brand, colour in by_brand.items():
            bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>' + brand, part)
            assert bars and set(bars) == {colour}, (sid, brand, bars)
