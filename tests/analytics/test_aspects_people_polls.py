from __future__ import annotations

from pathlib import Path

import pytest
from scipy import stats as st

from rumeur.analytics import frame
from rumeur.analytics.aspects import drivers, matrix
from rumeur.analytics.people import answered_keys, people
from rumeur.analytics.polls import (
    closed_question,
    compare,
    option_share,
    read_poll_csv,
    read_survey_csv,
    themes,
)
from tests.analytics.conftest import T0, add_mention, timedelta


def test_aspect_drivers_rank_by_unfavourable_reach(store) -> None:  # type: ignore[no-untyped-def]
    add_mention(store, "1", sentiment="negative", views=900, aspects={"price": "negative"})
    add_mention(store, "2", sentiment="negative", views=100,
                aspects={"delivery": "negative", "price": "neutral"})  # fmt: skip
    add_mention(store, "3", sentiment="positive", views=500, aspects={"delivery": "positive"},
                brands=["concurrent"])  # fmt: skip
    rows = frame.load(store, frame.Scope()).rows
    d = drivers(rows)
    assert [x.aspect for x in d] == ["price", "delivery"]
    assert d[0].reach_share.value == pytest.approx(0.9)
    assert d[0].negative_rate.value == pytest.approx(0.5)  # judged twice, negative once
    assert d[1].mention_ids == ["2"]
    m = matrix(rows)
    assert m["delivery"] == {
        "volta": {"negative": 1, "mixed": 0, "neutral": 0, "positive": 0},
        "concurrent": {"negative": 0, "mixed": 0, "neutral": 0, "positive": 1},
    }


def test_people_detractors_answered_or_ignored(store) -> None:  # type: ignore[no-untyped-def]
    add_mention(store, "d1", sentiment="negative", author="dora", author_followers=50_000)
    add_mention(store, "d2", sentiment="negative", author="dora", author_followers=50_000,
                created_at=T0 + timedelta(hours=1))  # fmt: skip
    add_mention(store, "p1", sentiment="positive", author="paul", author_followers=300)
    add_mention(store, "x1", sentiment="negative", author="xavier", author_followers=10)
    add_mention(store, "r1", is_own_account=True, reply_to="d1", author="volta-sav")
    rows = frame.load(store, frame.Scope()).rows
    keys = answered_keys(store)
    assert keys == {("twitter", "d1")}
    pp = people(rows, keys)
    assert [p.author for p in pp.detractors] == ["dora", "xavier"]
    assert pp.detractors[0].mentions == 2 and pp.detractors[0].answered == 1
    assert pp.detractors[0].reach == 5000
    assert [p.author for p in pp.promoters] == ["paul"]
    assert pp.answered_ids == ["d1"] and sorted(pp.ignored_ids) == ["d2", "x1"]
    assert pp.answered_rate.value == pytest.approx(1 / 3)


def test_poll_csv_percent_and_total(tmp_path: Path) -> None:
    f = tmp_path / "sondage.csv"
    f.write_text("question;réponse;pourcentage;votants\nOffre ?;Oui;71,38 %;1153\n"
                 "Offre ?;Non;28,62 %;1153\n", encoding="utf-8")  # fmt: skip
    rows = read_poll_csv(f)
    assert [(r.option, r.votes) for r in rows] == [("Oui", 823), ("Non", 330)]
    e = option_share(rows, "Oui")
    assert (round(e.lo, 4), round(e.hi, 4)) == (0.6870, 0.7391)


def test_poll_comparison_between_waves_matches_scipy(tmp_path: Path) -> None:
    f = tmp_path / "vagues.csv"
    f.write_text("question,option,votes,vague\nQ,Oui,823,1\nQ,Non,330,1\nQ,Oui,610,2\n"
                 "Q,Non,390,2\n", encoding="utf-8")  # fmt: skip
    rows = read_poll_csv(f)
    r = compare(rows, by="wave", option="Oui")
    chi2, p, _, _ = st.chi2_contingency([[823, 330], [610, 390]], correction=False)
    assert r.test == "two-proportion z"
    assert r.statistic**2 == pytest.approx(chi2) and r.p_value == pytest.approx(p)
    assert r.effect > 0  # wave 1 higher: Cohen's h positive
    f.write_text("q,option,votes,groupe\nQ,A,30,x\nQ,B,20,x\nQ,C,10,x\nQ,A,10,y\nQ,B,20,y\n"
                 "Q,C,30,y\nQ,A,20,z\nQ,B,20,z\nQ,C,20,z\n", encoding="utf-8")  # fmt: skip
    r3 = compare(read_poll_csv(f), by="group")
    chi2, p, dof, _ = st.chi2_contingency([[30, 20, 10], [10, 20, 30], [20, 20, 20]])
    assert r3.test == "chi-square" and r3.dof == dof == 4
    assert r3.statistic == pytest.approx(chi2) and r3.p_value == pytest.approx(p)


