"""The fine-tuning's learning-rate schedule (rumeur.nlp.finetune.rate): constant in every
shipped version, linear (warmup, then decay to 0) for a candidate. No PyTorch needed."""

from __future__ import annotations

from itertools import pairwise

import pytest

from rumeur.nlp import finetune


def test_the_shipped_schedule_is_constant() -> None:
    assert finetune.SCHEDULE == "constant"
    assert {finetune.rate(k, 550) for k in range(550)} == {1.0}


def test_linear_warms_up_then_decays_to_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finetune, "SCHEDULE", "linear")
    steps = 550  # 5 epochs of 110 batches (3,489 posts in chunks of 512, batches of 32)
    f = [finetune.rate(k, steps) for k in range(steps)]
    warm = round(finetune.WARMUP * steps)  # 33 steps
    assert f[0] == pytest.approx(1 / warm) and f[warm - 1] == 1.0 == f[warm]
    assert all(a < b for a, b in pairwise(f[:warm]))  # rising
    assert all(a > b for a, b in pairwise(f[warm:]))  # falling
    assert 0 < f[-1] <= 1 / (steps - warm) + 1e-12  # the last step near 0, never under
    # the mean rate is about half the peak: what the candidate with twice the peak makes up
    assert sum(f) / steps == pytest.approx(0.5, abs=0.04)


def test_an_unknown_schedule_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finetune, "SCHEDULE", "cosine")
    with pytest.raises(ValueError, match="unknown schedule 'cosine': one of constant, linear"):
        finetune.rate(0, 10)
