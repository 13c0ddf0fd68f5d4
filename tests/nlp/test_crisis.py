"""The crisis lexicon and the crisis-aware decision rule (rumeur.nlp.crisis)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from rumeur.errors import ModelError
from rumeur.nlp.crisis import CrisisRule, crisis_flags, shift_toward_negative
from rumeur.nlp.sentiment import MODELS_DIR, RULE_FILE, FastSentiment
from rumeur.nlp.train_crisis import cascade, choose, choose_long


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Brûlures au visage après la crème Nacrelle", True),
        ("BRULURE au visage", True),  # caps, no accent
        ("#BoycottNacrelle faites tourner", True),  # a hashtag
        ("Les prud’hommes sont saisis", True),  # typographic apostrophe
        ("encore une PANNE chez Onyxa", True),
        ("RAPPEL CONSO – biscuits Tallec", True),
        ("Super concert du rappeur hier soir", False),  # not a stem of the lexicon
        ("Le dépanneur est venu vite, merci", False),  # 'panne' inside a word
        ("Livraison reçue, tout est parfait", False),
        ("", False),
    ],
)
def test_crisis_flags_read_french_forms(text, flagged):
    assert crisis_flags([text]).tolist() == [flagged]


def test_crisis_flags_keep_the_batch_order():
    texts = ["rien à signaler", "fuite de données chez Memorix", "bonne journée", "arnaque !"]
    # the batch is searched as one string: each hit must land on its own text
    assert crisis_flags(texts).tolist() == [False, True, False, True]
    assert crisis_flags(["a\x00panne", "ok"]).tolist() == [True, False]  # a NUL in a text
    assert crisis_flags([]).shape == (0,)


def test_shift_multiplies_negative_odds_on_flagged_rows_only():
    p = np.array([[0.2, 0.5, 0.3], [0.2, 0.5, 0.3]])
    out = shift_toward_negative(p, np.array([True, False]), np.log(4.0))
    assert np.allclose(out[1], p[1])  # not flagged: unchanged
    assert np.allclose(out[0], np.array([0.8, 0.5, 0.3]) / 1.6)
    assert np.allclose(out.sum(1), 1.0)
    assert shift_toward_negative(p, np.array([True, True]), 0.0) is p


def test_rule_file_missing_means_no_rule_and_a_broken_one_is_an_error(tmp_path: Path):
    assert CrisisRule.load(tmp_path / RULE_FILE) == CrisisRule(0.0, False)
    (tmp_path / RULE_FILE).write_text('{"shift": "beaucoup"}', encoding="utf-8")
    with pytest.raises(ModelError, match="impossible de lire la règle de crise") as err:
        CrisisRule.load(tmp_path / RULE_FILE)
    assert err.value.render("en")[0].startswith("cannot read the crisis rule")


def test_shipped_rule_is_the_one_the_training_step_chose():
    meta = json.loads((MODELS_DIR / RULE_FILE).read_text(encoding="utf-8"))
    previous = meta.get("previous")  # the rule in place when it was chosen (since 1.9.0)
    chosen = choose(meta["table"], previous)
    assert (meta["shift"], meta["reread_flagged"]) == (chosen["shift"], chosen["flagged"])
    assert meta["shift_long"] == choose_long(meta["table_long"], previous)["shift"]
    rule = CrisisRule(meta["shift"], meta["reread_flagged"], meta["shift_long"])
    assert FastSentiment().rule == rule


def test_long_texts_get_their_own_shift(tmp_path: Path):
    """A flagged text of more than SHORT_TOKENS tokens is shifted by ``shift_long``, a
    short one by ``shift``; a file written before the long shift existed shifts both."""
    short = "Rappel de lots de yaourts Laitalp, infos en magasin"
    long = (
        "Nous avons regardé la série hier soir en famille et franchement le retard de "
        "diffusion du dernier épisode ne gâche rien : les personnages sont attachants, "
        "les dialogues sont fins, la photographie est superbe et la musique accompagne "
        "chaque scène avec beaucoup de justesse, on attend la suite avec impatience."
    )
    p = np.array([[0.2, 0.5, 0.3], [0.2, 0.2, 0.6]])
    assert crisis_flags([short, long]).tolist() == [True, True]  # "rappel", "retard"
    rule = CrisisRule(shift=np.log(4.0), reread_flagged=True, shift_long=0.0)
    out = rule.apply([short, long], p)
    assert out[0] == pytest.approx(np.array([0.8, 0.5, 0.3]) / 1.6)
    assert np.allclose(out[1], p[1])  # long: shift 0
    both = CrisisRule(shift=np.log(4.0), reread_flagged=True).apply([short, long], p)
    assert both[1] == pytest.approx(np.array([0.8, 0.2, 0.6]) / 1.6)
    (tmp_path / RULE_FILE).write_text('{"shift": 1.5, "reread_flagged": true}')
    assert CrisisRule.load(tmp_path / RULE_FILE) == CrisisRule(1.5, True, None)
    (tmp_path / RULE_FILE).write_text('{"shift": 1.5, "reread_flagged": true, "shift_long": 0}')
    assert CrisisRule.load(tmp_path / RULE_FILE) == CrisisRule(1.5, True, 0.0)
    (tmp_path / RULE_FILE).write_text('{"shift": 1.5, "reread_flagged": true, "shift_long": "x"}')
    with pytest.raises(ModelError, match="règle de crise"):
        CrisisRule.load(tmp_path / RULE_FILE)


def test_fast_tier_applies_the_rule_shipped_beside_it(tmp_path: Path):
    shutil.copy(MODELS_DIR / "sentiment-fast.npz", tmp_path / "sentiment-fast.npz")
    texts = ["Rappel de lots de yaourts Laitalp, infos en magasin", "Belle journée à la plage"]
    plain = FastSentiment(tmp_path / "sentiment-fast.npz").predict_proba(texts)
    (tmp_path / RULE_FILE).write_text('{"shift": 3.0, "reread_flagged": false}')
    ruled = FastSentiment(tmp_path / "sentiment-fast.npz").predict_proba(texts)
    assert ruled[0, 0] / ruled[0, 1] == pytest.approx(np.exp(3.0) * plain[0, 0] / plain[0, 1])
    assert np.allclose(ruled[1], plain[1])  # no crisis word: unchanged


def test_fast_tier_spares_long_texts_when_the_rule_says_so(tmp_path: Path):
    shutil.copy(MODELS_DIR / "sentiment-fast.npz", tmp_path / "sentiment-fast.npz")
    short = "Rappel de lots de yaourts Laitalp, infos en magasin"
    long = " ".join(["Le service est arrivé avec un peu de retard mais la soirée fut belle"] * 4)
    assert crisis_flags([short, long]).tolist() == [True, True]
    plain = FastSentiment(tmp_path / "sentiment-fast.npz").predict_proba([short, long])
    (tmp_path / RULE_FILE).write_text('{"shift": 3.0, "reread_flagged": false, "shift_long": 0}')
    ruled = FastSentiment(tmp_path / "sentiment-fast.npz").predict_proba([short, long])
    assert ruled[0, 0] / ruled[0, 1] == pytest.approx(np.exp(3.0) * plain[0, 0] / plain[0, 1])
    assert np.allclose(ruled[1], plain[1])  # more than SHORT_TOKENS tokens: shift_long 0


def row(shift, flagged, umsab, f1, recall, reread=0.5):
    """A row of the crisis step's table (short texts), with only what the choice reads."""
    return {
        "shift": shift,
        "flagged": flagged,
        "umsab_cv": {"macro_f1": umsab},
        "brand_cv": {"macro_f1": f1, "negative_recall": recall, "reread": reread},
    }


