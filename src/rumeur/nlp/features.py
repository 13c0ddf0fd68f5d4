"""Feature extraction for the fast tier: marked word tokens and n-grams.

:func:`tokens` turns a raw text into the token list the n-gram model reads: the
:func:`~rumeur.nlp.text.canonical` words without accents, slang expanded, fixed
expressions rewritten, words inside a negation scope prefixed ``neg_`` (``pas terrible``,
``ne ... plus jamais``), and marker tokens: ``xxpos``/``xxneg`` for lexicon words,
``xxnegpos``/``xxnegneg`` for negated (or ironic) lexicon words, ``xxemopos``/``xxemoneg``
for emoji, emoticon markers, ``xxcaps`` (shouting), ``xxelong`` (elongated word),
``xxexcl`` (repeated ``!``), ``xxirony``. :func:`analyze` adds word bigrams and character
2–5-grams of the non-negated words (2-grams were kept by cross-validation: +0.9
macro-F1 on UMSAB train folds). :func:`token_lists` reads a batch of texts in one pass:
the regular expressions and string methods scan the texts joined by line breaks, and
only the negation scan is Python per word (speed: benchmarks/sentiment.py).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise

import numpy as np

from rumeur.nlp import lexicon as lx
from rumeur.nlp.text import _URL, canonical_lines, letter_runs, one_per_line

_EMOJI = re.compile("([\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2764]\ufe0f?)")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_EXCL = re.compile(r"[!?]{2,}")
_PUNCT_TOKENS = frozenset('.,;:!?()"...')
_IDIOMS = sorted(lx.IDIOMS.items(), key=lambda kv: -len(kv[0]))
_NEG_SCOPE = 4
_POST_NEGATORS = frozenset({"pas", "jamais", "rien", "plus"})


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, written as a trie (``m(?:drr?|
    ouais)|p(?:k|q|r|tdr)...``): at each position the engine tests a first character
    once instead of each word in turn. Followed by a look-ahead, it backtracks to the
    word that fits."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        groups.setdefault(word[:1], []).append(word[1:])
    parts = []
    for first, rests in groups.items():
        longer = [w for w in rests if w]
        if not longer:
            parts.append(re.escape(first))
        elif len(longer) == 1 and len(rests) == 1:
            parts.append(re.escape(first + longer[0]))
        else:
            optional = "?" if len(longer) < len(rests) else ""
            parts.append(re.escape(first) + "(?:" + _trie(longer) + ")" + optional)
    return "|".join(parts)


def _word_swapper(table: dict[str, str]) -> re.Pattern[str]:
    """Finds a word of ``table`` (a key between spaces, or the string's ends) after the
    space that precedes it."""
    return re.compile(" (" + _trie(table) + ")(?![^ ])")


_EMOTICON_WORD = _word_swapper(lx.EMOTICONS)
_SLANG_WORD = _word_swapper(lx.SLANG)


def _swap_words(text: str, pattern: re.Pattern[str], table: dict[str, str]) -> str:
    """``text`` with each space-separated word that is a key of ``table`` replaced by its
    value: ``" ".join(table.get(w, w) for w in text.split(" "))`` for a ``text`` that
    starts with a space, in one scan of the regular expression engine."""
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: " " + table[m.group(1)], text)


def _accent_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("Œ"): "OE", ord("Æ"): "AE"})
    return table


_ACCENTS = _accent_table()


# the characters _ACCENTS maps: a regex finds their runs, each run translated once
# (str.translate with a dict costs ~0.2 µs a character, and most characters are ASCII)
_ACCENTED = re.compile(f"[{min(map(chr, _ACCENTS))}-{max(map(chr, _ACCENTS))}]+")
_STRIPPED: dict[str, str] = {}


def _strip_run(match: re.Match[str]) -> str:
    run = match.group()
    found = _STRIPPED.get(run)
    if found is None:
        found = run.translate(_ACCENTS)
        if len(_STRIPPED) < 100_000:
            _STRIPPED[run] = found
    return found


def strip_accents(text: str) -> str:
    """``déçu`` → ``decu`` (tweets often drop accents; the lexicons have none). The same
    as ``text.translate(_ACCENTS)``, faster on a batch."""
    return text if text.isascii() else _ACCENTED.sub(_strip_run, text)


_IRONY = re.compile("|".join(re.escape(m) for m in lx.IRONY))
# an apostrophe after a word-initial qu, c, d, j, l, m, n, s or t ("l'avion"): the
# pattern starts on the apostrophe, which the regex engine finds fast
_ELIDED = re.compile(r"'(?:(?<=\bqu')|(?<=\b[cdjlmnst]'))")


class _Lines:
    """A batch of texts as one string, a text a line, and the line of any offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: list[int] | None = None

    def line_of(self, offset: int) -> int:
        if self._ends is None:
            self._ends = list(accumulate([len(line) + 1 for line in self.text.split("\n")]))
        return bisect_right(self._ends, offset)

    def lines_with(self, offsets: Iterable[int]) -> set[int]:
        return {self.line_of(i) for i in offsets}


def _raw_marks(batch: str, n: int) -> list[list[str]]:
    """Per line of ``batch``: ``xxcaps``, ``xxelong``, ``xxexcl`` (links left out)."""
    probe = _Lines(_URL.sub(" ", batch) if ("http" in batch or "www." in batch) else batch)
    found = (
        ("xxcaps", probe.lines_with(m.start() for m in _CAPS_WORD.finditer(probe.text))),
        ("xxelong", probe.lines_with(letter_runs(probe.text))),
        ("xxexcl", probe.lines_with(m.start() for m in _EXCL.finditer(probe.text))),
    )
    marks: list[list[str]] = [[] for _ in range(n)]
    for mark, lines in found:
        for i in sorted(lines):
            marks[i].append(mark)
    return marks


_XX, _STOP, _NEGATOR, _WORD = 0, 1, 2, 3
_PLAIN = (_WORD, 0, None)  # a word with no polarity and no emoji: the common case


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[int, int, str | None]:
    """(kind, lexicon polarity, emoji marker) of one normalised word."""
    if word.startswith("xx"):
        return _XX, 0, None
    if word in _PUNCT_TOKENS or word in lx.SCOPE_END:
        return _STOP, 0, None
    if word in lx.NEGATORS or word == "n'":
        return _NEGATOR, 0, None
    pol = 1 if word in lx.POSITIVE else -1 if word in lx.NEGATIVE else 0
    if not pol and word in lx.EMOJI:
        e = lx.EMOJI[word]
        return _WORD, 0, "xxemopos" if e > 0 else "xxemoneg" if e < 0 else "xxemo"
    return (_WORD, pol, None) if pol else _PLAIN


def flat_forms(texts: Sequence[str]) -> list[str]:
    """``strip_accents(canonical(text))`` of each text, in one pass over the batch (the
    form the aspect cues are matched on)."""
    if not texts:
        return []
    return strip_accents("\n".join(canonical_lines(one_per_line(texts)))).split("\n")


def tokens(text: str) -> list[str]:
    """Marked tokens of ``text`` (see the module docstring)."""
    return token_lists([text])[0]


def token_lists(texts: Sequence[str]) -> list[list[str]]:
    """:func:`tokens` of each text. The string and regular-expression passes run once
    over the batch joined by line breaks (one C loop instead of one Python call per text
    and step); only the negation scan runs text by text. The result does not depend on
    how texts are batched (tested)."""
    if not texts:
        return []
    batch = _swap_words(" " + one_per_line(texts), _EMOTICON_WORD, lx.EMOTICONS)[1:]
    marks = _raw_marks(batch, len(texts))
    # each line padded with spaces, so that " word " finds words at either end
    flat = strip_accents(" " + " \n ".join(canonical_lines(batch)) + " ")
    if max(flat) >= "\u2600":
        flat = _EMOJI.sub(r" \1 ", flat)
    flat = _swap_words(flat, _SLANG_WORD, lx.SLANG)  # flat starts with a space
    for idiom, repl in _IDIOMS:
        if idiom in flat:
            flat = flat.replace(f" {idiom} ", f" {repl} ")
    if "'" in flat:  # "l'avion" → "l'", "avion"
        flat = _ELIDED.sub("' ", flat)
    lines = _Lines(flat)
    ironic = lines.lines_with(m.start() for m in _IRONY.finditer(flat))
    return [
        _marked(line.split(), i in ironic) + marks[i] for i, line in enumerate(flat.split("\n"))
    ]


def _marked(words: list[str], ironic: bool) -> list[str]:
    """The negation scan of one text's words (see the module docstring)."""
    out: list[str] = []
    scope = 0
    last_pol = -9
    info = _word_info
    for word in words:
        found = info(word)
        if found is _PLAIN and not scope:
            out.append(word)
            continue
        kind, pol, emo = found
        if kind == _XX:
            out.append(word)
            continue
        if kind == _STOP:
            scope = 0
            last_pol = -9
            out.append(word)
            continue
        if kind == _NEGATOR:
            if not scope and last_pol >= len(out) - 2 and word in _POST_NEGATORS:
                # spoken French: "j'aime pas", "ça vaut rien" (negator after the word)
                out[last_pol] = "xxnegpos" if out[last_pol] == "xxpos" else "xxnegneg"
            scope = _NEG_SCOPE
            out.append(word)
            continue
        if emo:
            out.append(emo)
        if scope or (ironic and pol > 0):
            scope = max(scope - 1, 0)
            out.append("neg_" + word)
            if pol:
                out.append("xxnegpos" if pol > 0 else "xxnegneg")
        else:
            out.append(word)
            if pol:
                last_pol = len(out)
            if pol > 0:
                out.append("xxnegpos" if ironic else "xxpos")
            elif pol < 0:
                out.append("xxneg")
    return out


#: texts of at most this many tokens also get "short-text" copies of their word and bigram
#: features (``S|`` prefix) and an ``xxshort`` marker: a length-gated copy of the word
#: model, so that short posts (every UMSAB tweet is ≤ 40 tokens; most reviews are longer)
#: get weights of their own next to the shared ones ("frustratingly easy" domain
#: adaptation, with length standing in for the domain, which is unknown at prediction
#: time). Kept by 5-fold cross-validation on the training files (UMSAB train folds:
#: +0.8 to +2.0 macro-F1 points on two fold seeds, with C and the source shares).
SHORT_TOKENS = 40


def short_mask(toks: Sequence[Sequence[str]]) -> np.ndarray:
    """Which texts are short (at most :data:`SHORT_TOKENS` tokens), from their
    :func:`token_lists`: the length that routes a text to the accurate tier's short heads
    and to the crisis rule's short-text shift."""
    return np.fromiter((len(t) <= SHORT_TOKENS for t in toks), bool, len(toks))


QUESTION_WORD = re.compile(
    r"^\W*(comment|pourquoi|quand|ou|où|qui|quel|quelle|quels|quelles|combien|est-ce"
    r"|est ce|qu'est|quelqu'un|savez|sait)\b",
    re.IGNORECASE,
)


def question_marks(text: str) -> list[str]:
    """``xxq`` when the raw text has a ``?``, ``xxqword`` when it opens on an interrogative
    word (questions and requests for information are often neutral). Bag-of-words features
    only: no bigrams, no short-text copies (new in 1.2.0, kept by cross-validation)."""
    marks = ["xxq"] if "?" in text else []
    if QUESTION_WORD.match(text):
        marks.append("xxqword")
    return marks


def analyze(text: str, short: int = 0, questions: bool = False) -> list[str]:
    """Features of ``text``: marked tokens, word bigrams, character 2–5-grams of words,
    with ``short`` > 0 the short-text copies of :data:`SHORT_TOKENS`'s comment, and with
    ``questions`` the :func:`question_marks` (the sentiment models; a model whose
    vocabulary lacks them is unaffected at prediction time)."""
    toks = tokens(text)
    bigrams = [a + " " + b for a, b in pairwise(toks)]
    feats = toks + bigrams
    for tok in toks:
        feats += char_grams(tok)
    if short and len(toks) <= short:
        feats += ["S|" + f for f in (*toks, *bigrams)]
        feats.append("xxshort")
    return feats + question_marks(text) if questions else feats


@lru_cache(maxsize=200_000)
def char_grams(tok: str) -> tuple[str, ...]:
    if tok.startswith(("xx", "neg_")) or len(tok) < 2:
        return ()
    padded = f" {tok} "
    n = len(padded)
    return tuple(padded[i : i + k] for k in (2, 3, 4, 5) for i in range(n - k + 1))
