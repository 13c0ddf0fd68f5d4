"""Share of voice against competitors, by volume and by reach, sentiment-adjusted.

Over the public's mentions (brand accounts excluded) in a period, each brand's share:

- ``volume``: its mentions / all brands' mentions (Wilson interval). A mention naming two
  brands counts for both, so shares are of brand-mentions;
- ``reach``: its estimated reach / all reach (author-cluster bootstrap: the authors in
  the order of their ids, each with the exact sum of their reach, so that the rollups
  give the same interval as the rows: :mod:`rumeur.analytics.sov_rollups`);
- ``favourable`` and ``unfavourable``: its share of all favourable (unfavourable) mentions,
  the sentiment-adjusted voice (Wilson);
- ``net_voice``: (favourable − unfavourable mentions) / all brand-mentions;
- change vs the previous period of equal length: difference of volume shares with a
  two-proportion z-test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rumeur.analytics.stats import (
    Estimate,
    TestResult,
    bootstrap_ratio_sums,
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


@dataclass(slots=True)
class VoiceSums:
    """What share of voice is computed from, read from the rows (:func:`sums`) or from
    the rollups (:func:`rumeur.analytics.sov_rollups.sums`): per brand its
    brand-mentions, favourable and unfavourable ones; per author (``authors``, sorted:
    the bootstrap's clusters) the reach per brand and in all, each the exactly rounded
    sum of the author's mentions (so it does not depend on the order they were read
    in); the previous period's brand-mentions per brand (None: no previous period)."""

    mentions: dict[str, int]
    favourable: dict[str, int]
    unfavourable: dict[str, int]
    authors: list[str]
    reach: dict[str, np.ndarray]
    total_reach: np.ndarray
    previous: dict[str, int] | None = None


def sums(
    rows: Sequence[dict[str, Any]], previous: Sequence[dict[str, Any]] | None = None
) -> VoiceSums:
    """:class:`VoiceSums` of ``rows`` (one per mention × brand) and ``previous``."""
    mentions: dict[str, int] = {}
    pos: dict[str, int] = {}
    neg: dict[str, int] = {}
    reach: dict[str, dict[str, list[float]]] = {}
    for r in rows:
        b = r["brand"]
        mentions[b] = mentions.get(b, 0) + 1
        if r["sentiment"] == "positive":
            pos[b] = pos.get(b, 0) + 1
        elif r["sentiment"] == "negative":
            neg[b] = neg.get(b, 0) + 1
        reach.setdefault(str(r["author"]), {}).setdefault(b, []).append(float(r["reach"]))
    authors = sorted(reach)
    per = {b: np.array([math.fsum(reach[a].get(b, ())) for a in authors]) for b in mentions}
    total = np.array([math.fsum(x for v in reach[a].values() for x in v) for a in authors])
    prev: dict[str, int] | None = None
    if previous is not None:
        prev = {}
        for r in previous:
            prev[r["brand"]] = prev.get(r["brand"], 0) + 1
    return VoiceSums(mentions, pos, neg, authors, per, total, prev)


def voices(s: VoiceSums, *, n_boot: int = 1000, seed: int = 0) -> list[Voice]:
    """Each brand's voice from ``s``, largest first."""
    brands = sorted(s.mentions)
    total = sum(s.mentions.values())
    pos_total = sum(s.favourable.values())
    neg_total = sum(s.unfavourable.values())
    boot = bootstrap_ratio_sums({b: s.reach[b] for b in brands}, s.total_reach,
                                n_boot=n_boot, seed=seed)  # fmt: skip
    prev_total = sum(s.previous.values()) if s.previous is not None else 0
    out = []
    for b in brands:
        k, pos, neg = s.mentions[b], s.favourable.get(b, 0), s.unfavourable.get(b, 0)
        v = Voice(
            brand=b,
            mentions=k,
            volume=proportion(k, total),
            reach=boot[b],
            favourable=proportion(pos, pos_total),
            unfavourable=proportion(neg, neg_total),
            net_voice=net_share(pos, neg, total),
        )
        if s.previous is not None and prev_total:
            kp = s.previous.get(b, 0)
            v.change = k / total - kp / prev_total
            v.change_test = two_proportion_z(k, total, kp, prev_total)
        out.append(v)
    out.sort(key=lambda v: -v.mentions)
    return out


def share_of_voice(
    rows: Sequence[dict[str, Any]],
    previous: Sequence[dict[str, Any]] | None = None,
    *,
    n_boot: int = 1000,
    seed: int = 0,
) -> list[Voice]:
    """Each brand's voice in ``rows`` (one row per mention × brand), largest first."""
    return voices(sums(rows, previous), n_boot=n_boot, seed=seed)


__all__ = ["Voice", "VoiceSums", "share_of_voice", "sums", "voices"]
