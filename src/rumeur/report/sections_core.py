"""The report's core sections: volumes, most-seen mentions, quarantine and method notes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from rumeur.analytics import audience
from rumeur.analytics.audience import PARENT_JOIN
from rumeur.ingest import reasons
from rumeur.ingest.excerpt import particulars
from rumeur.query import SENTIMENT_SQL
from rumeur.report import charts, data, timecharts
from rumeur.report.blocks import Block, Cell, Figure, Inline, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.mentions import Ref


def _volume(ctx: ReportContext) -> Section:
    t, fmt, st = ctx.t, ctx.fmt, ctx.store
    sec = Section("volume", t["volume"], order=ORDER["volume"])
    plat = st.query(
        "SELECT platform, count(*) AS n FROM mentions WHERE created_at BETWEEN ? AND ? "
        "GROUP BY 1 ORDER BY n DESC, platform",
        ctx.period_params(),
    )
    total = sum(p["n"] for p in plat)
    if not total:
        sec.blocks = [Para(t["no_data"])]
        return sec
    unmatched = data.scalar(
        ctx,
        "SELECT count(*) FROM mentions WHERE unmatched AND created_at BETWEEN ? AND ?",
        ctx.period_params(),
    )
    # mentions per local day and brand; a day where a spike starts links to its mentions
    per_day: dict[str, dict[datetime, float]] = defaultdict(dict)
    for r in data.rows(ctx):
        day = fmt.local(r["created_at"]).replace(hour=12, minute=0, second=0, microsecond=0)
        per_day[r["brand"]][day] = per_day[r["brand"]].get(day, 0.0) + 1
    days = sorted({d for s in per_day.values() for d in s})
    series: dict[str, list[tuple[datetime, float | None]]] = {}
    hrefs: dict[str, list[Ref | None]] = {}
    colours: dict[str, str] = {}
    links: dict[tuple[str, date], Ref | None] = {}
    for s in data.spikes(ctx):
        title = f"{ctx.brand(s.brand)} · {t.metric(s.metric)} · {fmt.span(s.start, s.end)}"
        count = int(s.observed) if s.metric in ("volume", "negative") else None
        ref = ctx.lists.ref(title, s.explanation["mention_ids"], priority=10, total=count)
        links.setdefault((s.brand, fmt.local(s.start).date()), ref)
    for b in ctx.brands:
        if b not in per_day:
            continue
        name = ctx.brand(b)
        series[name] = [(d, per_day[b].get(d, 0.0)) for d in days]
        hrefs[name] = [links.get((b, d.date())) for d in days]
        colours[name] = ctx.colour(b)
    blocks: list[Block] = [
        Para(t["volume_text"].format(n=fmt.num(total), u=fmt.num(unmatched or 0))),
        Figure(
            timecharts.time_lines(
                series, fmt, title=t["volume_brand"], colours=colours, hrefs=hrefs
            ),
            caption=t["volume_caption"],
        ),
        Figure(
            charts.hbars(
                [(t.platform(p["platform"]), float(p["n"])) for p in plat],
                fmt,
                title=t["volume_platform"],
                colours="#64748b",
            )
        ),
    ]
    sec.blocks = blocks
    sec.summary = t["volume_summary"].format(n=fmt.num(total))
    return sec


def _top(ctx: ReportContext) -> Section:
    t, fmt, st = ctx.t, ctx.fmt, ctx.store
    aud = audience.from_project(ctx.project)
    rows = st.query(
        f"SELECT m.*, s.sentiment, s.sentiment_model, {aud.sql('m', 'p')} AS reach "
        f"FROM mentions m {PARENT_JOIN} "
        f"LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id "
        "WHERE m.created_at BETWEEN ? AND ? ORDER BY reach DESC, m.mention_id LIMIT 15",
        ctx.period_params(),
    )
    sec = Section("top", t["top_mentions"], order=ORDER["top"])
    if not rows:
        sec.blocks = [Para(t["no_data"])]
        return sec
    out: list[list[Inline | Cell]] = []
    accurate = 0  # labels from the accurate tier, marked ◆
    for r in rows:
        label = r["sentiment"] or "unknown"
        model = r["sentiment_model"] or ""
        mark = " ◆" if model.startswith("sentiment-accurate@") else ""
        accurate += bool(mark)
        author: list[str | Span] = [Span(r["author_handle"] or t["anonymous"], cls="ugc")]
        if r["is_own_account"]:
            author.append(Span(f" ({t['own']})", cls="muted"))
        out.append(
            [
                fmt.datetime(r["created_at"]),
                Span(t.platform(r["platform"]), href=r["url"]),
                author,
                fmt.num(round(r["reach"] or 0)),
                Span(t[label] + mark, cls=f"s-{label}", title=model),
                Cell(Span(" ".join((r["text"] or "")[:280].split()), cls="ugc")),
            ]
        )
    head = [t["date"], t["platform"], t["author"], t["reach"], t["sentiment"], t["text"]]
    sec.blocks = [Table(head, out, numeric=(3,), cls="mentions")]
    if accurate:
        sec.blocks.append(note(t["accurate_note"]))
    return sec


def _quarantine(ctx: ReportContext) -> Section:
    """Rows waiting in quarantine per file and kind of reason: what sets the first case
    apart (its value, an excerpt of the row), the first lines, how many."""
    t, fmt = ctx.t, ctx.fmt
    stored = ctx.store.query(
        "SELECT coalesce(origin, source) AS origin, code, split_part(reason, ':', 1) AS head, "
        "arg_min({'reason': reason, 'payload': payload}, "
        "(coalesce(line, 0), quarantine_id)) AS first, list(line ORDER BY line) "
        "FILTER (WHERE line IS NOT NULL)[1:6] AS lines, count(*) AS n "
        "FROM quarantine WHERE status = 'open' GROUP BY ALL"
    )
    sec = Section("quarantine", t["quarantine"], order=ORDER["quarantine"])
    if not stored:
        sec.blocks = [Para(t["none"])]
        return sec
    rows = []
    for r in stored:
        reason, payload = r["first"]["reason"], r["first"]["payload"]
        code = r["code"] or reasons.classify(reason)[0]
        lines = [fmt.num(n) for n in (r["lines"] or [])[:5]]
        shown = ", ".join(lines) + (" …" if r["n"] > len(lines) and lines else "")
        first = particulars(reason, payload, ctx.lang, code)
        rows.append((r["origin"], t.reason(r["head"], code), first, shown, r["n"]))
    rows.sort(key=lambda r: (-r[4], r[0], r[1]))
    sec.blocks = [
        Table(
            [t["file"], t["reason"], t["q_example"], t["q_lines"], t["count"]],
            [
                [Span(str(o), cls="ugc"), kind, Span(first, cls="ugc"), lines, fmt.num(n)]
                for o, kind, first, lines, n in rows
            ],
            numeric=(4,),
        ),
        note(t["quarantine_hint"]),
    ]
    sec.summary = t["quarantine_summary"].format(n=fmt.num(sum(r[4] for r in rows)))
    return sec


def _method(ctx: ReportContext) -> Section:
    t, fmt = ctx.t, ctx.fmt
    models = ctx.store.query(
        "SELECT enricher, version, count(*) AS n FROM enrichments GROUP BY ALL ORDER BY 1, 2"
    )
    table = Table(
        [t["enricher"], t["mentions"]],
        [[Span(f"{m['enricher']}@{m['version']}", cls="code"), fmt.num(m["n"])] for m in models],
        numeric=(1,),
        caption=t["models"],
    )
    return Section("method", t["method"], [Para(t["method_text"]), table], order=ORDER["method"])


def sections(ctx: ReportContext) -> list[Section]:
    return [_volume(ctx), _top(ctx), _quarantine(ctx), _method(ctx)]


__all__ = ["sections"]
