"""Report sections of the audits: the brand's conduct, and its website's trust factors
(the latest stored ``rumeur audit site`` of each site)."""

from __future__ import annotations

import json
from typing import Any

from rumeur.audits.conduct import RULES, WEIGHTS, ConductAudit, audit_conduct
from rumeur.audits.conduct.render import RULE_LABELS, SEVERITY, message
from rumeur.audits.site.render import STATUS_LABELS
from rumeur.audits.site.render import label as check_label
from rumeur.report.blocks import Block, Cell, Heading, Inline, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section

_LABELS = {
    "fr": {
        "a_conduct": "Conduite de la marque",
        "a_site": "Confiance : le site web",
        "conduct_score": "Score de conduite",
        "conduct_rule": "Règle",
        "conduct_weight": "Poids",
        "conduct_rule_score": "Score",
        "conduct_findings_n": "Manquements",
        "conduct_severity": "Gravité",
        "conduct_account": "Compte",
        "conduct_network": "Réseau",
        "conduct_period": "Période",
        "conduct_what": "Constat",
        "conduct_evidence": "Preuves",
        "conduct_none": "Aucun manquement relevé sur la période.",
        "conduct_no_accounts": "Aucun compte propre n'est déclaré (own_accounts dans "
        "rumeur.toml) : la conduite de la marque ne peut pas être auditée.",
        "conduct_competitors": "Concurrents",
        "conduct_note": "Chaque règle vaut 100 sans manquement, 70 pour un manquement faible, "
        "40 moyen, 0 grave ; le score est leur moyenne pondérée. Référence : "
        "71,38\u00a0% de 1\u202f153 "
        "votants jugent que les réseaux aident les marques à servir leurs clients, à "
        "condition de respecter leurs lignes rouges (intrusion, spam, publicité non "
        "sollicitée, messages trop fréquents, exploitation des données, faux clients).",
        "conduct_list": "Preuves : {rule}, {account}",
        "conduct_summary": "Conduite de {brand} : {score}/100, {n} manquement(s) dont {high} "
        "grave(s).",
        "site_none": "Aucun audit de site n'est enregistré : lancez « rumeur audit site URL ».",
        "site_score": "Score",
        "site_checked": "Audité le",
        "site_check": "Vérification",
        "site_status": "État",
        "site_evidence": "Élément relevé",
        "site_all_ok": "Toutes les vérifications sont conformes.",
        "site_changes": "Changements depuis l'audit précédent",
        "site_summary": "Site {site} : {score}/100, {n} point(s) à corriger.",
    },
    "en": {
        "a_conduct": "Brand conduct",
        "a_site": "Trust: the website",
        "conduct_score": "Conduct score",
        "conduct_rule": "Rule",
        "conduct_weight": "Weight",
        "conduct_rule_score": "Score",
        "conduct_findings_n": "Findings",
        "conduct_severity": "Severity",
        "conduct_account": "Account",
        "conduct_network": "Network",
        "conduct_period": "Period",
        "conduct_what": "Finding",
        "conduct_evidence": "Evidence",
        "conduct_none": "No finding over the period.",
        "conduct_no_accounts": "No own account is declared (own_accounts in rumeur.toml): "
        "the brand's conduct cannot be audited.",
        "conduct_competitors": "Competitors",
        "conduct_note": "Each rule scores 100 without finding, 70 for a low one, 40 medium, "
        "0 high; the score is their weighted mean. Reference: 71.38% of 1,153 voters say "
        "social networks help brands serve customers, provided they respect their red "
        "lines (intrusion, spam, unsolicited ads, too-frequent messages, data "
        "exploitation, fake customers).",
        "conduct_list": "Evidence: {rule}, {account}",
        "conduct_summary": "Conduct of {brand}: {score}/100, {n} finding(s), {high} of them high.",
        "site_none": "No site audit is stored: run “rumeur audit site URL”.",
        "site_score": "Score",
        "site_checked": "Audited on",
        "site_check": "Check",
        "site_status": "Status",
        "site_evidence": "Evidence",
        "site_all_ok": "Every check passes.",
        "site_changes": "Changes since the previous audit",
        "site_summary": "Site {site}: {score}/100, {n} point(s) to fix.",
    },
}


def sections(ctx: ReportContext) -> list[Section]:
    for lang, entries in _LABELS.items():
        ctx.t.add(lang, entries)
    out = [_conduct(ctx)]
    site = _site(ctx)
    if site is not None:
        out.append(site)
    return out


def _rows(ctx: ReportContext, ids: list[str]) -> None:
    """Make the evidence mentions linkable (own posts are not in the usual lists)."""
    if not ids:
        return
    rows = ctx.store.query(
        "SELECT mention_id, platform, author_handle, created_at, text, title, url, "
        "0 AS reach FROM mentions WHERE mention_id IN "
        f"({', '.join('?' * len(ids))})",
        ids,
    )
    ctx.lists.add_rows(rows)


