""" "Unknown X 'v'; did you mean Y?": one wording, in French and English, for every value
Rumeur refuses from a closed set (a brand id, a platform, a sentiment, an enricher, a
setting, a rule's channel...).

- :func:`nearest` finds the valid value closest to a misspelt one (accents and case
  aside: ``négatif`` is close to ``negative``);
- :func:`unknown` words the refusal: ``--brand : marque inconnue 'volt' ; vouliez-vous
  dire volta ?`` / ``--brand: unknown brand 'volt'; did you mean volta?``;
- :func:`listed` words the hint that lists the valid values.

Each error class stays the caller's (a UsageError for an option, a settings reader's
``fail`` for rumeur.toml...): only the words are shared.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from rumeur.messages import Text

#: how close a value must be to be suggested (difflib's ratio)
CUTOFF = 0.6

VALUE = Text("valeur inconnue", "unknown value")
BRAND = Text("marque inconnue", "unknown brand")
VALUES = Text("valeurs possibles", "valid values")


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The valid value closest to ``word``, if one is close enough (accents and case
    are not counted as differences)."""
    valid = [str(c) for c in choices]
    folded: dict[str, str] = {}
    for c in valid:
        folded.setdefault(_folded(c), c)
    found = difflib.get_close_matches(_folded(word), list(folded), n=1, cutoff=CUTOFF)
    return folded[found[0]] if found else None


def unknown(
    what: Text,
    value: object,
    choices: Iterable[str],
    *,
    option: str | None = None,
    where: Text | None = None,
) -> Text:
    """The refusal of ``value``, ``what`` naming the kind (``Text("marque inconnue",
    "unknown brand")``) and ``where`` what it was given for (``pour une source
    mastodon``), with the nearest of ``choices`` suggested if one is close, after
    ``option`` (``--brand``) where the value came from one."""
    best = nearest(value, choices) if isinstance(value, str) else None
    fr = f"{what.fr} {value!r}" + (f" {where.fr}" if where else "")
    en = f"{what.en} {value!r}" + (f" {where.en}" if where else "")
    fr += guess(best).fr
    en += guess(best).en
    if option:
        fr, en = f"{option} : {fr}", f"{option}: {en}"
    return Text(fr, en)


def guess(best: str | None) -> Text:
    """`` ; vouliez-vous dire X ?`` / ``; did you mean X?`` (nothing without ``best``)."""
    if not best:
        return Text("", "")
    return Text(f" ; vouliez-vous dire {best} ?", f"; did you mean {best}?")


def listed(choices: Iterable[str], label: Text = VALUES) -> Text:
    """The hint listing the valid values: ``valeurs possibles : a, b`` / ``valid
    values: a, b`` (``(aucune)`` / ``(none)`` for an empty set)."""
    values = ", ".join(str(c) for c in choices)
    return Text(f"{label.fr} : {values or '(aucune)'}", f"{label.en}: {values or '(none)'}")


__all__ = ["BRAND", "CUTOFF", "VALUE", "VALUES", "guess", "listed", "nearest", "unknown"]
