"""Same store, same command, same bytes: the motivation model is shipped (never refitted),
bootstraps are seeded, and undefined figures leave as JSON null (never NaN/Infinity)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rumeur import config
from rumeur.analytics import motivation_model
from rumeur.analytics.motivation import classify, load_examples
from rumeur.analytics.text import fold
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import T0, add_mention, timedelta

TEXTS = [
    "Code promo HIVER : -25 % sur tout le site", "Vos horaires le dimanche ?",
    "Mon colis est bloqué depuis 10 jours", "Merci à toute la communauté, vous êtes top",
    "En avant-première : le nouveau forfait arrive", "Bof, rien à dire",
    "Dites-nous en commentaire votre forfait préféré", "Panne de box, le SAV ne répond pas",
    "Concours : gagnez un téléphone", "Comment télécharger ma facture ?",
]  # fmt: skip


def _strict(text: str) -> Any:
    def refuse(token: str) -> Any:
        raise ValueError(f"non-standard JSON constant {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rumeur.toml").write_text(config.template(), encoding="utf-8")
    with DuckDBStore(tmp_path / "rumeur.duckdb") as s:
        for i in range(40):
            own = i % 4 == 0
            add_mention(s, f"m{i}", text=TEXTS[i % len(TEXTS)] + f" ({i})", is_own_account=own,
                        brands=["ma-marque"], likes=i % 7, author=f"a{i % 13}",
                        sentiment=("negative", "positive", "neutral")[i % 3],
                        author_followers=100 * (i + 1), created_at=T0 + timedelta(hours=i),
                        aspects={"price": "negative"} if i % 5 == 0 else None)  # fmt: skip
    return tmp_path


def _run(project: Path, *args: str) -> str:
    res = subprocess.run([sys.executable, "-m", "rumeur", *args, "-p", str(project), "--json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return res.stdout


@pytest.mark.slow
def test_motivations_identical_across_processes_and_strict_json(project: Path) -> None:
    first = _run(project, "metrics", "motivations", "--brand", "ma-marque")
    second = _run(project, "metrics", "motivations", "--brand", "ma-marque")
    assert first == second
    cells = {c["motivation"]: c for c in _strict(first)}
    # no brand post labelled "other": its engagement is undefined -> null, not NaN
    undefined = [c for c in cells.values() if c["brand_posts"] == 0]
    assert undefined and all(c["engagement"]["value"] is None for c in undefined)


def test_debt_by_aspect_json_is_strict(project: Path) -> None:
    from typer.testing import CliRunner

    from rumeur.cli import _load, app

    _load()
    res = CliRunner().invoke(app, ["metrics", "debt", "--by", "aspect", "-p", str(project),
                                   "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    out = _strict(res.stdout)
    (price,) = [c for c in out["cells"] if c["aspect"] == "price"]
    # only unfavourable price judgements: U / F is undefined (was Infinity)
    assert price["favourable_reach"] == 0 and price["ratio"]["value"] is None


def test_classify_never_fits_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from sklearn.linear_model import LogisticRegression

    motivation_model.load.cache_clear()

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the motivation classifier was refitted at run time")

    monkeypatch.setattr(LogisticRegression, "fit", refuse)
    labels = [m for m, _ in classify(TEXTS)]
    assert labels[0] == "promotions" and labels[2] == "care"


def test_shipped_model_is_what_the_training_command_writes(tmp_path: Path) -> None:
    ex = load_examples()
    fitted = motivation_model.pipeline().fit([fold(e["text"]) for e in ex],
                                             [e["label"] for e in ex])  # fmt: skip
    motivation_model.save(fitted, tmp_path / "m.npz")
    assert (tmp_path / "m.npz").read_bytes() == motivation_model.shipped_path().read_bytes()


@pytest.mark.slow
def test_two_reports_of_one_store_are_identical(tmp_path: Path) -> None:
    """Two ``rumeur report`` runs (two processes) over one store: the same bytes, but for
    the line giving the generation time."""
    import re

    from tests.analytics.test_spike_tone_origin import _fill

    (tmp_path / "rumeur.toml").write_text(
        config.template() + '\n[[alerts.rules]]\nname = "buzz"\ntype = "spike"\n',
        encoding="utf-8",
    )
    with DuckDBStore(tmp_path / "rumeur.duckdb") as st:
        _fill(st)
    pages = []
    for name in ("a.html", "b.html"):
        subprocess.run([sys.executable, "-m", "rumeur", "report", "-o", str(tmp_path / name),
                        "-p", str(tmp_path)], check=True, capture_output=True)  # fmt: skip
        html = (tmp_path / name).read_text(encoding="utf-8")
        pages.append(re.sub(r"Généré le [0-9/: ]+", "", html))
    assert "motivation" in pages[0].lower() and "gros_compte" in pages[0]
    assert pages[0] == pages[1]
