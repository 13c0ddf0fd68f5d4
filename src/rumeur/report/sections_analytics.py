"""Report sections for the reputation analytics: an executive summary that states each
finding with its interval, then opinion, negative debt, share of voice, aspects,
motivations, spikes and people, each chart linking to the list of mentions behind it
(anchors into the "mentions behind the figures" section at the end)."""

from __future__ import annotations

import math
from html import escape
from typing import Any

from rumeur.analytics import audience as _audience
from rumeur.analytics import frame
from rumeur.analytics.aspects import drivers, matrix
from rumeur.analytics.debt import debt_by, negative_debt, trend
from rumeur.analytics.motivation import gap
from rumeur.analytics.opinion import opinion
from rumeur.analytics.people import answered_keys, people
from rumeur.analytics.sov import share_of_voice
from rumeur.analytics.spikes import SpikeSettings, scan
from rumeur.analytics.stats import Estimate
from rumeur.report import charts
from rumeur.report.build import ReportContext, Section
from rumeur.report.i18n import labels
from rumeur.report.i18n_analytics import LABELS as _L


class _Lists:
    """Mention lists the charts link to (anchors ``#ml-<n>``)."""

    def __init__(self, by_id: dict[str, dict[str, Any]]) -> None:
        self.by_id = by_id
        self.items: list[tuple[str, str, list[str]]] = []

    def href(self, title: str, ids: list[str]) -> str | None:
        if not ids:
            return None
        anchor = f"ml-{len(self.items) + 1}"
        self.items.append((anchor, title, ids[:20]))
        return "#" + anchor


def _num(v: float, lang: str, digits: int = 1) -> str:
    if not math.isfinite(v):
        return "—"
    s = f"{v:,.{digits}f}".replace(",", "\u202f")
    return s.replace(".", ",") if lang == "fr" else s.replace("\u202f", ",")


def _pct(e: Estimate, lang: str) -> str:
    return (f"{_num(100 * e.value, lang)} % [{_num(100 * e.lo, lang)} – "
            f"{_num(100 * e.hi, lang)}]")  # fmt: skip


def _val(e: Estimate, lang: str, digits: int = 2) -> str:
    return (f"{_num(e.value, lang, digits)} [{_num(e.lo, lang, digits)} – "
            f"{_num(e.hi, lang, digits)}]")  # fmt: skip


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def sections(ctx: ReportContext) -> list[Section]:
    lang = ctx.lang
    for code, entries in _L.items():
        ctx.t.add(code, entries)
    t = labels(lang)
    aud = _audience.from_project(ctx.project)
    # the report's period is inclusive of its end (the newest mention)
    own = [
        r
        for r in frame.load(
            ctx.store, frame.Scope(since=ctx.start, include_own=True), aud, with_text=True
        ).rows
        if r["created_at"] <= ctx.end
    ]
    rows = [r for r in own if not r["is_own_account"]]
    names = ctx.brand_names
    lists = _Lists({r["mention_id"]: r for r in own})
    ours = [b.id for b in ctx.project.brands if not b.competitor] or list(ctx.brands)
    summary: list[str] = []
    out: list[Section] = []
    scored = [r for r in rows if r["sentiment"]]
    if scored:
        out += [_opinion(ctx, t, scored, ours, lists, summary),
                _debt(ctx, t, scored, ours, lists, summary)]  # fmt: skip
    else:
        out.append(Section("a-opinion", t["a_opinion"], f"<p>{t['no_sentiment']}</p>"))
    out.append(_sov(ctx, t, rows, lists, summary))
    out.append(_aspects(ctx, t, scored, lists, summary))
    out.append(_motivations(ctx, t, own, lists, summary))
    out.append(_spikes(ctx, t, rows, lists, summary))
    out.append(_people(ctx, t, rows, lists))
    out.append(_lists_section(t, lists, names))
    head = Section("a-summary", t["a_summary"],
                   "<ul>" + "".join(f"<li>{s}</li>" for s in summary) + "</ul>",
                   summary=" ".join(summary[:2]) or None, order=0)  # fmt: skip
    return [head, *out]


