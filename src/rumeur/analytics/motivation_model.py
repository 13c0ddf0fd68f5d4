"""The shipped motivation classifier: trained once, stored in ``models/motivation.npz``.

``python -m rumeur.analytics.motivation_model`` retrains it on
``analytics/data/motivation_fr.jsonl`` (seeded: the same file byte for byte on the same
library versions) and prints its stratified 5-fold cross-validated figures. At run time
:func:`load` rebuilds the features (TF-IDF on words 1–2 and characters 2–5, plus the cue
lexicons) from the stored vocabularies and IDF weights and applies the stored logistic
regression: no fitting, no randomness, the same labels on every run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rumeur.errors import ModelError
from rumeur.messages import Text

VERSION = "2"
#: the seed of the training (saga's sample order) and of the cross-validation folds
SEED = 0
_WORD = {"analyzer": "word", "ngram_range": (1, 2), "sublinear_tf": True, "lowercase": False}
_CHAR = {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True,
         "lowercase": False, "min_df": 2}  # fmt: skip
MODEL_FILE = "motivation.npz"


def pipeline(seed: int = SEED) -> Any:
    """The (unfitted) scikit-learn pipeline the shipped model is trained from."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer

    from rumeur.analytics.motivation import cue_features

    features = make_union(
        TfidfVectorizer(**_WORD), TfidfVectorizer(**_CHAR), FunctionTransformer(cue_features)
    )
    clf = LogisticRegression(C=10, max_iter=300, solver="saga", tol=1e-3, random_state=seed)
    return make_pipeline(features, clf)


@dataclass(frozen=True, slots=True)
class MotivationModel:
    """Stored vocabularies, IDF weights and logistic-regression weights."""

    word: Any
    char: Any
    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]
    version: str

    def predict_proba(self, folded: Sequence[str]) -> np.ndarray:
        """Class probabilities (columns in :attr:`classes` order) of already folded texts."""
        from scipy.sparse import hstack

        from rumeur.analytics.motivation import cue_features

        x = hstack([self.word.transform(folded), self.char.transform(folded),
                    cue_features(folded)]).tocsr()  # fmt: skip
        logits = np.asarray(x @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True))


def _vectorizer(params: dict[str, Any], vocab: np.ndarray, idf: np.ndarray) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    v = TfidfVectorizer(**params)
    v.vocabulary_ = {str(t): i for i, t in enumerate(vocab.tolist())}
    v.idf_ = idf
    return v


def save(fitted: Any, path: Path) -> None:
    """Write a fitted :func:`pipeline` to ``path`` (npz, no pickle)."""
    union, clf = fitted.steps[0][1], fitted.steps[-1][1]
    arrays: dict[str, Any] = {}
    for name, (_, vec) in zip(("word", "char"), union.transformer_list[:2], strict=True):
        vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        arrays[f"{name}_vocab"] = np.array(vocab)
        arrays[f"{name}_idf"] = vec.idf_
    np.savez_compressed(path, coef=clf.coef_, intercept=clf.intercept_,
                        classes=np.array([str(c) for c in clf.classes_]),
                        version=np.array(VERSION), **arrays)  # fmt: skip


def read(path: Path) -> MotivationModel:
    try:
        with np.load(path, allow_pickle=False) as z:
            return MotivationModel(
                word=_vectorizer(_WORD, z["word_vocab"], z["word_idf"]),
                char=_vectorizer(_CHAR, z["char_vocab"], z["char_idf"]),
                coef=z["coef"], intercept=z["intercept"], classes=z["classes"].tolist(),
                version=str(z["version"]),
            )  # fmt: skip
    except (OSError, KeyError, ValueError) as err:
        raise ModelError(
            Text(
                f"impossible de charger le modèle de motivations {path} : {err}",
                f"cannot load the motivation model {path}: {err}",
            ),
            hint=Text(
                "réinstallez rumeur, ou réentraînez avec "
                "`python -m rumeur.analytics.motivation_model`",
                "reinstall rumeur, or retrain with `python -m rumeur.analytics.motivation_model`",
            ),
        ) from err


def shipped_path() -> Path:
    return Path(str(resources.files("rumeur") / "models" / MODEL_FILE))


@lru_cache(maxsize=1)
def load() -> MotivationModel:
    """The shipped model (read once per process)."""
    return read(shipped_path())


def train(out: Path | None = None) -> dict[str, Any]:
    """Fit on the whole labelled set, write the model file, return its CV figures."""
    from rumeur.analytics.motivation import cross_validate, load_examples
    from rumeur.analytics.text import fold

    ex = load_examples()
    fitted = pipeline().fit([fold(e["text"]) for e in ex], [e["label"] for e in ex])
    path = out or shipped_path()
    save(fitted, path)
    return {"file": str(path), "version": VERSION, **cross_validate(seed=SEED)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Retrain the shipped motivation classifier.")
    ap.add_argument("--out", type=Path, default=None, help="model file (default: shipped)")
    args = ap.parse_args(argv)
    print(json.dumps(train(args.out), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
