"""Report section: the alerts the project's rules raised over the period.

The rules of ``[alerts]`` are replayed day by day (:mod:`rumeur.alerts.replay`: nothing
is sent) so that a report on past data shows what a daily ``rumeur alerts check`` would
have flagged, and when; alerts actually delivered (``alert_log``) are counted beside.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from rumeur.alerts.replay import replay
from rumeur.alerts.rules import from_project
from rumeur.analytics import audience
from rumeur.report.build import ReportContext, Section

_T = {
    "fr": {"title": "Alertes", "none": "Aucune règle d'alerte dans rumeur.toml "
           "([[alerts.rules]], voir docs/analytics.md).",
           "intro": "Règles de rumeur.toml rejouées jour par jour sur la période (comme un "
           "« rumeur alerts check » quotidien ; rien n'est envoyé) : {n} alerte(s).",
           "sent": "Alertes réellement envoyées sur la période : {n}.",
           "when": "Vérification", "rule": "Règle", "brand": "Marque", "alert": "Alerte",
           "more": "… et {n} autre(s) (rumeur alerts replay --json)."},
    "en": {"title": "Alerts", "none": "No alert rule in rumeur.toml ([[alerts.rules]], "
           "see docs/analytics.md).",
           "intro": "The rules of rumeur.toml replayed day by day over the period (as a daily "
           "`rumeur alerts check` would; nothing is sent): {n} alert(s).",
           "sent": "Alerts actually delivered over the period: {n}.",
           "when": "Check", "rule": "Rule", "brand": "Brand", "alert": "Alert",
           "more": "… and {n} more (rumeur alerts replay --json)."},
}  # fmt: skip
_SHOWN = 40


def sections(ctx: ReportContext) -> list[Section]:
    t = _T[ctx.lang]
    settings = from_project(ctx.project)
    if not settings.rules:
        return [Section("alerts", t["title"], f"<p>{escape(t['none'])}</p>", order=60)]
    fired = replay(ctx.store, settings, ctx.start, ctx.end,
                   audience=audience.from_project(ctx.project))  # fmt: skip
    sent = int(ctx.store.scalar(
        "SELECT count(DISTINCT alert_id) FROM alert_log WHERE status = 'sent' "
        "AND fired_at BETWEEN ? AND ?", ctx.period_params()) or 0)  # fmt: skip
    rows = []
    for f in fired[:_SHOWN]:
        a = f.alert
        detail = escape(a.text.split("\n")[0][:200])
        rows.append(
            f"<tr><td>{f.at:%d/%m/%Y}</td><td>{escape(a.rule)}</td>"
            f"<td>{escape(ctx.brand_names.get(a.brand or '', a.brand or '—'))}</td>"
            f"<td><strong>{escape(a.title)}</strong><br><small>{detail}</small></td></tr>"
        )
    head = "".join(f"<th>{escape(t[k])}</th>" for k in ("when", "rule", "brand", "alert"))
    html = (
        f"<p>{escape(t['intro'].format(n=len(fired)))} {escape(t['sent'].format(n=sent))}"
        f"</p><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    if len(fired) > _SHOWN:
        html += f"<p class='note'>{escape(t['more'].format(n=len(fired) - _SHOWN))}</p>"
    per_rule = Counter(f.alert.rule for f in fired)
    summary = ", ".join(f"{rule}: {n}" for rule, n in per_rule.most_common()) or None
    return [Section("alerts", t["title"], html, summary=summary, order=60)]
