"""The crisis lexicon and the crisis-aware decision rule of both sentiment tiers.

A brand crisis changes what a post most likely means. "Merci Nacrelle pour le teint
rouge homard" is sarcasm, "Encore une panne. Troisième cette semaine." reads like news
and is a complaint; in the middle of a recall, a harm report or an outage, a post that
looks neutral or mildly positive to a model is more often negative than it is in
everyday brand talk. So for a text the crisis lexicon flags (:func:`crisis_flags`), the
models shift their prior toward negative (:class:`CrisisRule`: log-odds added to the
negative class's logit, i.e. P(negative) multiplied by ``exp(shift)`` and renormalised);
texts it does not flag are unchanged.

The lexicon was written by hand for Rumeur (French words of harm, recalls, boycotts,
scams and leaks, outages, legal threats, layoffs and strikes; accent-insensitive stems)
before any measurement; the shift was chosen by 5-fold cross-validation on the training
files and checked on the dev split (``brand_dev_fr.jsonl``), never on the crisis set
(``python -m rumeur.nlp.train``; figures in ``docs/models.md``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rumeur.errors import ModelError
from rumeur.messages import Text
from rumeur.nlp.features import short_mask, token_lists

#: accent-free, lower-case stems (a word starting with one is a crisis word) and whole
#: words; hashtags match too (``#boycottnacrelle``)
CRISIS_STEMS = (
    # harm to people
    "allergi", "brulure", "brule", "intoxi", "urgences", "hospitalis", "malaise",
    "urticaire", "eczema", "irritation", "demangeaison", "vomi", "empoisonn", "toxique",
    "blesse", "accident", "danger", "effet secondaire", "effets secondaires", "victime",
    # food safety and recalls
    "rappel", "rappelle", "retrait", "retire", "contamin", "salmonell", "listeria",
    "defectu", "defaut", "lot ", "lots ",
    # boycott, anger
    "boycott", "scandale", "honte", "honteux", "inadmissible", "inacceptable", "a fuir",
    "plus jamais", "resili", "desinstall", "desabonn",
    # scams, fraud, leaks
    "arnaque", "escroc", "fraude", "frauduleu", "phishing", "faux sms", "pirat", "hack",
    "fuite", "faille", "donnees personnelles",
    # outages, failures
    "panne", "coupure", "coupe", "bug", "indisponible", "supprime", "annul", "retard",
    "bloque", "perdu",
    # legal
    "plainte", "avocat", "tribunal", "proces", "action collective", "mise en demeure",
    "prud'hom", "assignation", "dgccrf", "cnil", "ansm", "enquete",
    # employer, strikes
    "greve", "licenci", "plan social", "harcelement",
)  # fmt: skip


def _alternation(stems: Sequence[str]) -> str:
    """A regular expression matching any of ``stems``, written as a trie (``a(?:llergi|
    rnaque|...)|b(?:...)``): at each position the engine tests one first letter instead
    of each stem in turn. A stem that another extends (``rappel``, ``rappelle``) keeps
    only the shorter one: a stem is a word's beginning, so the longer one adds no hit."""
    groups: dict[str, list[str]] = {}
    for stem in sorted(set(stems)):
        groups.setdefault(stem[:1], []).append(stem[1:])
    parts = []
    for first, rests in groups.items():
        if "" in rests:
            parts.append(re.escape(first))
        elif len(rests) == 1:
            parts.append(re.escape(first + rests[0]))
        else:
            parts.append(re.escape(first) + "(?:" + _alternation(rests) + ")")
    return "|".join(parts)


#: a stem not preceded by a letter or a digit, found with the character before it: a
#: pattern that opens on a character class lets the engine skip the letters fast (a
#: look-behind at the start would be tried at every position, ~3 times slower). A
#: hashtag's ``#`` is that character (``#boycott``), so hashtags match too.
_PATTERN = re.compile("[^a-z0-9](?:" + _alternation(CRISIS_STEMS) + ")")
_COMBINING = re.compile("[\u0300-\u036f]")
_SEP = "\x00"


