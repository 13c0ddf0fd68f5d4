"""The site audit as a use case: run it, store it in the project, compare with the last."""

from __future__ import annotations

from collections.abc import Callable

from rumeur.audits.site.audit import SiteAuditOptions, audit_site
from rumeur.audits.site.history import record
from rumeur.audits.site.model import SiteAudit
from rumeur.config import Project


def run_site_audit(
    project: Project | None,
    url: str,
    options: SiteAuditOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> SiteAudit:
    """Audit ``url``; with a project, store the audit and fill in its changes since the
    previous audit of the same site (without one, nothing is stored)."""
    audit = audit_site(url, options, progress=progress)
    if project is not None:
        from rumeur.storage import open_store

        with open_store(project) as store:
            record(store, audit)
    return audit
