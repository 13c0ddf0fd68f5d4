"""The fast tier's tokeniser: what it marks, and that batching a text with others (one
string pass over the whole batch) gives the same tokens as reading it alone."""

from __future__ import annotations

import json
import random
import re

import pytest

from rumeur.nlp.evaluate import HERE
from rumeur.nlp.features import (
    SHORT_TOKENS,
    flat_forms,
    short_mask,
    strip_accents,
    token_lists,
    tokens,
)
from rumeur.nlp.text import _BATCH_CHARS, _ELONG, canonical, letter_runs, shorten_runs

MARKED = {
    "C'est pas terrible :(": ["c'", "est", "decevant", "xxneg", "xxsad"],
    "J'aime pas ce forfait": ["j'", "aime", "xxnegpos", "pas", "neg_ce", "neg_forfait"],
    "Trooop bien mdr": ["trop", "bien", "xxpos", "mdr", "xxlaugh", "xxelong"],
    "SERVICE NUL !!!": ["service", "nul", "xxneg", "!", "xxcaps", "xxexcl"],
    "Super, encore une panne 🙄": [
        *("neg_super", "xxnegpos", ",", "encore", "une", "panne", "xxneg", "xxemoneg", "🙄"),
    ],
    "Livré en 2 jours 👍 http://t.co/AbCDE": [
        *("livre", "en", "2", "jours", "xxemopos", "👍", "http"),
    ],
    "@Bob l'appli est top": ["@user", "l'", "appli", "est", "top", "xxpos"],
}


@pytest.mark.parametrize("text", MARKED)
def test_tokens_mark_what_a_bag_of_words_cannot_see(text):
    assert tokens(text) == MARKED[text]


def _texts() -> list[str]:
    texts = [
        json.loads(line)["text"]
        for name in ("challenge_fr.jsonl", "emotions_val_fr.jsonl", "aspects_val_fr.jsonl")
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts += [
        *MARKED,
        "",
        " ",
        "\n",
        "ligne un :)\nXD\n\nmdr",  # line breaks inside a text, emoticons at line ends
        "pas mal\r\npas mal du tout",
        "l'ironie 🙄 pas terrible",
        "😀😀 pas mal 😀 pas mal",
        "TROP NUL\u00a0!!? aujourd'hui qu'il",
        "www.EXEMPLE.com/AAAA ok",
    ]
    rng = random.Random(7)
    glue = ["\n", " :) ", "\r\n", "\u00a0", "🙃", " mdr ", "!!?", "ooo", "l'", "AAA "]
    for _ in range(300):  # texts cut and glued at awkward places
        a, b = rng.sample(texts, 2)
        texts.append(
            a[: rng.randrange(len(a) + 1)] + rng.choice(glue) + b[rng.randrange(len(b) + 1) :]
        )
    return texts


def test_batching_does_not_change_tokens():
    texts = _texts()
    alone = [tokens(t) for t in texts]
    assert token_lists(texts) == alone
    for size in (2, 7, 50):
        batched = [t for i in range(0, len(texts), size) for t in token_lists(texts[i : i + size])]
        assert batched == alone
    assert token_lists([]) == []


def test_strip_accents_is_the_table_translation():
    from rumeur.nlp.features import _ACCENTS

    texts = [*_texts(), "Œuvre déçue, ÇA × ø ß ǅ ȳ — 😀 ạ"]
    assert [strip_accents(t) for t in texts] == [t.translate(_ACCENTS) for t in texts]
    assert strip_accents("Déçu, très ŒUVRE") == "Decu, tres OEUVRE"


def test_flat_forms_of_a_batch_are_each_texts_own():
    texts = _texts()
    assert flat_forms(texts) == [strip_accents(canonical(t)) for t in texts]
    assert flat_forms(["Déçue par la LIVRAISON…"]) == ["decue par la livraison ..."]
    assert flat_forms([]) == []


def test_long_texts_take_the_numpy_path_with_the_same_result():
    rng = random.Random(3)
    words = ["trooop", "bien", "AAAH", "zzz", "ééé", "1111", "__", "...", "ok", "aaaa!"]
    for _ in range(20):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(400, 900)))
        assert len(text) >= _BATCH_CHARS
        expected = [i for m in _ELONG.finditer(text) for i in range(m.start(), m.end() - 2)]
        assert letter_runs(text) == expected
        assert shorten_runs(text) == _ELONG.sub(r"\1", text)
    assert shorten_runs("x" * _BATCH_CHARS) == "x"
    assert canonical("« Trooop » bien…  ") == '" trop " bien ...'


def test_elongation_is_letters_only():
    assert shorten_runs("1111 ___ !!! ooouuui") == "1111 ___ !!! oui"
    assert re.fullmatch(r"[ ]*", shorten_runs(" " * _BATCH_CHARS))


def test_short_mask_counts_tokens_not_words():
    at_limit = " ".join(["mot"] * SHORT_TOKENS)
    toks = token_lists([at_limit, at_limit + " encore", "Bof.", ""])
    assert [len(t) for t in toks][:2] == [SHORT_TOKENS, SHORT_TOKENS + 1]
    assert short_mask(toks).tolist() == [True, False, True, True]
    assert short_mask([]).shape == (0,)