def test_survey_themes_and_closed_questions(tmp_path: Path) -> None:
    f = tmp_path / "enquete.csv"
    lines = ["satisfait,commentaire"]
    prix = [
        "le prix est trop cher",
        "tarif trop cher pour moi",
        "prix élevé, trop cher",
        "abonnement trop cher",
        "le prix a encore augmenté, trop cher",
    ]
    livr = ["livraison en retard", "colis livré en retard", "livraison lente et en retard",
            "retard de livraison du colis", "ma livraison est arrivée en retard"]  # fmt: skip
    for i, c in enumerate(prix + livr):
        lines.append(f'{"oui" if i % 3 else "non"},"{c}"')
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    questions, answers = read_survey_csv(f)
    assert questions == ["satisfait", "commentaire"]
    closed = closed_question(answers, "satisfait")
    assert closed["non"].value == pytest.approx(4 / 10)
    th = themes([a["commentaire"] for a in answers], k=2)
    assert sorted(t.size for t in th) == [5, 5]
    groups = [set(t.quotes) for t in th]
    assert any(g <= set(prix) for g in groups) and any(g <= set(livr) for g in groups)
    assert any("cher" in t.terms for t in th) and any("retard" in t.terms for t in th)


def test_people_roles_from_own_posts_weighted_by_reach(store) -> None:  # type: ignore[no-untyped-def]
    # the account that started a bad buzz: one viral unfavourable post, and three small
    # posts the model read as favourable (sarcasm); it must not be the #1 promoter
    add_mention(store, "o1", sentiment="negative", author="origine", views=2_000_000)
    for i in range(3):
        add_mention(store, f"o{i + 2}", sentiment="positive", author="origine", views=900,
                    created_at=T0 + timedelta(hours=i + 1))  # fmt: skip
    add_mention(store, "f1", sentiment="positive", author="fan", views=40_000)
    add_mention(store, "f2", sentiment="positive", author="fan", views=30_000)
    # a reshare of someone else's favourable post is not the sharer's own opinion
    add_mention(store, "s1", sentiment="positive", author="relais", views=500_000,
                text="RT @fan: super service, merci")  # fmt: skip
    add_mention(store, "s2", sentiment="negative", author="relais", views=400)
    rows = frame.load(store, frame.Scope(), with_text=True).rows
    pp = people(rows, set())
    assert [p.author for p in pp.promoters] == ["fan"]
    assert pp.promoters[0].net_reach == 70_000
    assert [p.author for p in pp.detractors] == ["origine", "relais"]
    assert pp.detractors[0].net_reach == -2_000_000 + 3 * 900


def test_themes_set_apart_answers_without_words_and_never_crash() -> None:
    """Answers such as "Non." and "Rien" hold no word of a theme; they were put in a
    cluster and shown under its terms (or made TfidfVectorizer raise when no answer held
    any word)."""
    answers = ["Non.", "Rien", "non", "Rien à dire", "Je ne sais pas"] * 10
    th = themes(answers, k=2)
    assert sum(t.size for t in th) == 50
    bare = [t for t in th if not t.terms]
    assert len(bare) == 1 and bare[0].size == 30
    assert bare[0].quotes == ["Non.", "Rien", "non"]  # each quote once
    worded = {tuple(t.terms): t.quotes for t in th if t.terms}
    assert worded == {("dire",): ["Rien à dire"], ("sais",): ["Je ne sais pas"]}
    (only,) = themes(["Non", "non", "Rien."], k=3)  # no answer holds a word
    assert only.terms == [] and only.size == 3


def test_a_long_varied_answer_column_is_an_open_question() -> None:
    """The demo's third survey question: 400 answers, 197 distinct (a generator's
    phrasings repeat, as real answers do), read as one closed question of 197 options."""
    from rumeur.analytics.surveys import classify

    heads = ["Avant tout", "Franchement,", "Surtout", "", "Plutôt"]
    wishes = [f"des nouvelles claires pendant la coupure numéro {i}" for i in range(40)]
    answers = [f"{heads[i % 5]} {wishes[i // 5]}".strip() for i in range(197)]
    answers += (answers * 2)[:203]
    assert len(set(answers)) == 197 and len(answers) == 400
    assert classify("Qu'attendez-vous ?", answers).kind == "open"
    closed = ["Promotions et avantages", "Informations pratiques", "Échanger avec la marque",
              "Informations exclusives"]  # fmt: skip
    assert classify("Pourquoi ?", [closed[i % 4] for i in range(400)]).kind == "single"
