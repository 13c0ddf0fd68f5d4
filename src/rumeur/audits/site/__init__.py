"""The trust-factor audit of a brand's website (``rumeur audit site URL``).

A polite crawl finds the legal pages (mentions légales, CGV, CGU, privacy and cookie
policies, accessibility statement, contact); each is checked against what French and
European law asks it to say, with the sentence found as evidence, and dated; a real
headless Chromium loads the home page without consenting and records the cookies and
tracker requests made before consent and whether refusing is as easy as accepting.
Audits are stored in the project, so the next one says what changed (a CGV that changed
without a new date raises the ``site`` alert).
"""

from rumeur.audits.site.audit import SiteAuditOptions, audit_site, consent_checks
from rumeur.audits.site.crawl import CrawlOptions
from rumeur.audits.site.model import STATUSES, WEIGHTS, Check, SiteAudit

__all__ = [
    "STATUSES",
    "WEIGHTS",
    "Check",
    "CrawlOptions",
    "SiteAudit",
    "SiteAuditOptions",
    "audit_site",
    "consent_checks",
]
