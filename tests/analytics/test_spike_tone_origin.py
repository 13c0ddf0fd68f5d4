"""Spikes carry their tone (negative / positive / mixed) and their origin; terms put the
cause words first; times come in the project's time zone with their offset."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.analytics import frame
from rumeur.analytics.spikes import SpikeSettings, bad_buzz, scan
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, Batch, add_mention

BUZZ = T0 + timedelta(days=15, hours=2)  # Tue 21 Oct 2025, 11:00 UTC = 13:00 in Paris
PRAISE = T0 + timedelta(days=18, hours=4)
CHATTER = [("Volta livraison rapide merci", "positive"), ("commande Volta reçue", "neutral"),
           ("service client Volta sympa", "positive"), ("forfait Volta trop cher", "negative"),
           ("appli Volta correcte", "neutral")]  # fmt: skip


def _fill(target: DuckDBStore) -> None:
    rng = np.random.default_rng(7)
    i = 0
    store = Batch()
    for h in range(24 * 20):
        for _ in range(rng.poisson(1.2)):
            text, sentiment = CHATTER[i % len(CHATTER)]
            add_mention(store, f"q{i}", text=text, sentiment=sentiment, views=100,
                        author=f"u{i % 60}", handle=f"u{i % 60}",
                        created_at=T0 + timedelta(hours=h, minutes=i % 50))  # fmt: skip
            i += 1
    # the bad buzz: an early small post, then the big account everybody follows
    add_mention(store, "early", text="Plus de réseau chez Volta ? #VoltaEnPanne",
                sentiment="negative", views=40, handle="petit_compte",
                created_at=BUZZ - timedelta(minutes=40))  # fmt: skip
    add_mention(store, "big", text="Énorme panne réseau Volta, tout le pays coupé #VoltaEnPanne",
                sentiment="negative", views=900_000, handle="gros_compte", author="gros",
                created_at=BUZZ + timedelta(minutes=5))  # fmt: skip
    for k in range(60):
        reply = k % 2 == 0
        add_mention(store, f"b{k}",
                    text=(f"@gros_compte pareil, panne réseau ici {k}" if reply
                          else f"Panne réseau Volta depuis ce matin #VoltaEnPanne {k}"),
                    sentiment="negative", views=60, author=f"angry{k}", handle=f"angry{k}",
                    reply_to="big" if reply else None,
                    created_at=BUZZ + timedelta(minutes=10 + 2 * k))  # fmt: skip
    # a bot repeating a contest in the same hours: one voice, whatever its volume
    for k in range(25):
        add_mention(store, f"bot{k}", text=f"Concours gagnant iphone Volta {k}",
                    sentiment="negative", views=10, author="bot", handle="bot",
                    created_at=BUZZ + timedelta(minutes=12 + 4 * k))  # fmt: skip
    # a later big post nobody follows
    add_mention(
        store,
        "late",
        text="Volta, on attend des explications",
        sentiment="negative",
        views=2_000_000,
        handle="tres_gros",
        created_at=BUZZ + timedelta(hours=2),
    )
    # a burst of (fake) praise
    for k in range(50):
        add_mention(store, f"p{k}", text=f"Volta meilleur opérateur, prix top #VoltaTop {k}",
                    sentiment="positive", views=5, author=f"fan{k}", handle=f"fan{k}",
                    created_at=PRAISE + timedelta(minutes=2 * k))  # fmt: skip
    store.flush(target)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spikes")
    # the store's brand is declared: the CLI refuses brand ids rumeur.toml does not know
    volta = config.Brand(id="volta", name="Volta Mobile", aliases=("Volta",))
    (root / "rumeur.toml").write_text(config.template(brands=(volta,)), encoding="utf-8")
    with DuckDBStore(root / "rumeur.duckdb") as st:
        _fill(st)
    return root


@pytest.fixture(scope="module")
def spikes(project: Path) -> list[Any]:
    with DuckDBStore(project / "rumeur.duckdb", read_only=True) as st:
        rows = frame.load(st, frame.Scope(), with_text=True).rows
    return scan(rows, T0, T0 + timedelta(days=20), SpikeSettings(timezone="Europe/Paris"))


def test_tone_separates_bad_buzz_from_praise(spikes: list[Any]) -> None:
    buzz = [s for s in spikes if s.start <= BUZZ + timedelta(hours=3) and s.end > BUZZ]
    praise = [s for s in spikes if s.start <= PRAISE + timedelta(hours=2) and s.end > PRAISE]
    assert buzz and praise
    assert {s.tone for s in buzz} == {"negative"}
    assert {s.tone for s in praise} == {"positive"}
    assert all(s.explanation["tone"] == s.tone for s in spikes)
    shift = buzz[0].explanation["sentiment_shift"]
    assert shift["negative"] > shift["baseline_negative"] + 0.3
    keys = [s.key() for s in bad_buzz(spikes)]
    assert keys == [s.key() for s in spikes if s.tone == "negative"]
    assert not {s.key() for s in praise} & set(keys)


def test_origin_is_the_earliest_high_reach_post_followed(spikes: list[Any]) -> None:
    (first,) = [s for s in spikes if s.metric == "volume" and s.tone == "negative"]
    o = first.origin
    assert o is not None and first.explanation["origin"] == o.to_dict()
    assert o.author_handle == "gros_compte" and o.mention_id == "big" and o.reach == 900_000
    assert o.followers["reply"] >= 25 and o.followers["hashtag"] >= 25
    assert "gros_compte" in o.why and f"{o.followers['reply']} réponses" in o.why


def test_cause_words_rank_first(spikes: list[Any]) -> None:
    neg = min((s for s in spikes if s.metric == "negative"), key=lambda s: s.start)
    terms = [t["term"] for t in neg.explanation["terms"]]
    assert set(terms[:3]) == {"panne", "réseau", "panne réseau"}, terms
    assert not any("volta" in t for t in terms)  # the brand is in every mention
    assert "concours" not in terms[:5]  # one account repeating itself is one voice
    assert neg.explanation["hashtags"][0]["term"] == "#voltaenpanne"


def test_spike_times_in_project_zone_with_offset(spikes: list[Any]) -> None:
    s = next(s for s in spikes if s.tone == "negative")
    assert s.start.utcoffset() == timedelta(hours=2)  # Paris, summer time
    assert s.start == BUZZ.replace(minute=0)  # the same instant
    d = s.to_dict()
    assert d["start"].endswith("+02:00") and d["end"].endswith("+02:00")


def test_cli_spikes_json_contract(project: Path) -> None:
    from rumeur.cli import _load, app

    _load()
    res = CliRunner().invoke(app, ["metrics", "spikes", "--brand", "volta", "-p",
                                   str(project), "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    import json

    out = json.loads(res.stdout)
    assert isinstance(out, list) and out
    for s in out:
        assert {"start", "end", "tone"} <= set(s) and s["tone"] in ("negative", "positive", "mixed")
        assert "author_handle" in (s["explanation"]["origin"] or {"author_handle": None})
    neg = [s for s in out if s["tone"] == "negative"]
    assert neg[0]["explanation"]["origin"]["author_handle"] == "gros_compte"
    assert neg[0]["start"] == "2025-10-21T13:00:00+02:00"
