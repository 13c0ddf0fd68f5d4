"""The audit as a readable checklist, in French (default) or English."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rumeur.audits.site.model import WEIGHTS, SiteAudit

LABELS_FR: dict[str, str] = {
    "legal_notice.page": "Mentions légales : page",
    "legal_notice.company": "Mentions légales : raison sociale et forme",
    "legal_notice.address": "Mentions légales : adresse du siège",
    "legal_notice.registration": "Mentions légales : SIREN / RCS",
    "legal_notice.capital": "Mentions légales : capital social",
    "legal_notice.publication_director": "Mentions légales : directeur de la publication",
    "legal_notice.host": "Mentions légales : hébergeur (nom, adresse, téléphone)",
    "cgv.page": "CGV : page",
    "cgv.price_delivery": "CGV : prix et livraison",
    "cgv.withdrawal": "CGV : rétractation de 14 jours",
    "cgv.guarantees": "CGV : garanties légales",
    "cgv.mediator": "CGV : médiateur de la consommation",
    "cgv.freshness": "CGV : date de mise à jour",
    "cgu.page": "CGU : page",
    "cgu.freshness": "CGU : date de mise à jour",
    "privacy.page": "Confidentialité : page",
    "privacy.controller": "Confidentialité : responsable du traitement",
    "privacy.purposes": "Confidentialité : finalités",
    "privacy.legal_basis": "Confidentialité : bases légales",
    "privacy.retention": "Confidentialité : durées de conservation",
    "privacy.rights": "Confidentialité : droits des personnes",
    "privacy.dpo": "Confidentialité : contact du DPO",
    "privacy.cnil": "Confidentialité : réclamation auprès de la CNIL",
    "privacy.freshness": "Confidentialité : date de mise à jour",
    "cookies.page": "Cookies : page",
    "cookies.policy": "Cookies : finalités et retrait du consentement",
    "cookies.freshness": "Cookies : date de mise à jour",
    "accessibility.page": "Accessibilité : déclaration",
    "accessibility.statement": "Accessibilité : état de conformité",
    "contact.means": "Contact et service client",
    "consent.banner": "Consentement : bandeau",
    "consent.refuse_first_layer": "Consentement : refuser aussi simple qu'accepter",
    "consent.trackers_before_consent": "Consentement : aucun traceur avant accord",
    "consent.cookies_before_consent": "Consentement : aucun cookie de traçage avant accord",
    "security.https": "Sécurité : HTTPS",
    "security.hsts": "Sécurité : HSTS",
    "security.headers": "Sécurité : en-têtes",
}
LABELS_EN: dict[str, str] = {
    "legal_notice.page": "Legal notice: page",
    "legal_notice.company": "Legal notice: company and legal form",
    "legal_notice.address": "Legal notice: registered address",
    "legal_notice.registration": "Legal notice: SIREN / trade register",
    "legal_notice.capital": "Legal notice: share capital",
    "legal_notice.publication_director": "Legal notice: publication director",
    "legal_notice.host": "Legal notice: host (name, address, phone)",
    "cgv.page": "Terms of sale: page",
    "cgv.price_delivery": "Terms of sale: price and delivery",
    "cgv.withdrawal": "Terms of sale: 14-day withdrawal",
    "cgv.guarantees": "Terms of sale: legal guarantees",
    "cgv.mediator": "Terms of sale: consumer mediator",
    "cgv.freshness": "Terms of sale: last update",
    "cgu.page": "Terms of use: page",
    "cgu.freshness": "Terms of use: last update",
    "privacy.page": "Privacy policy: page",
    "privacy.controller": "Privacy: data controller",
    "privacy.purposes": "Privacy: purposes",
    "privacy.legal_basis": "Privacy: legal bases",
    "privacy.retention": "Privacy: retention periods",
    "privacy.rights": "Privacy: data subject rights",
    "privacy.dpo": "Privacy: DPO contact",
    "privacy.cnil": "Privacy: complaint to the CNIL",
    "privacy.freshness": "Privacy: last update",
    "cookies.page": "Cookies: page",
    "cookies.policy": "Cookies: purposes and withdrawal",
    "cookies.freshness": "Cookies: last update",
    "accessibility.page": "Accessibility: statement",
    "accessibility.statement": "Accessibility: conformance status",
    "contact.means": "Contact and customer service",
    "consent.banner": "Consent: banner",
    "consent.refuse_first_layer": "Consent: refusing as easy as accepting",
    "consent.trackers_before_consent": "Consent: no tracker before consent",
    "consent.cookies_before_consent": "Consent: no tracking cookie before consent",
    "security.https": "Security: HTTPS",
    "security.hsts": "Security: HSTS",
    "security.headers": "Security: headers",
}

STATUS_LABELS = {
    "fr": {"ok": "conforme", "missing": "manquant", "stale": "périmé", "violation": "infraction"},
    "en": {"ok": "ok", "missing": "missing", "stale": "stale", "violation": "violation"},
}
_MARK = {"ok": "✓", "missing": "✗", "stale": "⌛", "violation": "⚠"}


def label(check_id: str, lang: str = "fr") -> str:
    return (LABELS_FR if lang == "fr" else LABELS_EN).get(check_id, check_id)


def as_text(audit: SiteAudit, lang: str = "fr", timezone: str = "Europe/Paris") -> str:
    """A checklist a person reads: the score, each check with its evidence, the changes."""
    fr = lang == "fr"
    when = audit.checked_at.astimezone(ZoneInfo(timezone))
    score = f"{audit.score:.0f}/100"
    lines = [
        (f"Audit du site {audit.url}" if fr else f"Site audit of {audit.url}"),
        (
            f"  le {when:%d/%m/%Y à %H:%M} ({timezone}) · {audit.crawled} page(s) lue(s)"
            f" · score {score}"
            if fr
            else f"  on {when:%Y-%m-%d %H:%M} ({timezone}) · {audit.crawled} page(s) read"
            f" · score {score}"
        ),
        "",
    ]
    for check in audit.checks:
        status = STATUS_LABELS["fr" if fr else "en"][check.status]
        lines.append(f"{_MARK[check.status]} {label(check.id, lang)} — {status}")
        if check.evidence:
            lines.append(f"    {check.evidence}")
        if check.page and check.status != "ok":
            lines.append(f"    {check.page}")
    if audit.skipped_by_robots:
        lines += [
            "",
            ("Pages non lues (robots.txt) : " if fr else "Pages not read (robots.txt): ")
            + ", ".join(audit.skipped_by_robots[:10]),
        ]
    if audit.browser:
        lines += [
            "",
            ("Consentement non vérifié : " if fr else "Consent not checked: ") + audit.browser,
        ]
    if audit.changes:
        lines += [
            "",
            "Changements depuis le dernier audit :" if fr else "Changes since the last audit:",
        ]
        for ch in audit.changes:
            if ch["type"] == "check":
                lines.append(f"  {label(ch['id'], lang)} : {ch['before']} → {ch['after']}")
            else:
                lines.append(f"  {ch.get('message', ch['type'])}")
    weights = ", ".join(f"{k} {v:g}" for k, v in WEIGHTS.items())
    lines += ["", ("Pondération du score : " if fr else "Score weights: ") + weights]
    return "\n".join(lines)
