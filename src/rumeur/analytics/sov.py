"""Share of voice against competitors, by volume and by reach, sentiment-adjusted.

Over the public's mentions (brand accounts excluded) in a period, each brand's share:

- ``volume``: its mentions / all brands' mentions (Wilson interval). A mention naming two
  brands counts for both, so shares are of brand-mentions;
- ``reach``: its estimated reach / all reach (author-cluster bootstrap);
- ``favourable`` and ``unfavourable``: its share of all favourable (unfavourable) mentions,
  the sentiment-adjusted voice (Wilson);
- ``net_voice``: (favourable − unfavourable mentions) / all brand-mentions;
- change vs the previous period of equal length: difference of volume shares with a
  two-proportion z-test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rumeur.analytics.stats import (
    Estimate,
    TestResult,
    cluster_bootstrap_ratios,
    net_share,
    proportion,
    two_proportion_z,
)


@dataclass(slots=True)
class Voice:
    brand: str
    mentions: int
    volume: Estimate
    reach: Estimate
    favourable: Estimate
    unfavourable: Estimate
    net_voice: Estimate
    change: float | None = None
    change_test: TestResult | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "brand": self.brand,
            "mentions": self.mentions,
            "volume": self.volume.to_dict(),
            "reach": self.reach.to_dict(),
            "favourable": self.favourable.to_dict(),
            "unfavourable": self.unfavourable.to_dict(),
            "net_voice": self.net_voice.to_dict(),
            "change": self.change,
            "change_test": self.change_test.to_dict() if self.change_test else None,
        }


def share_of_voice(
    rows: Sequence[dict[str, Any]],
    previous: Sequence[dict[str, Any]] | None = None,
    *,
    n_boot: int = 1000,
    seed: int = 0,
) -> list[Voice]:
    """Each brand's voice in ``rows`` (one row per mention × brand), largest first."""
    brands = sorted({r["brand"] for r in rows})
    total = len(rows)
    pos_total = sum(1 for r in rows if r["sentiment"] == "positive")
    neg_total = sum(1 for r in rows if r["sentiment"] == "negative")
    reach = [float(r["reach"]) for r in rows]
    nums = {b: [w if r["brand"] == b else 0.0 for w, r in zip(reach, rows, strict=True)]
            for b in brands}  # fmt: skip
    boot = cluster_bootstrap_ratios(nums, reach, [r["author"] for r in rows], n_boot=n_boot,
                                    seed=seed)  # fmt: skip
    prev_counts: dict[str, int] = {}
    for r in previous or ():
        prev_counts[r["brand"]] = prev_counts.get(r["brand"], 0) + 1
    prev_total = len(previous or ())
    out = []
    for b in brands:
        mine = [r for r in rows if r["brand"] == b]
        k = len(mine)
        pos = sum(1 for r in mine if r["sentiment"] == "positive")
        neg = sum(1 for r in mine if r["sentiment"] == "negative")
        v = Voice(
            brand=b,
            mentions=k,
            volume=proportion(k, total),
            reach=boot[b],
            favourable=proportion(pos, pos_total),
            unfavourable=proportion(neg, neg_total),
            net_voice=net_share(pos, neg, total),
        )
        if previous is not None and prev_total:
            kp = prev_counts.get(b, 0)
            v.change = k / total - kp / prev_total
            v.change_test = two_proportion_z(k, total, kp, prev_total)
        out.append(v)
    out.sort(key=lambda v: -v.mentions)
    return out


__all__ = ["Voice", "share_of_voice"]
