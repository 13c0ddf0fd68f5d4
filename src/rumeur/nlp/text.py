"""Text normalisation shared by every opinion model.

Two levels:

- :func:`canonical` removes *style*: the training sources differ in form (Allociné reviews
  are lower-cased and tokenised with spaces around punctuation, tweets are not), and a model
  must not learn "looks like Allociné" instead of "is positive". Every input, at training
  and at prediction time, goes through it: NFC, typographic quotes, links → ``http``,
  handles → ``@user``, lower case, spaces around punctuation, letters repeated three times
  or more reduced to one (``trooop`` → ``trop``).
- :func:`ngram_text` (fast tier) adds marker tokens for what a bag of n-grams cannot see:
  emoji and emoticons, slang (mdr, ptdr, bof, jpp...), shouting in capitals, elongation,
  irony markers, and the scope of a negation (``pas terrible`` → ``pas NEG_terrible``).
"""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "«": '"', "»": '"', "“": '"', "”": '"'})
_HAS_QUOTE = re.compile("[’‘`«»“”]")
# no \s* around the run: the spaces are collapsed at the end anyway, and a pattern that
# starts on a punctuation mark is much faster to scan than one that starts on any space
_PUNCT = re.compile(r"""([.,!?;:()"…]+)""")
_ELONG = re.compile(r"([^\W\d_])\1{2,}")


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
    text = unicodedata.normalize("NFC", text)
    if _HAS_QUOTE.search(text):  # translate() is slow: only when there is a quote to map
        text = text.translate(_QUOTES)
    if "http" in text or "www." in text:
        text = _URL.sub(" http ", text)
    if "@" in text:
        text = _HANDLE.sub(" @user ", text)
    text = text.lower()
    text = _ELONG.sub(r"\1", text)
    text = _PUNCT.sub(_space_punct, text)
    return " ".join(text.split())  # = _SPACES.sub(" ", text).strip(), faster


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
