"""Text normalisation shared by every opinion model.

Two levels:

- :func:`canonical` removes *style*: the training sources differ in form (Allociné reviews
  are lower-cased and tokenised with spaces around punctuation, tweets are not), and a model
  must not learn "looks like Allociné" instead of "is positive". Every input, at training
  and at prediction time, goes through it: NFC, typographic quotes, links → ``http``,
  handles → ``@user``, lower case, spaces around punctuation, letters repeated three times
  or more reduced to one (``trooop`` → ``trop``).
- :func:`rumeur.nlp.features.tokens` (fast tier) adds marker tokens for what a bag of
  n-grams cannot see: emoji and emoticons, slang (mdr, ptdr, bof, jpp...), shouting in
  capitals, elongation, irony markers, and the scope of a negation (``ne ... plus jamais``
  → ``ne plus jamais neg_...``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
# str.replace per mark: a scan each, much faster than translate() with a table
_QUOTES = (("’", "'"), ("‘", "'"), ("`", "'"), ("«", '"'), ("»", '"'), ("“", '"'), ("”", '"'))
# no \s* around the run: the spaces are collapsed at the end anyway, and a pattern that
# starts on a punctuation mark is much faster to scan than one that starts on any space
_PUNCT = re.compile(r"""([.,!?;:()"…]+)""")
_ELONG = re.compile(r"([^\W\d_])\1{2,}")
_LETTER = re.compile(r"[^\W\d_]")
#: from this length on, :func:`letter_runs` finds runs with numpy, not the regex
_BATCH_CHARS = 2_000


def letter_runs(text: str) -> list[int]:
    """Where a letter starts a run of three or more of itself (``trooop``: the first two
    ``o``), i.e. every offset where :data:`_ELONG` can match. On a batch of texts numpy
    compares each code point with the next two about 40 times faster than the regular
    expression scans."""
    if len(text) < _BATCH_CHARS:
        found: list[int] = []
        for match in _ELONG.finditer(text):
            found.extend(range(match.start(), match.end() - 2))
        return found
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    same = np.flatnonzero((codes[2:] == codes[1:-1]) & (codes[1:-1] == codes[:-2]))
    return [i for i in same.tolist() if _LETTER.match(text, i)]


def shorten_runs(text: str) -> str:
    """Letters repeated three times or more reduced to one (``_ELONG.sub(r"\1", text)``)."""
    if len(text) < _BATCH_CHARS:
        return _ELONG.sub(r"\1", text)
    out, pos, end = [], 0, len(text)
    for i in letter_runs(text):
        if i >= pos:  # the leftmost run not yet consumed, taken whole as the regex would
            letter, j = text[i], i + 3
            while j < end and text[j] == letter:
                j += 1
            out.append(text[pos : i + 1])
            pos = j
    out.append(text[pos:])
    return "".join(out)


def _space_punct(match: re.Match[str]) -> str:
    run = match.group(1)
    found = _PUNCT_CACHE.get(run)
    if found is None:
        found = _spaced(run)
        if len(_PUNCT_CACHE) < 10_000:
            _PUNCT_CACHE[run] = found
    return found


_PUNCT_CACHE: dict[str, str] = {}


def _spaced(run: str) -> str:
    run = run.replace("…", "...")
    # one token per kind of mark; "!!!" and "!" carry the same sign, "..." stays one token
    if set(run) <= {"."}:
        return " ... " if len(run) > 1 else " . "
    return " " + " ".join(dict.fromkeys(run)) + " "


def canonical(text: str) -> str:
    """Style-free form of ``text`` (see the module docstring)."""
    return " ".join(restyled(text).split())  # white space collapsed, ends stripped


def one_per_line(texts: Sequence[str]) -> str:
    """The texts as one string, a text a line, each text's words single-spaced and its
    own line breaks gone: every normalisation step reads any white space as a word break,
    and none crosses a line, so the batch can go through each step once."""
    return " \n ".join([" ".join(text.split()) for text in texts])


def canonical_lines(batch: str) -> list[str]:
    """:func:`canonical` of each line of a :func:`one_per_line` batch, in one pass."""
    return [" ".join(line.split()) for line in restyled(batch).split("\n")]


def restyled(text: str) -> str:
    """:func:`canonical` without its last step, the collapse of white space. No step
    crosses a line break, so a batch of one-line texts joined by ``\n`` can go through
    once, its regular expressions scanning the whole batch in one C loop
    (:func:`canonical_lines`)."""
    text = unicodedata.normalize("NFC", text)
    for mark, plain in _QUOTES:
        if mark in text:
            text = text.replace(mark, plain)
    if "http" in text or "www." in text:
        text = _URL.sub(" http ", text)
    if "@" in text:
        text = _HANDLE.sub(" @user ", text)
    text = text.lower()
    text = shorten_runs(text)
    return _PUNCT.sub(_space_punct, text)


def head_tail(text: str, head: int = 96, tail: int = 32) -> str:
    """Keep the first ``head`` and last ``tail`` words of a long text (opinions sit at
    both ends of a review; the encoder's cost grows with length)."""
    words = text.split()
    if len(words) <= head + tail:
        return text
    return " ".join([*words[:head], "...", *words[-tail:]])


def e5_input(text: str) -> str:
    """What the accurate tier's encoder reads: the canonical text, head and tail kept."""
    return head_tail(canonical(text))
