"""A monthly budget of paid reads (X counts every post an answer returns).

The count lives in the source's cursor, which is saved with each stored batch in the
same transaction: a crash never loses the count of what was stored (posts read ahead
and not yet stored when the process dies are not counted; they are read, and counted,
again). It restarts at 0 on the first day of each calendar month (UTC).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rumeur.errors import ConnectorError


class BudgetExhaustedError(ConnectorError):
    """The source's monthly read budget is spent: nothing more is read this month."""


class ReadBudget:
    """Reads counted against ``limit`` (None: no limit) for the month of ``now``."""

    def __init__(self, source: str, limit: int | None, state: Any, now: datetime) -> None:
        self.source = source
        self.limit = limit
        self.month = now.strftime("%Y-%m")
        st = state if isinstance(state, Mapping) else {}
        self.used = int(st.get("read") or 0) if st.get("month") == self.month else 0

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used)

    def allow(self, wanted: int, minimum: int = 1) -> int:
        """How many posts the next request may ask for (``wanted`` at most); raises
        :class:`BudgetExhaustedError` when fewer than ``minimum`` are left."""
        left = self.left
        if left is None:
            return wanted
        if left < minimum:
            raise BudgetExhaustedError(
                f"{self.source}: monthly read budget spent ({self.used} of {self.limit} "
                f"posts read in {self.month})",
                hint="it starts again on the 1st of next month; raise monthly_read_budget "
                "if your X plan allows more reads",
            )
        return min(wanted, left)

    def spend(self, n: int) -> None:
        self.used += n

    def state(self) -> dict[str, Any]:
        return {"month": self.month, "read": self.used}
