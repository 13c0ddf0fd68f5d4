"""Report sections about behaviour: why people follow the brand (motivations), what blew
up and why (spikes), and who speaks (promoters, detractors, the most influential)."""

from __future__ import annotations

import math
from typing import Any

from rumeur.analytics.motivation import gap
from rumeur.analytics.people import Person, answered_keys, people
from rumeur.report import charts, data
from rumeur.report.blocks import Block, Cell, Figure, Heading, Inline, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.data import pct_cell, val_cell

_SHOWN_SPIKES = 20


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


def _total(s: Any) -> int | None:
    """How many mentions a spike counts (None for a reach measure)."""
    return int(s.observed) if s.metric in ("volume", "negative") else None


def _tone(s: Any, t: Any) -> Span | str:
    tone = getattr(s, "tone", None)
    if tone is None:
        return "—"
    cls = {"negative": "s-negative", "positive": "s-positive", "mixed": "s-mixed"}.get(tone)
    return Span(t[f"tone_{tone}"], cls=cls)


def _spikes(ctx: ReportContext) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-spikes", t["a_spikes"], order=ORDER["a-spikes"])
    spikes = sorted(data.spikes(ctx), key=lambda s: (s.start, s.brand, s.metric))
    if not spikes:
        sec.blocks = [Para(t["no_spikes"])]
        return sec
    with_tone = any(getattr(s, "tone", None) for s in spikes)
    trs = []
    for s in spikes[:_SHOWN_SPIKES]:
        ex = s.explanation
        title = f"{ctx.brand(s.brand)} · {t.metric(s.metric)} · {fmt.span(s.start, s.end)}"
        ref = ctx.lists.ref(title, ex["mention_ids"], priority=10, total=_total(s))
        terms = ", ".join(x["term"] for x in ex["terms"][:5] + ex["hashtags"][:2])
        origin = ex.get("origin") or {}
        who: list[str | Span] = []
        if origin.get("author_handle"):
            who.append(Span(t["origin"] + fmt.colon + " ", cls="muted"))
            who.append(Span(str(origin["author_handle"]), cls="ugc strong"))
        else:
            who.append(Span(", ".join(a["author"] for a in ex["accounts"][:3]), cls="ugc"))
        row: list[Inline | Cell] = [
            Span(fmt.span(s.start, s.end), href=ref),
            ctx.brand(s.brand),
            t.metric(s.metric),
            Cell(f"{fmt.num(s.observed)} / {fmt.num(s.expected, 1)}", f"z = {fmt.num(s.z, 1)}"),
            Cell(Span(terms, cls="ugc"), who),
        ]
        if with_tone:
            row.insert(3, _tone(s, t))
        trs.append(row)
    head: list[Inline] = [t["when"], t["brand"], t["measure"], t["observed_expected"], t["why"]]
    if with_tone:
        head.insert(3, t["tone"])
    sec.blocks = [Table(head, trs, numeric=(4 if with_tone else 3,)), note(t["spikes_note"])]
    if len(spikes) > _SHOWN_SPIKES:
        sec.blocks.append(note(t["more_spikes"].format(n=fmt.num(len(spikes) - _SHOWN_SPIKES))))
    s0 = max(spikes, key=lambda s: s.z)
    sec.summary = t["spikes_summary"].format(
        n=fmt.num(len(spikes)),
        brand=ctx.brand(s0.brand),
        metric=t.metric(s0.metric),
        when=fmt.span(s0.start, s0.end),
        observed=fmt.num(s0.observed),
        expected=fmt.num(s0.expected, 1),
        z=fmt.num(s0.z, 1),
    )
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
    return [_motivations(ctx, everyone), _spikes(ctx), _people(ctx, public)]


__all__ = ["sections"]
