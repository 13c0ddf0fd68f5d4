"""Evaluate alert rules, de-duplicate, respect cooldowns, deliver, and build digests.

Each rule yields :class:`Alert` objects with a ``dedupe_key`` (a spike: rule + brand +
metric + start; a threshold: rule + brand + window end hour; a detractor or keyword:
rule + mention id; an authenticity campaign: rule + campaign id). The ``alert_log``
table (migration 2) remembers every key:

- a key already in the log is never alerted again (de-duplication);
- an alert for a (rule, brand) that was *sent* less than ``cooldown_minutes`` ago is
  logged with status ``cooldown`` and not sent (it still shows in the digest);
- a delivery failure is logged as ``failed`` with the error, and retried on the next run.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rumeur.alerts.channels import DeliveryError, send
from rumeur.alerts.rules import AlertSettings, Rule
from rumeur.analytics import frame
from rumeur.analytics.audience import AudienceSettings
from rumeur.analytics.spikes import SpikeSettings, scan
from rumeur.analytics.stats import proportion
from rumeur.analytics.text import fold
from rumeur.numbers import numbers

log = logging.getLogger("rumeur.alerts")


@dataclass(slots=True)
class Alert:
    rule: str
    brand: str | None
    dedupe_key: str
    title: str
    text: str
    mention_ids: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    extra_keys: list[str] = field(default_factory=list)


#: loads the rows of a scope: ``loader(scope, with_text)`` (default: :func:`frame.load`)
Loader = Callable[[frame.Scope, bool], list[dict[str, Any]]]
#: how a spike alert names its tone
_TONE_FR = {"negative": "négatif (bad buzz)", "positive": "positif", "mixed": "mixte"}


@dataclass(frozen=True, slots=True)
class _Ctx:
    store: Any
    load: Loader
    timezone: str
    #: dedupe keys already raised (a replay): such spikes are not explained again
    seen: frozenset[str] | set[str]
    #: the loaded rumeur.toml, for rules that need the brands' own accounts (conduct)
    project: Any = None
    #: a live check (posts stamped after ``now`` are a clock ahead, not a replay's future)
    live: bool = True
    #: shared by the checks of a replay (the early warning's baselines)
    cache: dict[Any, Any] = field(default_factory=dict)


def evaluate(
    store: Any,
    settings: AlertSettings,
    now: datetime,
    audience: AudienceSettings | None = None,
    *,
    timezone: str = "Europe/Paris",
    loader: Loader | None = None,
    seen: set[str] | None = None,
    project: Any = None,
    cache: dict[Any, Any] | None = None,
) -> list[Alert]:
    """Alerts raised by every rule at time ``now``; times in their texts are given in
    ``timezone`` (the project's), labelled. ``loader`` (a replay's preloaded rows) and
    ``seen`` (keys already raised, skipped) and ``cache`` make repeated evaluations
    cheap; a check with a ``loader`` is a replay (it never reads past ``now``)."""
    aud = audience or AudienceSettings()

    def default(scope: frame.Scope, with_text: bool) -> list[dict[str, Any]]:
        return frame.load(store, scope, aud, with_text=with_text).rows

    ctx = _Ctx(store, loader or default, timezone, seen if seen is not None else set(), project,
               live=loader is None, cache=cache if cache is not None else {})  # fmt: skip
    out: list[Alert] = []
    for rule in settings.rules:
        out.extend(_RULES[rule.type](ctx, rule, now))
    return out


def _scope(rule: Rule, since: datetime, until: datetime) -> frame.Scope:
    return frame.Scope(brands=(rule.brand,) if rule.brand else (), since=since, until=until)


def local(ts: datetime, timezone: str) -> str:
    """``27/09 09:28 (heure de Paris)``-style: a time in the project's zone, labelled."""
    t = ts.astimezone(ZoneInfo(timezone))
    return f"{t:%d/%m %H:%M} ({t.tzname()})"