def test_choice_follows_the_stated_criterion():
    table = [
        row(0.0, False, 0.680, 0.80, 0.82),
        row(0.5, False, 0.678, 0.81, 0.86),
        row(1.0, False, 0.670, 0.82, 0.92),  # best on brand talk but costs the tweets
        row(0.5, True, 0.678, 0.81, 0.86, reread=0.7),  # same figures, more re-reads
    ]
    assert (choose(table)["shift"], choose(table)["flagged"]) == (0.5, False)


def test_long_choice_follows_the_stated_criterion():
    def row(shift, allo, trip, f1, recall):
        return {
            "shift": shift,
            "allocine_cv_accuracy": allo,
            "tripadvisor_cv": {"macro_f1": trip},
            "brand_long_cv": {"macro_f1": f1, "negative_recall": recall, "reread": 0.8},
        }

    table = [
        row(0.0, 0.910, 0.700, 0.80, 0.80),
        row(0.5, 0.908, 0.697, 0.79, 0.83),  # best mean within both tolerances
        row(1.0, 0.903, 0.699, 0.80, 0.90),  # best on the brand posts, costs Allociné
        row(1.5, 0.909, 0.690, 0.80, 0.90),  # costs TripAdvisor
        row(2.0, 0.910, 0.700, 0.79, 0.83),  # a tie with 0.5: the smaller shift wins
    ]
    assert choose_long(table)["shift"] == 0.5


