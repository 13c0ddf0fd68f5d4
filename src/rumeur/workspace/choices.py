"""The closed sets of values the use cases accept, checked at the boundary: an unknown
value is refused with the valid ones listed (:class:`~rumeur.errors.UsageError`, exit
code 2), never read as "all" or as an empty result."""

from __future__ import annotations

from collections.abc import Iterable

from rumeur.errors import UsageError
from rumeur.records import PLATFORMS
from rumeur.suggest import VALUE, listed, unknown

#: --period: how analytics cut time
PERIODS = ("day", "week", "month", "all")
#: metrics opinion --by (repeatable)
OPINION_BY = ("brand", "period", "platform")
#: metrics debt --by
DEBT_BY = ("brand", "platform", "period", "aspect")
#: mentions --sentiment
SENTIMENTS = ("negative", "neutral", "positive", "unsupported")
#: mentions --sort
SORTS = ("date", "reach", "engagement", "relevance")
#: quarantine --status
QUARANTINE_STATUSES = ("open", "resolved", "retried", "all")
#: polls compare --by
POLL_BY = ("wave", "group")
#: --platform: what the store holds (imports map other names onto these)
ALL_PLATFORMS = PLATFORMS


def check(option: str, value: str, valid: Iterable[str]) -> str:
    """``value`` if it is one of ``valid``, else a UsageError naming ``option``."""
    allowed = tuple(valid)
    if value not in allowed:
        raise UsageError(unknown(VALUE, value, allowed, option=option), hint=listed(allowed))
    return value


def check_all(option: str, values: Iterable[str], valid: Iterable[str]) -> tuple[str, ...]:
    allowed = tuple(valid)
    return tuple(check(option, v, allowed) for v in values)
