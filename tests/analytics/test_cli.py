from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import add_mention

_load()
runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rumeur.toml").write_text(
        config.template() + "\n[audience]\nreply_share = 0.1\n[audience.factors]\ntwitter = 0.5\n",
        encoding="utf-8",
    )
    with DuckDBStore(tmp_path / "rumeur.duckdb") as s:
        add_mention(s, "1", sentiment="negative", author_followers=1000, brands=["ma-marque"])
        add_mention(s, "2", sentiment="positive", views=100, brands=["ma-marque"])
        add_mention(s, "3", sentiment="positive", views=100, brands=["concurrent"])
    return tmp_path


def _json(args: list[str]) -> Any:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_metrics_opinion_and_debt_json_use_configured_audience(project: Path) -> None:
    cells = _json(["metrics", "opinion", "--brand", "ma-marque", "-p", str(project), "--json"])
    assert isinstance(cells, list) and cells[0]["brand"] == "ma-marque"
    assert cells[0]["shares"]["negative"]["value"] == pytest.approx(0.5)
    assert "lo" in cells[0]["weighted_shares"]["negative"]
    debt = _json(["metrics", "debt", "--brand", "ma-marque", "-p", str(project), "--json"])
    assert debt["cells"][0]["unfavourable_reach"] == 500  # 1000 followers × 0.5 (rumeur.toml)
    assert debt["cells"][0]["ratio"]["value"] == pytest.approx(5.0)


def test_metrics_sov_people_help(project: Path) -> None:
    sov = _json(["metrics", "sov", "-p", str(project), "--json"])
    assert {v["brand"] for v in sov} == {"ma-marque", "concurrent"}
    pp = _json(["metrics", "people", "-p", str(project), "--json"])
    assert pp["answered_rate"]["n"] == 1
    res = runner.invoke(app, ["metrics", "spikes", "--help"])
    assert res.exit_code == 0 and "Exemples" in res.output


