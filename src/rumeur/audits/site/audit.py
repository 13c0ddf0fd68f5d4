"""``audit_site``: crawl a site, find its legal pages, check them, watch its consent banner.

>>> audit = audit_site("https://www.example.fr", SiteAuditOptions())   # doctest: +SKIP
>>> audit.score, [c.id for c in audit.checks if c.status != "ok"]      # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from rumeur.audits.site import checks as ck
from rumeur.audits.site.consent import BrowserUnavailable, Observation, observe
from rumeur.audits.site.crawl import CrawlOptions, CrawlResult, Page, crawl
from rumeur.audits.site.legal import (
    KINDS,
    PageText,
    classify,
    crawl_priority,
    fold,
    http_date,
    link_scores,
    page_text,
    stated_update,
)
from rumeur.audits.site.model import Check, LegalPage, SiteAudit
from rumeur.errors import ConnectorError
from rumeur.messages import Text

#: the kinds whose pages must show a recent update date
_DATED = ("cgv", "cgu", "privacy", "cookies")
_HSTS_MIN = 15_552_000  # 180 days, the usual floor (and the CNIL's recommendation)
_SEC_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


@dataclass(frozen=True, slots=True)
class SiteAuditOptions:
    """How to audit. ``accessibility``: ``auto`` asks for an accessibility statement when
    the site sells online (a CGV page was found), ``required`` always, ``skip`` never."""

    crawl: CrawlOptions = field(default_factory=CrawlOptions)
    browser: bool = True
    host_resolver_rules: str | None = None
    ignore_https_errors: bool = False
    accessibility: Literal["auto", "required", "skip"] = "auto"
    timezone: str = "Europe/Paris"
    today: date | None = None
    extra_trackers: dict[str, str] | None = None
    #: seconds to wait after the page settled, for scripts that set trackers late
    settle_s: float = 1.5


def audit_site(
    url: str,
    options: SiteAuditOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> SiteAudit:
    """Audit the site at ``url``; raise ConnectorError when its home page cannot be read."""
    opts = options or SiteAuditOptions()
    today = opts.today or datetime.now(ZoneInfo(opts.timezone)).date()

    def enough(pages: list[Page]) -> bool:
        found = {k for p in pages[1:] for k, s in link_scores(p.url, p.link_text).items() if s >= 2}
        return found >= set(KINDS)

    result = crawl(
        url,
        opts.crawl,
        crawl_priority,
        enough=enough,
        progress=(lambda p: progress(p.url)) if progress else None,
    )
    if result.home is None:
        robots = result.skipped_by_robots
        raise ConnectorError(
            Text(
                f"la page d'accueil de {url} n'a pas pu être lue"
                + (" (robots.txt l'interdit)" if robots else ""),
                f"the home page of {url} could not be read"
                + (" (robots.txt forbids it)" if robots else ""),
            ),
            hint=Text(
                "vérifiez l'adresse ; Rumeur respecte robots.txt et n'explore pas un "
                "site qui l'interdit",
                "check the address; Rumeur honours robots.txt and will not crawl a "
                "site that forbids it",
            ),
        )
    audit = SiteAudit(
        url=result.home.url,
        checked_at=datetime.now(UTC),
        crawled=len(result.pages),
        skipped_by_robots=result.skipped_by_robots,
    )
    texts = {p.url: page_text(p) for p in result.pages}
    found = classify(result.pages, texts)
    _legal_checks(audit, found, texts, opts, today)
    audit.checks.append(_contact(found, result, texts))
    audit.checks.extend(_security(result))
    if opts.browser:
        try:
            obs = observe(
                result.home.url,
                host_resolver_rules=opts.host_resolver_rules,
                ignore_https_errors=opts.ignore_https_errors,
                extra_trackers=opts.extra_trackers,
                settle_s=opts.settle_s,
            )
        except BrowserUnavailable as exc:
            audit.browser = str(exc)
        else:
            audit.checks.extend(consent_checks(obs))
    else:
        audit.browser = "consent checks not run (--no-browser)"
    return audit


def _legal_checks(
    audit: SiteAudit,
    found: dict[str, Page],
    texts: dict[str, PageText],
    opts: SiteAuditOptions,
    today: date,
) -> None:
    for kind in KINDS:
        if kind == "contact":
            continue
        if kind == "accessibility" and (
            opts.accessibility == "skip" or (opts.accessibility == "auto" and "cgv" not in found)
        ):
            continue
        page = found.get(kind)
        if page is None:
            audit.checks.append(Check(f"{kind}.page", "missing", _MISSING_PAGE[kind], None))
            continue
        text = texts[page.url]
        audit.checks.append(Check(f"{kind}.page", "ok", text.title or page.link_text, page.url))
        audit.checks.extend(ck.page_checks(kind, text, page.url))
        stated = stated_update(text.text, opts.timezone)
        served = http_date(page.headers.get("last-modified"))
        if kind in _DATED:
            audit.checks.append(ck.freshness(kind, page.url, stated, served, today))
        updated = stated[0] if stated else served
        audit.pages.append(
            LegalPage(
                kind=kind,
                url=page.url,
                title=text.title,
                sha256=hashlib.sha256(" ".join(text.text.split()).encode()).hexdigest(),
                updated=updated.isoformat() if updated else None,
            )
        )


_MISSING_PAGE = {
    "legal_notice": "aucune page « mentions légales » trouvée (LCEN art. 6-III)",
    "cgv": "aucune page « conditions générales de vente » trouvée",
    "cgu": "aucune page « conditions générales d'utilisation » trouvée",
    "privacy": "aucune politique de confidentialité trouvée (RGPD art. 13)",
    "cookies": "aucune politique cookies trouvée",
    "accessibility": "aucune déclaration d'accessibilité trouvée (RGAA, EAA)",
}

_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|" + ck._PHONE)


def _contact(found: dict[str, Page], result: CrawlResult, texts: dict[str, PageText]) -> Check:
    page = found.get("contact")
    if page is not None:
        return Check("contact.means", "ok", texts[page.url].title or page.link_text, page.url)
    assert result.home is not None
    home = result.home
    if home.contacts:
        link, text = home.contacts[0]
        return Check("contact.means", "ok", f"{text or link} ({link})", home.url)
    m = _CONTACT.search(fold(texts[home.url].text))
    if m:
        return Check("contact.means", "ok", m.group(0), home.url)
    return Check(
        "contact.means", "missing", "ni page contact, ni e-mail, ni téléphone trouvés", None
    )


def _security(result: CrawlResult) -> list[Check]:
    assert result.home is not None
    home = result.home
    out = []
    if home.url.startswith("https://"):
        how = "le site répond en https"
        if result.redirected_to_https:
            how += " (http redirigé vers https)"
        out.append(Check("security.https", "ok", how, home.url))
    else:
        out.append(
            Check(
                "security.https",
                "violation",
                "le site est servi en http, sans chiffrement",
                home.url,
            )
        )
    hsts = home.headers.get("strict-transport-security")
    age = re.search(r"max-age\s*=\s*(\d+)", hsts or "")
    if hsts and age and int(age.group(1)) >= _HSTS_MIN:
        out.append(Check("security.hsts", "ok", f"Strict-Transport-Security: {hsts}", home.url))
    elif hsts:
        out.append(Check("security.hsts", "missing", f"HSTS trop court : {hsts}", home.url))
    else:
        out.append(
            Check("security.hsts", "missing", "en-tête Strict-Transport-Security absent", home.url)
        )
    absent = [h for h in _SEC_HEADERS if h not in home.headers]
    csp = home.headers.get("content-security-policy", "")
    if "x-frame-options" not in home.headers and "frame-ancestors" not in csp:
        absent.append("x-frame-options")
    if absent:
        out.append(
            Check(
                "security.headers", "missing", "en-têtes absents : " + ", ".join(absent), home.url
            )
        )
    else:
        out.append(
            Check(
                "security.headers",
                "ok",
                "CSP, X-Content-Type-Options, X-Frame-Options "
                "(ou frame-ancestors) et Referrer-Policy présents",
                home.url,
            )
        )
    return out


def consent_checks(obs: Observation) -> list[Check]:
    """The four consent checks from what the browser saw before consent."""
    url = obs.url
    out = []
    if obs.trackers:
        names = sorted({t.name for t, _ in obs.trackers})
        first = obs.trackers[0][1]
        out.append(
            Check(
                "consent.trackers_before_consent",
                "violation",
                f"{len(obs.trackers)} requête(s) vers des traceurs avant tout consentement : "
                f"{', '.join(names)} (ex. {first})",
                url,
            )
        )
    else:
        out.append(
            Check(
                "consent.trackers_before_consent",
                "ok",
                f"aucun traceur connu contacté avant consentement ({len(obs.third_party)} "
                "requête(s) tierce(s))",
                url,
            )
        )
    bad = obs.tracking_cookies
    if bad:
        out.append(
            Check(
                "consent.cookies_before_consent",
                "violation",
                "cookies de mesure ou de publicité déposés avant consentement : "
                + ", ".join(f"{c['name']} ({c['domain']})" for c in bad[:8]),
                url,
            )
        )
    else:
        out.append(
            Check(
                "consent.cookies_before_consent",
                "ok",
                "aucun cookie de traçage avant consentement "
                f"({len(obs.cookies)} cookie(s) en tout)",
                url,
            )
        )
    tracking = bool(obs.trackers or bad)
    if obs.banner_text is None:
        verdict: Literal["ok", "violation"] = "violation" if tracking else "ok"
        why = (
            "aucun bandeau de consentement alors que des traceurs sont déposés"
            if tracking
            else "pas de bandeau, et aucun traceur ni cookie de traçage n'est déposé"
        )
        out.append(Check("consent.banner", verdict, why, url))
        out.append(Check("consent.refuse_first_layer", verdict, why, url))
        return out
    banner = " ".join(obs.banner_text.split())
    out.append(Check("consent.banner", "ok", f"bandeau : « {banner[:160]} »", url))
    accept, refuse = obs.button("accept"), obs.button("refuse")
    labels = ", ".join(b.describe() for b in obs.buttons[:5])
    if refuse is None:
        out.append(
            Check(
                "consent.refuse_first_layer",
                "violation",
                f"aucun moyen de refuser au premier niveau du bandeau ; boutons : {labels}",
                url,
            )
        )
    elif accept is not None and (
        refuse.area < 0.5 * accept.area or (refuse.tag == "a" and accept.tag != "a")
    ):
        out.append(
            Check(
                "consent.refuse_first_layer",
                "violation",
                f"refuser est moins visible qu'accepter : {accept.describe()} contre "
                f"{refuse.describe()}",
                url,
            )
        )
    else:
        both = f"{accept.describe()} et " if accept else ""
        out.append(
            Check(
                "consent.refuse_first_layer",
                "ok",
                f"refuser est aussi simple qu'accepter : {both}{refuse.describe()}",
                url,
            )
        )
    return out