def _opinion(ctx, t, rows, ours, lists, summary) -> Section:
    lang, names = ctx.lang, ctx.brand_names
    cells = opinion(rows, by=("brand",))
    trs, parts = [], []
    for c in cells:
        b = c.key["brand"]
        trs.append([escape(names.get(b, b)), str(c.volume), str(c.authors),
                    _pct(c.shares["positive"], lang), _pct(c.shares["negative"], lang),
                    _pct(c.weighted_shares["positive"], lang),
                    _pct(c.weighted_shares["negative"], lang)])  # fmt: skip
        if b in ours:
            pos, neg = _pct(c.shares["positive"], lang), _pct(c.shares["negative"], lang)
            wneg, n = _pct(c.weighted_shares["negative"], lang), c.volume - c.unscored
            summary.append(
                f"{names.get(b, b)} : {pos} de mentions favorables contre {neg} défavorables "
                f"(n = {n}) ; pondéré par l'audience, {wneg} des impressions sont défavorables."
                if lang == "fr" else
                f"{names.get(b, b)}: {pos} of mentions favourable vs {neg} unfavourable "
                f"(n = {n}); weighted by reach, {wneg} of impressions are unfavourable."
            )  # fmt: skip
    weekly = opinion([r for r in rows if r["brand"] in ours], by=("period",), period="week")
    if weekly:
        x = [c.key["period"] for c in weekly]
        ser = {
            t["unfavourable"]: [100 * c.shares["negative"].value for c in weekly],
            t["favourable"]: [100 * c.shares["positive"].value for c in weekly],
        }
        bands = {
            t["unfavourable"]: [
                (100 * c.shares["negative"].lo, 100 * c.shares["negative"].hi) for c in weekly
            ],
            t["favourable"]: [
                (100 * c.shares["positive"].lo, 100 * c.shares["positive"].hi) for c in weekly
            ],
        }
        hrefs = {
            t["unfavourable"]: [
                lists.href(f"{t['unfavourable']} {c.key['period']}", c.mention_ids["negative"])
                for c in weekly
            ],
            t["favourable"]: [
                lists.href(f"{t['favourable']} {c.key['period']}", c.mention_ids["positive"])
                for c in weekly
            ],
        }
        colours = {t["unfavourable"]: "#dc2626", t["favourable"]: "#16a34a"}
        title = "% / " + ", ".join(names.get(b, b) for b in ours)
        parts.append(charts.line_chart(x, ser, title=title,
                                       bands=bands, hrefs=hrefs, colours=colours))  # fmt: skip
    head = [
        "",
        t["mentions"],
        t["authors"],
        t["favourable"],
        t["unfavourable"],
        f"{t['favourable']} ({t['weighted']})",
        f"{t['unfavourable']} ({t['weighted']})",
    ]
    return Section("a-opinion", t["a_opinion"], _table(head, trs) + "".join(parts))  # fmt: skip


