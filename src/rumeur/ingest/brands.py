"""Brand matching, compiled to one DuckDB expression so that it runs vectorised at ingest.

A brand matches a mention when one of these holds:

- one of its names or aliases appears as a whole word, ignoring case and accents
  ("Sérénis" matches "serenis", "SERENIS!" and "l'Serenis", not "serenissime"), after its
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


_END = r")(?:\b|$)"


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _term_regex(terms: Sequence[str]) -> str:
    parts = []
    for t in terms:
        words = [re.escape(w) for w in fold(t).split()]
        if words:
            parts.append(r"[\s\-_']*".join(words))
    return r"\b(?:" + "|".join(parts) + r")\b"


class BrandMatcher:
    """Compiles configured brands into SQL over a folded text column."""

    def __init__(self, brands: Sequence[Brand]) -> None:
        self.brands = tuple(brands)

    def sql_brands(self, folded: str, lowered: str, handle: str) -> str:
        """``VARCHAR[]`` expression of matched brand ids.

        ``folded``: SQL of the text folded (``strip_accents(lower(...))``); ``lowered``:
        the text lower-cased (handles and hashtags); ``handle``: the author handle
        lower-cased without '@'.
        """
        if not self.brands:
            return "CAST([] AS VARCHAR[])"
        cases = []
        for b in self.brands:
            conds = []
            text = folded
            if b.exclude:
                text = f"regexp_replace({folded}, {_sql_str(_term_regex(b.exclude))}, ' ', 'g')"
            conds.append(f"regexp_matches({text}, {_sql_str(_term_regex(b.terms))})")
            tags = [re.escape(fold(h)) for h in b.hashtags]
            one_word = [
                re.escape(fold(t).replace(" ", "")) + r"\w*"
                for t in b.terms
                if " " not in t.strip()
            ]
            if tags or one_word:
                tag_re = "#(?:" + "|".join(tags + one_word) + _END
                conds.append(f"regexp_matches({lowered}, {_sql_str(tag_re)})")
            if b.handles:
                handle_re = "@(?:" + "|".join(re.escape(h) for h in b.handles) + _END
                conds.append(f"regexp_matches({lowered}, {_sql_str(handle_re)})")
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
        expr = self.sql_brands(
            "strip_accents(lower(text))", "lower(text)", "lower(ltrim(handle, '@'))"
        )
        rows = con.execute(f"SELECT {expr} FROM t").fetchall()
        con.close()
        return [list(r[0]) for r in rows]
