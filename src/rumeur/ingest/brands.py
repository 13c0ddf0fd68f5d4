"""Brand matching, compiled to one DuckDB expression so that it runs vectorised at ingest.

A brand matches a mention when one of these holds:

- one of its names or aliases appears as a whole word, ignoring case and accents
  ("Sérénis" matches "serenis", "SÉRÉNIS!" and "l'Serenis", not "sérénissime"), after its
  exclusion phrases have been blanked out ("jus d'orange" cannot make "orange" match,
  yet "Orange a coupé ma ligne, j'en bois un jus d'orange" still matches);
- one of its handles is @-mentioned, or one of its hashtags used; a hashtag that starts
  with a one-word name also counts (#VoltaEnPanne for Volta);
- the author is one of its own accounts.

Several brands may match one mention; a mention that matches none is kept and flagged
``unmatched``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rumeur.config import Brand


def fold(text: str) -> str:
    """Lower-case, accents removed: the form brand terms are compared in."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


_ACCENTS = {
    "a": "aàâäáãå", "e": "eéèêë", "i": "iîïíì", "o": "oôöóòõ", "u": "uùûüú", "c": "cç",
    "y": "yÿý", "n": "nñ",
}  # fmt: skip
#: a letter or digit on either side means "not a whole word" (RE2's \b is ASCII-only)
_START = r"(?:^|[^\pL\pN_])"
_STOP = r"(?:[^\pL\pN_]|$)"
_END = ")" + _STOP


def _loose(word: str) -> str:
    """Regex of a folded word that also matches its accented spellings (lower-case)."""
    out = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in ("oe", "ae"):
            out.append(f"(?:{pair}|{'œ' if pair == 'oe' else 'æ'})")
            i += 2
            continue
        ch = word[i]
        if ch in _ACCENTS:
            out.append(f"[{_ACCENTS[ch]}]")
        elif ch == "'":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def _term_cores(terms: Sequence[str]) -> list[str]:
    parts = []
    for t in terms:
        words = [_loose(w) for w in fold(t).split()]
        if words:
            parts.append(r"[\s\-_'’]*".join(words))
    return parts


def _term_regex(terms: Sequence[str]) -> str:
    return _START + "(?:" + "|".join(_term_cores(terms)) + ")" + _STOP


class BrandMatcher:
    """Compiles configured brands into SQL over a folded text column."""

    def __init__(self, brands: Sequence[Brand]) -> None:
        self.brands = tuple(brands)

    def sql_brands(self, lowered: str, handle: str) -> str:
        """``VARCHAR[]`` expression of matched brand ids.

        ``lowered``: SQL of the text lower-cased (accents are matched loosely by the
        patterns, which is much cheaper than stripping them from every text);
        ``handle``: the author handle lower-cased without '@'.
        """
        if not self.brands:
            return "CAST([] AS VARCHAR[])"
        cases = []
        for b in self.brands:
            conds = []
            # one pattern, one scan per brand: names, hashtags, handles
            patterns = [_term_regex(b.terms)]
            tags = [_loose(fold(h)) for h in b.hashtags]
            one_word = [_loose(fold(t)) + r"[\pL\pN_]*" for t in b.terms if " " not in t.strip()]
            if tags or one_word:
                patterns.append("#(?:" + "|".join(tags + one_word) + _END)
            if b.handles:
                patterns.append("@(?:" + "|".join(re.escape(h) for h in b.handles) + _END)
            pattern = _sql_str("|".join(patterns))
            # the word boundaries in front keep RE2 from jumping to a candidate letter:
            # a scan for the bare terms first (3x faster) leaves the full pattern to the
            # texts that contain one (in a CASE condition, AND runs its right side on
            # the rows its left side kept)
            cores = _term_cores(b.terms) + tags + [re.escape(h) for h in b.handles]
            found = (
                f"(regexp_matches({lowered}, {_sql_str('|'.join(cores))}) "
                f"AND regexp_matches({lowered}, {pattern}))"
            )
            if b.exclude:
                # blank the exclusion phrases out (a copy of the text) only where the
                # brand matched and an exclusion phrase is present: the AND short-circuits
                excl = _sql_str(_term_regex(b.exclude))
                found = (
                    f"({found} AND (NOT regexp_matches({lowered}, {excl}) OR regexp_matches("
                    f"regexp_replace({lowered}, {excl}, ' ', 'g'), {pattern})))"
                )
            conds.append(found)
            if b.own_accounts:
                own = ", ".join(_sql_str(h) for h in b.own_accounts)
                conds.append(f"coalesce({handle} IN ({own}), false)")
            cases.append(f"CASE WHEN {' OR '.join(conds)} THEN {_sql_str(b.id)} END")
        return f"list_filter([{', '.join(cases)}], x -> x IS NOT NULL)"

    def sql_own_account(self, handle: str) -> str:
        """BOOLEAN expression: the author is one of any brand's own accounts."""
        own = sorted({h for b in self.brands for h in b.own_accounts})
        if not own:
            return "false"
        return f"coalesce({handle} IN ({', '.join(_sql_str(h) for h in own)}), false)"

    def match(
        self, texts: Sequence[str], handles: Sequence[str | None] | None = None
    ) -> list[list[str]]:
        """Match plain texts (for tests, previews and `rumeur brands test`)."""
        import duckdb
        import pyarrow as pa

        handles = list(handles) if handles is not None else [None] * len(texts)
        table = pa.table({"text": list(texts), "handle": handles})
        con = duckdb.connect()
        con.register("t", table)
        expr = self.sql_brands("lower(text)", "lower(ltrim(handle, '@'))")
        rows = con.execute(f"SELECT {expr} FROM t").fetchall()
        con.close()
        return [list(r[0]) for r in rows]