def test_rule_in_place_is_kept_within_steady_of_the_best():
    """A near-tie keeps the rule in place; a clear gain, or a rule in place now outside
    the tweets' tolerance, replaces it."""

    table = [
        row(0.0, False, 0.680, 0.80, 0.82),
        row(0.75, False, 0.679, 0.810, 0.8218),  # mean 0.8159: best
        row(1.0, True, 0.679, 0.810, 0.8210),  # mean 0.8155: within STEADY of the best
        row(1.5, True, 0.670, 0.80, 0.90),  # outside the tweets' tolerance
    ]
    pick = choose(table, {"shift": 1.0, "reread_flagged": True, "shift_long": 0.0})
    assert (pick["shift"], pick["flagged"]) == (1.0, True)
    assert choose(table)["shift"] == 0.75  # no rule in place: the best
    gone = choose(table, {"shift": 1.5, "reread_flagged": True, "shift_long": 0.0})
    assert (gone["shift"], gone["flagged"]) == (0.75, False)
    table[2]["brand_cv"]["negative_recall"] = 0.8150  # mean 0.8125: more than STEADY under
    pick = choose(table, {"shift": 1.0, "reread_flagged": True, "shift_long": 0.0})
    assert (pick["shift"], pick["flagged"]) == (0.75, False)

    def lrow(shift, f1, recall):
        return {
            "shift": shift,
            "allocine_cv_accuracy": 0.91,
            "tripadvisor_cv": {"macro_f1": 0.70},
            "brand_long_cv": {"macro_f1": f1, "negative_recall": recall, "reread": 0.8},
        }

    ltable = [lrow(0.0, 0.80, 0.8242), lrow(1.0, 0.80, 0.8226)]  # 0.8121 vs 0.8113
    assert choose_long(ltable)["shift"] == 0.0
    assert (
        choose_long(ltable, {"shift": 1.5, "reread_flagged": True, "shift_long": 1.0})["shift"]
        == 1.0
    )
    assert (
        choose_long(ltable, {"shift": 1.5, "reread_flagged": True, "shift_long": None})["shift"]
        == 0.0
    )


def test_previous_rule_reads_the_output_folder_then_the_package(tmp_path: Path):
    from rumeur.nlp.train_crisis import previous_rule

    shipped = json.loads((MODELS_DIR / RULE_FILE).read_text(encoding="utf-8"))
    assert previous_rule(tmp_path)["shift"] == shipped["shift"]
    (tmp_path / RULE_FILE).write_text('{"shift": 2.0, "reread_flagged": true}')
    assert previous_rule(tmp_path) == {"shift": 2.0, "reread_flagged": True, "shift_long": None}
    (tmp_path / RULE_FILE).write_text("{cassé")  # unreadable: the package's rule
    assert previous_rule(tmp_path)["shift"] == shipped["shift"]


