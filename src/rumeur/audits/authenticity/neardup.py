"""Near-duplicate texts across accounts: normalisation, MinHash signatures, LSH groups.

Texts are normalised so that what a campaign varies does not hide the copy: lower case
without accents, links, @handles, numbers and emoji removed, ``#`` dropped from hashtags,
French stop words and one-letter words left out. A text's signature is datasketch's
MinHash (``scheme="affine32"``) of its set of words, computed for a whole batch at once:
each distinct word is hashed once (``datasketch.hashfunc.sha1_hash32``, the MurmurHash3
finaliser, then the permutations of a ``datasketch.MinHash`` with the same seed), and a
text's signature is the element-wise minimum over its words — the same numbers
``MinHash.update_batch`` gives one text at a time (checked by the tests), about 50
times faster. Groups come from locality-sensitive hashing with the bands and rows that
``datasketch.MinHashLSH`` picks for the threshold: two texts sharing a band are joined
when their signatures agree on at least ``threshold`` of the positions (the estimated
Jaccard similarity), and groups are the connected components of those joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from rumeur.analytics.text import STOP_FR, fold

NUM_PERM = 64
SEED = 7
#: fewer distinct words than this and a text is too generic to call a copy ("merci !")
MIN_WORDS = 5

#: links, @handles and everything that is not a letter become a space (RE2, pyarrow)
_DROP = r"[^\pL]*(?:https?://\S+|www\.\S+|@\w+)[^\pL]*|[^\pL]+"
_FMIX = (np.uint32(16), np.uint32(2246822507), np.uint32(13), np.uint32(3266489909))


@dataclass(frozen=True, slots=True)
class Words:
    """The normalised words of a batch of texts: text ``i``'s word ids are
    ``ids[offsets[i]:offsets[i + 1]]``, indices into ``vocab``."""

    ids: np.ndarray
    offsets: np.ndarray
    vocab: list[str]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def of(self, i: int) -> list[str]:
        return [self.vocab[k] for k in self.ids[self.offsets[i] : self.offsets[i + 1]]]

    def distinct(self) -> np.ndarray:
        """How many distinct words each text has."""
        n = len(self)
        if len(self.ids) == 0:
            return np.zeros(n, dtype=np.int64)
        text = np.repeat(np.arange(n), np.diff(self.offsets))
        pairs = np.unique(text.astype(np.int64) * (len(self.vocab) + 1) + self.ids)
        return np.bincount(pairs // (len(self.vocab) + 1), minlength=n)


def normalise(texts: Sequence[str | None]) -> Words:
    """Each text's words after normalisation (see the module docstring). The whole
    batch goes through pyarrow's vectorised string kernels; accents are folded and stop
    words dropped once per distinct word, not once per occurrence."""
    arr = pc.utf8_lower(pa.array([t or "" for t in texts], type=pa.large_string()))
    arr = pc.replace_substring_regex(arr, _DROP, " ")
    split = pc.utf8_split_whitespace(arr)
    offsets = split.offsets.to_numpy().astype(np.int64)
    flat = pc.list_flatten(split)
    if len(flat) == 0:
        return Words(np.zeros(0, np.int64), offsets, [])
    enc = pc.dictionary_encode(flat)
    raw_vocab = enc.dictionary.to_pylist()
    vocab: dict[str, int] = {}
    remap = np.empty(len(raw_vocab), dtype=np.int64)
    for k, w in enumerate(raw_vocab):
        f = fold(w)
        remap[k] = -1 if len(f) < 2 or f in STOP_FR else vocab.setdefault(f, len(vocab))
    ids = remap[enc.indices.to_numpy()]
    keep = ids >= 0
    text = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))[keep]
    new_offsets = np.zeros(len(offsets), dtype=np.int64)
    np.cumsum(np.bincount(text, minlength=len(offsets) - 1), out=new_offsets[1:])
    return Words(ids[keep], new_offsets, list(vocab))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s1)


def signatures(words: Words, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """MinHash signatures (n × num_perm, uint32) of each text's set of words; a text
    without words gets the all-max signature."""
    n = len(words)
    sig = np.full((n, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if not words.vocab:
        return sig
    hv = np.array([sha1_hash32(w.encode("utf-8")) for w in words.vocab], dtype=np.uint32)
    hv = _fmix32(hv)
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    lengths = np.diff(words.offsets)
    has = lengths > 0
    starts = words.offsets[:-1][has]
    with np.errstate(over="ignore"):
        for p in range(num_perm):
            per_word = hv * a[p] + b[p]  # wraps modulo 2**32, as datasketch's affine32
            sig[has, p] = np.minimum.reduceat(per_word[words.ids], starts)
    return sig


def lsh_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) that ``datasketch.MinHashLSH`` chooses for ``threshold``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def groups(sig: np.ndarray, usable: np.ndarray, threshold: float) -> np.ndarray:
    """A group label per text (-1 for texts not usable); texts whose estimated Jaccard
    similarity reaches ``threshold`` through a chain of LSH candidates share a label."""
    n, num_perm = sig.shape
    idx = np.flatnonzero(usable)
    labels = np.full(n, -1, dtype=np.int64)
    if len(idx) == 0:
        return labels
    bands, rows = lsh_params(threshold, num_perm)
    s = sig[idx].astype(np.uint64)
    mult = np.random.default_rng(SEED).integers(1, 2**61, size=rows, dtype=np.uint64) | 1
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            key = s[:, band * rows : (band + 1) * rows] @ mult
            order = np.argsort(key, kind="stable")
            k = key[order]
            first = np.r_[True, k[1:] != k[:-1]]
            head = order[np.maximum.accumulate(np.where(first, np.arange(len(k)), 0))]
            cand = ~first
            a_, b_ = order[cand], head[cand]
            agree = (sig[idx[a_]] == sig[idx[b_]]).mean(axis=1) >= threshold
            src.append(a_[agree])
            dst.append(b_[agree])
    e_src = np.concatenate(src) if src else np.zeros(0, np.int64)
    e_dst = np.concatenate(dst) if dst else np.zeros(0, np.int64)
    graph = coo_matrix((np.ones(len(e_src), np.int8), (e_src, e_dst)), shape=(len(idx),) * 2)
    _, comp = connected_components(graph, directed=False)
    labels[idx] = comp
    return labels


__all__ = ["MIN_WORDS", "NUM_PERM", "Words", "groups", "lsh_params", "normalise", "signatures"]
