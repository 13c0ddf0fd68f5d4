"""The conduct audit as text a brand manager reads (French by default)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rumeur.audits.conduct.model import RULES, WEIGHTS, ConductAudit, Finding

RULE_LABELS = {
    "fr": {
        "frequency": "Fréquence de publication", "unsolicited": "Messages non sollicités",
        "wall_spam": "Spam sur les murs", "promo_share": "Part de promotions",
        "copy_paste": "Copier-coller entre réseaux", "response": "Réponse au public",
        "data_use": "Données personnelles", "fake_customers": "Faux clients",
    },
    "en": {
        "frequency": "Posting frequency", "unsolicited": "Unsolicited messages",
        "wall_spam": "Wall spam", "promo_share": "Share of promotions",
        "copy_paste": "Cross-network copy-paste", "response": "Answering the public",
        "data_use": "Personal data", "fake_customers": "Fake customers",
    },
}  # fmt: skip
SEVERITY = {
    "fr": {"high": "grave", "medium": "moyen", "low": "faible"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}


def message(f: Finding, lang: str = "fr") -> str:
    """A finding's message in ``lang`` (the stored message is French)."""
    if lang == "fr":
        return f.message
    m = f.metrics
    kind = m.get("kind")
    pct = "{:.0%}".format
    if f.rule == "frequency":
        return (
            f"@{f.account} posted {m['posts']} messages in {m['days']} day(s) on "
            f"{f.platform} ({m['posts_per_day']}/day vs {m['usual_posts_per_day']} usually, "
            f"norm {m['norm_posts_per_day']}); {m['complaints']} complaint(s) about it"
        )
    if f.rule == "unsolicited":
        return (
            f"@{f.account} addressed {m['people']} people who had not addressed the brand "
            f"({m['messages']} messages, {m['promotional']} promotional)"
        )
    if f.rule == "wall_spam":
        return (
            f"the same promotional message posted {m['messages']} times in "
            f"{m['threads']} threads of other people"
        )
    if f.rule == "copy_paste":
        return (
            f"{m['groups']} message(s) posted identically on several networks "
            f"({pct(m['share_of_posts'])} of posts)"
        )
    if f.rule == "response":
        return (
            f"{m['answered']} of {m['addressed']} questions and complaints addressed to the "
            f"brand were answered ({pct(m['answer_rate'])}, target ≥ 65%)"
        )
    if f.rule == "promo_share":
        sh = m["shares"]["promotions"]
        return (
            f"{pct(sh['brand_share'])} of the brand's posts are promotional while "
            f"{pct(sh['audience_share'])} of the audience's messages ask for promotions"
        )
    if kind == "audience_complaints":
        return f"{m['complaints']} message(s) complain about the use of personal data"
    if kind == "public_data_requests":
        return f"@{f.account} asked for personal data in public {m['requests']} time(s)"
    if kind == "own_account_reviews":
        return f"a brand account posted {m['reviews']} review(s) of the brand itself"
    if kind == "brand_named":
        return f"@{f.account}, named after the brand, praised it {m['positive']} times"
    if kind == "coordinated_praise":
        return f"{m['mentions']} praises of the brand by {m['accounts']} coordinated accounts"
    return f.message


def as_text(audit: ConductAudit, lang: str = "fr", timezone: str = "Europe/Paris") -> str:
    fr = lang == "fr"
    tz = ZoneInfo(timezone)
    labels = RULE_LABELS["fr" if fr else "en"]
    lines = [
        (f"Conduite de la marque {audit.brand} — score {audit.score:.0f}/100"
         if fr else f"Brand conduct of {audit.brand} — score {audit.score:.0f}/100"),
        ("Comptes : " if fr else "Accounts: ") + ", ".join("@" + a for a in audit.accounts),
        "",
    ]  # fmt: skip
    scores = audit.rule_scores()
    for rule in RULES:
        weight = ("poids " if fr else "weight ") + f"{WEIGHTS[rule]:g}"
        lines.append(f"  {labels[rule]:<32} {scores[rule]:5.0f}/100  ({weight})")
    lines.append("")
    if not audit.findings:
        lines.append("Aucun manquement relevé." if fr else "No finding.")
    for f in audit.findings:
        start = f.start.astimezone(tz)
        end = f.end.astimezone(tz)
        sev = SEVERITY["fr" if fr else "en"][f.severity]
        who = f.account if " " in f.account else f"@{f.account}"
        lines.append(f"[{sev}] {labels[f.rule]} · {who} · {f.platform}")
        lines.append(f"    {start:%d/%m/%Y %H:%M} → {end:%d/%m/%Y %H:%M} ({timezone})")
        lines.append(f"    {message(f, lang)}")
        for mid, text in list(f.excerpts.items())[:3]:
            lines.append(f"      · {text}  [{mid}]")
    if audit.trend:
        lines += ["", "Tendance (score par semaine) :" if fr else "Trend (score by week):"]
        lines.append(
            "    " + "  ".join(f"{t['period']} {t['score']:.0f}" for t in audit.trend[-12:])
        )
    for c in audit.competitors:
        lines.append("")
        n = len(c.findings)
        lines.append(
            f"Concurrent {c.brand} : score {c.score:.0f}/100, {n} manquement(s)"
            if fr
            else f"Competitor {c.brand}: score {c.score:.0f}/100, {n} finding(s)"
        )
    return "\n".join(lines)
