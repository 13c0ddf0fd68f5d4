"""The checklist: what the law asks each page to say, and how it is recognised.

Every rule is a pattern over the page's folded text (lower case, no accents); the
evidence is the sentence of the page that satisfied it, or a message saying what is
missing. The references are the French texts each rule comes from:

- mentions légales: LCEN (loi 2004-575) art. 6-III;
- CGV: Code de la consommation L111-1, L221-5 (information, rétractation de 14 jours),
  L217-3 s. (garantie légale de conformité), L612-1 and L616-1 (médiateur);
- politique de confidentialité: RGPD art. 13;
- accessibility: loi 2005-102 art. 47 (RGAA) and the European Accessibility Act
  (directive 2019/882), which applies to online shops since 28 June 2025.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rumeur.audits.site.legal import PageText, fold, sentence
from rumeur.audits.site.model import STALE_AFTER_DAYS, Check, Status
from rumeur.checksums import luhn


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    patterns: tuple[str, ...]  # all must match somewhere in the page
    missing_fr: str
    missing_en: str


_PHONE = r"(?:\+33\s?\(?0?\)?\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b"
_POSTCODE = r"\b(?:f-)?\d{5}\s+[a-z]"
_STREET = (
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allee|"
    r"quai|route|impasse|cours|square|esplanade|parvis|rond-point)\b"
)
_EMAIL_OR_URL = r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+|www\.\S+"

RULES: tuple[Rule, ...] = (
    Rule(
        "legal_notice.company",
        "legal_notice",
        (
            r"\b(sas|sasu|sarl|eurl|sa|snc|sca|scop|sci|selarl|societe anonyme|"
            r"societe par actions simplifiee|societe a responsabilite limitee|"
            r"entreprise individuelle|micro-?entreprise|association)\b",
        ),
        "raison sociale et forme juridique introuvables",
        "company name and legal form not found",
    ),
    Rule(
        "legal_notice.address",
        "legal_notice",
        (_POSTCODE,),
        "adresse du siège introuvable",
        "registered address not found",
    ),
    Rule(
        "legal_notice.registration",
        "legal_notice",
        (r"\b(siren|siret|rcs|r\.c\.s\.?|registre du commerce)\b.{0,40}?\d{3}\s?\d{3}\s?\d{3}",),
        "numéro SIREN / RCS introuvable",
        "SIREN / trade register number not found",
    ),
    Rule(
        "legal_notice.capital",
        "legal_notice",
        (r"capital(?: social)?(?: de| :|:)?\s*(?:de\s*)?\d[\d\s.,]*\s*(?:€|euros?\b|eur\b)",),
        "capital social introuvable",
        "share capital not found",
    ),
    Rule(
        "legal_notice.publication_director",
        "legal_notice",
        (r"(directeur|directrice|responsable) de (la )?publication|publication director",),
        "directeur de la publication non nommé",
        "publication director not named",
    ),
    Rule(
        "cgv.price_delivery",
        "cgv",
        (r"\bprix\b|\bprice", r"livraison|frais de port|expedition|delivery|shipping"),
        "prix et modalités de livraison non décrits",
        "price and delivery terms not described",
    ),
    Rule(
        "cgv.withdrawal",
        "cgv",
        (r"retractation|withdrawal", r"\b(14|quatorze)\s+jours|\b14 days|fourteen days"),
        "droit de rétractation de 14 jours non mentionné",
        "14-day right of withdrawal not stated",
    ),
    Rule(
        "cgv.guarantees",
        "cgv",
        (r"garantie legale de conformite|vices? caches?|legal guarantee of conformity",),
        "garanties légales (conformité, vices cachés) non mentionnées",
        "legal guarantees (conformity, hidden defects) not stated",
    ),
    Rule(
        "privacy.controller",
        "privacy",
        (r"responsable (du|de|des) traitements?|data controller|controller",),
        "responsable du traitement non identifié",
        "data controller not identified",
    ),
    Rule(
        "privacy.purposes",
        "privacy",
        (r"finalites?|purposes? of (the )?processing",),
        "finalités des traitements non décrites",
        "purposes of processing not described",
    ),
    Rule(
        "privacy.legal_basis",
        "privacy",
        (
            r"base (legale|juridique)|fondements? (juridique|legal)|interet legitime|"
            r"legal basis|legitimate interest",
        ),
        "bases légales non indiquées",
        "legal bases not stated",
    ),
    Rule(
        "privacy.retention",
        "privacy",
        (r"duree de conservation|conserv\w+ (pendant|durant)|retention period|retained for",),
        "durées de conservation non indiquées",
        "retention periods not stated",
    ),
    Rule(
        "privacy.cnil",
        "privacy",
        (r"\bcnil\b", r"reclamation|plainte|complaint"),
        "droit d'introduire une réclamation auprès de la CNIL non mentionné",
        "right to lodge a complaint with the CNIL not stated",
    ),
    Rule(
        "cookies.policy",
        "cookies",
        (
            r"cookies?|traceurs?",
            r"finalit|purpose|mesure d'audience|publicit|advertis|analytics",
            r"retir\w* (votre |son )?consentement|modifier (vos|votre) (choix|preferences)|"
            r"withdraw (your )?consent|change your (choice|preferences)",
        ),
        "la politique cookies ne dit ni à quoi servent les traceurs ni comment retirer son "
        "consentement",
        "the cookie policy says neither what trackers are for nor how to withdraw consent",
    ),
    Rule(
        "accessibility.statement",
        "accessibility",
        (
            r"(totalement|partiellement|non) conforme|fully compliant|partially compliant|"
            r"not compliant|\brgaa\b",
        ),
        "déclaration d'accessibilité sans état de conformité (RGAA)",
        "accessibility statement without a conformance status",
    ),
)

_RIGHTS = (
    r"droit d'acces|right of access|right to access",
    r"rectification",
    r"effacement|erasure|droit a l'oubli",
    r"opposition|right to object",
    r"portabilite|portability",
    r"limitation|restriction",
)


def _all(text: str, patterns: tuple[str, ...]) -> str | None:
    """The sentence matching the first pattern, if every pattern matches the text."""
    folded = fold(text)
    if not all(re.search(p, folded) for p in patterns):
        return None
    return sentence(text, re.compile(patterns[0]))


def page_checks(kind: str, text: PageText, url: str) -> list[Check]:
    """The content checks of one legal page."""
    out = []
    for rule in RULES:
        if rule.kind != kind:
            continue
        ev = _all(text.text, rule.patterns)
        out.append(Check(rule.id, "ok" if ev else "missing", ev or rule.missing_fr, url))
    folded = fold(text.text)
    if kind == "legal_notice":
        out.append(_host_check(text.text, url))
        out = [
            _siren_valid(text.text, url, c)
            if c.id == "legal_notice.registration" and c.status == "ok"
            else c
            for c in out
        ]
    elif kind == "cgv":
        out.append(_mediator_check(text.text, url))
    elif kind == "privacy":
        found = [p for p in _RIGHTS if re.search(p, folded)]
        ev = sentence(text.text, re.compile(found[0])) if found else None
        out.append(
            Check(
                "privacy.rights",
                "ok" if len(found) >= 3 else "missing",
                ev if len(found) >= 3 else f"droits des personnes incomplets ({len(found)} sur 6)",
                url,
            )
        )
        out.append(
            _named_with_contact(
                "privacy.dpo", text.text, url,
                r"delegue a la protection des donnees|\bdpo\b|data protection officer",
                {"contact": f"{_EMAIL_OR_URL}|{_PHONE}|{_POSTCODE}"},
                "délégué à la protection des données (DPO) non désigné", window=400,
            )
        )  # fmt: skip
    return out


def _named_with_contact(
    check_id: str, text: str, url: str, who: str, contacts: dict[str, str], unnamed: str,
    window: int = 450,
) -> Check:  # fmt: skip
    """``ok`` when a party matching ``who`` is named with each kind of contact detail of
    ``contacts`` (label -> pattern) within ``window`` characters after it; the evidence
    is the naming sentence, or says which details are missing."""
    folded = fold(text)
    m = re.search(who, folded)
    if not m:
        return Check(check_id, "missing", unnamed, url)
    near = folded[m.start() : m.start() + window]
    lacks = [label for label, pat in contacts.items() if not re.search(pat, near)]
    ev = sentence(text, re.compile(who))
    if lacks:
        return Check(check_id, "missing", f"{ev} — sans {' ni '.join(lacks)}", url)
    return Check(check_id, "ok", ev, url)


def _host_check(text: str, url: str) -> Check:
    return _named_with_contact(
        "legal_notice.host", text, url, r"heberg|hosted by|hosting provider|\bhost\b",
        {"adresse": f"{_POSTCODE}|{_STREET}", "téléphone": _PHONE}, "hébergeur non nommé",
    )  # fmt: skip


def _siren_valid(text: str, url: str, found: Check) -> Check:
    m = re.search(
        r"\b(siren|siret|rcs|r\.c\.s\.?|registre du commerce)\b.{0,40}?"
        r"(\d{3})\s?(\d{3})\s?(\d{3})",
        fold(text),
    )
    if m and not luhn(m.group(2) + m.group(3) + m.group(4)):
        number = m.group(2) + m.group(3) + m.group(4)
        return Check(
            "legal_notice.registration",
            "violation",
            f"numéro SIREN {number} invalide (clé de contrôle fausse) : {found.evidence}",
            url,
        )
    return found


def _mediator_check(text: str, url: str) -> Check:
    return _named_with_contact(
        "cgv.mediator", text, url,
        r"mediat(eur|rice|ion) de la consommation|mediateur|consumer mediat",
        {"coordonnées": f"{_EMAIL_OR_URL}|{_POSTCODE}"},
        "médiateur de la consommation non désigné", window=400,
    )  # fmt: skip


def freshness(
    kind: str, url: str, stated: tuple[date, str] | None, last_modified: date | None, today: date
) -> Check:
    """``<kind>.freshness``: stale when the newest stated or served date is over a year old."""
    cid = f"{kind}.freshness"
    if stated is None and last_modified is None:
        return Check(cid, "missing", "aucune date de mise à jour indiquée", url)
    if stated is not None:
        when, ev = stated
    else:
        assert last_modified is not None
        when, ev = last_modified, f"Last-Modified : {last_modified.isoformat()}"
    age = (today - when).days
    status: Status = "stale" if age > STALE_AFTER_DAYS else "ok"
    return Check(cid, status, f"{ev.rstrip('. ')} ({age} jours)", url)
