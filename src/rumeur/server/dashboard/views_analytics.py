"""Share of voice, aspects, motivations (offer vs demand), people and polls: view-models
over the Workspace's analytics, each figure with its 95 % interval."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from rumeur.server.dashboard.charts import bars, colours_for

if TYPE_CHECKING:
    from rumeur.analytics.people import Person
    from rumeur.analytics.stats import Estimate
    from rumeur.server.dashboard.page import Page


def _pct(page: Page, e: Estimate | None) -> str:
    if e is None or not math.isfinite(e.value):
        return "—"
    return page.fmt.est_pct(e)


def _iv(e: Estimate) -> tuple[float, float] | None:
    return (e.lo, e.hi) if math.isfinite(e.lo) and math.isfinite(e.hi) else None


def voice(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    voices = ws.share_of_voice(page.filters.scope(ws))
    ids = [b.id for b in ws.project.brands]
    voices.sort(key=lambda v: ids.index(v.brand) if v.brand in ids else len(ids))
    colours = colours_for(ids)
    names = [page.brand_name(v.brand) for v in voices]
    fills = [colours.get(v.brand, "#4b5563") for v in voices]
    charts = []
    if voices:
        for key, title in (("volume", "share_volume"), ("reach", "share_reach")):
            est = [getattr(v, key) for v in voices]
            charts.append(
                bars(
                    list(zip(names, [e.value for e in est], strict=True)),
                    fmt,
                    title=t[title],
                    value_label=t["share"],
                    intervals=[_iv(e) for e in est],
                    percent=True,
                    colours=fills,
                )
            )
    rows = [
        {
            "brand": page.brand_name(v.brand),
            "mentions": fmt.num(v.mentions),
            "volume": _pct(page, v.volume),
            "reach": _pct(page, v.reach),
            "net_voice": _pct(page, v.net_voice),
            "change": fmt.signed(100 * v.change, 1) + " pt" if v.change is not None else "—",
        }
        for v in voices
    ]
    # the change column only when there is a previous period to compare with (a whole
    # store has none: a column of dashes says nothing)
    with_change = any(v.change is not None for v in voices)
    return {"charts": charts, "rows": rows, "with_change": with_change}


def aspects(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    report = ws.aspects(page.filters.scope(ws))
    drivers = sorted(report.drivers, key=lambda d: d.reach_share.value, reverse=True)
    chart = None
    if drivers:
        chart = bars(
            [(t.term("aspect", d.aspect), d.reach_share.value) for d in drivers],
            fmt,
            title=t["reach_share"],
            value_label=t["share"],
            intervals=[_iv(d.reach_share) for d in drivers],
            percent=True,
            colours="#b91c1c",
        )
    rows = [
        {
            "aspect": t.term("aspect", d.aspect),
            "mentions": fmt.num(d.negative_mentions),
            "reach": fmt.audience(d.negative_reach),
            "reach_share": _pct(page, d.reach_share),
            "rate": _pct(page, d.negative_rate),
            "url": page.url("mentions", sentiment="negative", q=""),
        }
        for d in drivers
    ]
    brands = [b.id for b in ws.project.brands]
    matrix = []
    for aspect, per_brand in sorted(report.matrix.items()):
        cells = []
        for b in brands:
            c = per_brand.get(b, {})
            cells.append({s: fmt.num(c.get(s, 0)) for s in ("negative", "neutral", "positive")})
        matrix.append({"aspect": t.term("aspect", aspect), "cells": cells})
    return {
        "chart": chart,
        "rows": rows,
        "matrix": matrix,
        "brands": [page.brand_name(b) for b in brands],
    }


def motivations(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    gaps = ws.motivations(page.filters.scope(ws))
    rows = [
        {
            "motivation": t.term("motivation", g.motivation),
            "offer": _pct(page, g.brand_share),
            "offer_n": fmt.num(g.brand_posts),
            "demand": _pct(page, g.audience_share),
            "demand_n": fmt.num(g.audience_messages),
            "gap": fmt.signed(100 * g.gap.value, 1) + " pt" if math.isfinite(g.gap.value) else "—",
            "engagement": fmt.num(g.engagement.value, 1)
            if math.isfinite(g.engagement.value)
            else "—",
        }
        for g in gaps
    ]
    charts = []
    if gaps:
        labels = [t.term("motivation", g.motivation) for g in gaps]
        for key, title, colour in (
            ("brand_share", "offer", "#1d4ed8"),
            ("audience_share", "demand", "#c2410c"),
        ):
            est = [getattr(g, key) for g in gaps]
            charts.append(
                bars(
                    list(zip(labels, [e.value for e in est], strict=True)),
                    fmt,
                    title=t[title],
                    value_label=t["share"],
                    intervals=[_iv(e) for e in est],
                    percent=True,
                    colours=colour,
                )
            )
    return {"rows": rows, "charts": charts}


def _person(page: Page, p: Person) -> dict[str, Any]:
    fmt = page.fmt
    return {
        "author": p.handle or p.author,
        "mentions": fmt.num(p.mentions),
        "positive": fmt.num(p.positive),
        "negative": fmt.num(p.negative),
        "reach": fmt.audience(p.reach),
        "platforms": ", ".join(page.t.term("platform", x) for x in p.platforms),
        "last": fmt.datetime(p.last_seen),
        "answered": fmt.num(p.answered),
        "url": page.url("mentions", keep=False) if not p.handle else None,
    }


def people(page: Page) -> dict[str, Any]:
    ws = page.ws
    found = ws.people(page.filters.scope(ws), top=10)
    return {
        "groups": [
            ("promoters", [_person(page, p) for p in found.promoters]),
            ("detractors", [_person(page, p) for p in found.detractors]),
            ("influential", [_person(page, p) for p in found.influential]),
        ],
        "answered": _pct(page, found.answered_rate),
    }


def polls(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    out = []
    for p in ws.polls():
        tables = []
        if p["kind"] == "poll":
            results = ws.poll_results(ws.poll(p["name"]))
            for r in _as_list(results):
                tables.append(_poll_table(page, r))
        else:
            questions, answers = ws.survey(p["name"])
            for table in ws.survey_tables(questions, answers):
                tables.append(_survey_table(page, table))
        out.append(
            {"name": p["name"], "kind": t[p["kind"]], "n": fmt.num(p["n"]), "tables": tables}
        )
    return {"polls": out}


def _as_list(results: Any) -> list[Any]:
    if isinstance(results, dict):
        return [results]
    return list(results)


def _poll_table(page: Page, r: Any) -> dict[str, Any]:
    """One question of a poll: each option's share with its Wilson interval, per wave
    or group (``cells``)."""
    d = r.to_dict() if hasattr(r, "to_dict") else dict(r)
    fmt, t = page.fmt, page.t
    rows = []
    for cell, body in (d.get("cells") or {}).items():
        for opt, e in (body.get("options") or {}).items():
            rows.append([cell, opt, _share(fmt, e), fmt.num(body.get("n"))])
    return {
        "question": d.get("question", ""),
        "rows": rows,
        "columns": [t["group"], t["option"], t["share"], t["respondents"]],
    }


def _survey_table(page: Page, table: dict[str, Any]) -> dict[str, Any]:
    fmt, t = page.fmt, page.t
    rows = []
    options = table.get("options") or {}
    for opt, e in sorted(options.items(), key=lambda kv: -float(kv[1].get("value") or 0))[:12]:
        rows.append(["", str(opt), _share(fmt, e), fmt.num(table.get("n"))])
    # an open question's themes (analytics.polls.Theme.to_dict): the answers in each
    for theme in table.get("themes", []) or []:
        name = ", ".join(theme.get("terms", [])[:5]) or t["no_terms"]
        rows.append(["", name, _share(fmt, theme["share"]), fmt.num(theme.get("size"))])
    return {
        "question": table.get("question", ""),
        "rows": rows,
        "columns": [
            "",
            t["theme" if table.get("kind") == "open" else "option"],
            t["share"],
            t["respondents"],
        ],
    }


def _share(fmt: Any, e: dict[str, Any]) -> str:
    share = e.get("value", e.get("share"))
    lo, hi = e.get("lo"), e.get("hi")
    if share is None:
        return "—"
    if lo is None or hi is None:
        return str(fmt.pct(share))
    return f"{fmt.pct(share)} {fmt.interval(lo, hi, percent=True)}"
