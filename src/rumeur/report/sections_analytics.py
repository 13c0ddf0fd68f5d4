"""Report sections for the reputation figures: opinion, negative debt, share of voice and
the aspects behind the unfavourable reach. Each states its headline with its interval in
the executive summary and links its charts to the mentions behind them."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from rumeur.analytics.aspects import drivers, matrix
from rumeur.analytics.debt import debt_by, negative_debt, trend
from rumeur.analytics.opinion import opinion
from rumeur.analytics.sov import share_of_voice
from rumeur.report import charts, data, timecharts
from rumeur.report.blocks import Block, Cell, Figure, Inline, Para, Row, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.data import ours, pct_cell, val_cell

_SENTIMENTS = ("negative", "neutral", "positive")


def _opinion(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-opinion", t["a_opinion"], order=ORDER["a-opinion"])
    if not rows:
        sec.blocks = [Para(t["no_sentiment"])]
        return sec
    mine = ours(ctx)
    cells = sorted(
        opinion(rows, by=("brand",)),
        key=lambda c: ctx.brands.index(c.key["brand"]) if c.key["brand"] in ctx.brands else 99,
    )
    table_rows: list[Sequence[Inline | Cell]] = []
    found: list[str | Span] = []
    for c in cells:
        b = c.key["brand"]
        table_rows.append(
            [
                ctx.brand(b),
                fmt.num(c.volume),
                fmt.num(c.authors),
                *(pct_cell(fmt, c.shares[k]) for k in ("positive", "neutral", "negative")),
                pct_cell(fmt, c.weighted_shares["negative"]),
            ]
        )
        if b in mine:
            found.append(
                t["opinion_summary"].format(
                    brand=ctx.brand(b),
                    pos=fmt.est_pct(c.shares["positive"]),
                    neg=fmt.est_pct(c.shares["negative"]),
                    n=fmt.num(c.volume - c.unscored),
                    wneg=fmt.est_pct(c.weighted_shares["negative"]),
                )
                + " "
            )
    head = [
        t["brand"],
        t["mentions"],
        t["authors"],
        t["favourable"],
        t["neutral_share"],
        t["unfavourable"],
        t["unfavourable_weighted"],
    ]
    blocks: list[Block] = [
        Table(head, table_rows, numeric=range(1, 7)),
        note(t["wilson_note"] + " " + t["weighted_note"]),
    ]
    weekly = opinion([r for r in rows if r["brand"] in mine], by=("period",), period="week")
    if len(weekly) > 1:
        x = [data.week_start(c.key["period"]).replace(tzinfo=fmt.tz) for c in weekly]
        ser, bands, hrefs = {}, {}, {}
        for lab, key in ((t["unfavourable"], "negative"), (t["favourable"], "positive")):
            ser[lab] = [(w, 100 * c.shares[key].value) for w, c in zip(x, weekly, strict=True)]
            bands[lab] = [(100 * c.shares[key].lo, 100 * c.shares[key].hi) for c in weekly]
            hrefs[lab] = [
                ctx.lists.ref(
                    t["list_opinion_week"].format(label=lab, week=fmt.date(w)),
                    c.mention_ids[key],
                    priority=70,
                    total=c.counts.get(key),
                )
                for w, c in zip(x, weekly, strict=True)
            ]
        colours = {t["unfavourable"]: "#dc2626", t["favourable"]: "#16a34a"}
        title = t["opinion_weekly"].format(brands=", ".join(ctx.brand(b) for b in mine))
        blocks.append(
            Figure(
                timecharts.time_lines(
                    ser,
                    fmt,
                    title=title,
                    colours=colours,
                    bands=bands,
                    hrefs=hrefs,
                    y_max=100,
                    unit=fmt.pct_unit,
                    value_digits=1,
                )
            )
        )
    blocks += _weekly_bars(ctx, rows)
    sec.blocks, sec.summary = blocks, found or None
    return sec


def _weekly_bars(ctx: ReportContext, rows: list[dict[str, Any]]) -> list[Block]:
    """Negative / neutral / positive mentions per week, one small chart per brand."""
    t, fmt = ctx.t, ctx.fmt
    counts: dict[str, dict[datetime, dict[str, float]]] = defaultdict(dict)
    for r in rows:
        d = fmt.local(r["created_at"])
        week = (d - timedelta(days=d.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
        cell = counts[r["brand"]].setdefault(week, dict.fromkeys(_SENTIMENTS, 0.0))
        cell[r["sentiment"]] += 1
    weeks = sorted({w for c in counts.values() for w in c})
    if len(weeks) < 2:
        return []
    colours = {t[k]: charts.SENTIMENT_COLOURS[k] for k in _SENTIMENTS}
    out: list[Block] = []
    for b in ctx.brands:
        if b not in counts:
            continue
        stacks = {t[k]: [counts[b].get(w, {}).get(k, 0.0) for w in weeks] for k in _SENTIMENTS}
        out.append(
            Figure(
                timecharts.time_bars(
                    weeks,
                    stacks,
                    fmt,
                    colours=colours,
                    height=170,
                    title=f"{t['sentiment_time']} — {ctx.brand(b)}",
                )
            )
        )
    return out


def _debt(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-debt", t["a_debt"], order=ORDER["a-debt"])
    if not rows:
        sec.blocks = [Para(t["no_sentiment"])]
        return sec
    per_brand = [d for d in debt_by(rows, "brand") if math.isfinite(d.ratio.value)]
    blocks: list[Block] = [note(t["debt_note"])]
    if per_brand:
        blocks.append(
            Figure(
                charts.hbars(
                    [(ctx.brand(d.key["brand"]), d.ratio.value) for d in per_brand],
                    fmt,
                    title=t["debt_brand"],
                    colours=[ctx.colour(d.key["brand"]) for d in per_brand],
                    intervals=[(d.ratio.lo, d.ratio.hi) for d in per_brand],
                    hrefs=[
                        ctx.lists.ref(
                            t["list_debt"].format(brand=ctx.brand(d.key["brand"])),
                            d.mention_ids["unfavourable"],
                            priority=30,
                        )
                        for d in per_brand
                    ],
                    labeller=lambda v: fmt.num(v, 2),
                )
            )
        )
    mine_ids = ours(ctx)
    mine = [r for r in rows if r["brand"] in mine_ids]
    if mine:
        d = negative_debt(mine)
        weekly = debt_by(mine, "period", period="week")
        slope = trend(weekly)
        text = t["debt_summary"].format(
            brands=", ".join(ctx.brand(b) for b in mine_ids),
            ratio=fmt.est(d.ratio),
            needed=fmt.est(d.needed, 0),
            offset=fmt.num(d.offset, 0 if d.offset % 1 == 0 else 1),
        )
        if slope is not None:
            text += " " + t["debt_trend"].format(
                pct=fmt.signed(100 * (math.exp(slope) - 1), 0) + fmt.pct_unit
            )
        sec.summary = text
        if len(weekly) > 1:
            x = [data.week_start(w.key["period"]).replace(tzinfo=fmt.tz) for w in weekly]
            name = t["debt_ratio"]
            colour = ctx.colour(mine_ids[0]) if len(mine_ids) == 1 else "#374151"
            blocks.append(
                Figure(
                    timecharts.time_lines(
                        {
                            name: [
                                (w, v.ratio.value if math.isfinite(v.ratio.value) else None)
                                for w, v in zip(x, weekly, strict=True)
                            ]
                        },
                        fmt,
                        title=t["debt_weekly"].format(
                            brands=", ".join(ctx.brand(b) for b in mine_ids)
                        ),
                        colours={name: colour},
                        value_digits=2,
                        bands={
                            name: [
                                (v.ratio.lo, v.ratio.hi) if math.isfinite(v.ratio.hi) else None
                                for v in weekly
                            ]
                        },
                        hrefs={
                            name: [
                                ctx.lists.ref(
                                    t["list_debt_week"].format(week=fmt.date(w)),
                                    v.mention_ids["unfavourable"],
                                    priority=60,
                                )
                                for w, v in zip(x, weekly, strict=True)
                            ]
                        },
                    ),
                    caption=t["outlier_caption"],
                )
            )
        plat = sorted(debt_by(mine, "platform"), key=lambda p: -p.unfavourable)
        blocks.append(
            Table(
                [t["platform"], t["debt_u"], t["debt_f"], t["debt_ratio"], t["debt_needed"]],
                [
                    [
                        t.platform(p.key["platform"]),
                        fmt.num(p.unfavourable),
                        fmt.num(p.favourable),
                        val_cell(fmt, p.ratio),
                        val_cell(fmt, p.needed, 0),
                    ]
                    for p in plat
                ],
                numeric=(1, 2, 3, 4),
                caption=t["debt_platforms"],
            )
        )
    sec.blocks = blocks
    return sec


def _sov(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-sov", t["a_sov"], order=ORDER["a-sov"])
    if not rows:
        sec.blocks = [Para(t["no_data"])]
        return sec
    span = ctx.end - ctx.start
    from rumeur.analytics import audience as _audience
    from rumeur.analytics import frame

    prev = frame.load(
        ctx.store,
        frame.Scope(since=ctx.start - span, until=ctx.start),
        _audience.from_project(ctx.project),
        max_rows=ctx.project.max_rows,
    ).rows
    voices = share_of_voice(rows, prev or None)
    if len(voices) < 2:
        sec.blocks = [Para(t["sov_single"])]
        return sec
    refs = [
        ctx.lists.ref(
            t["list_sov"].format(brand=ctx.brand(v.brand)),
            [r["mention_id"] for r in rows if r["brand"] == v.brand],
            priority=80,
            total=v.mentions,
        )
        for v in voices
    ]
    figs: list[Block] = []
    for metric, title in (("volume", t["sov_volume"]), ("reach", t["sov_reach"])):
        figs.append(
            Figure(
                charts.hbars(
                    [(ctx.brand(v.brand), 100 * getattr(v, metric).value) for v in voices],
                    fmt,
                    title=title,
                    colours=[ctx.colour(v.brand) for v in voices],
                    width=460,
                    intervals=[
                        (100 * getattr(v, metric).lo, 100 * getattr(v, metric).hi) for v in voices
                    ],
                    hrefs=refs,
                    labeller=lambda x: fmt.pct(x / 100),
                )
            )
        )
    head: list[Inline] = [
        t["brand"],
        t["sov_volume_col"],
        t["sov_reach_col"],
        t["sov_fav_col"],
        t["sov_unfav_col"],
    ]
    with_change = any(v.change_test for v in voices)
    if with_change:
        head.append(t["sov_change"])
    trs = []
    for v in voices:
        tr: list[Inline | Cell] = [
            ctx.brand(v.brand),
            pct_cell(fmt, v.volume),
            pct_cell(fmt, v.reach),
            pct_cell(fmt, v.favourable),
            pct_cell(fmt, v.unfavourable),
        ]
        if with_change:
            tr.append(
                Cell(
                    f"{fmt.signed(100 * (v.change or 0))} {t['points']}",
                    f"p = {fmt.num(v.change_test.p_value, 3)}" if v.change_test else None,
                )
            )
        trs.append(tr)
    sec.blocks = [Row(figs), Table(head, trs, numeric=range(1, len(head))), note(t["sov_note"])]
    if voices:
        v = voices[0]
        sec.summary = t["sov_summary"].format(
            brand=ctx.brand(v.brand), volume=fmt.est_pct(v.volume), reach=fmt.est_pct(v.reach)
        )
    return sec


def _aspects(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-aspects", t["a_aspects"], order=ORDER["a-aspects"])
    if not any(r["aspects"] for r in rows):
        sec.blocks = [Para(t["no_aspects"])]
        return sec
    # only aspects that carry unfavourable reach, largest share first
    d = sorted(
        (
            x
            for x in drivers(rows)
            if x.negative_reach > 0 and x.negative_mentions and math.isfinite(x.reach_share.value)
        ),
        key=lambda x: (-x.reach_share.value, -x.negative_reach, x.aspect),
    )
    blocks: list[Block] = []
    if not d:
        blocks.append(Para(t["no_unfavourable_aspects"]))
    else:
        blocks.append(
            Figure(
                charts.hbars(
                    [(t.aspect(x.aspect), 100 * x.reach_share.value) for x in d],
                    fmt,
                    title=t["aspects_chart"],
                    colours="#b91c1c",
                    intervals=[(100 * x.reach_share.lo, 100 * x.reach_share.hi) for x in d],
                    hrefs=[
                        ctx.lists.ref(
                            t["list_aspect"].format(aspect=t.aspect(x.aspect)),
                            x.mention_ids,
                            priority=20,
                            total=x.negative_mentions,
                        )
                        for x in d
                    ],
                    labeller=lambda v: fmt.pct(v / 100),
                )
            )
        )
        sec.summary = t["aspects_summary"].format(
            aspect=t.aspect(d[0].aspect), share=fmt.est_pct(d[0].reach_share)
        )
    m = matrix(rows)
    brands = [b for b in ctx.brands if any(b in cells for cells in m.values())]
    blocks.append(
        Table(
            [t["aspect"]] + [ctx.brand(b) for b in brands],
            [
                [t.aspect(a)]
                + [
                    Cell(
                        f"−{fmt.num(m[a].get(b, {}).get('negative', 0))} / "
                        f"+{fmt.num(m[a].get(b, {}).get('positive', 0))}"
                    )
                    for b in brands
                ]
                for a in sorted(m, key=t.aspect)
            ],
            numeric=range(1, len(brands) + 1),
            caption=t["aspects_matrix"],
        )
    )
    sec.blocks = blocks
    return sec


def sections(ctx: ReportContext) -> list[Section]:
    rows = data.public_rows(ctx)
    scored = [r for r in rows if r["sentiment"]]
    return [_opinion(ctx, scored), _debt(ctx, scored), _sov(ctx, rows), _aspects(ctx, scored)]


__all__ = ["sections"]
