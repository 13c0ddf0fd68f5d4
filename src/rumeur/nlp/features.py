"""Feature extraction for the fast tier: marked word tokens and n-grams.

:func:`tokens` turns a raw text into the token list the n-gram model reads: the
:func:`~rumeur.nlp.text.canonical` words without accents, slang expanded, fixed
expressions rewritten, words inside a negation scope prefixed ``neg_`` (``pas terrible``,
``ne ... plus jamais``), and marker tokens: ``xxpos``/``xxneg`` for lexicon words,
``xxnegpos``/``xxnegneg`` for negated (or ironic) lexicon words, ``xxemopos``/``xxemoneg``
for emoji, emoticon markers, ``xxcaps`` (shouting), ``xxelong`` (elongated word),
``xxexcl`` (repeated ``!``), ``xxirony``. :func:`analyze` adds word bigrams and character
2–5-grams of the non-negated words (2-grams were kept by cross-validation: +0.9
macro-F1 on UMSAB train folds). Pure Python string work (speed: benchmarks/sentiment.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from rumeur.nlp import lexicon as lx
from rumeur.nlp.text import _URL, canonical

_EMOJI = re.compile("([\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2764]\ufe0f?)")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_ELONG = re.compile(r"([^\W\d_])\1{2,}")
_EXCL = re.compile(r"[!?]{2,}")
_ELISION = re.compile(r"\b(qu|[cdjlmnst])'")
_PUNCT_TOKENS = frozenset('.,;:!?()"...')
_IDIOMS = sorted(lx.IDIOMS.items(), key=lambda kv: -len(kv[0]))
_NEG_SCOPE = 4
_POST_NEGATORS = frozenset({"pas", "jamais", "rien", "plus"})
_EMOTICON_KEYS = frozenset(lx.EMOTICONS)
_SLANG_KEYS = frozenset(lx.SLANG)


def _accent_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("Œ"): "OE", ord("Æ"): "AE"})
    return table


_ACCENTS = _accent_table()


def strip_accents(text: str) -> str:
    """``déçu`` → ``decu`` (tweets often drop accents; the lexicons have none)."""
    return text if text.isascii() else text.translate(_ACCENTS)


_STRIPPED: dict[str, str] = {}


def _strip_words(text: str) -> str:
    """:func:`strip_accents` of a single-spaced text, word by word through a cache
    (``str.translate`` with a dict costs ~0.2 µs a character)."""
    if text.isascii():
        return text
    out = []
    cache = _STRIPPED
    for word in text.split(" "):
        found = cache.get(word)
        if found is None:
            found = word if word.isascii() else word.translate(_ACCENTS)
            if len(cache) < 200_000:
                cache[word] = found
        out.append(found)
    return " ".join(out)


def _raw_markers(text: str) -> tuple[str, list[str]]:
    marks: list[str] = []
    parts = text.split()
    if not _EMOTICON_KEYS.isdisjoint(parts):
        text = " ".join(lx.EMOTICONS.get(p, p) for p in parts)
    probe = _URL.sub(" ", text) if ("http" in text or "www." in text) else text
    if _CAPS_WORD.search(probe):
        marks.append("xxcaps")
    if _ELONG.search(probe):
        marks.append("xxelong")
    if ("!" in probe or "?" in probe) and _EXCL.search(probe):
        marks.append("xxexcl")
    return text, marks


_XX, _STOP, _NEGATOR, _WORD = 0, 1, 2, 3


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
    return _WORD, pol, None


@lru_cache(maxsize=50_000)
def _elide(word: str) -> str:
    return _ELISION.sub(r"\1' ", word)


def tokens(text: str) -> list[str]:
    """Marked tokens of ``text`` (see the module docstring)."""
    text, marks = _raw_markers(text)
    flat = " " + _strip_words(canonical(text)) + " "
    if max(flat) >= "\u2600":
        flat = _EMOJI.sub(r" \1 ", flat)
    words = flat.split()
    if not _SLANG_KEYS.isdisjoint(words):
        flat = " " + " ".join(lx.SLANG.get(w, w) for w in words) + " "
    for idiom, repl in _IDIOMS:
        if idiom in flat:
            flat = flat.replace(f" {idiom} ", f" {repl} ")
    words = flat.split()
    if "'" in flat:  # "l'avion" → "l'", "avion" (word by word, cached)
        words = " ".join([_elide(w) if "'" in w else w for w in words]).split()
    ironic = any(m in flat for m in lx.IRONY)
    out: list[str] = []
    scope = 0
    last_pol = -9
    info = _word_info
    for word in words:
        kind, pol, emo = info(word)
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
    return out + marks


#: texts of at most this many tokens also get "short-text" copies of their word and bigram
#: features (``S|`` prefix) and an ``xxshort`` marker: a length-gated copy of the word
#: model, so that short posts (every UMSAB tweet is ≤ 40 tokens; most reviews are longer)
#: get weights of their own next to the shared ones ("frustratingly easy" domain
#: adaptation, with length standing in for the domain, which is unknown at prediction
#: time). Kept by 5-fold cross-validation on the training files (UMSAB train folds:
#: +0.8 to +2.0 macro-F1 points on two fold seeds, with C and the source shares).
SHORT_TOKENS = 40


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
