"""The early warning of a spike rule: a burst seen in the last minutes' windows
(:mod:`rumeur.analytics.early`), alerted at the first check that sees it, before the
hourly spike detector has a whole anomalous hour.

A spike rule warns early unless ``early = false``; ``early_threshold`` (the surprise,
``-log10`` of the tail probability) and ``early_min_count`` tune it for all mentions,
``early_reports_threshold`` and ``early_min_reports`` for the independent unfavourable
reports (distinct authors, replies left out). One early warning per
burst: its key is the earliest firing window end of the check's trailing scan
(``<rule>:<brand>:early:<UTC time>``), and no new early warning is raised for a brand
within :data:`rumeur.analytics.spikes.INCIDENT_GAP` (24 h) of an earlier one or of a spike
alert of the same rule (already in the alert log, or already raised in a replay).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.alerts.rules import Rule
from rumeur.analytics.early import Burst, EarlySettings, detect
from rumeur.analytics.early_series import crisis_words, members, severe_flags
from rumeur.analytics.spikes import INCIDENT_GAP
from rumeur.report.i18n_terms import TERMS

#: what a metric counts, and "expected" agreed with it
_METRIC_FR = {
    "volume": ("mentions", "attendues"),
    "negative": ("mentions défavorables", "attendues"),
    "reports": ("personnes distinctes signalant un problème", "attendues"),
    "severe": ("signalements graves de personnes distinctes", "attendus"),
    "issue": ("personnes distinctes signalant un problème", "attendues"),
    "concerns": ("personnes distinctes inquiètes ou mécontentes", "attendues"),
}


def _what(burst: Burst, inside: list[dict[str, Any]]) -> tuple[str, str, str]:
    """What the burst counts, and why it fired, for the title and for the text: the
    aspect of an ``issue`` burst, the crisis words of the severe reports among them
    ("3 signalements graves de personnes distinctes … — intoxication, rappel")."""
    what = _METRIC_FR[burst.metric][0]
    if burst.metric == "issue":
        what += f" de {TERMS['aspect']['fr'].get(burst.topic, burst.topic)}"
    if burst.metric not in ("reports", "severe", "issue", "concerns"):
        return what, "", ""
    grave = [r for r, f in zip(inside, severe_flags(inside), strict=True) if f]
    words = ", ".join(crisis_words([f"{r.get('title') or ''} {r.get('text') or ''}"
                                    for r in grave]))  # fmt: skip
    if not words:
        return what, "", ""
    if burst.metric == "severe":
        return what, f" ; {words}", f" Mots de crise : {words}."
    n, s = len(grave), "s" if len(grave) > 1 else ""
    return (what, f" ; dont {n} signalement{s} grave{s} : {words}",
            f" Dont {n} signalement{s} grave{s} (mots de crise : {words}).")  # fmt: skip


def _n(x: float) -> str:
    """An expected count: two decimals below 1 (0.05, not 0.0)."""
    return f"{x:.2f}" if x < 1 else f"{x:.1f}"


def settings(rule: Rule, timezone: str) -> EarlySettings:
    d = EarlySettings()
    return EarlySettings(
        threshold=float(rule.options.get("early_threshold", d.threshold)),
        min_count=int(rule.options.get("early_min_count", d.min_count)),
        reports_threshold=float(rule.options.get("early_reports_threshold", d.reports_threshold)),
        min_reports=int(rule.options.get("early_min_reports", d.min_reports)),
        severe_threshold=float(rule.options.get("early_severe_threshold", d.severe_threshold)),
        min_severe=int(rule.options.get("early_min_severe", d.min_severe)),
        issue_threshold=float(rule.options.get("early_issue_threshold", d.issue_threshold)),
        concerns_threshold=float(
            rule.options.get("early_concerns_threshold", d.concerns_threshold)
        ),
        metrics=tuple(rule.options.get("early_metrics", d.metrics)),
        timezone=timezone,
    )


def _key_time(rule: Rule, brand: str, key: str) -> datetime | None:
    """When an earlier alert of this rule and brand started (spike or early key)."""
    prefix = f"{rule.name}:{brand}:"
    if not key.startswith(prefix):
        return None
    _kind, _, when = key[len(prefix) :].partition(":")
    try:
        t = datetime.fromisoformat(when)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _recent(ctx: Any, rule: Rule, brand: str, since: datetime) -> bool:
    """Whether this rule already alerted ``brand`` for something after ``since``."""
    keys = list(ctx.seen)
    if ctx.live:
        prefix = f"{rule.name}:{brand}:"
        rows = ctx.store.query(
            "SELECT dedupe_key FROM alert_log WHERE status <> 'failed' AND fired_at >= ? "
            "AND starts_with(dedupe_key, ?)", [since - INCIDENT_GAP, prefix],
        )  # fmt: skip
        keys += [r["dedupe_key"] for r in rows]
    for k in keys:
        t = _key_time(rule, brand, k)
        if t is not None and t >= since:
            return True
    return False


def _tone(rows: list[dict[str, Any]], burst: Burst) -> str:
    if burst.metric in ("negative", "reports", "severe", "issue"):
        return "negative"
    inside = [r for r in rows if burst.start <= r["created_at"] <= burst.end]
    neg = sum(1 for r in inside if r.get("sentiment") == "negative")
    pos = sum(1 for r in inside if r.get("sentiment") == "positive")
    if neg > pos and neg >= 0.4 * len(inside):
        return "negative"
    if pos > neg and pos >= 0.4 * len(inside):
        return "positive"
    return "mixed"


def alerts(ctx: Any, rule: Rule, now: datetime, local: Any) -> list[Any]:
    """The early warnings of spike rule ``rule`` at check time ``now``."""
    from rumeur.alerts.engine import Alert, _scope

    if not rule.options.get("early", True):
        return []
    cfg = settings(rule, ctx.timezone)
    since = now - timedelta(days=cfg.history_days + 1)
    skew = timedelta(hours=cfg.lookback_hours) if ctx.live else timedelta(0)
    rows = ctx.load(_scope(rule, since, now + skew), True)
    tones = set(rule.options.get("tones", ("negative", "positive", "mixed")))
    out = []
    for brand in sorted({r["brand"] for r in rows}):
        mine = [r for r in rows if r["brand"] == brand]
        burst = detect(mine, now, brand, cfg, live=ctx.live, cache=ctx.cache)
        if burst is None:
            continue
        key = f"{rule.name}:{brand}:early:{burst.end.astimezone(UTC).isoformat()}"
        if key in ctx.seen or _recent(ctx, rule, brand, burst.end - INCIDENT_GAP):
            continue
        tone = _tone(mine, burst)
        if tone not in tones:
            continue
        inside = [r for r in mine if burst.start <= min(r["created_at"], now) <= burst.end]
        # the counted posts themselves (the reports...), the posts that explain it
        inside = members(inside, burst.metric, burst.topic) or inside
        top = sorted(inside, key=lambda r: -float(r["reach"]))[:3]
        posts = "\n".join(f"  - {r.get('author_handle') or r['author']} ({float(r['reach']):.0f})"
                          f" : {(r.get('text') or '')[:140]}" for r in top)  # fmt: skip
        minutes = round((burst.end - burst.start).total_seconds() / 60)
        (what, why, because), expected = _what(burst, inside), _METRIC_FR[burst.metric][1]
        out.append(Alert(
            rule=rule.name, brand=brand, dedupe_key=key,
            title=f"Début de pic probable — {brand} : {burst.observed} {what} en {minutes} min "
                  f"(≈ {_n(burst.expected)} {expected}{why}), depuis "
                  f"{local(burst.start, ctx.timezone)}",
            text=(f"{burst.observed} {what} entre {local(burst.start, ctx.timezone)} et "
                  f"{local(burst.end, ctx.timezone)} pour {_n(burst.expected)} {expected} à "
                  f"cette heure de la semaine (probabilité 10^-{burst.surprise:.1f}).{because} "
                  f"Alerte précoce : le pic sera confirmé (ou non) sur l'heure entière.\n"
                  f"Publications les plus vues :\n{posts}"),
            mention_ids=[r["mention_id"] for r in inside][:50],
            data=burst.to_dict() | {"early": True, "tone": tone},
        ))  # fmt: skip
    return out


__all__ = ["alerts", "settings"]
