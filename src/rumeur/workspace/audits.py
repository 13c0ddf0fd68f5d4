"""Use cases that audit the brand's conduct and trust factors, with evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.audits.conduct import ConductAudit, ConductSettings
    from rumeur.audits.site import SiteAudit, SiteAuditOptions


class AuditsMixin(WorkspaceBase):
    """Audits: the brand's conduct, the brand's website (site)."""

    def audit_conduct(
        self,
        *,
        brand: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
        settings: ConductSettings | None = None,
    ) -> ConductAudit:
        """Hold the brand's own accounts (default: the first brand that is not a
        competitor) against the public's red lines over [since, until); competitors'
        own accounts are audited the same way when known."""
        from rumeur.audits.conduct import ConductSettings, audit_conduct

        if brand is not None:
            self.project.brand(brand)  # a clear error for an unknown brand
        return audit_conduct(
            self.reader(),
            self.project,
            brand=brand,
            since=self.time(since, "--since"),
            until=self.time(until, "--until"),
            settings=settings or ConductSettings(timezone=self.project.timezone),
        )

    def audit_site(
        self,
        url: str,
        options: SiteAuditOptions | None = None,
        *,
        progress: Callable[[str], None] | None = None,
    ) -> SiteAudit:
        """Audit the website at ``url`` (legal pages, freshness, consent, security),
        store the audit and fill in what changed since the previous audit of that site."""
        from rumeur.audits.site import SiteAuditOptions, audit_site
        from rumeur.audits.site.history import record

        opts = options or SiteAuditOptions(timezone=self.project.timezone)
        audit = audit_site(url, opts, progress=progress)
        record(self.writer(), audit)
        return audit

    def site_audits(self, site: str, limit: int = 20) -> list[dict[str, Any]]:
        """The last stored audits of a site (host), newest first, with their changes."""
        from rumeur.audits.site.history import history, site_key

        return history(self.reader(), site_key(site), limit)
