"""Report sections about behaviour: why people follow the brand (motivations) and who
speaks (detractors, promoters, the most influential)."""

from __future__ import annotations

import math
from typing import Any

from rumeur.analytics.motivation import gap
from rumeur.analytics.people import Person, answered_keys, people
from rumeur.report import charts, data
from rumeur.report.blocks import Block, Cell, Figure, Heading, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.data import pct_cell, val_cell


def _motivations(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-motivations", t["a_motivations"], order=ORDER["a-motivations"])
    if not rows:
        sec.blocks = [Para(t["no_data"])]
        return sec
    g = gap(rows)
    table = Table(
        [
            t["motivation"],
            t["offer"],
            t["demand"],
            t["gap"],
            t["engagement_offer"],
            t["engagement_demand"],
        ],
        [
            [
                t.motivation(x.motivation),
                pct_cell(fmt, x.brand_share),
                pct_cell(fmt, x.audience_share),
                Cell(
                    f"{fmt.signed(100 * x.gap.value)} {t['points']}",
                    fmt.interval(100 * x.gap.lo, 100 * x.gap.hi),
                )
                if math.isfinite(x.gap.value)
                else Cell("—"),
                val_cell(fmt, x.engagement, 0),
                val_cell(fmt, x.audience_engagement, 0),
            ]
            for x in g
        ],
        numeric=range(1, 6),
    )
    asked = [x for x in g if math.isfinite(x.gap.value) and x.gap.value > 0]
    blocks: list[Block] = [table, note(t["motivations_note"])]
    if asked:
        asked.sort(key=lambda x: -x.gap.value)
        blocks.append(
            Figure(
                charts.hbars(
                    [(t.motivation(x.motivation), 100 * x.gap.value) for x in asked],
                    fmt,
                    title=t["motivations_chart"],
                    colours="#0891b2",
                    intervals=[(100 * x.gap.lo, 100 * x.gap.hi) for x in asked],
                    hrefs=[
                        ctx.lists.ref(
                            t["list_motivation"].format(motivation=t.motivation(x.motivation)),
                            x.mention_ids,
                            priority=50,
                        )
                        for x in asked
                    ],
                    labeller=lambda v: f"{fmt.signed(v)} {t['points']}",
                )
            )
        )
        top = asked[0]
        sec.summary = t["motivations_summary"].format(
            motivation=t.motivation(top.motivation),
            gap=f"{fmt.signed(100 * top.gap.value)} {t['points']} "
            f"{fmt.interval(100 * top.gap.lo, 100 * top.gap.hi)}",
        )
    sec.blocks = blocks
    return sec


def _people(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-people", t["a_people"], order=ORDER["a-people"])
    if not rows:
        sec.blocks = [Para(t["no_data"])]
        return sec
    pp = people(rows, answered_keys(ctx.store))

    def table(lst: list[Person]) -> Block:
        if not lst:
            return Para(t["none"])
        return Table(
            [t["author"], t["mentions"], t["positive_n"], t["negative_n"], t["reach"]],
            [
                [
                    Span(
                        p.handle or t["anonymous"],
                        cls="ugc",
                        href=ctx.lists.ref(
                            t["list_person"].format(who=p.handle or t["anonymous"]),
                            p.mention_ids,
                            priority=40,
                            total=p.mentions,
                        ),
                    ),
                    fmt.num(p.mentions),
                    fmt.num(p.positive),
                    fmt.num(p.negative),
                    fmt.num(p.reach),
                ]
                for p in lst
            ],
            numeric=(1, 2, 3, 4),
        )

    blocks: list[Block] = []
    for title, lst in (
        (t["detractors"], pp.detractors),
        (t["promoters"], pp.promoters),
        (t["influential"], pp.influential),
    ):
        blocks += [Heading(title), table(lst)]
    if pp.answered_rate.n:
        blocks.append(
            Para(
                [
                    Span(t["answered"] + fmt.colon + " ", cls="strong"),
                    f"{fmt.est_pct(pp.answered_rate)} (n = {fmt.num(pp.answered_rate.n)})",
                ]
            )
        )
    blocks.append(note(t["people_note"]))
    sec.blocks = blocks
    return sec


def sections(ctx: ReportContext) -> list[Section]:
    everyone = data.rows(ctx)
    public = data.public_rows(ctx)
    return [_motivations(ctx, everyone), _people(ctx, public)]


__all__ = ["sections"]
