"""rumeur.nlp.embed.encode_cached: the training's embedding cache. A text is embedded
once; the file is written every SAVE_EVERY chunks and at the end, and an interrupted
run resumes from the last write."""

from __future__ import annotations

import numpy as np
import pytest

from rumeur.nlp import embed


class CountingEncoder:
    """An encoder double: a text's vector is its length; it records every call, and can
    be told to fail after some calls (an interrupted run)."""

    tag = ""

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_after = fail_after

    def encode(self, texts):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise KeyboardInterrupt
        self.calls.append(list(texts))
        return np.array([[float(len(t))] * 3 for t in texts], np.float32)


TEXTS = [f"avis {i} sur Bertolle" + "!" * (i % 5) for i in range(50)]


def test_each_text_is_embedded_once_and_read_back(tmp_path):
    enc = CountingEncoder()
    first = embed.encode_cached(enc, TEXTS + TEXTS[:5], tmp_path / "c.npz", chunk=4)  # type: ignore[arg-type]
    assert sum(len(c) for c in enc.calls) == 50  # the repeats are not embedded again
    assert first[:, 0].tolist() == [float(len(t)) for t in TEXTS + TEXTS[:5]]
    again = CountingEncoder()
    assert np.array_equal(embed.encode_cached(again, TEXTS, tmp_path / "c.npz"), first[:50])  # type: ignore[arg-type]
    assert again.calls == []  # all from the file written at the end


def test_writes_come_every_few_chunks_and_an_interrupted_run_resumes(tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "SAVE_EVERY", 3)
    saves = []
    real = np.savez
    monkeypatch.setattr(embed.np, "savez", lambda *a, **k: (saves.append(1), real(*a, **k)))
    enc = CountingEncoder(fail_after=7)  # 13 chunks of 4: stops during the eighth
    with pytest.raises(KeyboardInterrupt):
        embed.encode_cached(enc, TEXTS, tmp_path / "c.npz", chunk=4)  # type: ignore[arg-type]
    assert len(saves) == 2  # after chunks 3 and 6, not after each one
    resumed = CountingEncoder()
    out = embed.encode_cached(resumed, TEXTS, tmp_path / "c.npz", chunk=4)  # type: ignore[arg-type]
    assert sum(len(c) for c in resumed.calls) == 50 - 24  # the six saved chunks are kept
    assert out[:, 0].tolist() == [float(len(t)) for t in TEXTS]
