from __future__ import annotations

import re
from pathlib import Path

from rumeur import config
from rumeur.report import build_report
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention, timedelta


def _project(tmp_path: Path) -> config.Project:
    (tmp_path / "rumeur.toml").write_text(config.template(), encoding="utf-8")
    return config.load(tmp_path)


def test_report_sections_state_intervals_and_link_to_mentions(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    with DuckDBStore(proj.store_path) as s:
        s.execute("BEGIN TRANSACTION")
        for i in range(60):
            add_mention(
                s, f"m{i}", text=f"Le prix de Ma Marque est trop cher {i}",
                sentiment=("negative", "positive", "neutral")[i % 3], views=100 + i,
                author=f"a{i % 17}", brands=["ma-marque" if i % 4 else "concurrent"],
                created_at=T0 + timedelta(hours=5 * i),
                aspects={"price": "negative" if i % 3 == 0 else "positive"},
            )  # fmt: skip
        add_mention(s, "own1", text="-20 % avec le code PROMO", is_own_account=True,
                    brands=["ma-marque"], likes=12)  # fmt: skip
        s.execute("COMMIT")
        fr = build_report(s, proj, tmp_path / "r.html", lang="fr").read_text(encoding="utf-8")
        en = build_report(s, proj, tmp_path / "e.html", lang="en").read_text(encoding="utf-8")
    assert "Synthèse" in fr and "Executive summary" in en
    summary = fr[fr.index('id="summary"') :][:4000]
    # each finding carries its interval: "x % [lo – hi]"
    assert re.search(r"\d+,\d\u00a0% \[\d+,\d – \d+,\d\]", summary)
    assert "Dette négative" in summary and "impressions favorables" in summary
    for anchor in set(re.findall(r'href="#(ml-\d+)"', fr)):
        assert f'id="{anchor}"' in fr
    assert len(set(re.findall(r'href="#(ml-\d+)"', fr))) >= 5
    assert "prix" in fr and "promotions" in fr and "price" in en
    assert "◆" not in fr  # no accurate-tier label: no mark, no note


def test_report_polls_section_with_intervals_and_tests(tmp_path: Path) -> None:
    from rumeur.analytics.polls import PollRow, save_poll, save_survey

    proj = _project(tmp_path)
    with DuckDBStore(proj.store_path) as s:
        add_mention(s, "m1", sentiment="positive", views=10, brands=["ma-marque"])
        save_poll(s, "offre", [PollRow("Aimez-vous l'offre ?", "Oui", 823, "1"),
                               PollRow("Aimez-vous l'offre ?", "Non", 330, "1"),
                               PollRow("Aimez-vous l'offre ?", "Oui", 610, "2"),
                               PollRow("Aimez-vous l'offre ?", "Non", 390, "2")])  # fmt: skip
        answers = [{"satisfait": "oui" if i % 3 else "non",
                    "commentaire": ("le prix est trop cher", "livraison en retard")[i % 2]
                    + ("" if i < 2 else f" {i}")}
                   for i in range(30)]  # fmt: skip
        # several answers each (stored "a;b"): 16 combinations of 5 services, which the
        # report read as free text (more than 8 distinct answers) and the CLI as options
        services = ["Box", "Fibre", "TV", "Cloud"]
        for i, a in enumerate(answers):
            a["services"] = ";".join(["Mobile"] + [x for j, x in enumerate(services)
                                                   if i % 16 >> j & 1])  # fmt: skip
        save_survey(s, "enquete", ["satisfait", "commentaire", "services"], answers)
        fr = build_report(s, proj, tmp_path / "r.html", lang="fr").read_text(encoding="utf-8")
    sec = fr[fr.index('id="a-polls"') :]
    assert "71,4\u00a0% [68,7 – 73,9]" in sec  # 823 / 1153 with its Wilson interval
    assert "test z de deux proportions" in sec and "h de Cohen" in sec
    assert "« le prix est trop cher »" in sec and "« livraison en retard »" in sec
    assert re.search(r'<span class="ugc">non</span></td><td class="num">33,3\u00a0% \[', sec)
    # every respondent named Mobile: 100 %, a table of options, not themes
    assert re.search(r'<span class="ugc">Mobile</span></td><td class="num">100,0\u00a0% \[', sec)
    assert 'Réponses ouvertes : thèmes — <span class="ugc">services' not in sec


def test_top_mentions_mark_the_accurate_tier(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    with DuckDBStore(proj.store_path) as s:
        add_mention(s, "seen", text="Panne géante chez Ma Marque", sentiment="positive",
                    views=5000, brands=["ma-marque"])  # fmt: skip
        add_mention(s, "less", text="Ma Marque, rien à dire", sentiment="neutral", views=10,
                    brands=["ma-marque"])  # fmt: skip
        # the accurate tier re-scored the most-seen one: its label wins, marked ◆
        s.execute(
            "INSERT INTO enrichments VALUES ('seen', 'sentiment-accurate', '1.2.1', "
            "'negative', 0.8, NULL, ?)",
            [T0],
        )
        fr = build_report(s, proj, tmp_path / "r.html", lang="fr").read_text(encoding="utf-8")
    top = fr[fr.index("<h2", fr.index('id="top"')) :]
    top = top[: top.index("</section>")]
    assert '<span class="s-negative" title="sentiment-accurate@1.2.1">négatif ◆</span>' in top
    assert '<span class="s-neutral" title="sentiment-fast@1">neutre</span>' in top
    assert "modèle précis" in top
