"""Alerts (rules and history), sources (health, backlog, quarantine) and the audits
(conduct, authenticity, website): view-models over the Workspace."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rumeur.errors import UsageError
from rumeur.messages import Text

if TYPE_CHECKING:
    from rumeur.server.dashboard.page import Page

#: the rule types the dashboard's form creates (the others are written in rumeur.toml)
FORM_TYPES = ("spike", "threshold", "detractor", "keyword")
THRESHOLD_METRICS = ("negative_share", "negative_count", "negative_reach", "volume")
_SHOWN = (
    "metrics",
    "tones",
    "metric",
    "above",
    "window_hours",
    "min_reach",
    "terms",
    "min_size",
    "min_severity",
    "every_minutes",
)


def _settings(page: Page, settings: Mapping[str, Any]) -> str:
    parts = []
    for key in _SHOWN:
        if key in settings:
            v = settings[key]
            if isinstance(v, list):
                v = ", ".join(str(x) for x in v)
            elif isinstance(v, float) and v.is_integer():
                v = page.fmt.num(v)
            parts.append(f"{key} = {v}")
    return " · ".join(parts)


def alerts(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    rules = [
        {
            "name": r.name,
            "type": r.type,
            "brand": page.brand_name(r.brand) if r.brand else t["all_brands"],
            "settings": _settings(page, r.options),
            "delete_url": page.url(f"alerts/rules/{r.name}/delete", keep=False),
        }
        for r in ws.alert_rules()
    ]
    history = [
        {
            "when": fmt.datetime(h["fired_at"]) if isinstance(h["fired_at"], datetime) else "—",
            "rule": h["rule"],
            "brand": page.brand_name(h.get("brand")) if h.get("brand") else "—",
            "status": h["status"],
            "title": h.get("title") or "",
        }
        for h in ws.alert_log(limit=50)
    ]
    return {
        "rules": rules,
        "history": history,
        "types": FORM_TYPES,
        "metrics": [(m, t.term("metric", m)) for m in THRESHOLD_METRICS],
        "create_url": page.url("alerts/rules", keep=False),
    }


def rule_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The ``[[alerts.rules]]`` table a creation form describes; UsageError for a value
    that is not a number where one is needed (the Workspace checks the rest)."""
    typ = form.get("type", "").strip()
    rule: dict[str, Any] = {"name": form.get("name", "").strip(), "type": typ}
    if form.get("brand"):
        rule["brand"] = form["brand"].strip()
    if typ == "keyword":
        rule["terms"] = [w.strip() for w in form.get("terms", "").split(",") if w.strip()]
        if not rule["terms"]:
            raise UsageError(
                Text(
                    "une règle « keyword » a besoin d'au moins un mot-clé",
                    'a "keyword" rule needs at least one keyword',
                )
            )
    elif typ == "detractor" and form.get("min_reach"):
        rule["min_reach"] = _number(form["min_reach"], "min_reach")
    elif typ == "threshold":
        rule["metric"] = form.get("metric", "")
        rule["above"] = _number(form.get("above", ""), "above")
    return rule


