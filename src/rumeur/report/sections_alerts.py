"""Report section: the alerts the project's rules raised over the period.

The rules of ``[alerts]`` are replayed over the period (:mod:`rumeur.alerts.replay`:
nothing is sent) so that a report on past data shows what ``rumeur alerts check`` would
have flagged, and when; alerts actually delivered (``alert_log``) are counted beside.
Each alert is described from its data in the report's language (the alert's own title
and text are written for e-mails, in the project's language).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from rumeur.alerts.engine import Alert
from rumeur.alerts.replay import replay
from rumeur.alerts.rules import from_project
from rumeur.analytics import audience
from rumeur.report import data
from rumeur.report.blocks import Cell, Inline, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section

_T = {
    "fr": {
        "alerts_title": "Alertes",
        "alerts_none": "Aucune règle d'alerte dans rumeur.toml "
        "([[alerts.rules]], voir docs/analytics.md).",
        "alerts_intro": "Les règles de rumeur.toml rejouées sur la période (comme le ferait "
        "« rumeur alerts check » ; rien n'est envoyé) : {n} alerte(s). Alertes réellement "
        "envoyées sur la période : {sent}.",
        "alerts_when": "Vérification",
        "alerts_rule": "Règle",
        "alerts_alert": "Alerte",
        "alerts_more": "… et {n} autre(s) : rumeur alerts replay --json.",
        "alert_spike": "Pic : {metric} — {brand}, depuis le {start}",
        "alert_spike_detail": "{observed} observé(s) contre {expected} attendu(s) (z = {z}).",
        "alert_detractor": "Détracteur influent : {who} ({reach} personnes touchées)",
        "alert_threshold": "Seuil dépassé : {metric} — {brand} = {value} (seuil {above})",
        "alert_keyword": "Mots surveillés : {n} mention(s)",
        "alert_other": "Règle « {rule} »",
    },
    "en": {
        "alerts_title": "Alerts",
        "alerts_none": "No alert rule in rumeur.toml ([[alerts.rules]], see docs/analytics.md).",
        "alerts_intro": "The rules of rumeur.toml replayed over the period (as "
        "`rumeur alerts check` would; nothing is sent): {n} alert(s). Alerts actually "
        "delivered over the period: {sent}.",
        "alerts_when": "Check",
        "alerts_rule": "Rule",
        "alerts_alert": "Alert",
        "alerts_more": "… and {n} more: rumeur alerts replay --json.",
        "alert_spike": "Spike: {metric} — {brand}, since {start}",
        "alert_spike_detail": "{observed} observed vs {expected} expected (z = {z}).",
        "alert_detractor": "Influential detractor: {who} ({reach} people reached)",
        "alert_threshold": "Threshold crossed: {metric} — {brand} = {value} (limit {above})",
        "alert_keyword": "Watched words: {n} mention(s)",
        "alert_other": "Rule “{rule}”",
    },
}
_SHOWN = 40


def _describe(ctx: ReportContext, a: Alert, kind: str, texts: dict[str, dict[str, Any]]) -> Cell:
    """The alert's headline and detail in the report's language, from its data."""
    t, fmt, d = ctx.t, ctx.fmt, a.data
    brand = ctx.brand(a.brand or "")
    if kind == "spike" and "start" in d:
        start = d["start"]
        if isinstance(start, str):  # ISO 8601 in the alert's data
            start = datetime.fromisoformat(start)
        when = fmt.datetime(start) if isinstance(start, datetime) else "—"
        return Cell(
            Span(
                t["alert_spike"].format(
                    metric=t.metric(str(d.get("metric"))), brand=brand, start=when
                ),
                cls="strong",
            ),
            t["alert_spike_detail"].format(
                observed=fmt.num(d.get("observed")),
                expected=fmt.num(d.get("expected"), 1),
                z=fmt.num(d.get("z"), 1),
            ),
        )
    if kind == "detractor":
        m = texts.get(a.mention_ids[0]) if a.mention_ids else None
        detail: Inline = ""
        if m:
            body = " ".join(str(m.get("text") or "").split())[:200]
            detail = [
                Span(t.platform(str(m["platform"])), href=m.get("url")),
                " · ",
                Span(body, cls="ugc"),
            ]
        return Cell(
            [
                Span(t["alert_detractor"].split("{who}")[0], cls="strong"),
                Span(str(d.get("author", "")), cls="ugc strong"),
                Span(
                    t["alert_detractor"]
                    .split("{who}")[1]
                    .format(reach=fmt.num(float(d.get("reach") or 0))),
                    cls="strong",
                ),
            ],
            detail,
        )
    if kind == "threshold" and "metric" in d:
        metric = str(d["metric"])
        value = d.get("value", 0.0)
        shown = fmt.pct(value) if metric == "negative_share" else fmt.num(value)
        above = fmt.pct(d["above"]) if metric == "negative_share" else fmt.num(d.get("above"))
        return Cell(
            Span(
                t["alert_threshold"].format(
                    metric=t.metric(metric), brand=brand, value=shown, above=above
                ),
                cls="strong",
            )
        )
    if kind == "keyword":
        return Cell(
            Span(t["alert_keyword"].format(n=fmt.num(len(a.mention_ids))), cls="strong"),
            Span(", ".join(map(str, d.get("terms", []))), cls="ugc"),
        )
    if ctx.lang == "fr":  # the rules write their titles in French
        return Cell(Span(a.title, cls="strong"))
    return Cell(Span(t["alert_other"].format(rule=a.rule), cls="strong"))


def sections(ctx: ReportContext) -> list[Section]:
    for code, entries in _T.items():
        ctx.t.add(code, entries)
    t, fmt = ctx.t, ctx.fmt
    sec = Section("alerts", t["alerts_title"], order=ORDER["alerts"])
    settings = from_project(ctx.project)
    if not settings.rules:
        sec.blocks = [Para(t["alerts_none"])]
        return [sec]
    kinds = {r.name: r.type for r in settings.rules}
    fired = replay(
        ctx.store,
        settings,
        ctx.start,
        ctx.end,
        audience=audience.from_project(ctx.project),
        timezone=ctx.project.timezone,
    )
    sent = int(
        data.scalar(
            ctx,
            "SELECT count(DISTINCT alert_id) FROM alert_log WHERE status = 'sent' "
            "AND fired_at BETWEEN ? AND ?",
            ctx.period_params(),
        )
        or 0
    )
    ids = sorted({f.alert.mention_ids[0] for f in fired[:_SHOWN] if f.alert.mention_ids})
    texts: dict[str, dict[str, Any]] = {}
    if ids:
        found = ctx.store.query(
            f"SELECT mention_id, platform, text, url FROM mentions WHERE mention_id IN "
            f"({', '.join('?' * len(ids))})",
            ids,
        )
        texts = {r["mention_id"]: r for r in found}
    rows: list[list[Inline | Cell]] = [
        [
            fmt.datetime(f.at),
            Span(f.alert.rule, cls="code"),
            ctx.brand(f.alert.brand) if f.alert.brand else "—",
            _describe(ctx, f.alert, kinds.get(f.alert.rule, ""), texts),
        ]
        for f in fired[:_SHOWN]
    ]
    sec.blocks = [Para(t["alerts_intro"].format(n=fmt.num(len(fired)), sent=fmt.num(sent)))]
    if rows:
        sec.blocks.append(
            Table(
                [t["alerts_when"], t["alerts_rule"], t["brand"], t["alerts_alert"]],
                rows,
                cls="alerts",
            )
        )
    if len(fired) > _SHOWN:
        sec.blocks.append(note(t["alerts_more"].format(n=fmt.num(len(fired) - _SHOWN))))
    per_rule = Counter(f.alert.rule for f in fired)
    if per_rule:
        sec.summary = ", ".join(f"{rule} ({fmt.num(n)})" for rule, n in per_rule.most_common())
    return [sec]
