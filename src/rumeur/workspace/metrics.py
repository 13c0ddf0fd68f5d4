"""Use cases of the reputation analytics: a :class:`~rumeur.analytics.frame.Scope` of
mentions, then one pure analytic over its rows (opinion, debt, share of voice, aspects,
motivations, spikes, people)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rumeur.messages import Text
from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.analytics.aspects import AspectDriver
    from rumeur.analytics.debt import Debt
    from rumeur.analytics.frame import Scope
    from rumeur.analytics.motivation import MotivationGap
    from rumeur.analytics.opinion import OpinionCell
    from rumeur.analytics.people import People
    from rumeur.analytics.sov import Voice
    from rumeur.analytics.spikes import Episode, Spike


@dataclass(frozen=True, slots=True)
class DebtReport:
    """Negative debt per cell, and its trend when the cells are periods."""

    by: str
    offset: float
    cells: list[Debt]
    trend_log_slope: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "offset": self.offset,
            "trend_log_slope": self.trend_log_slope,
            "cells": [d.to_dict() for d in self.cells],
        }


@dataclass(frozen=True, slots=True)
class AspectsReport:
    """The aspects behind unfavourable reach, and the aspect x brand matrix."""

    drivers: list[AspectDriver]
    matrix: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"drivers": [x.to_dict() for x in self.drivers], "matrix": self.matrix}


class MetricsMixin(WorkspaceBase):
    if TYPE_CHECKING:

        def suspicious_ids(self) -> frozenset[str]: ...

        def _voice_from_rollups(self, scope: Scope, seed: int) -> list[Voice] | None: ...

    """The analytics, each over a scope of mentions."""

    def scope(
        self,
        *,
        brands: Sequence[str] = (),
        platforms: Sequence[str] = (),
        since: TimeLike = None,
        until: TimeLike = None,
        include_own: bool = False,
        exclude_suspicious: bool = False,
    ) -> Scope:
        """Which mentions: brand ids (none = all), platforms, the period [since, until)
        (strings read in the project's time zone); ``exclude_suspicious`` leaves out the
        mentions the authenticity audit flags (:meth:`suspicious_ids`)."""
        from rumeur.analytics.frame import Scope
        from rumeur.workspace.choices import ALL_PLATFORMS, check_all

        return Scope(
            brands=self.check_brands(brands),
            platforms=check_all("--platform", platforms, ALL_PLATFORMS),
            since=self.time(since, "--since"),
            until=self.time(until, "--until"),
            include_own=include_own,
            exclude_suspicious=exclude_suspicious,
        )

    def rows(self, scope: Scope | None = None, *, with_text: bool = False) -> list[dict[str, Any]]:
        """One row per (mention, brand) of ``scope`` (see :func:`rumeur.analytics.frame.load`)."""
        from rumeur.analytics import frame
        from rumeur.analytics.frame import Scope

        scope = scope or Scope()
        rows = frame.load(
            self.reader(), scope, self._audience(), with_text=with_text,
            max_rows=self.project.max_rows,
        ).rows  # fmt: skip
        if scope.exclude_suspicious:
            out = self.suspicious_ids()
            rows = [r for r in rows if r["mention_id"] not in out]
        return rows

    def opinion(
        self,
        scope: Scope | None = None,
        *,
        by: Sequence[str] | None = None,
        period: str = "all",
        seed: int = 0,
    ) -> list[OpinionCell]:
        """Volume, authors, sentiment shares and net sentiment per cell (``by`` brand,
        period, platform; default brand, and period when ``period`` is not "all")."""
        from rumeur.analytics.opinion import opinion
        from rumeur.workspace.choices import OPINION_BY, PERIODS, check, check_all

        check("--period", period, PERIODS)
        keys = check_all("--by", by or (), OPINION_BY) or (
            ("brand", "period") if period != "all" else ("brand",)
        )
        return opinion(self.rows(scope), by=keys, period=period, seed=seed)

    def debt(
        self,
        scope: Scope | None = None,
        *,
        by: str = "brand",
        period: str = "week",
        offset: float = 1.0,
        seed: int = 0,
    ) -> DebtReport:
        """Negative debt (unfavourable / favourable reach) per brand, platform, period or
        aspect; with periods, its trend (log slope per period)."""
        from rumeur.analytics.debt import debt_by, trend
        from rumeur.workspace.choices import DEBT_BY, PERIODS, check

        check("--by", by, DEBT_BY)
        check("--period", period, PERIODS)
        debts = debt_by(self.rows(scope), by, period=period, offset=offset, seed=seed)
        slope = trend(debts) if by == "period" else None
        return DebtReport(by, offset, debts, slope)

    def share_of_voice(self, scope: Scope | None = None, *, seed: int = 0) -> list[Voice]:
        """Share of voice by volume and reach, sentiment-adjusted, with the change
        against the previous period of the same length; read from the rollups when they
        are fresh (the same figures: :mod:`rumeur.analytics.sov_rollups`)."""
        from rumeur.analytics.frame import Scope
        from rumeur.analytics.sov import share_of_voice

        scope = scope or Scope()
        fast = self._voice_from_rollups(scope, seed)
        if fast is not None:
            return fast
        rows = self.rows(scope)
        previous = None
        if rows:
            lo = scope.since or min(r["created_at"] for r in rows)
            hi = scope.until or max(r["created_at"] for r in rows) + timedelta(seconds=1)
            prev = Scope(
                brands=scope.brands, platforms=scope.platforms, since=lo - (hi - lo), until=lo,
                exclude_suspicious=scope.exclude_suspicious,
            )  # fmt: skip
            previous = self.rows(prev)
        return share_of_voice(rows, previous, seed=seed)

    def aspects(self, scope: Scope | None = None, *, seed: int = 0) -> AspectsReport:
        """Which aspects drive the unfavourable reach, and the aspect x brand matrix."""
        from rumeur.analytics.aspects import drivers, matrix

        rows = self.rows(scope)
        return AspectsReport(drivers(rows, seed=seed), matrix(rows))

    def motivations(self, scope: Scope | None = None, *, seed: int = 0) -> list[MotivationGap]:
        """What the brand offers vs what its audience asks for (the brand's own posts
        included), with engagement per motivation."""
        from dataclasses import replace

        from rumeur.analytics.frame import Scope
        from rumeur.analytics.motivation import gap

        scope = replace(scope or Scope(), include_own=True)
        return gap(self.rows(scope, with_text=True), seed=seed)

    @staticmethod
    def motivations_evaluation(seed: int = 0) -> dict[str, Any]:
        """The motivation classifier's cross-validated accuracy."""
        from rumeur.analytics.motivation import cross_validate

        return cross_validate(seed=seed)

    def spikes(self, scope: Scope | None = None, *, threshold: float = 5.0) -> list[Spike]:
        """Spikes in ``scope``, each explained: tone (only ``negative`` ones are bad buzz),
        origin, rising terms; times in the project's time zone."""
        from rumeur.analytics.frame import Scope
        from rumeur.analytics.spikes import SpikeSettings, scan

        scope = scope or Scope()
        rows = self.rows(scope, with_text=True)
        if not rows:
            return []
        lo = scope.since or min(r["created_at"] for r in rows)
        hi = scope.until or max(r["created_at"] for r in rows) + timedelta(hours=1)
        cfg = SpikeSettings(threshold=threshold, timezone=self.project.timezone,
                            lang=self.project.language)  # fmt: skip
        return scan(rows, lo, hi, cfg)

    @staticmethod
    def spike_episodes(spikes: Sequence[Spike]) -> list[Episode]:
        """``spikes`` (from :meth:`spikes`) grouped into episodes: a brand's spikes less
        than a day apart, each with its start, end, strongest spike and one tone."""
        from rumeur.analytics.spikes import episodes

        return episodes(spikes)

    def people(self, scope: Scope | None = None, *, top: int = 10) -> People:
        """Top promoters, detractors and influential authors; detractors answered."""
        from rumeur.analytics.people import answered_keys, people

        if top < 1:
            from rumeur.errors import UsageError

            raise UsageError(
                Text(
                    f"--top : un nombre à partir de 1, pas {top}",
                    f"--top: a number from 1, not {top}",
                )
            )
        rows = self.rows(scope, with_text=True)  # reshares are told apart by their text
        return people(rows, answered_keys(self.reader()), top=top)
