"""Use cases that audit the brand's conduct and trust factors, and the authenticity of
what the public seems to say (fake praise, coordinated campaigns, review manipulation:
the set of suspicious mentions the metrics leave out on request), with evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.audits.authenticity import AuthenticityAudit
    from rumeur.audits.conduct import ConductAudit, ConductSettings
    from rumeur.audits.site import SiteAudit, SiteAuditOptions


class AuditsMixin(WorkspaceBase):
    """Audits: the brand's conduct, its website (site), authenticity."""

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
        from rumeur.analytics.rollup import fresh_flags

        # the rollups' flags when they are up to date, else an audit of the period
        suspicious = fresh_flags(self.reader())
        if suspicious is None:
            auth = self.audit_authenticity(since=since, until=until)
            suspicious = {m.mention_id: m.campaign for m in auth.mentions}
        return audit_conduct(
            self.reader(),
            self.project,
            brand=brand,
            since=self.time(since, "--since"),
            until=self.time(until, "--until"),
            settings=settings or ConductSettings(timezone=self.project.timezone),
            suspicious=suspicious,
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

    def audited_sites(self) -> list[dict[str, Any]]:
        """Every site with stored audits: count, last time and score."""
        from rumeur.audits.site.history import sites

        return sites(self.reader())

    def site_audit(self, site: str) -> dict[str, Any] | None:
        """The newest stored audit of a site (host or URL), in full, or None."""
        from rumeur.audits.site.history import previous, site_key

        return previous(self.reader(), site_key(site))

    def audit_authenticity(
        self,
        *,
        brands: Sequence[str] = (),
        since: TimeLike = None,
        until: TimeLike = None,
    ) -> AuthenticityAudit:
        """Score the public's mentions of ``brands`` (all when empty) in [since, until)
        for coordination and fake accounts; campaigns, accounts and mentions above the
        default threshold, each with its reasons."""
        from rumeur.audits.authenticity import audit_store

        self.check_brands(brands)  # an unknown id: UsageError (exit 2), the ids listed
        return audit_store(
            self.reader(),
            brands=tuple(brands),
            since=self.time(since, "--since"),
            until=self.time(until, "--until"),
        )

    def suspicious_ids(self) -> frozenset[str]:
        """The mentions the authenticity audit of the whole store flags (what the
        metrics leave out with ``--exclude-suspicious``, and the rollups mark); computed
        once per workspace."""
        if self._suspicious is None:
            self._suspicious = frozenset(self.audit_authenticity().suspicious_ids())
        return self._suspicious
