"""Use cases of the audits: authenticity (fake praise, coordinated campaigns, review
manipulation) over a scope of mentions, and the set of suspicious mentions the metrics
leave out on request (``--exclude-suspicious``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rumeur.errors import RumeurError
from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.audits.authenticity import AuthenticityAudit


class AuditsMixin(WorkspaceBase):
    """Audits, each with its evidence."""

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

        known = {b.id for b in self.project.brands}
        for b in brands:
            if known and b not in known:
                hint = "marques du projet : " + ", ".join(sorted(known))
                raise RumeurError(f"--brand : marque inconnue {b!r}", hint=hint)
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
