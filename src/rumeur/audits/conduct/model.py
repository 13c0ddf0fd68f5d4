"""The conduct audit's results: findings with evidence, a score whose weights are shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Severity = Literal["low", "medium", "high"]

#: the rules, in the order they are reported (names are part of the CLI contract)
RULES = (
    "frequency",
    "unsolicited",
    "wall_spam",
    "promo_share",
    "copy_paste",
    "response",
    "data_use",
    "fake_customers",
)

#: each rule's weight in the 0-100 conduct score
WEIGHTS: dict[str, float] = {
    "frequency": 15.0,
    "unsolicited": 20.0,
    "wall_spam": 15.0,
    "promo_share": 10.0,
    "copy_paste": 5.0,
    "response": 20.0,
    "data_use": 10.0,
    "fake_customers": 5.0,
}

#: what a rule keeps of its weight given its worst finding
SEVERITY_SCORE: dict[str | None, float] = {None: 100.0, "low": 70.0, "medium": 40.0, "high": 0.0}


@dataclass(slots=True)
class Finding:
    """One breach of a rule, on one account and network, over a span of time."""

    rule: str
    account: str
    platform: str
    start: datetime
    end: datetime
    severity: Severity
    message: str
    metrics: dict[str, Any] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    excerpts: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "account": self.account,
            "platform": self.platform,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "severity": self.severity,
            "message": self.message,
            "metrics": self.metrics,
            "evidence": self.evidence,
            "excerpts": self.excerpts,
        }


@dataclass(slots=True)
class ConductAudit:
    """The audit of one brand's own accounts over a period."""

    brand: str
    accounts: list[str]
    since: datetime | None
    until: datetime | None
    findings: list[Finding] = field(default_factory=list)
    #: what each rule measured, flagged or not (answer rates, posting rates...)
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    trend: list[dict[str, Any]] = field(default_factory=list)
    competitors: list[ConductAudit] = field(default_factory=list)
    #: mention id -> answered? for every question or complaint addressed to the brand
    response_status: dict[str, bool] = field(default_factory=dict)

    def rule_scores(self) -> dict[str, float]:
        worst: dict[str, str | None] = dict.fromkeys(RULES)
        order = {"low": 1, "medium": 2, "high": 3}
        for f in self.findings:
            cur = worst[f.rule]
            if cur is None or order[f.severity] > order[cur]:
                worst[f.rule] = f.severity
        return {r: SEVERITY_SCORE[worst[r]] for r in RULES}

    @property
    def score(self) -> float:
        scores = self.rule_scores()
        total = sum(WEIGHTS.values())
        return round(sum(WEIGHTS[r] * scores[r] for r in RULES) / total, 1)

    def to_dict(self) -> dict[str, Any]:
        """``{"score", "findings": [...]}`` (the stable contract) and the rest."""
        return {
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "brand": self.brand,
            "accounts": self.accounts,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "weights": WEIGHTS,
            "rules": {
                r: {"score": s, "measures": self.measures.get(r, {})}
                for r, s in self.rule_scores().items()
            },
            "trend": self.trend,
            "competitors": [
                {
                    "brand": c.brand,
                    "accounts": c.accounts,
                    "score": c.score,
                    "findings": [f.to_dict() for f in c.findings],
                }
                for c in self.competitors
            ],
        }
