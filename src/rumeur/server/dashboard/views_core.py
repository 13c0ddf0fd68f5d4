"""The overview (headline figures with intervals and trend), the timeline (volumes and
opinion, spikes annotated) and one spike's explanation: view-models read from the
Workspace, rendered by the templates of the same names."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rumeur.server.dashboard.charts import (
    SENTIMENT_FILLS,
    colours_for,
    day_start,
    lines,
    stacked,
    week_start,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rumeur.analytics.frame import Scope
    from rumeur.analytics.from_rollups import Tally
    from rumeur.analytics.opinion import OpinionCell
    from rumeur.analytics.spikes import Spike
    from rumeur.server.dashboard.page import Page

    #: an opinion cell as the pages read it: from the rollups or from the rows
    Cell = Tally | OpinionCell

SENTIMENTS = ("negative", "neutral", "positive")
#: the mentions a list of spikes may read to explain them (origin, rising terms: the text
#: of each spike's brand over the two weeks before it); beyond, on each spike's own page
LIST_BUDGET = 30_000


def spike_id(spike: Spike) -> str:
    """A spike's address: brand, metric and start (UTC), e.g. ``volta~volume~20250927T0800``."""
    start = spike.start.astimezone(UTC).strftime("%Y%m%dT%H%M")
    return f"{spike.brand}~{spike.metric}~{start}"


def _brands(page: Page) -> list[str]:
    return [b.id for b in page.ws.project.brands]


def _estimate(page: Page, e: Any, *, percent: bool = True, digits: int = 1) -> dict[str, str]:
    fmt = page.fmt
    if e is None or not math.isfinite(e.value):
        return {"value": "—", "interval": ""}
    if percent:
        return {
            "value": fmt.pct(e.value, digits),
            "interval": fmt.interval(e.lo, e.hi, digits, percent=True),
        }
    return {
        "value": fmt.signed(100 * e.value, digits),
        "interval": fmt.interval(100 * e.lo, 100 * e.hi, digits),
    }


