"""``rumeur init`` writes rumeur.toml with tomlkit: any value round-trips, comments stay."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.config import Brand

_load()
runner = CliRunner()
TRICKY = 'Veille "spéciale" \\ [final]\nligne 2 \x1b]0;t\x07 """ fin'


def test_init_escapes_every_value(tmp_path: Path) -> None:
    res = runner.invoke(app, ["init", str(tmp_path), "--name", TRICKY])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "rumeur.toml").read_text(encoding="utf-8")
    assert text.startswith("# Rumeur project file.")  # the comments are kept
    assert config.load(tmp_path).name == TRICKY


def test_brand_values_are_escaped(tmp_path: Path) -> None:
    brand = Brand(id="b1", name='Les "Frères" \\ Dupont\n', aliases=('Frères"D',),
                  handles=("freres_d",), exclude=("tarte\n aux frères",))  # fmt: skip
    (tmp_path / "rumeur.toml").write_text(config.template(brands=(brand,)), encoding="utf-8")
    [loaded] = config.load(tmp_path).brands
    assert (loaded.name, loaded.aliases, loaded.exclude) == (
        brand.name, brand.aliases, brand.exclude
    )  # fmt: skip
