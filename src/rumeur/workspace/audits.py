"""Use cases that audit the brand's conduct and trust factors, with evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rumeur.workspace._base import WorkspaceBase

if TYPE_CHECKING:
    from rumeur.audits.site import SiteAudit, SiteAuditOptions


class AuditsMixin(WorkspaceBase):
    """Audits: the brand's website (site)."""

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
