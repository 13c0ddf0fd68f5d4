"""Reputation analytics: pure, typed functions over the store's query results.

Modules: :mod:`~rumeur.analytics.stats` (intervals, tests, effect sizes),
:mod:`~rumeur.analytics.audience` (estimated reach), :mod:`~rumeur.analytics.frame`
(the rows the analytics work on), :mod:`~rumeur.analytics.opinion`,
:mod:`~rumeur.analytics.debt`, :mod:`~rumeur.analytics.sov`,
:mod:`~rumeur.analytics.aspects`, :mod:`~rumeur.analytics.motivation`,
:mod:`~rumeur.analytics.spikes`, :mod:`~rumeur.analytics.people`,
:mod:`~rumeur.analytics.polls`. Every figure is an :class:`~rumeur.analytics.stats.Estimate`
(value, 95% interval, n, method) and carries the ids of the mentions behind it.
"""

from rumeur.analytics.frame import Frame, Scope, load
from rumeur.analytics.stats import Estimate, wilson

__all__ = ["Estimate", "Frame", "Scope", "load", "wilson"]
