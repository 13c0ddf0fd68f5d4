"""Why a row went to the quarantine: one stable code per kind of problem, its words in
French and English, and the English text the store keeps.

Each :class:`Reason` has

- ``code``: the machine code kept in ``quarantine.code`` (and given as ``code`` in
  JSON outputs); it never changes;
- ``stored``: the English text written to ``quarantine.reason``, with its details in
  ``{braces}`` (the cell's value, counts, the reader's message). It is the text older
  stores hold, so it is kept as it was: an old row is read by matching it
  (:func:`classify`), and the same text gives the same quarantine id;
- ``text``: what a person reads, in either language, with the same details;
- ``label``: the kind alone (``date illisible``), for counts per kind.

:func:`stored` writes a reason, :func:`render` shows one in the run's language (a text
no kind matches is shown as stored), :func:`sql_code` is the SQL that gives the code of
a stored text (the import fills ``quarantine.code`` with it; migration 10 filled the
rows stored before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from rumeur.messages import Text


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    stored: str
    text: Text
    label: Text
    field: str | None = None


_CSV = Text("ligne CSV illisible", "unreadable CSV row")
_NORMALISE = Text("élément impossible à lire", "item that cannot be read")

#: every kind, the most precise first (a text is of the first kind whose pattern it
#: matches whole)
REASONS: tuple[Reason, ...] = (
    Reason(
        "no_text",
        "no text",
        Text("texte absent ou vide (champ text)", "no text: the text field is missing or empty"),
        Text("texte absent", "no text"),
        "text",
    ),
    Reason(
        "no_date",
        "no date",
        Text("date absente (champ created_at)", "no date: the created_at field is empty"),
        Text("date absente", "no date"),
        "created_at",
    ),
    Reason(
        "bad_date",
        "unreadable date: {value}",
        Text("date illisible : « {value} »", "unreadable date: “{value}”"),
        Text("date illisible", "unreadable date"),
        "created_at",
    ),
    Reason(
        "future_date",
        "date in the future: {value}",
        Text(
            "date plus de deux jours après l'export : « {value} »",
            "date more than two days after the export: “{value}”",
        ),
        Text("date dans le futur", "date in the future"),
        "created_at",
    ),
    Reason(
        "broken_encoding",
        "broken encoding (undecodable bytes)",
        Text(
            "encodage cassé : des octets du texte ne se lisent dans aucun encodage",
            "broken encoding: bytes of the text read in no encoding",
        ),
        Text("encodage cassé", "broken encoding"),
        "text",
    ),
    Reason(
        "csv_too_many_cells",
        "unreadable CSV row: TOO MANY COLUMNS ({cells} cells, the header has {width})",
        Text(
            "ligne CSV illisible : {cells} cellules, l'en-tête en a {width}",
            "unreadable CSV row: {cells} cells, the header has {width}",
        ),
        Text("ligne CSV : cellules en trop", "CSV row: cells too many"),
    ),
    Reason(
        "csv_missing_cells",
        "unreadable CSV row: MISSING COLUMNS ({cells} cells, the header has {width})",
        Text(
            "ligne CSV illisible : {cells} cellule(s), l'en-tête en a {width}",
            "unreadable CSV row: {cells} cell(s), the header has {width}",
        ),
        Text("ligne CSV : cellules manquantes", "CSV row: cells missing"),
    ),
    Reason(
        "csv_open_quote",
        "unreadable CSV row: a quote is never closed",
        Text(
            "ligne CSV illisible : un guillemet ouvert n'est jamais fermé",
            "unreadable CSV row: a quote is never closed",
        ),
        Text("ligne CSV : guillemet jamais fermé", "CSV row: quote never closed"),
    ),
    Reason(
        "csv_long_cell",
        "unreadable CSV row: a cell is longer than {limit} characters",
        Text(
            "ligne CSV illisible : une cellule dépasse {limit} caractères",
            "unreadable CSV row: a cell is longer than {limit} characters",
        ),
        Text("ligne CSV : cellule trop longue", "CSV row: cell too long"),
    ),
    Reason(
        "csv_long_row",
        "unreadable CSV row: the row is longer than {limit} characters",
        Text(
            "ligne CSV illisible : la ligne dépasse {limit} caractères",
            "unreadable CSV row: the row is longer than {limit} characters",
        ),
        Text("ligne CSV : ligne trop longue", "CSV row: row too long"),
    ),
    Reason(
        "csv_reader",
        "unreadable CSV row: {problem}",
        Text("ligne CSV illisible : {problem}", "unreadable CSV row: {problem}"),
        _CSV,
    ),
    Reason(
        "malformed_json",
        "malformed JSON: {error}",
        Text(
            "JSON mal formé (message du lecteur : « {error} »)",
            "malformed JSON (the reader's message: “{error}”)",
        ),
        Text("JSON mal formé", "malformed JSON"),
    ),
    Reason(
        "not_json_object",
        "not a JSON object",
        Text("pas un objet JSON", "not a JSON object"),
        Text("pas un objet JSON", "not a JSON object"),
    ),
    Reason(
        "malformed_mastodon",
        "malformed Mastodon status: {error}",
        Text(
            "statut Mastodon mal formé (message : « {error} »)",
            "malformed Mastodon status (message: “{error}”)",
        ),
        Text("statut Mastodon mal formé", "malformed Mastodon status"),
    ),
    Reason(
        "malformed_bluesky",
        "malformed Bluesky post: {error}",
        Text(
            "post Bluesky mal formé (message : « {error} »)",
            "malformed Bluesky post (message: “{error}”)",
        ),
        Text("post Bluesky mal formé", "malformed Bluesky post"),
    ),
    Reason(
        "cannot_normalise",
        "cannot normalise: {error}",
        Text(
            "élément impossible à lire (message du connecteur : « {error} »)",
            "item that cannot be read (the connector's message: “{error}”)",
        ),
        _NORMALISE,
    ),
    Reason(
        "no_value_object",
        "change without a value object",
        Text(
            "notification sans objet « value » (rien à lire)",
            "change without a 'value' object (nothing to read)",
        ),
        Text("notification sans contenu", "change without content"),
    ),
    Reason(
        "unreadable_feed",
        "unreadable feed: {error}",
        Text(
            "flux illisible (message du lecteur : « {error} »)",
            "unreadable feed (the reader's message: “{error}”)",
        ),
        Text("flux illisible", "unreadable feed"),
    ),
    Reason(
        "webhook_bad_json",
        "webhook push refused: body is not valid JSON: {error}",
        Text(
            "envoi webhook refusé : le corps n'est pas du JSON valide (message du lecteur : "
            "« {error} »)",
            "webhook push refused: the body is not valid JSON (the reader's message: “{error}”)",
        ),
        Text("envoi webhook refusé", "webhook push refused"),
    ),
    Reason(
        "webhook_empty",
        "webhook push refused: no item in the body",
        Text(
            "envoi webhook refusé : aucun élément dans le corps",
            "webhook push refused: no item in the body",
        ),
        Text("envoi webhook refusé", "webhook push refused"),
    ),
    Reason(
        "webhook_bad_items",
        "webhook push refused: {count} problem(s): {problems}",
        Text(
            "envoi webhook refusé, {count} problème(s) : {problems}",
            "webhook push refused, {count} problem(s): {problems}",
        ),
        Text("envoi webhook refusé", "webhook push refused"),
    ),
    Reason(
        "webhook_refused",
        "webhook push refused: {error}",
        Text(
            "envoi webhook refusé (réponse à l'émetteur : « {error} »)",
            "webhook push refused (the answer to the sender: “{error}”)",
        ),
        Text("envoi webhook refusé", "webhook push refused"),
    ),
)

BY_CODE: dict[str, Reason] = {r.code: r for r in REASONS}

#: DuckDB's CSV reader names the problem of a rejected row with one of these
_CSV_PROBLEMS = {
    "CAST": Text("une valeur n'a pas le type attendu", "a value is not of the expected type"),
    "MISSING COLUMNS": Text("il manque des cellules", "cells are missing"),
    "TOO MANY COLUMNS": Text("il y a des cellules en trop", "there are cells too many"),
    "UNQUOTED VALUE": Text(
        "un guillemet est mal placé dans une cellule", "a quote is out of place in a cell"
    ),
    "LINE SIZE OVER MAXIMUM": Text("la ligne est trop longue", "the line is too long"),
    "INVALID UNICODE": Text("des octets ne sont pas de l'UTF-8", "bytes are not UTF-8"),
    "INVALID STATE": Text("le lecteur CSV s'y perd", "the CSV reader loses its way"),
}
#: what the connectors' normalisers say of an item they cannot read (``raise
#: ValueError(...)`` in rumeur/connectors/): pattern -> words; a message none matches is
#: quoted as it is (tests/ingest/test_quarantine_reasons.py checks every one is here)
_CONNECTOR_SAYS: tuple[tuple[re.Pattern[str], Text], ...] = tuple(
    (re.compile(pattern, re.S), text)
    for pattern, text in (
        (r"no date", Text("date absente", "no date")),
        (r"no text", Text("texte absent", "no text")),
        (r"no id", Text("identifiant absent", "no id")),
        (r"no lastModified", Text("date absente (lastModified)", "no date (lastModified)")),
        (r"no userComment", Text("avis absent (userComment)", "no review (userComment)")),
        (r"(?:star)?[Rr]ating must be 1 to 5, got (?P<v>.*)",
         Text("note hors de 1 à 5 : {v}", "rating not from 1 to 5: {v}")),
        (r"rating (?P<v>.*) out of range",
         Text("note hors limites : {v}", "rating out of range: {v}")),
        (r"starRating (?P<v>.*) is not ONE\.\.FIVE",
         Text("note hors de ONE à FIVE : {v}", "rating not from ONE to FIVE: {v}")),
        (r"not a (?P<v>customerReviews|customerReviewResponses) resource: (?P<w>.*)",
         Text("pas une ressource {v} : {w}", "not a {v} resource: {w}")),
        (r"deleted post: comment (?P<v>\S+) is (?P<w>.*)",
         Text("publication supprimée : le commentaire {v} vaut {w}",
              "deleted post: comment {v} is {w}")),
    )
)  # fmt: skip


def _connector_says(error: str, lang: str) -> str | None:
    """A normaliser's message (after its exception's class name) in ``lang``, or None."""
    message = re.sub(r"^(?:ValueError|KeyError|TypeError|AttributeError): ", "", error)
    for pattern, text in _CONNECTOR_SAYS:
        m = pattern.fullmatch(message)
        if m:
            return text.get(lang).format(**m.groupdict())
    return None


#: what the webhook intake finds wrong with a pushed item (connectors/webhook/normalise.py)
_ITEM_PROBLEMS = {
    "must be a number >= 0": Text("doit être un nombre positif ou nul", "must be a number >= 0"),
    "not a JSON object": Text("n'est pas un objet JSON", "is not a JSON object"),
    "missing or empty": Text("absent ou vide", "missing or empty"),
    "missing or not ISO 8601 (e.g. 2026-11-23T10:00:00+01:00)": Text(
        "absente ou pas en ISO 8601 (par ex. 2026-11-23T10:00:00+01:00)",
        "missing or not ISO 8601 (e.g. 2026-11-23T10:00:00+01:00)",
    ),
    "object or handle expected": Text(
        "un objet ou un identifiant est attendu", "an object or a handle is expected"
    ),
}
_ITEM = re.compile(r"item (\d+) (?:(\w+) )?(.*)", re.S)
_JSON_AT = {
    "malformed_json": Text(
        "JSON mal formé à la colonne {column}", "malformed JSON at column {column}"
    ),
    "webhook_bad_json": Text(
        "envoi webhook refusé : le corps n'est pas du JSON valide (colonne {column})",
        "webhook push refused: the body is not valid JSON (column {column})",
    ),
}
_NUMBERS = ("cells", "width", "limit")
_SPECIAL = set("\\.^$|?*+()[]{}")


def _pattern(stored: str) -> str:
    """The regular expression (Python's and DuckDB's RE2 alike) that a stored text of
    this kind matches whole."""
    out = ["(?s)"]
    for i, piece in enumerate(re.split(r"\{(\w+)\}", stored)):
        if i % 2:
            out.append(f"(?P<{piece}>.*)")
        else:
            out.append("".join("\\" + c if c in _SPECIAL else c for c in piece))
    return "".join(out)


@cache
def _compiled() -> list[tuple[Reason, re.Pattern[str]]]:
    return [(r, re.compile(_pattern(r.stored))) for r in REASONS]


def stored(code: str, **details: Any) -> str:
    """The text to store for a row set aside for ``code``, with its details."""
    return BY_CODE[code].stored.format(**details)


def sql_stored(code: str, **details: str) -> str:
    """SQL writing the stored text of ``code`` with each detail given as an SQL
    expression (``sql_stored("bad_date", value="left(created_raw, 60)")``)."""
    out = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", BY_CODE[code].stored)):
        if i % 2:
            out.append(f"coalesce({details[piece]}, '')")
        elif piece:
            out.append("'" + piece.replace("'", "''") + "'")
    return " || ".join(out)


def classify(text: str | None) -> tuple[str | None, dict[str, str]]:
    """(code, details) of a stored reason; (None, {}) when no kind matches it."""
    if text:
        for reason, pattern in _compiled():
            m = pattern.fullmatch(text)
            if m:
                return reason.code, m.groupdict()
    return None, {}


def _number(value: str, lang: str) -> str:
    digits = value.replace(",", "").replace("\u202f", "").strip()
    if not digits.isdigit():
        return value
    text = f"{int(digits):,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def details(
    text: str | None, lang: str, code: str | None = None
) -> tuple[Reason | None, dict[str, str]]:
    """The kind of a stored reason (``code``, the stored one, wins over the text's own)
    and its details in ``lang``: numbers grouped; the CSV reader's problem, the webhook's
    problems and a connector's message in words where known (``said``); ``column`` where
    a JSON reader said where. (None, {}) for a text of no known kind; (kind, {}) for a
    text whose shape is not its code's."""
    found, raw = classify(text)
    reason = BY_CODE.get(code or found or "")
    if reason is None or found != reason.code:
        return reason, {}
    shown = dict(raw)
    for key in _NUMBERS:
        if key in shown:
            shown[key] = _number(shown[key], lang)
    if "problem" in shown:
        head, _, column = shown["problem"].partition(" (")
        known = _CSV_PROBLEMS.get(head.strip())
        if known is not None:
            shown["problem"] = known.get(lang) + (
                f" ({'column' if lang == 'en' else 'colonne'} {column}" if column else ""
            )
    if reason.code == "webhook_bad_items":
        shown["problems"] = (" ; " if lang == "fr" else "; ").join(
            _item_problem(p, lang) for p in raw["problems"].split("; ")
        )
    if reason.code == "cannot_normalise":
        said = _connector_says(raw["error"], lang)
        if said is not None:
            shown["said"] = said
    at = re.search(r"line (\d+) column (\d+)", shown.get("error", ""))
    if at and reason.code in _JSON_AT:  # orjson's messages end with where
        shown["column"] = at.group(2)
    return reason, shown


def render(text: str | None, lang: str, code: str | None = None) -> str:
    """A stored reason in ``lang`` with its details; ``code`` (the stored one, if any)
    wins over the text's own kind. A text of no known kind is shown as stored."""
    reason, shown = details(text, lang, code)
    if reason is None:
        return text or ""
    if not shown and reason.code != classify(text)[0]:  # a code with another's text
        return reason.label.get(lang) + (f" ({text})" if text else "")
    if "said" in shown:
        return _NORMALISE.get(lang) + (" : " if lang == "fr" else ": ") + shown["said"]
    if "column" in shown:  # say where rather than the reader's message
        return _JSON_AT[reason.code].get(lang).format(column=shown["column"])
    return reason.text.get(lang).format(**shown)


def _item_problem(text: str, lang: str) -> str:
    """``item 1 created_at missing or empty`` in ``lang`` (as it is if not understood)."""
    m = _ITEM.fullmatch(text)
    if m is None:
        return text
    index, field, problem = m.groups()
    if problem.startswith("unknown: "):
        said = Text(f"inconnue : {problem[9:]}", f"unknown: {problem[9:]}")
    elif problem in _ITEM_PROBLEMS:
        said = _ITEM_PROBLEMS[problem]
    else:
        return text
    where = Text(f"élément {index}", f"item {index}")
    if field:
        where = Text(f"{where.fr}, champ {field}", f"{where.en}, field {field}")
    return f"{where.get(lang)} {'—' if lang == 'fr' else '-'} {said.get(lang)}"


def label(code: str | None, lang: str, text: str | None = None) -> str:
    """The kind of a reason in ``lang`` (``date illisible``): by its code, else by its
    stored text; an unknown one as its text's part before ``:``."""
    reason = BY_CODE.get(code or classify(text)[0] or "")
    if reason is not None:
        return reason.label.get(lang)
    return (text or code or "").split(":", 1)[0].strip()


def head_label(head: str, lang: str) -> str:
    """The kind named by a stored reason's part before ``:`` (the keys of an import's
    ``quarantine_reasons``), in ``lang``; an unknown one as it is."""
    for reason in reversed(REASONS):  # the most general kind of that head
        if reason.stored.split(":", 1)[0] == head:
            return reason.label.get(lang)
    return head


def matching(words: str) -> list[str]:
    """The codes whose code, label or text (either language) contains ``words``
    (case-insensitive), for ``quarantine list --reason``."""
    needle = words.casefold()
    return [
        r.code
        for r in REASONS
        if any(
            needle in s.casefold()
            for s in (r.code, r.stored, r.label.fr, r.label.en, r.text.fr, r.text.en)
        )
    ]


def sql_code(column: str) -> str:
    """SQL giving the code of the stored reason in ``column`` (NULL for an unknown one)."""
    whens = " ".join(
        f"WHEN regexp_full_match({column}, '{_pattern(r.stored).replace(chr(39), chr(39) * 2)}') "
        f"THEN '{r.code}'"
        for r in REASONS
    )
    return f"CASE {whens} END"


__all__ = [
    "BY_CODE", "REASONS", "Reason", "classify", "details", "head_label", "label", "matching",
    "render",
    "sql_code", "sql_stored", "stored",
]  # fmt: skip
