"""``--help`` is French, like the outputs of a French project (the default): every
command's summary, examples and option texts, read from the commands themselves; and
docs/cli.md, generated from them, with its headings."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from rumeur.cli import _load, app
from rumeur.cli.reference import _commands, render

_load()

#: words only an English sentence would hold (none is a value a user types)
ENGLISH = {
    "the", "and", "of", "not", "with", "from", "for", "only", "this", "every", "each",
    "or", "to", "is", "are", "default", "rows", "row", "file", "files", "write", "writes",
    "when", "which", "what", "than", "into", "per", "examples", "print", "show", "shows",
    "its", "their", "your", "after", "before", "same", "also", "first", "see",
}  # fmt: skip
#: words a French help text holds (a blank or untranslated text has none)
FRENCH = {
    "le", "la", "les", "des", "du", "de", "une", "un", "et", "ou", "par", "pour", "dans",
    "sur", "avec", "seulement", "défaut", "fichier", "marque", "ce", "cette", "ces", "qui",
    "au", "aux", "à", "son", "sa", "ses", "jusqu'à", "nombre", "exemples", "plus", "ne",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _prose(text: str) -> str:
    """``text`` without what the user types: command lines of the examples, option names,
    identifiers (``every_minutes``, ``created_at``), paths and placeholders."""
    lines = [ln for ln in text.splitlines() if not re.match(r"\s*(rumeur|echo|printf|\*/)", ln)]
    text = " ".join(lines)
    text = re.sub(r"--[\w-]+|\$\w+|~?/[\w./<>-]*|\w*_\w*|<[^>]*>|\{[^}]*\}", " ", text)
    return text


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def test_every_help_text_is_french() -> None:
    english: dict[str, list[tuple[str, list[str]]]] = {}
    silent = []
    for path, cmd in _commands():
        texts = [cmd.help or "", cmd.epilog or ""]
        texts += [getattr(p, "help", None) or "" for p in cmd.params]
        for text in texts:
            found = sorted(_words(_prose(text)) & ENGLISH)
            if found:
                english.setdefault(path, []).append((text[:70], found))
        if not _words(_prose(cmd.help or "")) & FRENCH:
            silent.append(path)
        assert "Exemples :" in (cmd.epilog or ""), f"rumeur {path}: no examples"
    assert not english, english
    assert not silent, f"summaries without a French word: {silent}"


def test_help_of_a_group_and_a_command() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "Codes de sortie" in top.output
    assert "Affiche la version." in top.output
    sub = runner.invoke(app, ["metrics", "--help"])
    assert sub.exit_code == 0 and "Analyses de réputation" in sub.output
    one = runner.invoke(app, ["mentions", "--help"])
    assert one.exit_code == 0
    assert "Liste, cherche et filtre les mentions" in one.output
    assert "Dossier du projet ou son rumeur.toml" in one.output  # --project, shared
    # option names and the values a user types stay as they are
    assert "--since" in one.output and "negative, neutral, positive" in one.output


def test_docs_cli_is_french() -> None:
    page = render()
    assert page.startswith("# Référence de la ligne de commande")
    assert "| option | sens |" in page and "| option | meaning |" not in page
