"""The fast tier's speed-ups change no prediction: its outputs on every text the repository
holds are bit for bit those of a plain reference implementation (the feature lists of
:func:`rumeur.nlp.features.analyze`, text by text, through scipy as earlier versions
computed them), and the crisis lexicon's batched search flags exactly what the original
per-text pattern flags."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from rumeur.nlp import load_sentiment
from rumeur.nlp.crisis import CRISIS_STEMS, crisis_flags
from rumeur.nlp.features import analyze
from rumeur.nlp.metrics import softmax

NLP = Path(__file__).resolve().parents[2] / "src" / "rumeur" / "nlp"

#: forms the fast paths treat specially: empty and blank texts, a NUL, emoji and
#: emoticons (glued and apart), slang, idioms, links and handles, shouting, elongation,
#: typographic apostrophes, compatibility characters (ligatures, full-width letters),
#: a hashtag after a letter, a long review (over the batch path's length threshold)
EDGE_CASES = [
    "",
    "   ",
    "a\x00panne",
    "😀😀 top",
    "super:) :) :-( ^^ <3 xD",
    "mdr ptdr jpp bof, tkt c'est pas mal du tout",
    "pas de souci pas de souci, plus jamais plus jamais",
    "@volta_sav https://exemple.test/rappel-produit merci pour rien",
    "NUL NUL NUL !!! troooop lent ???",
    "L’équipe m’a rappelé, c’est génial",
    "ﬁn du ﬂux, ＰＡＮＮＥ générale",
    "x#boycott et #BoycottNacrelle, debug, dépanneur",
    "Σ ΣΑΣ panne 🙄 génial",
    "Très bon hôtel. " * 200,
]


def _corpus() -> list[str]:
    texts = list(EDGE_CASES)
    for path in sorted(NLP.glob("**/*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    assert len(texts) > 2000
    return texts


def reference_logits(model, texts: list[str]) -> np.ndarray:
    """The n-gram model's scores as earlier versions computed them: each text's features
    from :func:`analyze`, duplicates summed by scipy, sublinear TF-IDF, the L2 norm by
    ``x.multiply(x).sum(axis=1)`` and the scaling by a sparse product."""
    cols: list[int] = []
    ends = [0]
    for text in texts:
        feats = analyze(text, short=model.short_tokens, questions=True)
        cols += [model.index[f] for f in feats if f in model.index]
        ends.append(len(cols))
    x = sparse.csr_matrix(
        (np.ones(len(cols), np.float32), np.array(cols, np.int32), np.array(ends)),
        shape=(len(texts), model.idf.shape[0]),
    )
    x.sum_duplicates()
    x.data = (1.0 + np.log(x.data)) * model.idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.diags(1.0 / norms) @ x
    return np.asarray(x @ model.coef) + model.bias


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _corpus()


def test_fast_tier_is_bit_for_bit_the_reference(corpus):
    fast = load_sentiment("fast")
    model = fast.model
    expected = reference_logits(model, corpus)
    got = model.logits(corpus)
    assert np.array_equal(got, expected)
    # whatever the batching, and with the tokens given by the caller
    by_256 = np.vstack([model.logits(corpus[i : i + 256]) for i in range(0, len(corpus), 256)])
    assert np.array_equal(by_256, expected)
    one_by_one = np.vstack([model.logits([t]) for t in corpus[:300]])
    assert np.array_equal(one_by_one, expected[:300])
    proba = fast.predict_proba(corpus)
    assert np.array_equal(proba, fast.rule.apply(corpus, softmax(expected / model.temperature)))
    # a model that would lose a feature or a count would not be bit for bit the same;
    # make sure the comparison can fail: drop one text's last feature
    broken = reference_logits(model, [corpus[20][:-3], *corpus[21:40]])
    assert not np.array_equal(broken, expected[20:40])


def test_wide_batches_take_64_bit_keys():
    """Keys are (row, feature) packed in one integer: a batch whose keys need more than
    31 bits takes 64-bit keys, with the same result."""
    fast = load_sentiment("fast")
    texts = ["Service au top, merci", "Nul, panne encore", ""] * 6000  # 18,000 rows
    got = fast.model.logits(texts)
    assert np.array_equal(got, np.tile(fast.model.logits(texts[:3]), (6000, 1)))


def reference_flags(texts: list[str]) -> list[bool]:
    """The crisis lexicon's original search, text by text (a NUL, the batch's separator,
    read as a space as it always was)."""
    pattern = re.compile(r"(?<![a-z0-9])#?(?:" + "|".join(map(re.escape, CRISIS_STEMS)) + ")")
    out = []
    for text in texts:
        folded = unicodedata.normalize("NFKD", text.replace("\x00", " ").replace("’", "'").lower())
        folded = re.sub("[\u0300-\u036f]", "", folded)
        out.append(bool(pattern.search(folded)))
    return out


def test_crisis_flags_are_the_original_patterns(corpus):
    assert crisis_flags(corpus).tolist() == reference_flags(corpus)
    # random texts built from the stems, their neighbours and separators
    rng = random.Random(15)
    pieces = [*CRISIS_STEMS, "dé", "#", "x", "9", " ", "’", "'", "É", "\x00", "\n", "é", "_"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    assert crisis_flags(texts).tolist() == reference_flags(texts)
    assert any(reference_flags(texts)) and not all(reference_flags(texts))


@pytest.mark.parametrize("table", ["EMOTICONS", "SLANG"])
def test_word_swaps_are_the_split_and_join(table):
    """Emoticons and slang are swapped by one regular-expression scan; it must give what
    splitting on spaces and mapping each word gives, wherever the words stand."""
    from rumeur.nlp import features
    from rumeur.nlp import lexicon as lx

    mapping = getattr(lx, table)
    pattern = features._EMOTICON_WORD if table == "EMOTICONS" else features._SLANG_WORD
    rng = random.Random(7)
    pieces = [*mapping, *(k[:-1] for k in mapping), *(k + "x" for k in mapping)]
    pieces += ["\n", "", "mdrr", ":-)", "a", ":))", "x" + next(iter(mapping))]
    for _ in range(2000):
        text = " " + " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        words = text.split(" ")
        assert features._swap_words(text, pattern, mapping) == " ".join(
            mapping.get(w, w) for w in words
        ), text


def test_a_batch_searched_again_is_not_searched_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast tier's rule and the enricher's re-read marks ask for one batch's flags one
    after the other: the second answer comes from the first search, equal, and a copy."""
    from rumeur.nlp import crisis

    texts = ["Rappel produit : intoxication chez Volta", "Merci Nexa pour la box", ""]
    calls: list[int] = []
    real = crisis._search
    monkeypatch.setattr(crisis, "_search", lambda t: calls.append(len(t)) or real(t))
    monkeypatch.setattr(crisis, "_last", None)
    first = crisis.crisis_flags(texts)
    first[:] = False  # a caller changing its answer changes nothing kept
    again = crisis.crisis_flags(list(texts))
    assert calls == [3] and again.tolist() == [True, False, False]
    assert crisis.crisis_flags(texts[:2]).tolist() == [True, False] and calls == [3, 2]
