"""What an import did, in words, in the project's language (one line per file)."""

from __future__ import annotations

from collections.abc import Sequence

from rumeur.ingest import reasons
from rumeur.ingest.pipeline import ImportResult
from rumeur.numbers import numbers

_WORDS = {
    "fr": {
        "failed": "échec, rien n'a été enregistré",
        "imported": "importées",
        "duplicates": "doublons ignorés",
        "quarantined": "mises en quarantaine",
        "unmatched": "ne citent aucune marque",
        "repaired": "ligne(s) lue(s) en Windows-1252 dans un fichier UTF-8",
        "extra": "colonnes inconnues conservées dans « extra »",
        "encoding": "encodage",
        "see": "Voir les lignes écartées : rumeur quarantine list",
        "failures": "fichier(s) non importé(s)",
    },
    "en": {
        "failed": "failed, nothing was stored",
        "imported": "imported",
        "duplicates": "duplicates skipped",
        "quarantined": "quarantined",
        "unmatched": "match no brand",
        "repaired": "line(s) read as Windows-1252 in a UTF-8 file",
        "extra": "unknown columns kept in 'extra'",
        "encoding": "encoding",
        "see": "See the set-aside rows with: rumeur quarantine list",
        "failures": "file(s) not imported",
    },
}


def _n(value: int, lang: str) -> str:
    return numbers(lang).num(value)


def describe(result: ImportResult, lang: str = "fr") -> list[str]:
    """The lines telling what the import of one file did (the first one says it all;
    the others: unknown columns, repaired encoding, the error's hint)."""
    w = _WORDS.get(lang, _WORDS["fr"])
    if result.status == "failed":
        lines = [f"{result.origin} : {w['failed']} — {result.error}"]
        if result.hint:
            lines.append(f"  → {result.hint}")
        return lines
    parts = [
        f"{_n(result.imported, lang)} {w['imported']}",
        f"{_n(result.duplicates, lang)} {w['duplicates']}",
        f"{_n(result.quarantined, lang)} {w['quarantined']}",
    ]
    head = f"{result.origin} : " + ", ".join(parts)
    if result.reasons:
        head += " (" + ", ".join(f"{k} : {_n(v, lang)}" for k, v in _kinds(result, lang)) + ")"
    if result.unmatched:
        head += f", {_n(result.unmatched, lang)} {w['unmatched']}"
    lines = [head if lang == "fr" else head.replace(" : ", ": ")]
    if result.extra_columns:
        lines.append(f"  {w['extra']} : " + ", ".join(result.extra_columns))
    if result.repaired_lines:
        lines.append(f"  {_n(result.repaired_lines, lang)} {w['repaired']}")
    if lang != "fr":
        lines[1:] = [line.replace(" : ", ": ") for line in lines[1:]]
    return lines


def _kinds(result: ImportResult, lang: str) -> list[tuple[str, int]]:
    """The rows set aside per kind of reason, named in ``lang`` (by code; a reason of
    no known kind by its own words), most first."""
    counts: dict[str, int] = {}
    for code, n in result.codes.items():
        if code:
            name = reasons.label(code, lang)
            counts[name] = counts.get(name, 0) + n
    if result.codes.get("") or not result.codes:
        known = {r.stored.split(":", 1)[0] for r in reasons.REASONS}
        for head, n in result.reasons.items():
            if head not in known or not result.codes:
                name = reasons.head_label(head, lang)
                counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def closing(results: Sequence[ImportResult], lang: str = "fr") -> list[str]:
    """Lines after the per-file ones: failures counted, where to see quarantined rows."""
    w = _WORDS.get(lang, _WORDS["fr"])
    lines = []
    failed = sum(r.status == "failed" for r in results)
    if failed:
        lines.append(f"{failed} {w['failures']}" + (" :" if lang == "fr" else ":") + " "
                     + ", ".join(r.origin for r in results if r.status == "failed"))  # fmt: skip
    if any(r.quarantined for r in results):
        lines.append(w["see"])
    return lines