def _number(text: str, field: str) -> float:
    try:
        return float(text.replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        raise UsageError(
            Text(f"{field} : un nombre, pas {text!r}", f"{field}: a number, not {text!r}")
        ) from None


def sources(page: Page) -> dict[str, Any]:
    ws, t, fmt = page.ws, page.t, page.fmt
    status = ws.sources_status()

    def when(v: Any) -> str:
        return fmt.datetime(v) if isinstance(v, datetime) else t["never"]

    rows = []
    for s in status["sources"]:
        failing = bool(s.get("last_error")) and (
            s.get("last_success") is None
            or (s.get("last_error_at") and s["last_error_at"] > s["last_success"])
        )
        rows.append(
            {
                "name": s["name"],
                "type": t.term("platform", s["type"]),
                "interval": s["interval"],
                "health": t["failing"] if failing else t["healthy"],
                "failing": failing,
                "last_success": when(s.get("last_success")),
                "last_error": s.get("last_error") or "—",
                "items": fmt.num(s.get("items_collected")),
                "next_run": when(s.get("next_run")),
                "backlog": t["yes"] if s.get("backlog") else t["no"],
                "quota": _quota(page, s.get("quota") or {}),
            }
        )
    quarantine = [
        {"reason": q["reason"], "n": fmt.num(q["n"])} for q in ws.quarantine_summary(t.lang)
    ]
    return {
        "rows": rows,
        "note": status.get("note"),
        "quarantine": quarantine,
        "mentions": fmt.num(ws.mention_count()),
    }


def _quota(page: Page, readings: Mapping[str, Any]) -> str:
    """``requests : 120 / 500 (reste 380)`` per reading; — when the source reports none."""
    fmt, parts = page.fmt, []
    for name, r in readings.items():
        if not isinstance(r, Mapping):
            continue
        used, limit, left = r.get("used"), r.get("limit"), r.get("remaining")
        text = f"{name}{fmt.colon} {fmt.num(used)}" + (f" / {fmt.num(limit)}" if limit else "")
        if left is not None:
            text += f" ({page.t['left']} {fmt.num(left)})"
        if isinstance(r.get("reset_at"), datetime):
            text += f" · {page.t['resets_at']} {fmt.datetime(r['reset_at'])}"
        parts.append(text)
    return " ; ".join(parts) or "—"


def conduct(page: Page) -> dict[str, Any]:
    from rumeur.audits.conduct.render import RULE_LABELS, SEVERITY, message

    ws, t, fmt = page.ws, page.t, page.fmt
    f = page.filters
    audit = ws.audit_conduct(since=f.since or None, until=f.until or None)
    findings = [
        {
            "rule": RULE_LABELS[t.lang].get(x.rule, x.rule),
            "account": x.account,
            "platform": x.platform.replace("+", ", "),
            "severity": x.severity,
            "severity_label": SEVERITY[t.lang].get(x.severity, x.severity),
            "period": fmt.span(x.start, x.end),
            "message": message(x, t.lang),
            "evidence": [
                {"url": page.url(f"mentions/{m}", keep=False), "text": x.excerpts.get(m, m[:10])}
                for m in x.evidence[:5]
            ],
        }
        for x in audit.findings
    ]
    return {
        "score": fmt.num(audit.score),
        "brand": page.brand_name(audit.brand),
        "findings": findings,
    }


def authenticity(page: Page) -> dict[str, Any]:
    from rumeur.audits.authenticity.score import REASONS

    ws, t, fmt = page.ws, page.t, page.fmt
    f = page.filters
    audit = ws.audit_authenticity(
        brands=[f.brand] if f.brand else (), since=f.since or None, until=f.until or None
    )
    i = 0 if t.lang == "fr" else 1

    def reasons(codes: list[str]) -> list[str]:
        return [REASONS[c][i] if c in REASONS else c for c in codes]

    campaigns = [
        {
            "id": c.id,
            "size": fmt.num(c.size),
            "accounts": fmt.num(len(c.accounts)),
            "period": fmt.span(c.start, c.end),
            "score": fmt.num(c.score, 2),
            "reasons": reasons(c.reasons),
            "brands": ", ".join(page.brand_name(b) for b in c.brands),
            "example": c.texts[0] if c.texts else "",
        }
        for c in audit.campaigns
    ]
    accounts = [
        {
            "handle": a.author_handle or a.account,
            "platform": t.term("platform", a.platform),
            "score": fmt.num(a.score, 2),
            "reasons": reasons(a.reasons),
            "mentions": fmt.num(a.mentions),
        }
        for a in audit.accounts[:30]
    ]
    return {"campaigns": campaigns, "accounts": accounts, "mentions": fmt.num(len(audit.mentions))}


def site(page: Page) -> dict[str, Any]:
    from rumeur.audits.site.render import STATUS_LABELS, label

    ws, t, fmt = page.ws, page.t, page.fmt
    sites = []
    for entry in ws.audited_sites():
        result = ws.site_audit(entry["site"]) or {}
        checks = [
            {
                "label": label(c["id"], t.lang),
                "status": c["status"],
                "status_label": STATUS_LABELS[t.lang].get(c["status"], c["status"]),
                "evidence": c.get("evidence") or "—",
            }
            for c in result.get("checks", [])
        ]
        checks.sort(key=lambda c: c["status"] == "ok")
        when = entry.get("last_checked_at")
        sites.append(
            {
                "site": entry["site"],
                "url": result.get("url", entry["site"]),
                "when": fmt.datetime(when) if isinstance(when, datetime) else "—",
                "score": fmt.num(entry.get("last_score")),
                "audits": fmt.num(entry.get("audits")),
                "checks": checks,
                "changes": [c.get("message") or c.get("id", "") for c in result.get("changes", [])],
            }
        )
    return {"sites": sites}