def test_cascade_replay_rereads_unsure_and_optionally_flagged_rows():
    fast = np.array([[0.1, 0.85, 0.05], [0.1, 0.5, 0.4], [0.05, 0.9, 0.05]])
    acc = np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7], [0.1, 0.8, 0.1]])
    flags = np.array([True, False, False])
    proba, reread = cascade(fast, acc, flags, 0.0, flagged=False)
    assert reread.tolist() == [False, True, False] and proba.argmax(1).tolist() == [1, 2, 1]
    assert np.allclose(proba, [fast[0], acc[1], fast[2]])  # each row from the tier that read it
    proba, reread = cascade(fast, acc, flags, 0.0, flagged=True)
    assert reread.tolist() == [True, True, False] and proba.argmax(1).tolist() == [0, 2, 1]
    # with a shift, the flagged row is shifted in the tier that read it
    proba, _ = cascade(fast, acc, flags, np.log(2.0), flagged=True)
    assert proba[0] == pytest.approx(np.array([1.4, 0.2, 0.1]) / 1.7)
    assert np.allclose(proba[1:], [acc[1], fast[2]])


def test_crisis_step_names_the_work_files_it_lacks(tmp_path: Path):
    from rumeur.nlp.train_crisis import train_crisis

    (tmp_path / "fast_oof_logits.npy").write_bytes(b"")
    with pytest.raises(SystemExit) as err:
        train_crisis({}, tmp_path, tmp_path)
    message = str(err.value)
    assert "long_oof.npz (accurate-long)" in message
    assert "short_oof_rows.npy (accurate-short)" in message
    assert "fast_oof_logits" not in message


def test_training_refuses_an_unknown_step(capsys):
    from rumeur.nlp.train import main

    with pytest.raises(SystemExit) as err:
        main(["--only", "fast,crisiss"])
    assert err.value.code == 2
    assert "unknown step(s) crisiss" in capsys.readouterr().err


def test_training_names_the_model_files_a_step_lacks(tmp_path: Path, capsys):
    """The accurate heads stack the fast tier and read the polarity model from --out: a
    step run without them is refused before any work, naming each file and its step."""
    from rumeur.nlp.train import main, missing_models

    with pytest.raises(SystemExit) as err:
        main(["--only", "accurate-short", "--out", str(tmp_path / "out")])
    assert err.value.code == 2
    message = capsys.readouterr().err
    assert "sentiment-fast.npz (fast)" in message
    assert "sentiment-accurate-polar.npz (accurate-long)" in message
    assert not (tmp_path / "out").exists()  # nothing made before the refusal
    # a step earlier in the same command provides its file; a file in --out counts too
    assert missing_models({"fast", "accurate-long", "accurate-short"}, tmp_path) == []
    (tmp_path / "sentiment-fast.npz").write_bytes(b"")
    assert missing_models({"accurate-reviews"}, tmp_path) == []
    assert missing_models({"accurate-short"}, tmp_path) == [
        "sentiment-accurate-polar.npz (accurate-long)"
    ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1,x", "integers separated by commas"),
        ("0", "not 0"),
        ("1,1", "each seed once"),
        ("1", "accurate-short step only"),  # --only crisis: the soup would change nothing
    ],
)
def test_training_refuses_soup_seeds_it_cannot_use(value: str, said: str, capsys):
    """A candidate's soup seeds are checked before any work: a seed that is not an
    integer, the shipped seed again, a seed twice, or no step that the soup changes."""
    from rumeur.nlp import finetune
    from rumeur.nlp.train import main

    with pytest.raises(SystemExit) as err:
        main(["--only", "crisis", "--soup-seeds", value])
    assert err.value.code == 2
    assert said in capsys.readouterr().err
    assert finetune.SOUP == ()  # the shipped recipe untouched