def _spike(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    from rumeur.analytics.spikes import METRICS, explain

    cfg = SpikeSettings(
        metrics=tuple(rule.options.get("metrics", METRICS)),
        threshold=float(rule.options.get("threshold", 5.0)),
        min_count=int(rule.options.get("min_count", 8)),
        timezone=ctx.timezone,
    )
    tones = set(rule.options.get("tones", ("negative", "positive", "mixed")))
    lookback = timedelta(hours=int(rule.options.get("lookback_hours", 24)))
    start = now - lookback - timedelta(days=cfg.history_days + 1)
    rows = ctx.load(_scope(rule, start, now), True)
    out = []
    for s in scan(rows, start, now, cfg, explain_spikes=False):
        key = f"{rule.name}:{s.key()}"
        if s.end < now - lookback or key in ctx.seen:
            continue
        ex = s.explanation = explain(s, [r for r in rows if r["brand"] == s.brand], cfg)
        if s.tone not in tones:
            continue
        terms = ", ".join(t["term"] for t in ex["terms"][:5] + ex["hashtags"][:3])
        posts = "\n".join(f"  - {p['author']} ({p['reach']:.0f}): {p['text'][:140]}"
                          for p in ex["most_seen"][:3])  # fmt: skip
        origin = f"\nOrigine : {s.origin.author_handle} — {s.origin.why}" if s.origin else ""
        out.append(Alert(
            rule=rule.name, brand=s.brand, dedupe_key=key,
            title=f"Pic {_TONE_FR[s.tone]} {s.metric} — {s.brand} depuis "
                  f"{local(s.start, ctx.timezone)}",
            text=(f"{s.observed:.0f} observé vs {s.expected:.1f} attendu (z = {s.z:.1f}).\n"
                  f"Termes en hausse : {terms}\nComptes moteurs : "
                  + ", ".join(a["author"] for a in ex["accounts"][:3]) + origin
                  + f"\nPublications les plus vues :\n{posts}"),
            mention_ids=ex["mention_ids"][:50], data=s.to_dict(),
        ))  # fmt: skip
    from rumeur.alerts.early import alerts as early

    confirmed = {a.brand for a in out}
    return out + [a for a in early(ctx, rule, now, local) if a.brand not in confirmed]


def _threshold(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    window = timedelta(hours=int(rule.options.get("window_hours", 24)))
    rows = ctx.load(_scope(rule, now - window, now), False)
    metric, above = rule.options["metric"], float(rule.options["above"])
    min_n = int(rule.options.get("min_mentions", 1))
    out = []
    for brand in sorted({r["brand"] for r in rows}):
        mine = [r for r in rows if r["brand"] == brand]
        neg = [r for r in mine if r["sentiment"] == "negative"]
        scored = [r for r in mine if r["sentiment"]]
        if metric == "negative_share":
            if len(scored) < min_n:
                continue
            e = proportion(len(neg), len(scored))
            fr = numbers("fr")
            value, detail = e.value, f"{fr.est_pct(e)} (n = {fr.num(len(scored))})"
        else:
            value = {"negative_count": float(len(neg)), "volume": float(len(mine)),
                     "negative_reach": sum(float(r["reach"]) for r in neg)}[metric]  # fmt: skip
            detail = numbers("fr").num(value)
            if len(mine) < min_n:
                continue
        if value > above:
            out.append(Alert(
                rule=rule.name, brand=brand,
                dedupe_key=f"{rule.name}:{brand}:{now.astimezone(UTC):%Y-%m-%dT%H}",
                title=f"{metric} {brand} au-dessus de {above:g} sur {window} "
                      f"(à {local(now, ctx.timezone)})",
                text=f"{metric} = {detail} (seuil {above:g}).",
                mention_ids=[r["mention_id"] for r in neg][:50],
                data={"metric": metric, "value": value, "above": above},
            ))  # fmt: skip
    return out


def _detractor(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    since = now - timedelta(hours=int(rule.options.get("lookback_hours", 24)))
    rows = ctx.load(_scope(rule, since, now), True)
    min_reach = float(rule.options.get("min_reach", 10_000))
    out, seen = [], set()
    for r in rows:
        if r["sentiment"] != "negative" or float(r["reach"]) < min_reach:
            continue
        if r["mention_id"] in seen:
            continue
        seen.add(r["mention_id"])
        who = r.get("author_handle") or r["author"]
        out.append(Alert(
            rule=rule.name, brand=r["brand"], dedupe_key=f"{rule.name}:{r['mention_id']}",
            title=f"Détracteur influent : {who} ({float(r['reach']):,.0f})",
            text=f"{who} sur {r['platform']} : {(r.get('text') or '')[:280]}\n{r.get('url') or ''}",
            mention_ids=[r["mention_id"]], data={"reach": r["reach"], "author": who},
        ))  # fmt: skip
    return out


def _keyword(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    since = now - timedelta(hours=int(rule.options.get("lookback_hours", 24)))
    rows = ctx.load(_scope(rule, since, now), True)
    terms = [fold(t) for t in rule.options["terms"]]
    hits: dict[str, dict[str, Any]] = {}
    for r in rows:
        text = fold(f"{r.get('title') or ''} {r.get('text') or ''}")
        if any(t in text for t in terms):
            hits.setdefault(r["mention_id"], r)
    if not hits:
        return []
    ids = sorted(hits)
    lines = "\n".join(f"  - {hits[i].get('author_handle') or hits[i]['author']}: "
                      f"{(hits[i].get('text') or '')[:140]}" for i in ids[:10])  # fmt: skip
    return [Alert(
        rule=rule.name, brand=rule.brand, dedupe_key=f"{rule.name}:{ids[0]}",
        title=f"Mots surveillés : {len(ids)} mention(s)",
        text=f"Termes : {', '.join(rule.options['terms'])}\n{lines}", mention_ids=ids,
        data={"terms": rule.options["terms"]},
        extra_keys=[f"{rule.name}:{i}" for i in ids[1:]],
    )]  # fmt: skip


def _authenticity(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    """One alert per campaign still active in the last ``lookback_hours``, once each (the
    key is the campaign's id, which stays the same as later members join)."""
    from rumeur.audits.authenticity import audit_store
    from rumeur.audits.authenticity.summary import reason_text

    history = timedelta(days=int(rule.options.get("history_days", 30)))
    lookback = timedelta(hours=int(rule.options.get("lookback_hours", 24)))
    min_size = int(rule.options.get("min_size", 5))
    result = audit_store(ctx.store, brands=(rule.brand,) if rule.brand else (),
                         since=now - history, until=now)  # fmt: skip
    out = []
    for c in result.campaigns:
        if c.size < min_size or c.end < now - lookback:
            continue
        why = "\n".join(f"  - {reason_text(r)}" for r in c.reasons)
        example = " ".join(c.texts[0].split())[:200] if c.texts else ""
        out.append(Alert(
            rule=rule.name, brand=c.brands[0] if len(c.brands) == 1 else rule.brand,
            dedupe_key=f"{rule.name}:{c.id}",
            title=f"Campagne coordonnée {c.id} : {c.size} mentions de {len(c.accounts)} comptes",
            text=(f"Du {local(c.start, ctx.timezone)} au {local(c.end, ctx.timezone)}, marques : "
                  f"{', '.join(c.brands) or '—'}.\nPourquoi :\n{why}\nExemple : {example}"),
            mention_ids=c.members[:50],
            data={"campaign": c.to_dict() | {"accounts": c.accounts, "score": c.score}},
        ))  # fmt: skip
    return out


def _site(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    """A legal page of an audited site (CGV, CGU, privacy...) whose text changed without
    a new stated date, or that disappeared, in the latest audit of each site; once each."""
    from zoneinfo import ZoneInfo

    from rumeur.audits.site.history import silent_changes

    tz = ZoneInfo(ctx.timezone)
    out = []
    for ch in silent_changes(ctx.store):
        when = ch["checked_at"]
        if when > now:
            continue
        key = f"{rule.name}:{ch['site']}:{ch['kind']}:{when:%Y%m%dT%H%M%S}"
        local = when.astimezone(tz)
        out.append(Alert(
            rule=rule.name, brand=rule.brand, dedupe_key=key,
            title=f"Site {ch['site']} : {ch['message']}",
            text=(f"Audit du {local:%d/%m/%Y %H:%M} ({ctx.timezone}) : {ch['message']}.\n"
                  f"Page : {ch['url']}\nDate indiquée avant : "
                  f"{ch.get('before_updated') or '—'}, après : {ch.get('after_updated') or '—'}."),
            data={"site_change": {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                  for k, v in ch.items()}},
        ))  # fmt: skip
    return out


_SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


def _conduct(ctx: _Ctx, rule: Rule, now: datetime) -> list[Alert]:
    """A conduct finding (over-posting, unsolicited messages...) of at least
    ``min_severity`` (default high) that ended in the last ``lookback_hours``, once each.
    Needs the project (its brands' own accounts): nothing without it."""
    if ctx.project is None:
        return []
    from zoneinfo import ZoneInfo

    from rumeur.audits.conduct import audit_conduct

    history = timedelta(days=int(rule.options.get("history_days", 30)))
    lookback = timedelta(hours=int(rule.options.get("lookback_hours", 24)))
    floor = _SEVERITY_RANK[str(rule.options.get("min_severity", "high"))]
    audit = audit_conduct(ctx.store, ctx.project, brand=rule.brand, since=now - history,
                          until=now, trend=False)  # fmt: skip
    tz = ZoneInfo(ctx.timezone)
    out = []
    for f in audit.findings:
        if _SEVERITY_RANK[f.severity] < floor or f.end < now - lookback:
            continue
        key = f"{rule.name}:{f.rule}:{f.account}:{f.platform}:{f.start:%Y%m%d}"
        a, b = f.start.astimezone(tz), f.end.astimezone(tz)
        out.append(Alert(
            rule=rule.name, brand=audit.brand, dedupe_key=key,
            title=f"Conduite de la marque ({f.rule}) : {f.message}",
            text=(f"{f.message}\nCompte : {f.account} ({f.platform}), du {a:%d/%m %H:%M} au "
                  f"{b:%d/%m %H:%M} ({ctx.timezone}), gravité {f.severity}."),
            mention_ids=f.evidence[:50], data={"finding": f.to_dict()},
        ))  # fmt: skip
    return out


_RULES = {"spike": _spike, "threshold": _threshold, "detractor": _detractor, "keyword": _keyword,
          "authenticity": _authenticity, "site": _site, "conduct": _conduct}  # fmt: skip


def _known(store: Any, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    rows = store.query(
        f"SELECT DISTINCT dedupe_key FROM alert_log WHERE status <> 'failed' AND dedupe_key IN "
        f"({', '.join('?' * len(keys))})", keys,
    )  # fmt: skip
    return {r["dedupe_key"] for r in rows}


def dispatch(
    store: Any, settings: AlertSettings, alerts: list[Alert], now: datetime
) -> list[dict[str, Any]]:
    """De-duplicate, apply cooldowns, deliver; returns one outcome dict per alert."""
    by_rule = {r.name: r for r in settings.rules}
    outcomes = []
    for a in alerts:
        # keyword alerts: drop mentions already alerted, re-key on the first new one
        keys = [a.dedupe_key, *a.extra_keys]
        known = _known(store, keys)
        if a.extra_keys:
            fresh = [k for k in keys if k not in known]
            if not fresh:
                outcomes.append({"key": a.dedupe_key, "status": "duplicate"})
                continue
            a.dedupe_key, a.extra_keys = fresh[0], fresh[1:]
            a.mention_ids = [k.split(":", 1)[1] for k in fresh]
        elif known:
            outcomes.append({"key": a.dedupe_key, "status": "duplicate"})
            continue
        rule = by_rule[a.rule]
        last = store.scalar(
            "SELECT max(fired_at) FROM alert_log WHERE rule = ? AND status = 'sent' AND "
            "coalesce(brand, '') = coalesce(?, '')", [a.rule, a.brand],
        )  # fmt: skip
        status, errors = "sent", []
        if last is not None and now - last < timedelta(minutes=rule.cooldown_minutes):
            status = "cooldown"
        else:
            for name in rule.channels:
                try:
                    send(settings.channel(name), a.title, a.text,
                         {**a.data, "rule": a.rule, "mention_ids": a.mention_ids})  # fmt: skip
                except DeliveryError as exc:
                    errors.append(exc.message)
                except Exception as exc:  # one bad alert must not block the others
                    log.exception("alert %s: delivery through %s failed", a.rule, name)
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
            if errors and len(errors) == len(rule.channels):
                status = "failed"
        alert_id = uuid.uuid4().hex[:16]
        for key in [a.dedupe_key, *a.extra_keys]:
            store.execute(
                "INSERT INTO alert_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [alert_id, a.rule, key, a.brand, status, ",".join(rule.channels), a.title,
                 a.text, json.dumps({"errors": errors, "mention_ids": a.mention_ids},
                                    default=str), now],
            )  # fmt: skip
        outcome: dict[str, Any] = {"key": a.dedupe_key, "status": status, "title": a.title,
                                   "errors": errors, "alert_id": alert_id}  # fmt: skip
        outcomes.append(outcome)
    return outcomes


def digest(
    store: Any,
    since: datetime,
    until: datetime,
    brands: tuple[str, ...] = (),
    *,
    timezone: str = "Europe/Paris",
) -> str:
    """A plain-text digest: alerts of the period and each brand's opinion with intervals;
    times in ``timezone`` (the project's), labelled."""
    from rumeur.analytics.opinion import opinion

    zone = ZoneInfo(timezone)
    a, b = since.astimezone(zone), until.astimezone(zone)
    lines = [f"Rumeur — synthèse du {a:%d/%m/%Y %H:%M} au {b:%d/%m/%Y %H:%M} "
             f"(heure locale, {timezone})", ""]  # fmt: skip
    logged = store.query(
        "SELECT status, title, min(fired_at) AS t FROM alert_log WHERE fired_at >= ? AND "
        "fired_at <= ? GROUP BY alert_id, status, title ORDER BY t", [since, until],
    )  # fmt: skip
    lines.append(f"Alertes : {len(logged)}")
    lines += [f"  - {r['t'].astimezone(zone):%d/%m %H:%M} [{r['status']}] {r['title']}"
              for r in logged]  # fmt: skip
    rows = frame.load(store, frame.Scope(brands=brands, since=since, until=until)).rows
    lines.append("")
    fr = numbers("fr")
    for c in opinion(rows, by=("brand",)):
        lines.append(
            f"{c.key['brand']} : {fr.num(c.volume)} mentions, favorables "
            f"{fr.est_pct(c.shares['positive'])}, défavorables {fr.est_pct(c.shares['negative'])}"
        )
    return "\n".join(lines)


__all__ = ["Alert", "Loader", "digest", "dispatch", "evaluate", "local"]
