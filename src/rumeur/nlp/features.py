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


def _raw_markers(text: str) -> tuple[str, list[str]]:
    marks: list[str] = []
    parts = text.split()
    if any(p in lx.EMOTICONS for p in parts):
        text = " ".join(lx.EMOTICONS.get(p, p) for p in parts)
    probe = _URL.sub(" ", text) if ("http" in text or "www." in text) else text
    if _CAPS_WORD.search(probe):
        marks.append("xxcaps")
    if _ELONG.search(probe):
        marks.append("xxelong")
    if _EXCL.search(probe):
        marks.append("xxexcl")
    return text, marks


def tokens(text: str) -> list[str]:
    """Marked tokens of ``text`` (see the module docstring)."""
    text, marks = _raw_markers(text)
    flat = " " + strip_accents(canonical(text)) + " "
    if max(flat) >= "\u2600":
        flat = _EMOJI.sub(r" \1 ", flat)
    words = flat.split()
    if any(w in lx.SLANG for w in words):
        flat = " " + " ".join(lx.SLANG.get(w, w) for w in words) + " "
    for idiom, repl in _IDIOMS:
        if idiom in flat:
            flat = flat.replace(f" {idiom} ", f" {repl} ")
    words = _ELISION.sub(r"\1' ", flat).split()
    ironic = any(m in flat for m in lx.IRONY)
    out: list[str] = []
    scope = 0
    last_pol = -9
    for word in words:
        if word.startswith("xx"):
            out.append(word)
            continue
        if word in _PUNCT_TOKENS or word in lx.SCOPE_END:
            scope = 0
            last_pol = -9
            out.append(word)
            continue
        if word in lx.NEGATORS or word == "n'":
            if not scope and last_pol >= len(out) - 2 and word in _POST_NEGATORS:
                # spoken French: "j'aime pas", "ça vaut rien" (negator after the word)
                out[last_pol] = "xxnegpos" if out[last_pol] == "xxpos" else "xxnegneg"
            scope = _NEG_SCOPE
            out.append(word)
            continue
        pol = 1 if word in lx.POSITIVE else -1 if word in lx.NEGATIVE else 0
        if not pol and word in lx.EMOJI:
            pol = lx.EMOJI[word]
            out.append("xxemopos" if pol > 0 else "xxemoneg" if pol < 0 else "xxemo")
            pol = 0
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


def analyze(text: str) -> list[str]:
    """Features of ``text``: marked tokens, word bigrams, character 2–5-grams of words."""
    toks = tokens(text)
    feats = list(toks)
    feats += [a + " " + b for a, b in pairwise(toks)]
    for tok in toks:
        feats += char_grams(tok)
    return feats


@lru_cache(maxsize=200_000)
def char_grams(tok: str) -> tuple[str, ...]:
    if tok.startswith(("xx", "neg_")) or len(tok) < 2:
        return ()
    padded = f" {tok} "
    n = len(padded)
    return tuple(padded[i : i + k] for k in (2, 3, 4, 5) for i in range(n - k + 1))