def _debt(ctx, t, rows, ours, lists, summary) -> Section:
    lang, names = ctx.lang, ctx.brand_names
    per_brand = debt_by(rows, "brand")
    items = [
        (names.get(d.key["brand"], d.key["brand"]), d.ratio.value)
        for d in per_brand
        if math.isfinite(d.ratio.value)
    ]
    ivs = [(d.ratio.lo, d.ratio.hi) for d in per_brand if math.isfinite(d.ratio.value)]
    hrefs = [
        lists.href(f"U/F {d.key['brand']}", d.mention_ids["unfavourable"])
        for d in per_brand
        if math.isfinite(d.ratio.value)
    ]
    html = charts.hbars(items, title="U / F", intervals=ivs, hrefs=hrefs, value_format="{:.2f}")
    mine = [r for r in rows if r["brand"] in ours]
    if mine:
        d = negative_debt(mine)
        weekly = debt_by(mine, "period", period="week")
        slope = trend(weekly)
        if lang == "fr":
            summary.append(
                f"Dette négative ({', '.join(names.get(b, b) for b in ours)}) : "
                f"{_val(d.ratio, lang)} impression défavorable par impression favorable ; il "
                f"faudrait {_num(d.needed.value, lang, 0)} [{_num(d.needed.lo, lang, 0)} – "
                f"{_num(d.needed.hi, lang, 0)}] impressions favorables de plus pour compenser "
                f"(à raison de {d.offset:g} pour 1)."
                + (f" Tendance : {100 * (math.exp(slope) - 1):+.0f} % par semaine." if slope
                   is not None else ""))  # fmt: skip
        else:
            summary.append(
                f"Negative debt ({', '.join(names.get(b, b) for b in ours)}): "
                f"{_val(d.ratio, lang)} unfavourable impressions per favourable one; "
                f"{_num(d.needed.value, lang, 0)} [{_num(d.needed.lo, lang, 0)} – "
                f"{_num(d.needed.hi, lang, 0)}] more favourable impressions needed to offset "
                f"them ({d.offset:g} for 1)."
                + (f" Trend: {100 * (math.exp(slope) - 1):+.0f}% per week." if slope
                   is not None else ""))  # fmt: skip
        x = [w.key["period"] for w in weekly]
        html += charts.line_chart(
            x, {"U/F": [w.ratio.value if math.isfinite(w.ratio.value) else None for w in weekly]},
            bands={"U/F": [(w.ratio.lo, w.ratio.hi) if math.isfinite(w.ratio.hi) else None
                           for w in weekly]},
            hrefs={"U/F": [lists.href(f"U/F {w.key['period']}", w.mention_ids["unfavourable"])
                           for w in weekly]}, title="U / F")  # fmt: skip
        plat = debt_by(mine, "platform")
        html += _table(["", "U", "F", "U/F", "+F"], [
            [escape(p.key["platform"]), _num(p.unfavourable, lang, 0), _num(p.favourable, lang, 0),
             _val(p.ratio, lang), _val(p.needed, lang, 0)] for p in plat])  # fmt: skip
    note = ("<p class='note'>U : impressions défavorables estimées, F : favorables. Méthode : "
            "docs/analytics.md.</p>" if lang == "fr" else
            "<p class='note'>U: estimated unfavourable impressions, F: favourable. Method: "
            "docs/analytics.md.</p>")  # fmt: skip
    return Section("a-debt", t["a_debt"], note + html)


def _sov(ctx, t, rows, lists, summary) -> Section:
    lang, names = ctx.lang, ctx.brand_names
    span = ctx.end - ctx.start
    prev = frame.load(ctx.store, frame.Scope(since=ctx.start - span, until=ctx.start),
                      _audience.from_project(ctx.project)).rows  # fmt: skip
    voices = share_of_voice(rows, prev or None)
    html = ""
    for metric in ("volume", "reach"):
        html += charts.hbars(
            [(names.get(v.brand, v.brand), 100 * getattr(v, metric).value) for v in voices],
            intervals=[(100 * getattr(v, metric).lo, 100 * getattr(v, metric).hi) for v in voices],
            hrefs=[lists.href(f"{v.brand}", [r["mention_id"] for r in rows
                                             if r["brand"] == v.brand]) for v in voices],
            title=f"{t['share_of_voice']} — {metric}", value_format="{:.1f} %")  # fmt: skip
    html += _table(["", "volume", "reach", t["favourable"], t["unfavourable"], "Δ"], [
        [escape(names.get(v.brand, v.brand)), _pct(v.volume, lang), _pct(v.reach, lang),
         _pct(v.favourable, lang), _pct(v.unfavourable, lang),
         f"{100 * (v.change or 0):+.1f} pts (p = {v.change_test.p_value:.3f})"
         if v.change_test else "—"]
        for v in voices])  # fmt: skip
    if voices:
        v = voices[0]
        summary.append(
            f"{t['share_of_voice']}{' :' if lang == 'fr' else ':'} {names.get(v.brand, v.brand)} "
            f"{_pct(v.volume, lang)} (volume), {_pct(v.reach, lang)} ({t['reach'].lower()})."
        )
    return Section("a-sov", t["a_sov"], html)


