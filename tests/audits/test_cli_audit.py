"""``rumeur audit authenticity`` over a real store: the stable JSON contract and the summary."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from rumeur.audits.authenticity import simulate
from rumeur.cli import _load, app

_load()
runner = CliRunner()

MENTION_KEYS = {"mention_id", "external_id", "author_handle", "platform", "score", "reasons",
                "campaign"}  # fmt: skip


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_contract(sim_project: Path, scenario: simulate.Scenario) -> None:
    out = json.loads(run("audit", "authenticity", "-p", str(sim_project), "--json"))
    assert set(out) == {"mentions", "accounts", "campaigns"}
    assert out["mentions"] and all(set(m) == MENTION_KEYS for m in out["mentions"])
    assert all(set(a) == {"author_handle", "platform", "score", "reasons"}
               for a in out["accounts"])  # fmt: skip
    assert all(set(c) == {"id", "size", "start", "end", "members", "reasons"}
               for c in out["campaigns"])  # fmt: skip
    # every campaign member is a listed mention pointing back at its campaign
    listed = {m["mention_id"]: m for m in out["mentions"]}
    for c in out["campaigns"]:
        assert c["size"] == len(c["members"]) and c["start"] <= c["end"]
        assert all(listed[m]["campaign"] == c["id"] for m in c["members"])
    # read back from the store (replies through reply_to), the campaigns are still found
    flagged = Counter(scenario.truth[m] for m in listed)
    total = Counter(scenario.truth.values())
    for style in ("copy_paste", "review_bomb", "sockpuppet_ring"):
        assert flagged[style] >= 0.85 * total[style], (style, flagged)
    assert all(m["score"] >= 0.6 for m in out["mentions"])


def test_brand_and_period_filters(sim_project: Path, scenario: simulate.Scenario) -> None:
    bombed = [r for r in scenario.rows if scenario.truth[r["mention_id"]] == "review_bomb"]
    assert {b for r in bombed for b in r["brands"]} == {"cerise"}
    day = min(r["created_at"] for r in bombed).date()
    out = json.loads(run("audit", "authenticity", "-p", str(sim_project), "--json",
                         "--brand", "cerise", "--since", day.isoformat()))  # fmt: skip
    ids = {m["mention_id"] for m in out["mentions"]}
    assert {r["mention_id"] for r in bombed} & ids
    brands = {r["mention_id"]: r["brands"] for r in scenario.rows}
    assert all("cerise" in brands[i] for i in ids)
    before = json.loads(run("audit", "authenticity", "-p", str(sim_project), "--json",
                            "--brand", "cerise", "--until", day.isoformat()))  # fmt: skip
    assert not {r["mention_id"] for r in bombed} & {m["mention_id"] for m in before["mentions"]}


def test_summary_in_french_by_default_and_english_on_request(sim_project: Path) -> None:
    fr = run("audit", "authenticity", "-p", str(sim_project))
    assert "Audit d'authenticité" in fr and "Campagne camp-" in fr and "Pourquoi" in fr
    assert "(heures : Europe/Paris)" in fr
    en = run("audit", "authenticity", "-p", str(sim_project), "--lang", "en")
    assert "Authenticity audit" in en and "Campaign camp-" in en
    # the threshold and scores as each language writes them
    assert re.search(r"seuil 0,\d\d \(", fr) and re.search(r"threshold 0\.\d\d \(", en)
    assert re.search(r"\) 0,\d\d : ", fr) and re.search(r"\) 0\.\d\d: ", en)


def test_unknown_brand_and_bad_date_are_clear_errors(sim_project: Path) -> None:
    r = runner.invoke(app, ["audit", "authenticity", "-p", str(sim_project), "--brand", "zorg"])
    assert r.exit_code == 2 and "zorg" in r.output and "volta" in r.output  # a usage error
    r = runner.invoke(app, ["audit", "authenticity", "-p", str(sim_project), "--since", "hier?"])
    assert r.exit_code == 2 and "--since" in r.output
