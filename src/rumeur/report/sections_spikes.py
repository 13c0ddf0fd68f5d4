"""Report section: what blew up and why.

Spikes (:func:`rumeur.analytics.spikes.scan`) come in bursts: a bad buzz raises the volume,
the negative count and the negative reach over several hours and days. The section first
shows *episodes* (a brand's spikes less than a day apart), each with its strongest spike,
its rising terms and where it started, then every spike one by one, folded.
When the analytics give a spike's ``tone`` and ``explanation.origin``, they are shown.
"""

from __future__ import annotations

from rumeur.analytics.spikes import Episode, Spike, episodes, tone_of
from rumeur.report import data
from rumeur.report.blocks import Block, Cell, Details, Inline, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.mentions import Ref

_SHOWN = 40


def _count(s: Spike) -> int | None:
    """How many mentions a spike counts (None for a reach or share measure)."""
    return int(s.observed) if s.metric in ("volume", "negative") else None


def _ref(ctx: ReportContext, s: Spike) -> Ref | None:
    t, fmt = ctx.t, ctx.fmt
    title = f"{ctx.brand(s.brand)} · {t.metric(s.metric)} · {fmt.span(s.start, s.end)}"
    return ctx.lists.ref(title, s.explanation["mention_ids"], priority=10, total=_count(s))


def _tone(ctx: ReportContext, spikes: list[Spike]) -> Inline:
    """The spikes' one tone (:func:`~rumeur.analytics.spikes.tone_of`), as a badge."""
    tone = tone_of(spikes)
    return Span(ctx.t[f"tone_{tone}"], cls=f"s-{tone}")


def _why(ctx: ReportContext, spikes: list[Spike]) -> Cell:
    """Rising terms of the strongest spike; the origin when known, else driving accounts."""
    t, fmt = ctx.t, ctx.fmt
    ex = max(spikes, key=lambda s: s.z).explanation
    terms = ", ".join(x["term"] for x in ex["terms"][:5] + ex["hashtags"][:2])
    origin = next((s.explanation.get("origin") for s in sorted(spikes, key=lambda s: s.start)
                   if s.explanation.get("origin")), None)  # fmt: skip
    who: list[str | Span] = []
    if origin and origin.get("author_handle"):
        who.append(Span(t["origin"] + fmt.colon + " ", cls="muted"))
        who.append(Span(str(origin["author_handle"]), href=origin.get("url"), cls="ugc strong"))
        if origin.get("why"):  # a sentence in the report's language (SpikeSettings.lang)
            who.append(Span(f" — {origin['why']}", cls="muted"))
    else:
        who.append(Span(", ".join(a["author"] for a in ex["accounts"][:3]), cls="ugc"))
    return Cell(Span(terms, cls="ugc"), who)


def _episode_table(ctx: ReportContext, eps: list[Episode], with_tone: bool) -> Table:
    t, fmt = ctx.t, ctx.fmt
    rows: list[list[Inline | Cell]] = []
    for ep in eps:
        top = ep.strongest
        measures = ", ".join(dict.fromkeys(t.metric(s.metric) for s in ep.spikes))
        row: list[Inline | Cell] = [
            Span(fmt.short_span(ep.start, ep.end), href=_ref(ctx, top)),
            ctx.brand(ep.brand),
            Cell(t["n_spikes"].format(n=fmt.num(len(ep.spikes))), measures),
            Cell(f"{fmt.num(top.observed)} / {fmt.num(top.expected, 1)}",
                 f"{t.metric(top.metric)} · z = {fmt.num(top.z, 1)}"),
            _why(ctx, ep.spikes),
        ]  # fmt: skip
        if with_tone:
            row.insert(2, _tone(ctx, ep.spikes))
        rows.append(row)
    head: list[Inline] = [t["when"], t["brand"], t["spikes"], t["strongest"], t["why"]]
    if with_tone:
        head.insert(2, t["tone"])
    return Table(head, rows, numeric=(4 if with_tone else 3,))


def _spike_table(ctx: ReportContext, spikes: list[Spike], with_tone: bool) -> Table:
    t, fmt = ctx.t, ctx.fmt
    rows: list[list[Inline | Cell]] = []
    for s in spikes[:_SHOWN]:
        row: list[Inline | Cell] = [
            Span(fmt.short_span(s.start, s.end), href=_ref(ctx, s)),
            ctx.brand(s.brand),
            t.metric(s.metric),
            Cell(f"{fmt.num(s.observed)} / {fmt.num(s.expected, 1)}", f"z = {fmt.num(s.z, 1)}"),
            _why(ctx, [s]),
        ]
        if with_tone:
            row.insert(3, _tone(ctx, [s]))
        rows.append(row)
    head: list[Inline] = [t["when"], t["brand"], t["measure"], t["observed_expected"], t["why"]]
    if with_tone:
        head.insert(3, t["tone"])
    return Table(head, rows, numeric=(4 if with_tone else 3,))


def sections(ctx: ReportContext) -> list[Section]:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-spikes", t["a_spikes"], order=ORDER["a-spikes"])
    spikes = sorted(data.spikes(ctx), key=lambda s: (s.start, s.brand, s.metric))
    if not spikes:
        sec.blocks = [Para(t["no_spikes"])]
        return [sec]
    with_tone = any(getattr(s, "tone", None) for s in spikes)
    eps = episodes(spikes)
    blocks: list[Block] = [_episode_table(ctx, eps, with_tone), note(t["spikes_note"])]
    detail: list[Block] = [_spike_table(ctx, spikes, with_tone)]
    if len(spikes) > _SHOWN:
        detail.append(note(t["more_spikes"].format(n=fmt.num(len(spikes) - _SHOWN))))
    blocks.append(Details(t["spikes_detail"].format(n=fmt.num(len(spikes))), detail))
    sec.blocks = blocks
    s0 = max(spikes, key=lambda s: s.z)
    sec.summary = t["spikes_summary"].format(
        episodes=fmt.num(len(eps)), n=fmt.num(len(spikes)), brand=ctx.brand(s0.brand),
        metric=t.metric(s0.metric), when=fmt.span(s0.start, s0.end),
        observed=fmt.num(s0.observed), expected=fmt.num(s0.expected, 1), z=fmt.num(s0.z, 1),
    )  # fmt: skip
    return [sec]


__all__ = ["sections"]