def _conduct(ctx: ReportContext) -> Section:
    t, fmt = ctx.t, ctx.fmt
    sec = Section("a-conduct", t["a_conduct"], order=ORDER["a-conduct"])
    if not any(b.own_accounts for b in ctx.project.brands):
        sec.blocks = [Para(t["conduct_no_accounts"])]
        return sec
    audit = audit_conduct(ctx.store, ctx.project, since=ctx.start, until=ctx.end, trend=False)
    blocks: list[Block] = [_scores(ctx, audit)]
    if audit.findings:
        _rows(ctx, [e for f in audit.findings for e in f.evidence[:30]])
        blocks.append(_findings(ctx, audit))
    else:
        blocks.append(Para(t["conduct_none"]))
    if audit.competitors:
        blocks.append(Heading(t["conduct_competitors"]))
        blocks.append(Table(
            [t["conduct_account"], t["conduct_score"], t["conduct_findings_n"]],
            [[ctx.brand(c.brand), f"{fmt.num(c.score)}/100", fmt.num(len(c.findings))]
             for c in audit.competitors],
            numeric=(1, 2),
        ))  # fmt: skip
    blocks.append(note(t["conduct_note"]))
    sec.blocks = blocks
    high = sum(f.severity == "high" for f in audit.findings)
    sec.summary = t["conduct_summary"].format(
        brand=ctx.brand(audit.brand), score=fmt.num(audit.score), n=fmt.num(len(audit.findings)),
        high=fmt.num(high),
    )  # fmt: skip
    return sec


def _scores(ctx: ReportContext, audit: ConductAudit) -> Table:
    t, fmt = ctx.t, ctx.fmt
    labels = RULE_LABELS[ctx.lang]
    scores = audit.rule_scores()
    counts = {r: sum(f.rule == r for f in audit.findings) for r in RULES}
    rows: list[list[Any]] = [
        [labels[r], fmt.num(WEIGHTS[r]), f"{fmt.num(scores[r])}/100", fmt.num(counts[r])]
        for r in RULES
    ]
    rows.append([Span(t["conduct_score"], cls="strong"), "", Span(
        f"{fmt.num(audit.score)}/100", cls="strong"), fmt.num(len(audit.findings))])  # fmt: skip
    return Table(
        [t["conduct_rule"], t["conduct_weight"], t["conduct_rule_score"], t["conduct_findings_n"]],
        rows, numeric=(1, 2, 3),
    )  # fmt: skip


def _findings(ctx: ReportContext, audit: ConductAudit) -> Table:
    t, fmt, lang = ctx.t, ctx.fmt, ctx.lang
    labels = RULE_LABELS[lang]
    rows: list[list[Inline | Cell]] = []
    for f in audit.findings[:30]:
        who = f.account if " " in f.account else f"@{f.account}"
        ref = ctx.lists.ref(t["conduct_list"].format(rule=labels[f.rule], account=who),
                            f.evidence[:30], priority=30, total=len(f.evidence))  # fmt: skip
        rows.append([
            Cell(labels[f.rule], sub=SEVERITY[lang][f.severity],
                 cls="s-negative" if f.severity == "high" else None),
            Cell(who, sub=f.platform.replace("+", ", ")),
            Cell(fmt.day(f.start), sub=fmt.day(f.end)),
            message(f, lang),
            Span(fmt.num(len(f.evidence)), href=ref) if ref else fmt.num(len(f.evidence)),
        ])  # fmt: skip
    return Table(
        [t["conduct_rule"], t["conduct_account"], t["conduct_period"], t["conduct_what"],
         t["conduct_evidence"]],
        rows, numeric=(4,),
    )  # fmt: skip


def _site(ctx: ReportContext) -> Section | None:
    t, fmt, lang = ctx.t, ctx.fmt, ctx.lang
    try:
        rows = ctx.store.query(
            "SELECT site, checked_at, score, result FROM ("
            " SELECT *, row_number() OVER (PARTITION BY site ORDER BY checked_at DESC, id DESC)"
            " AS n FROM site_audits) WHERE n = 1 ORDER BY site"
        )
    except Exception:  # a store older than the site_audits migration (read-only)
        rows = []
    sec = Section("a-site", t["a_site"], order=ORDER["a-site"])
    if not rows:
        sec.blocks = [Para(t["site_none"])]
        return sec
    blocks: list[Block] = []
    bad_total = 0
    for r in rows:
        result = json.loads(r["result"]) if isinstance(r["result"], str) else r["result"]
        bad = [c for c in result["checks"] if c["status"] != "ok"]
        bad_total += len(bad)
        blocks.append(Heading(f"{r['site']} — {t['site_score']} {fmt.num(r['score'])}/100"))
        blocks.append(Para([Span(t["site_checked"] + fmt.colon + " ", cls="strong"),
                            fmt.datetime(r["checked_at"])]))  # fmt: skip
        if bad:
            blocks.append(Table(
                [t["site_check"], t["site_status"], t["site_evidence"]],
                [[check_label(c["id"], lang), STATUS_LABELS[lang][c["status"]],
                  Cell(c.get("evidence") or "—", cls="ugc")] for c in bad],
            ))  # fmt: skip
        else:
            blocks.append(Para(t["site_all_ok"]))
        changes = result.get("changes") or []
        if changes:
            items = [c.get("message") or f"{check_label(c['id'], lang)} : {c['before']} → "
                     f"{c['after']}" for c in changes]  # fmt: skip
            blocks.append(Heading(t["site_changes"], level=4))
            blocks.append(Table([t["site_check"]], [[i] for i in items]))
    sec.blocks = blocks
    first = rows[0]
    sec.summary = t["site_summary"].format(site=first["site"], score=fmt.num(first["score"]),
                                           n=fmt.num(bad_total))  # fmt: skip
    return sec
