"""The dashboard's analytics pages on large stores: opinion figures and spikes read from
the rollups (:mod:`rumeur.analytics.from_rollups`) while they are fresh, from every row
otherwise, with the same values either way (what ``rumeur metrics opinion`` and
``rumeur metrics spikes`` print). Figures read from the rollups are kept (in this
process) while the rollups and the rows they follow stay the same."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rumeur.workspace._base import WorkspaceBase
from rumeur.workspace.memo import Memo

if TYPE_CHECKING:
    from rumeur.analytics.frame import Scope
    from rumeur.analytics.from_rollups import Tally
    from rumeur.analytics.opinion import OpinionCell
    from rumeur.analytics.sov import Voice
    from rumeur.analytics.spikes import Spike

_MEMO = Memo(128)


class DashboardMixin(WorkspaceBase):
    """Opinion and spikes for the dashboard, from the rollups where they can be."""

    if TYPE_CHECKING:

        def opinion(self, scope: Scope | None = None, *, by: Sequence[str] | None = None,
                    period: str = "all", seed: int = 0) -> list[OpinionCell]: ...  # fmt: skip

        def spikes(self, scope: Scope | None = None, *, threshold: float = 5.0
                   ) -> list[Spike]: ...  # fmt: skip

    #: read the rollups where they are fresh (False: every figure from the rows, as a
    #: check or a benchmark's baseline)
    prefer_rollups: bool = True

    def _rollup_key(self, scope: Scope) -> tuple[Any, ...] | None:
        """The rollups' identity (version token, fingerprint) when ``scope``'s figures
        can be read from them now; None when they must come from the rows (rollups
        missing, stale, or not holding ``scope``: brand accounts, the authenticity
        filter, a period not on the hour)."""
        from rumeur.analytics import rollup
        from rumeur.analytics.from_rollups import supports

        if not self.prefer_rollups or not supports(scope):
            return None
        store = self.reader()
        names = {r["table_name"] for r in store.query(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name IN ('analytics_state', 'analytics_version', "
            "'analytics_brand_hourly')")}  # fmt: skip
        if len(names) < 3 or not rollup.is_fresh(store, self._audience()):
            return None
        return (str(self.project.store_path), rollup.version(store), rollup.stamped(store),
                self.project.timezone, self.project.language, scope)  # fmt: skip

    def dashboard_source(self, scope: Scope | None = None) -> str:
        """``rollups`` when the dashboard's figures of ``scope`` are read from the rollups,
        ``rows`` when they are computed from every mention (slower on large stores)."""
        from rumeur.analytics.frame import Scope

        return "rows" if self._rollup_key(scope or Scope()) is None else "rollups"

    def opinion_tally(
        self,
        scope: Scope | None = None,
        *,
        by: Sequence[str] = ("brand",),
        period: str = "all",
        authors: bool = False,
    ) -> Sequence[Tally | OpinionCell]:
        """Volume, sentiment counts and shares (Wilson 95 %), net sentiment, reach and
        human labels per cell (``by`` brand, period, platform), as :meth:`opinion` gives
        them; ``authors``: unique authors too. From the rollups when they are fresh
        (:class:`~rumeur.analytics.from_rollups.Tally`, without the reach-weighted
        intervals), else :meth:`opinion`'s cells."""
        from rumeur.analytics import from_rollups
        from rumeur.analytics.frame import Scope
        from rumeur.workspace.choices import OPINION_BY, PERIODS, check, check_all

        scope = scope or Scope()
        check("--period", period, PERIODS)
        keys = tuple(check_all("--by", by, OPINION_BY))
        key = self._rollup_key(scope)
        if key is None:
            return self.opinion(scope, by=keys, period=period)
        store = self.reader()
        return _cached((*key, "tally", keys, period, authors), lambda: from_rollups.tallies(
            store, scope, keys, period, authors=authors))  # fmt: skip

    def dashboard_spikes(
        self, scope: Scope | None = None, *, threshold: float = 5.0
    ) -> list[Spike]:
        """:meth:`spikes`: the same spikes, with their tone and sentiment shift; when the
        rollups are fresh, found in their hourly counts and explained only once asked
        (:meth:`explain_spikes`: the pages explain the spikes they show)."""
        from rumeur.analytics import from_rollups
        from rumeur.analytics.frame import Scope
        from rumeur.analytics.spikes import SpikeSettings

        scope = scope or Scope()
        key = self._rollup_key(scope)
        if key is None:
            return self.spikes(scope, threshold=threshold)
        cfg = SpikeSettings(threshold=threshold, timezone=self.project.timezone,
                            lang=self.project.language)  # fmt: skip
        store = self.reader()
        return list(_cached((*key, "spikes", threshold),
                            lambda: from_rollups.spikes(store, scope, cfg)))  # fmt: skip

    def _voice_from_rollups(self, scope: Scope, seed: int) -> list[Voice] | None:
        """:meth:`share_of_voice` of ``scope`` from the rollups (kept while they stay the
        same); None when it must be computed from the rows."""
        from rumeur.analytics import sov, sov_rollups

        key = self._rollup_key(scope)
        if key is None:
            return None
        store = self.reader()

        def compute() -> list[Voice] | None:
            found = sov_rollups.sums(store, scope)
            return None if found is None else sov.voices(found, seed=seed)

        voices = _cached((*key, "voice", seed), compute)
        return None if voices is None else list(voices)

    def explain_spikes(
        self,
        scope: Scope | None,
        spikes: Sequence[Spike],
        *,
        threshold: float = 5.0,
        budget: int | None = None,
    ) -> None:
        """Give ``spikes`` (some of :meth:`dashboard_spikes`' for ``scope``) their
        explanation (origin, rising terms, most-seen posts...) where they have none yet,
        from the rows of their brand around them; kept with the spikes afterwards.
        ``budget``: read at most this many mentions (the first spikes' windows while
        they fit: each reads its brand's two weeks before it, text included); the others
        stay unexplained (``spike.explanation["deferred"]``)."""
        from rumeur.analytics import from_rollups
        from rumeur.analytics.frame import Scope
        from rumeur.analytics.spikes import SpikeSettings

        todo = [s for s in spikes if s.explanation.get("deferred")]
        if not todo:
            return
        scope = scope or Scope()
        cfg = SpikeSettings(threshold=threshold, timezone=self.project.timezone,
                            lang=self.project.language)  # fmt: skip
        every = self.dashboard_spikes(scope, threshold=threshold)
        from_rollups.explain(self.reader(), scope, every, todo, cfg, budget)


def _cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    return _MEMO.get(key, compute)


__all__ = ["DashboardMixin"]
