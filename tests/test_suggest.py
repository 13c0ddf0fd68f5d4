""" "Unknown X 'v'; did you mean Y?" is worded once (rumeur.suggest), in both languages,
for every closed set a user can misspell: a brand, a platform, a sentiment, an alert
rule's brand, a source's setting. Checked through the command line and the project
file, in a French and an English project, and on the source: nobody words it by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.errors import ConfigError
from rumeur.messages import Text
from rumeur.suggest import listed, nearest, unknown

_load()
runner = CliRunner()

SRC = Path(__file__).resolve().parents[1] / "src" / "rumeur"


def test_the_nearest_value_ignores_accents_and_case() -> None:
    sentiments = ["negative", "neutral", "positive", "unsupported"]
    assert nearest("négatif", sentiments) == "negative"
    assert nearest("POSITIF", sentiments) == "positive"
    assert nearest("volt", ["volta", "nexa", "ondine"]) == "volta"
    assert nearest("zzz", sentiments) is None


def test_one_wording_in_each_language() -> None:
    said = unknown(Text("marque inconnue", "unknown brand"), "volt", ["volta", "nexa"])
    assert said == Text(
        "marque inconnue 'volt' ; vouliez-vous dire volta ?",
        "unknown brand 'volt'; did you mean volta?",
    )
    far = unknown(Text("valeur inconnue", "unknown value"), "x", ["csv"], option="--format")
    assert far == Text("--format : valeur inconnue 'x'", "--format: unknown value 'x'")
    assert listed(["csv", "jsonl"]) == Text(
        "valeurs possibles : csv, jsonl", "valid values: csv, jsonl"
    )
    assert listed([]) == Text("valeurs possibles : (aucune)", "valid values: (none)")


def _english(project_dir: Path) -> None:
    toml = project_dir / "rumeur.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('language = "fr"', 'language = "en"', 1), encoding="utf-8")


#: option, value given, French message, English message
FILTERS = [
    ("--brand", "volt",
     "--brand : marque inconnue 'volt' ; vouliez-vous dire volta ?",
     "--brand: unknown brand 'volt'; did you mean volta?"),
    ("--platform", "mastodn",
     "--platform : valeur inconnue 'mastodn' ; vouliez-vous dire mastodon ?",
     "--platform: unknown value 'mastodn'; did you mean mastodon?"),
    ("--sentiment", "négatif",
     "--sentiment : valeur inconnue 'négatif' ; vouliez-vous dire negative ?",
     "--sentiment: unknown value 'négatif'; did you mean negative?"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_unknown_filter_value_is_refused_with_the_nearest(project_dir: Path, lang: str) -> None:
    if lang == "en":
        _english(project_dir)
    for option, value, fr, en in FILTERS:
        result = runner.invoke(app, ["mentions", "-p", str(project_dir), option, value])
        assert result.exit_code == 2, result.output
        out = " ".join(result.output.split())
        assert (fr if lang == "fr" else en) in out
        assert (en if lang == "fr" else fr) not in out
        assert ("vouliez-vous" in out) == (lang == "fr")
        assert ("did you mean" in out) == (lang == "en")


RULE = """
[[alerts.rules]]
name = "pic"
type = "spike"
brand = "voltaa"
"""


def test_an_alert_rule_naming_an_unknown_brand(project_dir: Path) -> None:
    toml = project_dir / "rumeur.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + RULE, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(project_dir)
    fr, fr_hint = err.value.render("fr")
    en, en_hint = err.value.render("en")
    assert fr.endswith("marque inconnue 'voltaa' ; vouliez-vous dire volta ?")
    assert en.endswith("unknown brand 'voltaa'; did you mean volta?")
    assert fr_hint == "ids des [[brands]] : volta, nexa, ondine"
    assert en_hint == "brand ids of [[brands]]: volta, nexa, ondine"
    # through the command line, in the project's language
    result = runner.invoke(app, ["alerts", "check", "-p", str(project_dir)])
    assert result.exit_code == 3
    assert "marque inconnue 'voltaa' ; vouliez-vous dire volta ?" in " ".join(result.output.split())


def test_an_unknown_rule_type_and_source_setting(tmp_path: Path, project_dir: Path) -> None:
    toml = project_dir / "rumeur.toml"
    base = toml.read_text(encoding="utf-8")
    toml.write_text(base + '\n[[alerts.rules]]\nname = "x"\ntype = "spkie"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(project_dir)
    assert err.value.render("fr")[0].endswith(
        "type de règle inconnu 'spkie' ; vouliez-vous dire spike ?"
    )
    assert err.value.render("en")[0].endswith("unknown rule type 'spkie'; did you mean spike?")


def _hand_built() -> list[str]:
    """Places outside rumeur/suggest.py that word a suggestion themselves."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "suggest.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            text = None
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
            ):
                text = node.value
            if text and ("vouliez-vous dire" in text or "did you mean" in text.lower()):
                found.append(f"{rel}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "get_close_matches":
                found.append(f"{rel}:{node.lineno} (get_close_matches)")
    return found


def test_no_suggestion_is_worded_by_hand() -> None:
    # the framework's own English ("Did you mean") is matched to be translated: allowed
    # there as a pattern only
    allowed = {"cli/framework_words.py"}
    found = [f for f in _hand_built() if f.split(":")[0] not in allowed]
    assert not found, found
