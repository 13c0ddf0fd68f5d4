"""Typed settings: one dataclass declares the keys of a TOML table, their types and
defaults, and :func:`validate` turns the table into an instance of it, or raises a
:class:`~rumeur.errors.ConfigError` naming the file, the line and the key:

- an unknown key, with the nearest valid one: ``unknown setting 'backfil_pages' for a
  mastodon source; did you mean backfill_pages?``;
- a value of the wrong type, with the type expected: ``must be a whole number, got
  'beaucoup'``;
- a required key that is missing.

Field types understood: ``str``, ``int``, ``float``, ``bool``, ``list[str]``, a
``Literal`` of strings, :data:`Duration` (``"30s"``, ``"5m"``, ``"1h"``, ``"30d"`` or a
number of seconds, read as seconds), each optionally ``| None``. A field's metadata
``{"min": n}`` bounds a number from below, ``{"max": n}`` from above, ``{"max_items": n}``
the length of a list.

Used for the ``[[sources]]`` of every connector type (``connectors/<platform>/options.py``)
and the ``[[alerts.rules]]`` and ``[[alerts.channels]]`` of every type
(:mod:`rumeur.alerts.rules`).
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from rumeur.errors import ConfigError
from rumeur.messages import Text, of
from rumeur.suggest import listed, nearest, unknown

T = TypeVar("T")

#: seconds, written ``"30s"``, ``"5m"``, ``"1h"``, ``"30d"``, ``"250ms"`` or as a number
Duration = Annotated[float, "duration"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(value: Any) -> float:
    """``"5m"`` -> 300.0 (units ms, s, m, h, d; a bare number is seconds); ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(value)
        return float(value)
    m = _INTERVAL.match(str(value)) if isinstance(value, str) else None
    if not m:
        raise ValueError(value)
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a table sits in the project file: the ``index``-th ``[[<array>]]`` table
    (``array`` such as ``"sources"`` or ``"alerts.rules"``), or the table ``[<array>]``
    when ``index`` is None."""

    path: Path
    text: str
    array: str
    index: int | None = None

    @property
    def prefix(self) -> str:
        return self.array if self.index is None else f"{self.array}[{self.index}]"

    def line(self, key: str | None = None) -> int | None:
        """The line of ``key`` in the table (of its header when ``key`` is None)."""
        lines = self.text.splitlines()
        if self.index is None:
            header = re.compile(rf"^\s*\[\s*{re.escape(self.array)}\s*\]")
        else:
            header = re.compile(rf"^\s*\[\[\s*{re.escape(self.array)}\s*\]\]")
        seen, start = -1, None
        for i, line in enumerate(lines):
            if header.match(line):
                seen += 1
                if self.index is None or seen == self.index:
                    start = i
                    break
        if start is None:
            return None
        if key is None:
            return start + 1
        pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
        for i in range(start + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if pattern.match(lines[i]):
                return i + 1
        return start + 1

    def fail(
        self, key: str | None, message: str | Text, hint: str | Text | None = None
    ) -> ConfigError:
        full = self.prefix + (f".{key}" if key else "")
        return ConfigError(message, path=self.path, line=self.line(key), key=full, hint=hint)


def unknown_key(place: Place, key: str, valid: list[str], what: str | Text) -> ConfigError:
    """The error for a key that ``what`` does not have, suggesting the nearest."""
    where = Text(f"pour {of(what, 'fr')}", f"for {of(what, 'en')}")
    return place.fail(
        key,
        unknown(Text("réglage inconnu", "unknown setting"), key, valid, where=where),
        hint=listed(sorted(valid), Text("réglages possibles", "valid settings")),
    )


def validate(
    model: type[T],
    table: Mapping[str, Any],
    place: Place,
    *,
    what: str | Text,
    skip: tuple[str, ...] = (),
) -> T:
    """``table`` as an instance of the dataclass ``model`` (keys in ``skip`` are read by
    the caller); ConfigError on the first problem."""
    fields = {f.name: f for f in dataclasses.fields(model)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(model, include_extras=True)
    valid = [*fields, *skip]
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key in skip:
            continue
        if key not in fields:
            raise unknown_key(place, key, valid, what)
        values[key] = _coerce(raw, hints[key], fields[key], place, key)
    for name, f in fields.items():
        missing = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if missing and name not in values:
            raise place.fail(
                None,
                Text(f"{of(what, 'fr')} a besoin de '{name}'", f"{of(what, 'en')} needs '{name}'"),
                hint=Text("voir docs/configuration.md", "see docs/configuration.md"),
            )
    return model(**values)


def _coerce(value: Any, tp: Any, f: dataclasses.Field[Any], place: Place, key: str) -> Any:
    inner, optional = _unwrap_optional(tp)
    if optional and (value is None or value == ""):  # an optional text left empty: unset
        return None
    ok, result = _convert(value, inner)
    kind = describe(inner)
    if not ok:
        raise place.fail(
            key, Text(f"doit être {kind.fr}, pas {value!r}", f"must be {kind.en}, got {value!r}")
        )
    low = f.metadata.get("min")
    if low is not None and isinstance(result, int | float) and result < low:
        raise place.fail(
            key,
            Text(
                f"doit être {kind.fr} >= {low}, pas {value!r}",
                f"must be {kind.en} >= {low}, got {value!r}",
            ),
        )
    most = f.metadata.get("max_items")
    if most is not None and isinstance(result, list) and len(result) > most:
        raise place.fail(
            key,
            Text(
                f"au plus {most} valeurs, pas {len(result)}",
                f"at most {most} values, got {len(result)}",
            ),
        )
    high = f.metadata.get("max")
    if high is not None and isinstance(result, int | float) and result > high:
        raise place.fail(
            key,
            Text(
                f"doit être {kind.fr} <= {high}, pas {value!r}",
                f"must be {kind.en} <= {high}, got {value!r}",
            ),
        )
    return result


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return (args[0] if len(args) == 1 else tp), len(args) < len(get_args(tp))
    return tp, False


def _convert(value: Any, tp: Any) -> tuple[bool, Any]:
    if get_origin(tp) is Annotated:
        if "duration" in get_args(tp)[1:]:
            try:
                return True, parse_duration(value)
            except ValueError:
                return False, None
        tp = get_args(tp)[0]
    if get_origin(tp) is Literal:
        return value in get_args(tp), value
    if tp is bool:
        return isinstance(value, bool), value
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if tp is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, float(value) if ok else None
    if tp is str:
        return isinstance(value, str) and bool(value.strip()), value
    if get_origin(tp) is list:
        if isinstance(value, str):
            value = [value]
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        return ok, list(value) if ok else None
    return True, value


def describe(tp: Any) -> Text:
    """How a type is named in an error message, in both languages."""
    if get_origin(tp) is Annotated:
        if "duration" in get_args(tp)[1:]:
            return Text(
                'une durée comme "30s", "5m", "1h", "30d" (ou des secondes)',
                'a duration such as "30s", "5m", "1h", "30d" (or seconds)',
            )
        tp = get_args(tp)[0]
    if get_origin(tp) is Literal:
        values = ", ".join(repr(a) for a in get_args(tp))
        return Text(f"l'une des valeurs {values}", f"one of {values}")
    if get_origin(tp) is list:
        return Text("une liste de textes", "a list of texts")
    names = {
        bool: Text("true ou false", "true or false"),
        int: Text("un nombre entier", "a whole number"),
        float: Text("un nombre", "a number"),
        str: Text("un texte non vide", "a non-empty text"),
    }
    return names.get(tp, Text(str(tp), str(tp)))


__all__ = [
    "Duration",
    "Place",
    "describe",
    "nearest",
    "parse_duration",
    "unknown_key",
    "validate",
]
