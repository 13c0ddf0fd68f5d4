"""Report section of the authenticity audit: the coordinated campaigns of the period
(fake praise, review bombing, sockpuppet rings) with their reasons, and each brand's key
figures with and without the suspicious mentions, side by side."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from rumeur.analytics.opinion import opinion
from rumeur.audits.authenticity import AuthenticityAudit, audit_store
from rumeur.audits.authenticity.summary import reason_text
from rumeur.report import data
from rumeur.report.blocks import Block, Cell, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.data import pct_cell

_LABELS = {
    "fr": {
        "a_authenticity": "Authenticité : campagnes coordonnées et faux avis",
        "auth_intro": "{n} mentions examinées : {m} jugées suspectes (score ≥ {t}), "
        "{c} campagne(s) coordonnée(s). Intervalle de coordination estimé sur les données : "
        "{i}.",
        "auth_none": "Aucune mention suspecte sur la période : ni texte copié par des comptes "
        "récents, ni rafale d'avis, ni cercle de comptes qui se répondent.",
        "auth_campaign": "Campagne",
        "auth_span": "Période",
        "auth_size": "Mentions",
        "auth_accounts": "Comptes",
        "auth_reasons": "Pourquoi",
        "auth_example": "Exemple",
        "auth_brand": "Marque",
        "auth_flagged": "Suspectes",
        "auth_fav_all": "Favorables",
        "auth_fav_clean": "sans suspectes",
        "auth_unfav_all": "Défavorables",
        "auth_unfav_clean": "sans suspectes",
        "auth_figures": "Chiffres clés avec et sans les mentions suspectes",
        "auth_list": "Campagne {id}",
        "auth_summary": "{c} campagne(s) coordonnée(s), {m} mentions suspectes ; sans elles, "
        "la part favorable de {brand} passe de {a} à {b}.",
        "auth_summary_short": "{c} campagne(s) coordonnée(s), {m} mentions suspectes.",
        "auth_note": "Score de 0 à 1 par mention (signaux : textes quasi identiques entre "
        "comptes, actions simultanées répétées, âge et audience des comptes, rafales d'avis "
        "1★ ou 5★, cercles de comptes qui se répondent) ; les chiffres « sans suspectes » "
        "sont ceux de rumeur metrics --exclude-suspicious. Détail : rumeur audit "
        "authenticity.",
        "auth_minutes": "{n} min",
    },
    "en": {
        "a_authenticity": "Authenticity: coordinated campaigns and fake reviews",
        "auth_intro": "{n} mentions examined: {m} judged suspicious (score ≥ {t}), "
        "{c} coordinated campaign(s). Coordination interval estimated from the data: {i}.",
        "auth_none": "No suspicious mention over the period: no text copied by new accounts, "
        "no burst of ratings, no ring of accounts answering each other.",
        "auth_campaign": "Campaign",
        "auth_span": "Period",
        "auth_size": "Mentions",
        "auth_accounts": "Accounts",
        "auth_reasons": "Why",
        "auth_example": "Example",
        "auth_brand": "Brand",
        "auth_flagged": "Suspicious",
        "auth_fav_all": "Favourable",
        "auth_fav_clean": "without suspicious",
        "auth_unfav_all": "Unfavourable",
        "auth_unfav_clean": "without suspicious",
        "auth_figures": "Key figures with and without the suspicious mentions",
        "auth_list": "Campaign {id}",
        "auth_summary": "{c} coordinated campaign(s), {m} suspicious mentions; without them, "
        "{brand}'s favourable share goes from {a} to {b}.",
        "auth_summary_short": "{c} coordinated campaign(s), {m} suspicious mentions.",
        "auth_note": "Score from 0 to 1 per mention (signals: near-identical texts across "
        "accounts, repeated simultaneous actions, account age and audience, bursts of 1★ or "
        '5★ ratings, rings of accounts answering each other); the figures "without '
        'suspicious" are those of rumeur metrics --exclude-suspicious. Details: rumeur audit '
        "authenticity.",
        "auth_minutes": "{n} min",
    },
}


def _audit(ctx: ReportContext) -> AuthenticityAudit:
    if "authenticity" not in ctx.cache:
        ctx.cache["authenticity"] = audit_store(
            ctx.store, since=ctx.start, until=ctx.end + timedelta(seconds=1)
        )
    result: AuthenticityAudit = ctx.cache["authenticity"]
    return result


def sections(ctx: ReportContext) -> list[Section]:
    t, fmt = ctx.t, ctx.fmt
    for lang, entries in _LABELS.items():
        t.add(lang, entries)
    sec = Section("a-authenticity", t["a_authenticity"], order=ORDER["a-authenticity"])
    result = _audit(ctx)
    if not result.mentions:
        sec.blocks = [Para(t["auth_none"])]
        return [sec]
    lang = "en" if ctx.lang == "en" else "fr"
    blocks: list[Block] = [Para(t["auth_intro"].format(
        n=fmt.num(result.n_mentions), m=fmt.num(len(result.mentions)),
        t=fmt.num(result.threshold, 1), c=fmt.num(len(result.campaigns)),
        i=t["auth_minutes"].format(n=fmt.num(result.interval_seconds / 60)),
    ))]  # fmt: skip
    rows: list[list[Any]] = []
    for c in result.campaigns[:12]:
        ref = ctx.lists.ref(t["auth_list"].format(id=c.id), c.members, priority=15,
                            total=c.size)  # fmt: skip
        rows.append([
            Cell(Span(c.id, href=ref), cls="code"),
            ", ".join(ctx.brand(b) for b in c.brands) or "—",
            fmt.span(c.start, c.end),
            fmt.num(c.size),
            fmt.num(len(c.accounts)),
            "; ".join(reason_text(r, lang) for r in c.reasons[:4]),
            Cell(" ".join(c.texts[0].split())[:140] if c.texts else "", cls="ugc"),
        ])  # fmt: skip
    if rows:
        blocks.append(Table(
            [t["auth_campaign"], t["auth_brand"], t["auth_span"], t["auth_size"],
             t["auth_accounts"], t["auth_reasons"], t["auth_example"]],
            rows, numeric=(3, 4),
        ))  # fmt: skip
    figures, swing = _with_and_without(ctx, result)
    if figures:
        blocks.append(Para(Span(t["auth_figures"], cls="strong")))
        blocks.append(figures)
    blocks.append(note(t["auth_note"]))
    sec.blocks = blocks
    if swing is not None:
        brand, a, b = swing
        sec.summary = t["auth_summary"].format(
            c=fmt.num(len(result.campaigns)), m=fmt.num(len(result.mentions)),
            brand=ctx.brand(brand), a=fmt.pct(a), b=fmt.pct(b),
        )  # fmt: skip
    else:
        sec.summary = t["auth_summary_short"].format(
            c=fmt.num(len(result.campaigns)), m=fmt.num(len(result.mentions))
        )
    return [sec]


def _with_and_without(
    ctx: ReportContext, result: AuthenticityAudit
) -> tuple[Table | None, tuple[str, float, float] | None]:
    """Per brand: flagged count, favourable and unfavourable shares with and without the
    flagged mentions; and the brand whose favourable share moves most."""
    t, fmt = ctx.t, ctx.fmt
    rows = data.public_rows(ctx)
    flagged = result.suspicious_ids()
    clean = [r for r in rows if r["mention_id"] not in flagged]
    every = {c.key["brand"]: c for c in opinion(rows, by=("brand",))}
    kept = {c.key["brand"]: c for c in opinion(clean, by=("brand",))}
    hit: dict[str, int] = {}
    for r in rows:
        if r["mention_id"] in flagged:
            hit[r["brand"]] = hit.get(r["brand"], 0) + 1
    brands = [b for b in every if hit.get(b)]
    if not brands:
        return None, None
    table_rows: list[list[Any]] = []
    swing: tuple[str, float, float] | None = None
    best = 0.0
    for b in brands:
        a, k = every[b], kept.get(b)
        fav_a, fav_k = a.shares["positive"], k.shares["positive"] if k else None
        table_rows.append([
            Span(ctx.brand(b), cls="strong"), fmt.num(hit[b]),
            pct_cell(fmt, fav_a), pct_cell(fmt, fav_k) if fav_k else Cell("—"),
            pct_cell(fmt, a.shares["negative"]),
            pct_cell(fmt, k.shares["negative"]) if k else Cell("—"),
        ])  # fmt: skip
        if fav_k is not None and math.isfinite(fav_a.value) and math.isfinite(fav_k.value):
            move = abs(fav_a.value - fav_k.value)
            if move > best:
                best, swing = move, (b, fav_a.value, fav_k.value)
    table = Table(
        [t["auth_brand"], t["auth_flagged"], t["auth_fav_all"], t["auth_fav_clean"],
         t["auth_unfav_all"], t["auth_unfav_clean"]],
        table_rows, numeric=range(1, 6),
    )  # fmt: skip
    return table, swing if best >= 0.005 else None


__all__ = ["sections"]
