"""French tokenising for term contrasts and themes: words, hashtags, stop words."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_STOP_WORDS = """
a à au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les
leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu
que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y
été être avoir ai as avons avez ont est sont suis es sommes êtes était étais ça cela
ceci tout tous toute toutes très trop plus moins bien aussi alors donc car si comme
quand encore déjà fait faire peu chez ni non oui rien après avant depuis sans sous entre
vers va vais vont peut faut dit the and to of is it in for on you this that rt via http
https www com fr amp ici là cest jai quil nest ya ils elles ont leur leurs dont lors
puis aussi ceux celle celui quoi quel quelle quels quelles comment pourquoi tjrs
toujours jamais
"""
#: French (and a few English) stop words
STOP_FR = frozenset(_STOP_WORDS.split())
_TOKEN = re.compile(r"#\w+|@\w+|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_URL = re.compile(r"https?://\S+")


def _fold_table() -> dict[int, str]:
    table = {}
    for cp in range(0xC0, 0x250):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c)
        )
        if base != chr(cp):
            table[cp] = base.lower()
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("’"): "'"})
    return table


_FOLD = _fold_table()


def fold(s: str) -> str:
    """Lower-case without accents (for matching); ``’`` becomes ``'``."""
    return s.lower().translate(_FOLD)


def tokens(text: str, *, keep_mentions: bool = False) -> list[str]:
    """Lower-case words (elisions split: l'appli -> appli) and #hashtags, no stop words."""
    out = []
    for tok in _TOKEN.findall(_URL.sub(" ", text or "").lower()):
        if tok.startswith("@") and not keep_mentions:
            continue
        if "'" in tok or "’" in tok:
            tok = re.split(r"['’]", tok)[-1]
        if (len(tok) < 3 and not tok.startswith("#")) or tok in STOP_FR:
            continue
        out.append(tok)
    return out


def count_terms(texts: Iterable[str], *, bigrams: bool = True) -> Counter[str]:
    """Term counts over ``texts``: each term counted once per text (document frequency)."""
    c: Counter[str] = Counter()
    for t in texts:
        toks = tokens(t)
        terms = set(toks)
        if bigrams:
            words = [w for w in toks if not w.startswith("#")]
            terms.update(f"{a} {b}" for a, b in itertools.pairwise(words))
        c.update(terms)
    return c


__all__ = ["STOP_FR", "count_terms", "fold", "tokens"]
