"""The site audit's results: one :class:`Check` per rule, gathered in a :class:`SiteAudit`.

A check's ``status`` is one of :data:`STATUSES`:

- ``ok``: what the rule asks for was found; ``evidence`` quotes it;
- ``missing``: a page or a piece of information the law asks for was not found;
- ``stale``: the page exists but says (or its server says) it was last updated more than
  :data:`STALE_AFTER_DAYS` days ago;
- ``violation``: something was done that should not be (trackers before consent, no way
  to refuse on the banner's first layer, no HTTPS...).

The score is the weighted share of checks that are ``ok``; the weights are
:data:`WEIGHTS` (by check family) and are printed with the score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

Status = Literal["ok", "missing", "stale", "violation"]
STATUSES: tuple[Status, ...] = ("ok", "missing", "stale", "violation")

#: a legal page whose stated update is older than this is flagged ``stale``
STALE_AFTER_DAYS = 365

#: weight of each check family in the 0-100 score (a family's checks share its weight)
WEIGHTS: dict[str, float] = {
    "legal_notice": 20.0,
    "cgv": 15.0,
    "cgu": 5.0,
    "privacy": 20.0,
    "cookies": 5.0,
    "accessibility": 5.0,
    "contact": 5.0,
    "consent": 20.0,
    "security": 5.0,
}


@dataclass(slots=True)
class Check:
    """One rule's verdict, with what justifies it."""

    id: str
    status: Status
    evidence: str | None = None
    page: str | None = None

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "evidence": self.evidence, "page": self.page}


@dataclass(slots=True)
class LegalPage:
    """A page the crawl took for one of the legal kinds, with its text's fingerprint."""

    kind: str
    url: str
    title: str
    sha256: str
    updated: str | None = None  # ISO date stated on the page or by Last-Modified


@dataclass(slots=True)
class SiteAudit:
    """The whole result of ``rumeur audit site URL``."""

    url: str
    checked_at: datetime
    checks: list[Check] = field(default_factory=list)
    pages: list[LegalPage] = field(default_factory=list)
    crawled: int = 0
    skipped_by_robots: list[str] = field(default_factory=list)
    browser: str | None = None  # why the consent checks could not run, if they could not
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return score(self.checks)

    def check(self, check_id: str) -> Check | None:
        for c in self.checks:
            if c.id == check_id:
                return c
        return None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape: ``{"url", "checked_at", "score", "checks": [...]}``
        plus the pages found, the crawl's figures and the changes since the last audit."""
        return {
            "url": self.url,
            "checked_at": self.checked_at.isoformat(),
            "score": round(self.score, 1),
            "checks": [c.to_dict() for c in self.checks],
            "pages": [asdict(p) for p in self.pages],
            "crawled": self.crawled,
            "skipped_by_robots": self.skipped_by_robots,
            "browser": self.browser,
            "changes": self.changes,
            "weights": WEIGHTS,
        }


def score(checks: list[Check]) -> float:
    """0-100: each family's weight spread over its checks, counted where ``ok``."""
    families: dict[str, list[Check]] = {}
    for c in checks:
        families.setdefault(c.family, []).append(c)
    total = sum(WEIGHTS.get(f, 0.0) for f in families)
    if not total:
        return 0.0
    got = 0.0
    for fam, items in families.items():
        w = WEIGHTS.get(fam, 0.0)
        got += w * sum(c.status == "ok" for c in items) / len(items)
    return 100.0 * got / total
