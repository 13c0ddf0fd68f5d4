"""YouTube Data API errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rumeur.errors import ConnectorError


class QuotaExceededError(ConnectorError):
    """The project's daily YouTube Data API quota is spent (403 quotaExceeded)."""


def error_reason(body: Any) -> str | None:
    """The ``reason`` of a Google API error body (``error.errors[0].reason`` or
    ``error.details[].reason``), or found in an error message's text."""
    if isinstance(body, Mapping):
        err = body.get("error")
        if isinstance(err, Mapping):
            for e in err.get("errors") or []:
                if isinstance(e, Mapping) and e.get("reason"):
                    detail = [d.get("reason") for d in err.get("details") or []
                              if isinstance(d, Mapping) and d.get("reason")]  # fmt: skip
                    return str(detail[0] if detail else e["reason"])
        return None
    if isinstance(body, str):
        m = re.search(r"'reason': '(\w+)'", body)
        return m.group(1) if m else None
    return None