def test_polls_results_cli(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("question,option,percent,total\nQ,Oui,71.38,1153\nQ,Non,28.62,1153\n")
    res = _json(["polls", "results", str(f), "--json"])  # one question: {cell: {n, options}}
    oui = res["all"]["options"]["Oui"]
    assert round(oui["lo"], 4) == 0.6870 and round(oui["hi"], 4) == 0.7391
    (table,) = _json(["polls", "results", str(f), "--json", "--by-question"])
    assert table["question"] == "Q" and table["cells"] == res
    g = tmp_path / "two.csv"
    g.write_text("question,option,votes\nQ1,Oui,60\nQ1,Non,40\nQ2,A,30\nQ2,B,70\n")
    both = _json(["polls", "results", str(g), "--json"])  # never pooled
    assert [(t["question"], t["cells"]["all"]["n"]) for t in both] == [("Q1", 100), ("Q2", 100)]
    assert _json(["polls", "results", str(g), "--json", "--question", "Q2"])["all"]["n"] == 100


def test_invalid_audience_config_names_key_and_line(tmp_path: Path) -> None:
    from rumeur.analytics.audience import from_project
    from rumeur.errors import ConfigError

    (tmp_path / "rumeur.toml").write_text(
        '[project]\nname = "x"\n\n[audience]\nreply_share = 3\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as err:
        from_project(config.load(tmp_path))
    assert err.value.line == 5 and err.value.key == "audience.reply_share"


def test_polls_import_then_analyse_by_name(project: Path, tmp_path: Path) -> None:
    poll = tmp_path / "offre.csv"
    poll.write_text("question,option,votes,vague\nQ,Oui,823,1\nQ,Non,330,1\nQ,Oui,610,2\n"
                    "Q,Non,390,2\n")  # fmt: skip
    survey = tmp_path / "enquete.csv"
    survey.write_text("satisfait;commentaire\noui;trop cher\nnon;livraison en retard\n"
                      "oui;prix trop cher\nnon;colis en retard\n")  # fmt: skip
    p = ["-p", str(project)]
    assert _json(["polls", "import", str(poll), "--name", "offre", *p, "--json"])["kind"] == "poll"
    assert _json(["polls", "import", str(survey), *p, "--json"]) == {
        "name": "enquete", "kind": "survey", "rows": 4}  # fmt: skip
    again = _json(["polls", "import", str(poll), "--name", "offre", *p, "--json"])
    assert again["rows"] == 4  # replaced, not duplicated
    listed = {r["name"]: r for r in _json(["polls", "list", *p, "--json"])}
    assert listed["offre"]["n"] == 2153 and listed["enquete"]["n"] == 4
    res = _json(["polls", "results", "offre", *p, "--json"])
    assert res["1"]["options"]["Oui"]["value"] == pytest.approx(823 / 1153)
    cmp = _json(["polls", "compare", "offre", "--option", "Oui", *p, "--json"])
    assert cmp["test"] == "two-proportion z" and cmp["p_value"] < 0.001
    th = _json(["polls", "themes", "enquete", "--column", "commentaire", "-k", "2", *p, "--json"])
    assert sorted(t["size"] for t in th) == [2, 2]


def _text(args: list[str]) -> str:
    res = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    return res.stdout


def test_tables_write_numbers_as_the_project_language_does(project: Path, tmp_path: Path) -> None:
    """French tables write 50,0 %, 1 000 and a true minus sign, as the report does;
    an English project's tables write 50.0% and 1,000. The JSON is the same in both."""
    nnbsp = "\u202f"  # Babel's French grouping (narrow no-break space)
    opinion = _text(["metrics", "opinion", "--brand", "ma-marque", "-p", str(project)])
    assert "50,0\u00a0% [" in opinion and "50.0" not in opinion
    debt = _text(["metrics", "debt", "-p", str(project)])
    assert "5,00 [" in debt  # the ratio with two decimals, as the report
    assert "5.0" not in debt and "500" in debt
    poll = tmp_path / "poll.csv"
    poll.write_text("question,option,votes\nQ,Oui,1600\nQ,Non,400\n", encoding="utf-8")
    results = _text(["polls", "results", str(poll), "-p", str(project)])
    assert f"(n\u00a0=\u00a02{nnbsp}000)" in results and "80,0\u00a0% [78,2 – 81,7]" in results

    toml = project / "rumeur.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('language = "fr"', 'language = "en"'),
        encoding="utf-8",
    )
    opinion_en = _text(["metrics", "opinion", "--brand", "ma-marque", "-p", str(project)])
    assert "50.0% [" in opinion_en and "50,0" not in opinion_en
    results_en = _text(["polls", "results", str(poll), "-p", str(project)])
    assert "(n\u00a0=\u00a02,000)" in results_en and "80.0% [78.2 – 81.7]" in results_en
    (cell,) = _json(["metrics", "opinion", "-b", "ma-marque", "-p", str(project), "--json"])
    assert cell["volume"] == 2 and cell["shares"]["negative"]["value"] == 0.5


@pytest.mark.parametrize("width", [200, 70, 55])
def test_a_figure_is_never_wrapped_in_two(width: int) -> None:
    """French groups digits with a narrow no-break space, where the terminal's wrapping
    broke "7 098,6" into "7" over "098,6": a narrower terminal puts the interval under
    its figure, then drops the grouping, and a number stays whole."""
    from rich.console import Console

    from rumeur.cli import _common

    nnbsp = "\u202f"
    cells = ["volta", f"21{nnbsp}488{nnbsp}554", f"19{nnbsp}235{nnbsp}321 [5{nnbsp}855{nnbsp}834 "
             f"– 35{nnbsp}528{nnbsp}730]", "9,54 [3,67 – 19,57]"]  # fmt: skip
    real = _common.console._console
    _common.console._console = Console(width=width, record=True, force_terminal=False)
    try:
        _common.print_figures(["marque", "défavorable", "encore nécessaire", "ratio"], [cells])
        out = _common.console._console.export_text()
    finally:
        _common.console._console = real
    for number in ("21 488 554", "19 235 321", "5 855 834", "35 528 730", "3,67", "19,57"):
        grouped = number.replace(" ", nnbsp)
        assert grouped in out or number.replace(" ", "") in out, (number, out)
    one_line = width == 200
    assert (f"19{nnbsp}235{nnbsp}321 [5" in out) == one_line
