"""Aspects: which aspects (price, quality, service, delivery, website, trust, privacy,
intrusiveness) drive the unfavourable reach, and the aspect × brand matrix.

Input rows carry ``aspects``: ``{"price": "negative", ...}`` from the ``aspects``
enricher (values negative, mixed, neutral, positive). A mention may judge several
aspects; it then counts for each. As in the enricher's own label, ``mixed`` counts as
unfavourable for the drivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rumeur.analytics.stats import Estimate, cluster_bootstrap_ratios, proportion

ASPECTS = ("price", "quality", "service", "delivery", "website", "trust", "privacy",
           "intrusiveness")  # fmt: skip


_BAD = ("negative", "mixed")


@dataclass(slots=True)
class AspectDriver:
    aspect: str
    negative_mentions: int
    negative_reach: float
    #: share of all unfavourable reach coming from mentions that judge this aspect negative
    reach_share: Estimate
    #: share of mentions judging this aspect that judge it negative
    negative_rate: Estimate
    mention_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspect": self.aspect,
            "negative_mentions": self.negative_mentions,
            "negative_reach": self.negative_reach,
            "reach_share": self.reach_share.to_dict(),
            "negative_rate": self.negative_rate.to_dict(),
            "mention_ids": self.mention_ids,
        }


def drivers(
    rows: Sequence[dict[str, Any]], *, n_boot: int = 1000, seed: int = 0, max_ids: int = 50
) -> list[AspectDriver]:
    """Aspects ranked by the unfavourable reach they account for."""
    neg = [r for r in rows if r["sentiment"] == "negative"]
    reach = [float(r["reach"]) for r in neg]
    seen = sorted({a for r in rows for a in r["aspects"]}, key=lambda a: (a not in ASPECTS, a))
    nums = {
        a: [
            w if r["aspects"].get(a) == "negative" else 0.0 for w, r in zip(reach, neg, strict=True)
        ]
        for a in seen
    }
    boot = cluster_bootstrap_ratios(nums, reach, [r["author"] for r in neg], n_boot=n_boot,
                                    seed=seed)  # fmt: skip
    out = []
    for a in seen:
        judged = [r for r in rows if a in r["aspects"]]
        bad = sorted((r for r in judged if r["aspects"][a] in _BAD),
                     key=lambda r: -float(r["reach"]))  # fmt: skip
        out.append(
            AspectDriver(
                aspect=a,
                negative_mentions=len(bad),
                negative_reach=sum(float(r["reach"]) for r in bad),
                reach_share=boot[a],
                negative_rate=proportion(len(bad), len(judged)),
                mention_ids=[r["mention_id"] for r in bad[:max_ids]],
            )
        )
    out.sort(key=lambda d: -d.negative_reach)
    return out


def matrix(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    """``{aspect: {brand: {"negative": n, "mixed": n, "neutral": n, "positive": n}}}``
    (mention counts)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for r in rows:
        for a, label in r["aspects"].items():
            cell = out.setdefault(a, {}).setdefault(
                r["brand"], {"negative": 0, "mixed": 0, "neutral": 0, "positive": 0}
            )
            if label in cell:
                cell[label] += 1
    return out


__all__ = ["ASPECTS", "AspectDriver", "drivers", "matrix"]
