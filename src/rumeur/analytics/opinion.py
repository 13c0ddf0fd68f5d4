"""Opinion: who says what, how much it weighs, with its uncertainty.

For each cell (brand × period × platform, any subset of these keys) over the public's
mentions (brand accounts excluded) scored negative/neutral/positive:

- volume, unique authors, mentions not scored;
- shares favourable / neutral / unfavourable (Wilson 95% intervals) — the articles' "30%
  favourable vs 25% dissatisfied" comparison — and net sentiment (favourable − unfavourable,
  normal interval on the multinomial difference);
- the same shares and net sentiment weighted by estimated reach, with intervals from a
  bootstrap that resamples authors (seeded: the same seed gives the same intervals);
- the ids of the mentions behind each label (capped by ``max_ids``);
- how many of the labels a person set (``human_labels``: corrections made in the
  explorer or with ``rumeur labels set``, used over the models' labels).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rumeur.analytics.frame import LABELS, period_key
from rumeur.analytics.stats import Estimate, cluster_bootstrap_ratios, net_share, proportion

KEYS = ("brand", "period", "platform")


@dataclass(slots=True)
class OpinionCell:
    key: dict[str, str]
    volume: int
    authors: int
    unscored: int
    counts: dict[str, int]
    shares: dict[str, Estimate]
    net: Estimate
    reach: float
    weighted_shares: dict[str, Estimate]
    weighted_net: Estimate
    mention_ids: dict[str, list[str]] = field(default_factory=dict)
    #: scored mentions whose label a person set (over the model's)
    human_labels: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.key,
            "volume": self.volume,
            "authors": self.authors,
            "unscored": self.unscored,
            "counts": self.counts,
            "shares": {k: v.to_dict() for k, v in self.shares.items()},
            "net": self.net.to_dict(),
            "reach": self.reach,
            "weighted_shares": {k: v.to_dict() for k, v in self.weighted_shares.items()},
            "weighted_net": self.weighted_net.to_dict(),
            "mention_ids": self.mention_ids,
            "human_labels": self.human_labels,
        }


def opinion(
    rows: Sequence[dict[str, Any]],
    *,
    by: Sequence[str] = ("brand",),
    period: str = "all",
    n_boot: int = 1000,
    seed: int = 0,
    max_ids: int = 50,
) -> list[OpinionCell]:
    """Opinion cells grouped by ``by`` (a subset of ``brand``, ``period``, ``platform``)."""
    for k in by:
        if k not in KEYS:
            raise ValueError(f"unknown grouping {k!r}; use {KEYS}")
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        key = tuple(period_key(r["created_at"], period) if k == "period" else str(r[k]) for k in by)
        groups[key].append(r)
    return [_cell(dict(zip(by, key, strict=True)), g, n_boot, seed, max_ids)
            for key, g in sorted(groups.items())]  # fmt: skip


def _cell(
    key: dict[str, str], rows: list[dict[str, Any]], n_boot: int, seed: int, max_ids: int
) -> OpinionCell:
    scored = [r for r in rows if r["sentiment"] in LABELS]
    counts = {lab: sum(1 for r in scored if r["sentiment"] == lab) for lab in LABELS}
    n = len(scored)
    shares = {lab: proportion(c, n) for lab, c in counts.items()}
    reach = [float(r["reach"]) for r in scored]
    authors = [r["author"] for r in scored]
    nums = {lab: [w if r["sentiment"] == lab else 0.0 for w, r in zip(reach, scored, strict=True)]
            for lab in LABELS}  # fmt: skip
    nums["net"] = [p - q for p, q in zip(nums["positive"], nums["negative"], strict=True)]
    boot = cluster_bootstrap_ratios(nums, reach, authors, n_boot=n_boot, seed=seed)
    ids = {lab: [r["mention_id"] for r in scored if r["sentiment"] == lab][:max_ids]
           for lab in LABELS}  # fmt: skip
    return OpinionCell(
        key=key,
        volume=len(rows),
        authors=len({r["author"] for r in rows}),
        unscored=len(rows) - n,
        counts=counts,
        shares=shares,
        net=net_share(counts["positive"], counts["negative"], n),
        reach=sum(float(r["reach"]) for r in rows),
        weighted_shares={lab: boot[lab] for lab in LABELS},
        weighted_net=boot["net"],
        mention_ids=ids,
        human_labels=sum(1 for r in scored if r.get("human_label")),
    )


__all__ = ["OpinionCell", "opinion"]
