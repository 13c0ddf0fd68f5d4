"""The readable summary of an authenticity audit, in French or English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rumeur.audits.authenticity.score import REASONS
from rumeur.numbers import numbers

_T = {
    "fr": {
        "head": "Audit d'authenticité : {n} mentions examinées, seuil {t} (score de 0 à 1).",
        "none": "Aucune mention suspecte au-dessus du seuil.",
        "counts": "{m} mention(s) suspecte(s), {a} compte(s), {c} campagne(s).",
        "interval": "Intervalle de coordination estimé sur les données : {s}.",
        "campaign": "Campagne {id} : {size} mentions de {acc} comptes, du {start} au {end}",
        "why": "  Pourquoi : {r}",
        "ex": "  Exemple : « {t} »",
        "brands": "  Marques : {b}",
        "accounts": "Comptes les plus suspects :",
        "tz": "(heures : {tz})",
    },
    "en": {
        "head": "Authenticity audit: {n} mentions examined, threshold {t} (score 0 to 1).",
        "none": "No suspicious mention above the threshold.",
        "counts": "{m} suspicious mention(s), {a} account(s), {c} campaign(s).",
        "interval": "Coordination interval estimated from the data: {s}.",
        "campaign": "Campaign {id}: {size} mentions from {acc} accounts, {start} to {end}",
        "why": "  Why: {r}",
        "ex": "  Example: “{t}”",
        "brands": "  Brands: {b}",
        "accounts": "Most suspicious accounts:",
        "tz": "(times: {tz})",
    },
}


def reason_text(code: str, lang: str = "fr") -> str:
    """One sentence for a reason code (the code itself when unknown)."""
    pair = REASONS.get(code)
    return pair[0 if lang == "fr" else 1] if pair else code


def _duration(seconds: float, lang: str) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def summary(audit: object, lang: str = "fr", tz: str = "Europe/Paris", top: int = 10) -> str:
    """Lines of text: counts, each campaign with its span (in ``tz``), reasons and an
    example, then the most suspicious accounts."""
    from rumeur.audits.authenticity import AuthenticityAudit

    assert isinstance(audit, AuthenticityAudit)
    t = _T["en" if lang == "en" else "fr"]
    zone = ZoneInfo(tz)

    def when(d: datetime) -> str:
        return d.astimezone(zone).strftime("%d/%m/%Y %H:%M")

    num = numbers("en" if lang == "en" else "fr")
    lines = [t["head"].format(n=num.num(audit.n_mentions), t=num.num(audit.threshold, 2))]
    if not audit.mentions:
        lines.append(t["none"])
        return "\n".join(lines)
    lines.append(t["counts"].format(m=len(audit.mentions), a=len(audit.accounts),
                                    c=len(audit.campaigns)))  # fmt: skip
    lines.append(t["interval"].format(s=_duration(audit.interval_seconds, lang)))
    lines.append(t["tz"].format(tz=tz))
    for c in audit.campaigns[:top]:
        lines.append("")
        lines.append(t["campaign"].format(id=c.id, size=c.size, acc=len(c.accounts),
                                          start=when(c.start), end=when(c.end)))  # fmt: skip
        lines.append(t["why"].format(r="; ".join(reason_text(r, lang) for r in c.reasons)))
        if c.brands:
            lines.append(t["brands"].format(b=", ".join(c.brands)))
        if c.texts:
            lines.append(t["ex"].format(t=" ".join(c.texts[0].split())[:160]))
    if audit.accounts:
        lines.append("")
        lines.append(t["accounts"])
        for a in audit.accounts[:top]:
            why = ", ".join(reason_text(r, lang) for r in a.reasons[:3])
            sep = ":" if lang == "en" else " :"
            lines.append(f"  {a.author_handle or a.account} ({a.platform}) "
                         f"{num.num(a.score, 2)}{sep} {why}")  # fmt: skip
    return "\n".join(lines)


__all__ = ["reason_text", "summary"]
