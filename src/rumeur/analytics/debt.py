"""Negative debt: how much favourable audience it takes to offset the unfavourable one.

Over the public's scored mentions in a scope, with ``U`` the reach-weighted unfavourable
impressions and ``F`` the favourable ones (see :mod:`rumeur.analytics.audience`):

- debt ratio ``U / F``: unfavourable impressions per favourable impression (> 1: the
  unfavourable voice was seen more than the favourable one);
- favourable impressions still needed: ``max(0, k·U − F)`` where ``k`` (``offset``) is how
  many favourable impressions it takes to offset one unfavourable impression. The articles
  ask "how many positive opinions to erase one negative?": there is no universal answer,
  so ``k`` is a parameter (default 1: parity); reports state the ``k`` used;
- 95% intervals by a bootstrap that resamples authors (seeded);
- per brand, platform or aspect (for an aspect, ``U`` and ``F`` count the reach of
  mentions where that aspect is judged negative / positive), per period for the trend,
  with a least-squares slope of the log ratio over periods.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rumeur.analytics.frame import LABELS, period_key
from rumeur.analytics.stats import Estimate, cluster_bootstrap_stat


@dataclass(slots=True)
class Debt:
    key: dict[str, str]
    unfavourable: float
    favourable: float
    ratio: Estimate
    needed: Estimate
    offset: float
    n_mentions: int
    mention_ids: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.key,
            "unfavourable_reach": self.unfavourable,
            "favourable_reach": self.favourable,
            "ratio": self.ratio.to_dict(),
            "needed_favourable_reach": self.needed.to_dict(),
            "offset": self.offset,
            "n_mentions": self.n_mentions,
            "mention_ids": self.mention_ids,
        }


def _labels(r: dict[str, Any], aspect: str | None) -> str | None:
    if aspect is None:
        return r["sentiment"]
    return r["aspects"].get(aspect)


def negative_debt(
    rows: Sequence[dict[str, Any]],
    *,
    offset: float = 1.0,
    aspect: str | None = None,
    key: dict[str, str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    max_ids: int = 50,
) -> Debt:
    """Negative debt of ``rows`` (see the module docstring). The sentiment's debt reads the
    rows with a sentiment (negative, neutral or positive): an unscored mention's author is
    not drawn by the bootstrap, so every face that passes the brand's rows, scored or
    not, gets the same interval."""
    if aspect is None:
        rows = [r for r in rows if r["sentiment"] in LABELS]
    neg = [float(r["reach"]) if _labels(r, aspect) == "negative" else 0.0 for r in rows]
    pos = [float(r["reach"]) if _labels(r, aspect) == "positive" else 0.0 for r in rows]
    authors = [r["author"] for r in rows]
    cols = {"U": neg, "F": pos}

    def ratio(s: dict[str, Any]) -> Any:
        u, f = np.asarray(s["U"], dtype=float), np.asarray(s["F"], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(f > 0, u / np.where(f > 0, f, 1.0), np.where(u > 0, math.inf, math.nan))

    def needed(s: dict[str, Any]) -> Any:
        return np.maximum(0.0, offset * np.asarray(s["U"]) - np.asarray(s["F"]))

    by_reach = sorted(rows, key=lambda r: -float(r["reach"]))
    return Debt(
        key=dict(key or {}),
        unfavourable=sum(neg),
        favourable=sum(pos),
        ratio=cluster_bootstrap_stat(cols, authors, ratio, n_boot=n_boot, seed=seed),
        needed=cluster_bootstrap_stat(cols, authors, needed, n_boot=n_boot, seed=seed),
        offset=offset,
        n_mentions=sum(1 for r in rows if _labels(r, aspect) in ("negative", "positive")),
        mention_ids={
            "unfavourable": [r["mention_id"] for r in by_reach
                             if _labels(r, aspect) == "negative"][:max_ids],
            "favourable": [r["mention_id"] for r in by_reach
                           if _labels(r, aspect) == "positive"][:max_ids],
        },
    )  # fmt: skip


def debt_by(
    rows: Sequence[dict[str, Any]],
    by: str,
    *,
    period: str = "week",
    offset: float = 1.0,
    n_boot: int = 1000,
    seed: int = 0,
) -> list[Debt]:
    """Negative debt per ``brand``, ``platform``, ``period`` or ``aspect``."""
    if by == "aspect":
        aspects = sorted({a for r in rows for a in r["aspects"]})
        return [
            negative_debt(rows, offset=offset, aspect=a, key={"aspect": a}, n_boot=n_boot,
                          seed=seed)
            for a in aspects
        ]  # fmt: skip
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        k = period_key(r["created_at"], period) if by == "period" else str(r[by])
        groups[k].append(r)
    return [
        negative_debt(g, offset=offset, key={by: k}, n_boot=n_boot, seed=seed)
        for k, g in sorted(groups.items())
    ]


def trend(debts: Sequence[Debt]) -> float | None:
    """Least-squares slope of log(debt ratio) per period (> 0: the debt grows); None when
    fewer than 3 periods have a finite, positive ratio."""
    ys = [math.log(d.ratio.value) for d in debts if 0 < d.ratio.value < math.inf]
    if len(ys) < 3:
        return None
    x = np.arange(len(ys), dtype=float)
    return float(np.polyfit(x, np.asarray(ys), 1)[0])


__all__ = ["Debt", "debt_by", "negative_debt", "trend"]
