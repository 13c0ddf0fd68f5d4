"""What is particular to one quarantined row, for a person to recognise it: the details
of its reason without the kind's words (the value at fault, the counts, where the reader
stopped) and an excerpt of what was received (the row's cells, or the line's text).

The kind itself (``date illisible``) is said elsewhere (:func:`rumeur.ingest.reasons.label`);
:func:`particulars` says ``Date : « pas une date » — Auteur : Sami K. · Note : 2 · …``.
"""

from __future__ import annotations

import json
from typing import Any

from rumeur.ingest import reasons
from rumeur.messages import Text

#: the details of a reason in words, by its code (codes with no details are left out:
#: the excerpt alone says which row it is)
_DETAILS = {
    "bad_date": Text("« {value} »", "“{value}”"),
    "future_date": Text("« {value} »", "“{value}”"),
    "csv_too_many_cells": Text("{cells} cellules pour {width} colonnes",
                               "{cells} cells for {width} columns"),
    "csv_missing_cells": Text("{cells} cellule(s) pour {width} colonnes",
                              "{cells} cell(s) for {width} columns"),
    "csv_reader": Text("{problem}", "{problem}"),
    "webhook_bad_items": Text("{problems}", "{problems}"),
    **{
        code: Text("message : « {error} »", "message: “{error}”")
        for code in ("malformed_json", "malformed_mastodon", "malformed_bluesky",
                     "cannot_normalise", "unreadable_feed", "webhook_bad_json",
                     "webhook_refused")
    },
}  # fmt: skip
_COLUMN = Text("colonne {column}", "column {column}")
#: how long an excerpt may be (characters), and one value in it
WIDTH = 90
_CELL = 40


def particulars(reason: str | None, payload: str | None, lang: str, code: str | None = None) -> str:
    """What sets this row apart from the others of its kind, in ``lang``: its reason's
    details and an excerpt of its content (``—`` between them); empty when neither
    says anything."""
    kind, shown = reasons.details(reason, lang, code)
    words, value, column = "", shown.get("value"), None
    if kind is not None and "said" in shown:
        words = shown["said"]
    elif kind is not None and "column" in shown:
        column = int(shown["column"])
        words = _COLUMN.get(lang).format(column=shown["column"])
    elif kind is not None and kind.code in _DETAILS:
        words = _DETAILS[kind.code].get(lang).format(**shown)
    elif kind is None and reason:  # a reason of no known kind: its own words
        words = reason
    cells = _cells(payload)
    if cells is not None and value is not None:  # name the value's column
        key = next((k for k, v in cells.items() if isinstance(v, str) and v == value), None)
        if key is not None:
            words = f"{key}{_colon(lang)} {words}"
            del cells[key]
    seen = _from_cells(cells, lang) if cells is not None else _from_text(payload, column)
    return " — ".join(p for p in (words, seen) if p)


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


def _cells(payload: str | None) -> dict[str, Any] | None:
    """The payload's fields when it is a JSON object (a CSV row, an item), else None."""
    if not payload or not payload.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _fold(value: Any, width: int) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _from_cells(cells: dict[str, Any], lang: str) -> str:
    """``Auteur : Zoé L. · Date : 02/09/2025 · …``: the fields that hold a value (empty
    ones, flags and nested objects left out), as many as the width takes."""
    out = ""
    for key, value in cells.items():
        if value is None or isinstance(value, dict | list | bool) or not str(value).strip():
            continue
        part = f"{_fold(key, 20)}{_colon(lang)} {_fold(value, _CELL)}"
        joined = f"{out} · {part}" if out else part
        if len(joined) > WIDTH:
            return f"{out} · …" if out else _fold(part, WIDTH)
        out = joined
    return out


def _from_text(payload: str | None, column: int | None) -> str:
    """The line's beginning, or the stretch before ``column`` (1-based) where a reader
    stopped, with ``…`` where it is cut."""
    if not payload:
        return ""
    if column is None or column <= WIDTH:
        return _fold(payload, WIDTH)
    stretch = payload[max(0, column - WIDTH) : column]
    return "…" + " ".join(stretch.split())


__all__ = ["WIDTH", "particulars"]
