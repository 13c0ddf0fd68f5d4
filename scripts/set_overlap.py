"""Near-duplicate check for a newly written brand set (``docs/crisis-set.md``).

    python scripts/set_overlap.py NEW.jsonl [--kept OUT.jsonl] [--demo-mentions 2000]

One author writing the same domain twice falls into the same templates. This check finds
each post of ``NEW.jsonl`` whose TF-IDF cosine with a post of another set reaches
``--char`` (0.45) on character 3–5-grams or ``--word`` (0.4) on words and word pairs, the
bounds every sitting since the training set's second used. The other sets: every file of
:data:`rumeur.nlp.data.BRAND_SETS` (the new file itself excepted), the challenge,
emotions and aspects sets, and the French mentions of the demo (seed 42). Posts of the new
file are also checked against the ones before them in it.

Flagged posts are dropped, not rewritten. The report names each flagged post and the id
of its nearest post, never that post's text: the writer of a set kept for choices must
not read the crisis set through this tool.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from rumeur.nlp.data import BRAND_SETS, SETS_DIR, brand_rows

NLP_DIR = SETS_DIR.parent
HAND_SETS = ("challenge_fr", "emotions_val_fr", "aspects_val_fr")


def reference_posts(skip: Path, demo_mentions: int) -> list[tuple[str, str]]:
    """(``set:id``, text) for every post the new file is checked against."""
    out: list[tuple[str, str]] = []
    for name in BRAND_SETS:
        if (SETS_DIR / f"{name}.jsonl").resolve() == skip.resolve():
            continue
        out += [(f"{name}:{r['id']}", r["text"]) for r in brand_rows(name)]
    for name in HAND_SETS:
        path = NLP_DIR / f"{name}.jsonl"
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        out += [(f"{name}:{r.get('id', i)}", r["text"]) for i, r in enumerate(rows)]
    if demo_mentions:
        out += demo_posts(demo_mentions)
    return out


def demo_posts(n_mentions: int, seed: int = 42) -> list[tuple[str, str]]:
    """The demo corpus's French mentions, imported by the application layer into a
    temporary project and read back from its store."""
    from rumeur.demo import generate
    from rumeur.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = generate(folder / "data", seed=seed, n_mentions=n_mentions)
        with Workspace.init(folder, name="Recoupement", brands=corpus.brands) as ws:
            ws.import_files(corpus.files, reference=corpus.end)
            rows = ws.store.query("SELECT external_id, text, language FROM mentions")
    return [(f"demo:{r['external_id']}", r["text"]) for r in rows if r["language"] == "fr"]


def nearest(new: list[str], ref: list[str], analyzer: str, ngrams: tuple[int, int]):
    """For each new text: the index of its nearest reference text and the cosine; and
    the same against the new texts before it (index into ``new``, -1 for the first)."""
    vec = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, lowercase=True, sublinear_tf=True)
    vec.fit(ref + new)
    a = vec.transform(new)
    b = vec.transform(ref)
    cross = (a @ b.T).toarray()
    inner = (a @ a.T).toarray()
    inner[np.triu_indices(len(new))] = -1.0  # only the posts before each one
    return (cross.argmax(1), cross.max(1), inner.argmax(1), inner.max(1))


def read_set(path: Path) -> list[dict[str, str]]:
    """The new set's posts; a line that is not a JSON object with a text string is
    refused, naming the file and line (a post without an id is named ``line<N>``)."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not JSON ({err.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f'{path}:{n}: a JSON object with a "text" string is expected')
            row.setdefault("id", f"line{n}")
            rows.append(row)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("new", type=Path, help="the new set (JSON lines with id and text)")
    ap.add_argument("--kept", type=Path, help="write the posts not flagged here")
    ap.add_argument("--char", type=float, default=0.45, help="bound on char 3–5-grams")
    ap.add_argument("--word", type=float, default=0.4, help="bound on words and pairs")
    ap.add_argument("--demo-mentions", type=int, default=2000, help="0: skip the demo")
    args = ap.parse_args()
    try:
        rows = read_set(args.new)
    except (OSError, ValueError) as err:
        print(f"set_overlap: {err}", file=sys.stderr)
        return 2
    ref = reference_posts(args.new, args.demo_mentions)
    texts = [r["text"] for r in rows]
    ref_texts = [t for _, t in ref]
    checks = [
        ("char", args.char, nearest(texts, ref_texts, "char_wb", (3, 5))),
        ("word", args.word, nearest(texts, ref_texts, "word", (1, 2))),
    ]
    flagged: dict[int, list[str]] = {}
    for kind, bound, (ri, rc, ni, nc) in checks:
        for i in range(len(rows)):
            if rc[i] >= bound:
                flagged.setdefault(i, []).append(f"{kind} {rc[i]:.2f} ~ {ref[ri[i]][0]}")
            if nc[i] >= bound:
                flagged.setdefault(i, []).append(f"{kind} {nc[i]:.2f} ~ {rows[ni[i]]['id']}")
    print(f"{len(rows)} posts checked against {len(ref)} others; {len(flagged)} flagged:")
    for i in sorted(flagged):
        print(f"  {rows[i]['id']}: {'; '.join(flagged[i])}")
    if args.kept:
        kept = [r for i, r in enumerate(rows) if i not in flagged]
        with args.kept.open("w", encoding="utf-8") as fh:
            for r in kept:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(kept)} kept in {args.kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