def _aspects(ctx, t, rows, lists, summary) -> Section:
    lang, names = ctx.lang, ctx.brand_names
    d = drivers(rows)
    if not d:
        return Section("a-aspects", t["a_aspects"], f"<p>{t['no_aspects']}</p>")
    html = charts.hbars([(x.aspect, 100 * x.reach_share.value) for x in d],
                        intervals=[(100 * x.reach_share.lo, 100 * x.reach_share.hi) for x in d],
                        hrefs=[lists.href(x.aspect, x.mention_ids) for x in d],
                        title="% U", value_format="{:.1f} %")  # fmt: skip
    m = matrix(rows)
    brands = sorted({b for cells in m.values() for b in cells})
    html += _table([""] + [names.get(b, b) for b in brands], [
        [escape(a)] + [f"−{m[a].get(b, {}).get('negative', 0)} / "
                       f"+{m[a].get(b, {}).get('positive', 0)}" for b in brands]
        for a in sorted(m)])  # fmt: skip
    if lang == "fr":
        summary.append(
            f"Aspect le plus lié à l'audience défavorable : {d[0].aspect}, "
            f"{_pct(d[0].reach_share, lang)} des impressions défavorables."
        )
    else:
        summary.append(
            f"Aspect most tied to the unfavourable reach: {d[0].aspect}, "
            f"{_pct(d[0].reach_share, lang)} of unfavourable impressions."
        )
    return Section("a-aspects", t["a_aspects"], html)


def _motivations(ctx, t, own, lists, summary) -> Section:
    lang = ctx.lang
    g = gap(own)
    rows = [[escape(x.motivation), _pct(x.brand_share, lang), _pct(x.audience_share, lang),
             _pct(x.gap, lang), _val(x.engagement, lang, 1),
             _val(x.audience_engagement, lang, 1)] for x in g]  # fmt: skip
    html = _table(["", t["offer"], t["demand"], "Δ", f"engagement ({t['offer']})",
                   f"engagement ({t['demand']})"], rows)  # fmt: skip
    html += charts.hbars([(x.motivation, 100 * x.gap.value) for x in g if x.gap.value >= 0],
                         hrefs=[lists.href(x.motivation, x.mention_ids) for x in g
                                if x.gap.value >= 0], title="Δ > 0",
                         value_format="{:.1f}")  # fmt: skip
    top = max(g, key=lambda x: x.gap.value if math.isfinite(x.gap.value) else -9)
    if math.isfinite(top.gap.value):
        colon = " :" if lang == "fr" else ":"
        summary.append(
            f"{top.motivation}{colon} {t['demand']} − {t['offer']} = {_pct(top.gap, lang)}."
        )
    return Section("a-motivations", t["a_motivations"], html)


