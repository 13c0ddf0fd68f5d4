"""``audit_conduct``: each own account held against the public's red lines.

from rumeur.audits.conduct import audit_conduct
result = audit_conduct(store, project, brand="volta", since=..., until=...)
result.score, [f.to_dict() for f in result.findings]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from rumeur.audits.conduct import rules_care, rules_posting
from rumeur.audits.conduct.context import ConductSettings, Context
from rumeur.audits.conduct.data import Post, load
from rumeur.audits.conduct.model import RULES, ConductAudit, Finding
from rumeur.config import Brand, Project
from rumeur.errors import ConfigError
from rumeur.messages import Text
from rumeur.storage.base import Store

RULE_FUNCS: dict[str, Callable[[Context], list[Finding]]] = {
    "frequency": rules_posting.frequency,
    "unsolicited": rules_posting.unsolicited,
    "wall_spam": rules_posting.wall_spam,
    "promo_share": rules_care.promo_share,
    "copy_paste": rules_posting.copy_paste,
    "response": rules_care.response,
    "data_use": rules_care.data_use,
    "fake_customers": rules_care.fake_customers,
}
assert tuple(RULE_FUNCS) == RULES


def run_rules(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(RULE_FUNCS[rule](ctx))
    order = {"high": 0, "medium": 1, "low": 2}
    findings.sort(key=lambda f: (order[f.severity], RULES.index(f.rule), f.start))
    return findings


def audit_conduct(
    store: Store,
    project: Project,
    *,
    brand: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    settings: ConductSettings | None = None,
    trend: bool = True,
    suspicious: dict[str, str | None] | None = None,
) -> ConductAudit:
    """Audit ``brand``'s own accounts (default: the first brand that is not a
    competitor) over [since, until); competitors with known own accounts are audited the
    same way and attached. ``suspicious`` (mention id -> campaign id, from the
    authenticity audit) lets ``fake_customers`` name coordinated praise."""
    settings = settings or ConductSettings(timezone=project.timezone)
    target = _brand(project, brand)
    lookback = timedelta(days=settings.solicit_window_days)
    posts = load(store, project, since, until, lookback)
    main = _audit(target, posts, since, until, project, settings, suspicious)
    if trend:
        main.trend = _trend(target, posts, since, until, project, settings)
    if brand is None or not target.competitor:
        for other in project.brands:
            if other.competitor and other.own_accounts and other.id != target.id:
                main.competitors.append(
                    _audit(other, posts, since, until, project, settings, suspicious)
                )
    return main


def _brand(project: Project, brand: str | None) -> Brand:
    if brand is not None:
        return project.brand(brand)
    for b in project.brands:
        if not b.competitor:
            return b
    if project.brands:
        return project.brands[0]
    raise ConfigError(
        Text("aucune marque dans rumeur.toml", "no brand in rumeur.toml"),
        hint=Text(
            "ajoutez une table [[brands]] avec own_accounts",
            "add a [[brands]] table with own_accounts",
        ),
    )


def _audit(
    brand: Brand, posts: list[Post], since: datetime | None, until: datetime | None,
    project: Project, settings: ConductSettings, suspicious: dict[str, str | None] | None = None,
) -> ConductAudit:  # fmt: skip
    ctx = Context(brand, posts, since, until, project.own_accounts, settings)
    ctx.suspicious = suspicious or {}
    findings = run_rules(ctx)
    return ConductAudit(
        brand=brand.id, accounts=sorted(ctx.own), since=since, until=until,
        findings=findings, measures=ctx.measures, response_status=ctx.response_status,
    )  # fmt: skip


def _trend(
    brand: Brand, posts: list[Post], since: datetime | None, until: datetime | None,
    project: Project, settings: ConductSettings,
) -> list[dict[str, object]]:  # fmt: skip
    """The score week by week (Monday to Monday, in the project's zone)."""
    from zoneinfo import ZoneInfo

    if not posts:
        return []
    tz = ZoneInfo(settings.timezone)
    lo = since or posts[0].created_at
    hi = until or posts[-1].created_at + timedelta(seconds=1)
    start = lo.astimezone(tz)
    start = (start - timedelta(days=start.weekday())).replace(hour=0, minute=0, second=0,
                                                             microsecond=0)  # fmt: skip
    out: list[dict[str, object]] = []
    while start < hi and len(out) < 60:
        end = start + timedelta(days=7)
        ctx = Context(brand, posts, max(start, lo), min(end, hi), project.own_accounts, settings)
        if ctx.brand_posts or ctx.audience:
            week = ConductAudit(brand.id, sorted(ctx.own), start, end, run_rules(ctx))
            y, w, _ = start.isocalendar()
            out.append({"period": f"{y}-W{w:02d}", "start": start.isoformat(),
                        "score": week.score, "findings": len(week.findings)})  # fmt: skip
        start = end
    return out