def crisis_flags(texts: Sequence[str]) -> np.ndarray:
    """Whether each text holds a word of the crisis lexicon (:data:`CRISIS_STEMS`) that
    no letter or digit precedes. The batch is folded (lower case, accents and typographic
    apostrophes removed) and searched as one string, each text after a NUL, so the rule
    costs the fast tier little (~100k short texts/s on one core). The last batch's flags
    are kept: the fast tier's rule and its enricher's re-read marks ask for the same
    batch one after the other, and it is searched once."""
    global _last
    texts = list(texts)
    last = _last
    if last is not None and last[0] == texts:
        return last[1].copy()
    out = _search(texts)
    _last = (texts, out.copy())
    return out


#: the texts of the last batch searched and their flags (one entry, see crisis_flags)
_last: tuple[list[str], np.ndarray] | None = None


def _search(texts: list[str]) -> np.ndarray:
    out = np.zeros(len(texts), dtype=bool)
    if not texts:
        return out
    joined = _SEP + _SEP.join([t.replace(_SEP, " ") for t in texts]).replace("’", "'")
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", joined.lower()))
    starts = np.fromiter((m.start() for m in re.finditer(_SEP, folded)), dtype=np.int64)
    # a hit starts on the character before its stem: that text's NUL at the latest
    hits = np.fromiter((m.start() for m in _PATTERN.finditer(folded)), dtype=np.int64)
    out[np.searchsorted(starts, hits, side="right") - 1] = True
    return out


def shift_toward_negative(proba: np.ndarray, flags: np.ndarray, shift: float) -> np.ndarray:
    """``proba`` (n, 3: negative, neutral, positive) with P(negative) multiplied by
    ``exp(shift)`` and renormalised where ``flags`` is true; other rows unchanged."""
    if shift == 0 or not np.any(flags):
        return proba
    out = np.array(proba, dtype=np.float64, copy=True)
    out[flags, 0] *= float(np.exp(shift))
    out[flags] /= out[flags].sum(axis=1, keepdims=True)
    return out


@dataclass(frozen=True, slots=True)
class CrisisRule:
    """The decision rule a model folder ships (``sentiment-crisis.json``, written by the
    training step ``crisis``): the shift toward negative for a flagged text, the shift
    for a flagged long text (more than ``SHORT_TOKENS`` tokens; None: the same shift, as
    in files written before 2026-12-07), and whether the default cascade re-reads every
    flagged text with the accurate tier."""

    shift: float = 0.0
    reread_flagged: bool = False
    shift_long: float | None = None

    def apply(
        self,
        texts: Sequence[str],
        proba: np.ndarray,
        toks: Sequence[list[str]] | None = None,
    ) -> np.ndarray:
        """``proba`` of ``texts`` after the rule (unchanged when both shifts are 0).
        ``toks``: the texts' tokens when the caller has them (a text's length decides its
        shift when the two differ)."""
        long_shift = self.shift if self.shift_long is None else self.shift_long
        if self.shift == 0 and long_shift == 0:
            return proba
        if long_shift == self.shift:
            return shift_toward_negative(proba, crisis_flags(texts), self.shift)
        long = ~short_mask(token_lists(texts) if toks is None else toks)
        flags = crisis_flags(texts)
        out = shift_toward_negative(proba, flags & ~long, self.shift)
        return shift_toward_negative(out, flags & long, long_shift)

    @classmethod
    def load(cls, path: Path) -> CrisisRule:
        """The rule in ``path``; a folder without the file has no rule (a model folder
        written by ``--only fast`` before the ``crisis`` step ran)."""
        if not path.exists():
            return cls()
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            long = meta.get("shift_long")
            return cls(
                float(meta["shift"]),
                bool(meta["reread_flagged"]),
                None if long is None else float(long),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise ModelError(
                Text(
                    f"impossible de lire la règle de crise {path} : {err}",
                    f"cannot read the crisis rule {path}: {err}",
                ),
                hint=Text(
                    "réentraînez avec `rumeur nlp train --only crisis`",
                    "retrain with `rumeur nlp train --only crisis`",
                ),
            ) from err