def _trend(page: Page, weekly: Sequence[Cell]) -> dict[str, Any] | None:
    """The net sentiment of the last week against the week before, in points; a week
    with less than half the usual volume (the period's first or last, cut short) is
    left out rather than read as a swing."""
    done = [c for c in weekly if c.volume > 0 and math.isfinite(c.net.value)]
    if done:
        usual = sorted(c.volume for c in done)[len(done) // 2]
        done = [c for c in done if c.volume >= usual / 2]
    if len(done) < 2:
        return None
    last, prev = done[-1], done[-2]
    delta = 100 * (last.net.value - prev.net.value)
    d = page.fmt.num(abs(delta), 1)
    word = "trend_flat" if abs(delta) < 0.05 else ("trend_up" if delta > 0 else "trend_down")
    arrow = {"trend_flat": "→", "trend_up": "↗", "trend_down": "↘"}[word]
    week = page.fmt.day(week_start(last.key["period"], page.fmt.tz))
    return {"text": page.t(word, d=d, week=week), "arrow": arrow, "direction": word[6:]}


def overview(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    scope = page.filters.scope(ws)
    cells = ws.opinion_tally(scope, by=["brand"], authors=True)
    weekly = ws.opinion_tally(scope, by=["brand", "period"], period="week")
    by_brand: dict[str, list[Cell]] = defaultdict(list)
    for c in sorted(weekly, key=lambda c: c.key["period"]):
        by_brand[c.key["brand"]].append(c)
    cards = []
    for c in sorted(cells, key=lambda c: _brands(page).index(c.key["brand"])):
        brand = c.key["brand"]
        cards.append(
            {
                "brand": page.brand_name(brand),
                "brand_id": brand,
                "volume": fmt.num(c.volume),
                "authors": fmt.num(c.authors),
                "reach": fmt.audience(c.reach),
                "net": _estimate(page, c.net, percent=False),
                "negative": _estimate(page, c.shares.get("negative")),
                "positive": _estimate(page, c.shares.get("positive")),
                "human": int(getattr(c, "human_labels", 0) or 0),
                "trend": _trend(page, by_brand.get(brand, [])),
                "mentions_url": page.url("mentions", brand=brand),
            }
        )
    # the negative share of each brand, week by week, its 95 % interval shaded
    names = {b: page.brand_name(b) for b in by_brand}
    series: dict[str, list[tuple[datetime, float | None]]] = {}
    bands: dict[str, list[tuple[float, float] | None]] = {}
    for b, cs in by_brand.items():
        shown = [c for c in cs if c.volume and "negative" in c.shares]
        series[names[b]] = [
            (week_start(c.key["period"], fmt.tz), 100 * c.shares["negative"].value) for c in shown
        ]
        bands[names[b]] = [
            (100 * c.shares["negative"].lo, 100 * c.shares["negative"].hi) for c in shown
        ]
    colours = {page.brand_name(b): col for b, col in colours_for(_brands(page)).items()}
    chart = None
    if any(series.values()):
        chart = lines(
            series,
            fmt,
            title=t["negative_share"] + " — " + t["week"].lower(),
            colours=colours,
            bands=bands,
            digits=1,
            when=t["week"],
            y_max=100.0,
            unit=fmt.pct_unit,
        )
    spikes = [s for s in ws.dashboard_spikes(scope) if s.tone == "negative"]
    spikes.sort(key=lambda s: s.start, reverse=True)
    newest = list(dict.fromkeys(_incident(s) for s in spikes))[:5]  # the 5 newest incidents
    spikes = [s for s in spikes if _incident(s) in newest]
    ws.explain_spikes(scope, spikes, budget=LIST_BUDGET)
    return {
        "cards": cards,
        "chart": chart,
        "bad_buzz": incidents(page, spikes)[:5],
        "period": _period(page, scope, sorted({c.key["period"] for c in weekly})),
    }


def _period(page: Page, scope: Scope, weeks: list[str]) -> str | None:
    """``Période : du 28/07/2025 au 02/11/2025`` (the filters' dates, else the weeks')."""
    if not weeks:
        return None
    fmt = page.fmt
    lo = fmt.date(scope.since or week_start(weeks[0], fmt.tz))
    hi = (
        fmt.last_day(scope.until)
        if scope.until
        else fmt.date(week_start(weeks[-1], fmt.tz) + timedelta(days=6))
    )
    return page.t("period", lo=lo, hi=hi)


def _incident(s: Spike) -> tuple[str, datetime]:
    return (s.brand, s.start.replace(minute=0, second=0, microsecond=0))


def incidents(page: Page, spikes: list[Spike]) -> list[dict[str, Any]]:
    """One row per brand and start hour: the metrics of one incident together."""
    out: dict[tuple[str, datetime], dict[str, Any]] = {}
    for s in spikes:
        key = _incident(s)
        if key in out:
            out[key]["metric"] += ", " + page.t[f"metric_{s.metric}"]
        else:
            out[key] = _spike_row(page, s)
    return list(out.values())


def episodes(page: Page, spikes: list[Spike]) -> list[dict[str, Any]]:
    """The timeline's rows: one per episode (a brand's spikes less than a day apart, as
    in the report: :meth:`~rumeur.Workspace.spike_episodes`), its strongest spike's row
    spanning the whole episode with the episode's one tone, and its incidents listed
    (``peaks``, in time order) when there are several."""
    out = []
    eps = page.ws.spike_episodes(spikes)
    page.ws.explain_spikes(
        page.filters.scope(page.ws), [ep.strongest for ep in reversed(eps)], budget=LIST_BUDGET
    )  # the newest first
    for ep in eps:
        peaks = incidents(page, sorted(ep.spikes, key=lambda s: s.start))
        tone = ep.tone
        out.append({
            **_spike_row(page, ep.strongest),
            "tone": tone,
            "tone_label": page.t[f"tone_{tone}"],
            "short_when": page.fmt.short_span(ep.start, ep.end),
            "when": page.fmt.span(ep.start, ep.end),
            "peaks": [
                {"url": r["url"], "short_when": r["short_when"], "observed": r["observed"]}
                for r in peaks
            ] if len(peaks) > 1 else [],
        })  # fmt: skip
    return out


def _spike_row(page: Page, s: Spike) -> dict[str, Any]:
    t, fmt = page.t, page.fmt
    origin = s.origin
    terms = [x["term"] for x in s.explanation.get("terms", [])[:4]]
    later = s.explanation.get("deferred")  # too many mentions to explain it in a list
    return {
        "id": spike_id(s),
        "url": page.url(f"spikes/{spike_id(s)}"),
        "brand": page.brand_name(s.brand),
        "metric": t[f"metric_{s.metric}"],
        "tone": s.tone,
        "tone_label": t[f"tone_{s.tone}"],
        "when": fmt.span(s.start, s.end),
        "short_when": fmt.short_span(s.start, s.end),
        "observed": fmt.num(s.observed),
        "expected": fmt.num(s.expected, 1),
        "ratio": _ratio(page, s.ratio),
        "origin": t["on_spike_page"] if later else (origin.author_handle or "—") if origin else "—",
        "terms": t["on_spike_page"] if later else ", ".join(terms) or "—",
        "deferred": bool(later),
    }


def _ratio(page: Page, ratio: float) -> str:
    """``×17,7`` / ``×1 768`` / ``nouveau`` (nothing was expected)."""
    if not math.isfinite(ratio):
        return page.t["new"]
    return "×" + page.fmt.num(ratio, 1 if ratio < 10 else 0)


def timeline(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    scope = page.filters.scope(ws)
    daily = sorted(ws.opinion_tally(scope, by=["period"], period="day"),
                   key=lambda c: c.key["period"])  # fmt: skip
    spikes = sorted(ws.dashboard_spikes(scope), key=lambda s: s.start)
    charts = []
    if daily:
        days = [day_start(c.key["period"], fmt.tz) for c in daily]
        stacks = {t.label_of(s): [float(c.counts.get(s, 0)) for c in daily] for s in SENTIMENTS}
        unscored = [float(c.unscored) for c in daily]
        if any(unscored):
            stacks[t.label_of(None)] = unscored
        colours = {t.label_of(s): SENTIMENT_FILLS[s] for s in SENTIMENTS}
        colours[t.label_of(None)] = "#d1d5db"
        charts.append(
            stacked(
                days,
                stacks,
                fmt,
                title=t["volume_by_day"],
                colours=colours,
                bucket=timedelta(days=1),
                when=t["day"],
            )
        )
        # the volume line of each brand, its spike days ringed and linked to the spike
        per_brand = ws.opinion_tally(scope, by=["brand", "period"], period="day")
        series: dict[str, list[tuple[datetime, float | None]]] = defaultdict(list)
        hrefs: dict[str, list[str | None]] = defaultdict(list)
        marks = {
            (s.brand, fmt.local(s.peak).strftime("%Y-%m-%d")): page.url(f"spikes/{spike_id(s)}")
            for s in spikes
        }
        for c in sorted(per_brand, key=lambda c: c.key["period"]):
            name = page.brand_name(c.key["brand"])
            series[name].append((day_start(c.key["period"], fmt.tz), float(c.volume)))
            hrefs[name].append(marks.get((c.key["brand"], c.key["period"])))
        colours_b = {page.brand_name(b): col for b, col in colours_for(_brands(page)).items()}
        charts.append(
            lines(
                series,
                fmt,
                title=t["volume"] + " — " + t["brand"].lower(),
                colours=colours_b,
                hrefs=hrefs,
                when=t["day"],
            )
        )
    period = None
    if daily:
        fmt = page.fmt  # the filters' dates, else the days' (the until date is excluded)
        lo = fmt.date(scope.since or day_start(daily[0].key["period"], fmt.tz))
        hi = (
            fmt.last_day(scope.until)
            if scope.until
            else fmt.date(day_start(daily[-1].key["period"], fmt.tz))
        )
        period = page.t("period", lo=lo, hi=hi)
    return {"charts": charts, "spikes": episodes(page, spikes), "period": period}


def spike(page: Page, sid: str) -> dict[str, Any] | None:
    """One spike's explanation, or None when the filters' period holds no such spike."""
    ws, fmt = page.ws, page.fmt
    scope = page.filters.scope(ws)
    found = next((s for s in ws.dashboard_spikes(scope) if spike_id(s) == sid), None)
    if found is None:
        return None
    ws.explain_spikes(scope, [found])
    ex = found.explanation
    shift = ex.get("sentiment_shift") or {}
    most_seen = [
        {
            "author": m.get("author") or "—",
            "when": fmt.datetime(_time(m["created_at"])),
            "reach": fmt.num(m.get("reach")),
            "text": m.get("text") or "",
            "url": m.get("url"),
            "thread": page.url(f"mentions/{m['mention_id']}", keep=False),
        }
        for m in ex.get("most_seen", [])[:8]
    ]
    origin = ex.get("origin") or None
    if origin:
        origin = dict(
            origin,
            when=fmt.datetime(_time(origin["created_at"])),
            reach_text=fmt.num(origin.get("reach")),
            thread=page.url(f"mentions/{origin['mention_id']}", keep=False),
        )
    return {
        "row": _spike_row(page, found),
        "peak": fmt.datetime(found.peak),
        "shift": {
            "n": shift.get("n"),
            "negative": fmt.pct(shift.get("negative")),
            "positive": fmt.pct(shift.get("positive")),
            "baseline_negative": fmt.pct(shift.get("baseline_negative")),
            "baseline_positive": fmt.pct(shift.get("baseline_positive")),
        }
        if shift
        else None,
        "origin": origin,
        "terms": ex.get("terms", [])[:12],
        "hashtags": ex.get("hashtags", [])[:8],
        "most_seen": most_seen,
        "mentions_url": page.url(
            "mentions",
            brand=found.brand,
            since=fmt.local(found.start).strftime("%Y-%m-%d %H:%M"),
            until=fmt.local(found.end + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            sort="reach",
        ),
    }


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
