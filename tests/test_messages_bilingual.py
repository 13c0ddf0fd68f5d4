"""Errors are told in the project's language: every deliberate error (a RumeurError)
carries its message and hint in French and English (rumeur.messages.Text), and the CLI
prints the run's one.

The rule is checked on the source (an AST walk over src/rumeur: a ``raise XError(...)``
or ``return XError(...)`` of a RumeurError subclass, or a settings reader's
``.fail(key, message, hint=...)``, with a plain string or f-string as message or hint
fails), and its effect through the command line, in both languages."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli import _load, app

_load()
runner = CliRunner()

SRC = Path(__file__).resolve().parents[1] / "src" / "rumeur"

#: Raises allowed a one-language string, as (path, a piece of the raise's source): each
#: with the reason. Keep it short; an error a user can meet is never one of them.
EXEMPT: dict[tuple[str, str], str] = {
    # a programming error (a SQL function registered twice by Rumeur's own code), not
    # something a user can cause or fix
    ("storage/duckdb.py", "is registered on this store already"): "programming error",
    # a programming error: Rumeur's code passed a setting name that is not an identifier
    ("storage/duckdb.py", "not a setting name"): "programming error",
}


def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(SRC.rglob("*.py"))}


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """The names of RumeurError and of every class derived from it in src/rumeur."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(
                    b.id if isinstance(b, ast.Name) else b.attr
                    for b in node.bases
                    if isinstance(b, ast.Name | ast.Attribute)
                )
    found = {"RumeurError"}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                grew = True
    return found


def _one_language(node: ast.expr) -> bool:
    """A str literal, an f-string, a concatenation or a ``.format`` of one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _one_language(node.left) or _one_language(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _one_language(node.func.value)
    return False


def _offenders() -> list[tuple[str, int, str, str]]:
    """(path, line, class, source) of each one-language raise of a RumeurError."""
    trees = _trees()
    errors = _error_classes(trees)
    found = []
    for path, tree in trees.items():
        rel = path.relative_to(SRC).as_posix()
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(tree):
            # `raise XError(...)` and `return XError(...)` (a helper building the error)
            call = node.exc if isinstance(node, ast.Raise) else None
            if isinstance(node, ast.Return):
                call = node.value
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "fail":  # a settings reader's `fail(key, message, hint=...)`
                texts = call.args[1:2]
            elif name in errors:
                texts = call.args[:1]
            else:
                continue
            texts += [k.value for k in call.keywords if k.arg in ("hint", "message")]
            if any(_one_language(t) for t in texts):
                found.append((rel, node.lineno, name, ast.get_source_segment(source, call) or ""))
    return found


def _exempt(rel: str, segment: str) -> tuple[str, str] | None:
    return next((k for k in EXEMPT if k[0] == rel and k[1] in segment), None)


def test_the_walk_finds_what_it_should() -> None:
    """The checker itself: it sees a one-language raise, and passes a Text one."""
    tree = ast.parse(
        "raise ConfigError(f'no brand {b}', hint='add one')\n"
        "raise ConfigError(Text('a', 'b'), hint=Text('c', 'd'))\n"
        "raise ValueError('programming error')\n"
    )
    flagged = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Raise)
        and isinstance(n.exc, ast.Call)
        and getattr(n.exc.func, "id", None) == "ConfigError"
        and any(_one_language(a) for a in [*n.exc.args, *(k.value for k in n.exc.keywords)])
    ]
    assert flagged == [1]
    classes = _error_classes(_trees())
    assert {"UsageError", "StoreLockedError", "TokenExpiredError", "DeliveryError"} <= classes
    assert "ValueError" not in classes


def test_every_rumeur_error_is_written_in_both_languages() -> None:
    offenders = _offenders()
    new = [
        f"{rel}:{line}: {name}(...) with a one-language string: use Text(French, English)"
        for rel, line, name, seg in offenders
        if not _exempt(rel, seg)
    ]
    assert not new, "\n".join(new)
    used = {_exempt(rel, seg) for rel, _, _, seg in offenders}
    assert used == set(EXEMPT), f"EXEMPT names raises that went: {set(EXEMPT) - used}"


# -- through the command line ------------------------------------------------------------


def _english(project_dir: Path) -> None:
    toml = project_dir / "rumeur.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'language = "fr"' in text
    toml.write_text(text.replace('language = "fr"', 'language = "en"', 1), encoding="utf-8")


def test_an_empty_store_is_reported_in_the_run_language(project_dir: Path) -> None:
    fr = runner.invoke(app, ["report", "-p", str(project_dir)])
    assert fr.exit_code == 1
    assert "Erreur : le magasin ne contient encore aucune mention" in fr.output
    assert "→ d'abord : rumeur import FICHIER" in fr.output
    assert "holds no mentions" not in fr.output
    en = runner.invoke(app, ["report", "-p", str(project_dir), "--lang", "en"])
    assert en.exit_code == 1
    assert "Error: the store holds no mentions yet" in en.output
    assert "→ rumeur import FILE first" in en.output
    assert "magasin" not in en.output


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_file_without_a_text_column(project_dir: Path, lang: str) -> None:
    if lang == "en":
        _english(project_dir)
    bad = project_dir / "sans_texte.csv"
    bad.write_text("id;date\n1;2025-09-01\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "-p", str(project_dir), "--json"])
    assert result.exit_code == 5
    (row,) = json.loads(result.stdout)
    if lang == "fr":
        assert row["error"] == f"{bad} : aucune colonne ne contient le texte (colonnes : id, date)"
        assert row["hint"] == "nommez-la avec --map text=COLONNE"
    else:
        assert row["error"] == f"{bad}: no column holds the text (columns: id, date)"
        assert row["hint"] == "name it with --map text=COLUMN"


def test_an_unknown_map_field(project_dir: Path) -> None:
    csv = project_dir / "ok.csv"
    csv.write_text("id;date;texte\n1;2025-09-01 10:00;Volta\n", encoding="utf-8")
    args = ["import", str(csv), "-p", str(project_dir), "--map", "titre=texte", "--json"]
    (fr,) = json.loads(runner.invoke(app, args).stdout)
    assert fr["error"] == "--map nomme un champ inconnu 'titre'"
    assert fr["hint"].startswith("champs : external_id, text, ")
    _english(project_dir)
    (en,) = json.loads(runner.invoke(app, args).stdout)
    assert en["error"] == "--map names an unknown field 'titre'"
    assert en["hint"].startswith("fields: external_id, text, ")


def test_an_error_raised_again_as_another_class_keeps_both_languages(project_dir: Path) -> None:
    """A wrong alert rule (a ConfigError of the settings) comes out as a UsageError, in
    both languages still."""
    from rumeur import Workspace
    from rumeur.errors import UsageError

    with Workspace.open(project_dir) as ws, pytest.raises(UsageError) as err:
        ws.add_alert_rule({"name": "x", "type": "spike", "brand": "volt"})
    fr, fr_hint = err.value.render("fr")
    en, en_hint = err.value.render("en")
    assert "marque inconnue 'volt' ; vouliez-vous dire volta ?" in fr
    assert "unknown brand 'volt'; did you mean volta?" in en
    assert fr_hint == "ids des [[brands]] : volta, nexa, ondine"
    assert en_hint == "brand ids of [[brands]]: volta, nexa, ondine"
