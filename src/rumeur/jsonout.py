"""One JSON encoder for every machine-readable output (``--json``, the API later).

Strict JSON only: a number that is not finite (NaN, ±Infinity) becomes ``null``, which
every parser accepts; datetimes are ISO 8601 with their offset; dataclasses and objects
with a ``to_dict()`` are written as that dict; numpy scalars and arrays as plain numbers
and lists; sets as sorted lists; paths as strings. Anything else is refused (TypeError)
rather than written as its ``str()``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON values (dict, list, str, int, finite float, bool, None)."""
    if obj is None or isinstance(obj, bool | str | int):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, set | frozenset):
        return [jsonable(v) for v in sorted(obj, key=repr)]
    if isinstance(obj, datetime | date | time):
        return obj.isoformat()
    if isinstance(obj, timedelta):
        return obj.total_seconds()
    if isinstance(obj, Decimal):
        return jsonable(float(obj))
    if isinstance(obj, Enum):
        return jsonable(obj.value)
    if isinstance(obj, PurePath):
        return str(obj)
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(dataclasses.asdict(obj))
    item = getattr(obj, "item", None)  # numpy scalars
    if callable(item) and getattr(obj, "shape", None) == ():
        return jsonable(item())
    tolist = getattr(obj, "tolist", None)  # numpy arrays
    if callable(tolist):
        return jsonable(tolist())
    raise TypeError(f"not JSON-serialisable: {type(obj).__name__}")


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """Strict JSON text of ``obj`` (UTF-8 characters kept, no NaN/Infinity)."""
    return json.dumps(jsonable(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def loads_strict(text: str) -> Any:
    """Parse JSON refusing NaN and ±Infinity (what strict parsers do)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


__all__ = ["dumps", "jsonable", "loads_strict"]