def _spikes(ctx, t, rows, lists, summary) -> Section:
    spikes = scan(rows, ctx.start, ctx.end, SpikeSettings())
    if not spikes:
        return Section("a-spikes", t["a_spikes"], f"<p>{t['no_spikes']}</p>")
    items = []
    for s in spikes[:20]:
        ex = s.explanation
        href = lists.href(f"{s.brand} {s.metric} {s.start:%d/%m %H:%M}", ex["mention_ids"])
        items.append(
            f"<li><a href='{href}'><b>{escape(s.brand)}</b> — {escape(s.metric)}</a> "
            f"{s.start:%d/%m/%Y %H:%M} → {s.end:%H:%M} : {s.observed:.0f} / "
            f"{s.expected:.1f} (z = {s.z:.1f}) · "
            + escape(", ".join(x["term"] for x in ex["terms"][:6] + ex["hashtags"][:3]))
            + " · " + escape(", ".join(a["author"] for a in ex["accounts"][:3]))
            + "</li>")  # fmt: skip
    # daily volume per brand; a day holding the start of a spike links to its mentions
    names = ctx.brand_names
    days = sorted({r["created_at"].date() for r in rows})
    didx = {d: i for i, d in enumerate(days)}
    series: dict[str, list[float | None]] = {}
    hrefs: dict[str, list[str | None]] = {}
    for r in rows:
        name = names.get(r["brand"], r["brand"])
        series.setdefault(name, [0.0] * len(days))[didx[r["created_at"].date()]] += 1  # type: ignore[operator]
    for s in spikes:
        name = names.get(s.brand, s.brand)
        day = s.start.date()
        if name in series and day in didx:
            links = hrefs.setdefault(name, [None] * len(days))
            links[didx[day]] = links[didx[day]] or lists.href(
                f"{s.brand} {s.metric} {s.start:%d/%m %H:%M}", s.explanation["mention_ids"]
            )
    chart = charts.line_chart([d.strftime("%d/%m") for d in days], series, hrefs=hrefs,
                              title=t["volume_brand"])  # fmt: skip
    s0 = max(spikes, key=lambda s: s.z)
    what = "pic(s) ; le plus fort" if ctx.lang == "fr" else "spike(s); strongest"
    summary.append(f"{len(spikes)} {what} : {s0.brand} {s0.metric} {s0.start:%d/%m %H:%M} UTC "
                   f"({s0.observed:.0f} vs {s0.expected:.1f}, z = {s0.z:.1f}).")  # fmt: skip
    return Section("a-spikes", t["a_spikes"], chart + "<ul>" + "".join(items) + "</ul>")


def _people(ctx, t, rows, lists) -> Section:
    lang = ctx.lang
    pp = people(rows, answered_keys(ctx.store))
    html = charts.hbars(
        [(p.handle or p.author, p.reach) for p in pp.detractors],
        hrefs=[lists.href(p.handle or p.author, p.mention_ids) for p in pp.detractors],
        title=f"− · {t['reach']}", colour="#dc2626",
    )  # fmt: skip
    for title, lst in (("+", pp.promoters), ("−", pp.detractors), ("reach", pp.influential)):
        html += f"<h3>{escape(title)}</h3>" + _table(
            [t["author"], t["mentions"], "+", "−", t["reach"]],
            [[f"<a href='{lists.href(p.handle or p.author, p.mention_ids)}'>"
              f"{escape(p.handle or p.author)}</a>",
              str(p.mentions), str(p.positive), str(p.negative), _num(p.reach, lang, 0)]
             for p in lst])  # fmt: skip
    html += f"<p>{_pct(pp.answered_rate, lang)} (n = {pp.answered_rate.n})</p>"
    return Section("a-people", t["a_people"], html)


def _lists_section(t, lists: _Lists, names: dict[str, str]) -> Section:
    parts = []
    for anchor, title, ids in lists.items:
        lis = []
        for i in ids:
            r = lists.by_id.get(i)
            if r is None:
                continue
            lis.append(
                f"<li><small>{r['created_at']:%d/%m/%Y %H:%M} · "
                f"{escape(str(r.get('author_handle') or r['author']))} · "
                f"{escape(r['platform'])}</small> {escape((r.get('text') or '')[:200])}</li>"
            )
        parts.append(f"<div id='{anchor}'><h4>{escape(title)}</h4><ol>{''.join(lis)}</ol></div>")
    return Section("a-lists", t["a_lists"], "".join(parts), order=95)
