"""One language per output: the same commands, on success and on error, run on a French
project and on an English one (``[project] language``), and nothing a command writes
itself mixes the two (a vocabulary test). The data shown (mention texts, file names,
brand names) is written without words of either language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.config import Brand

_load()
runner = CliRunner()

#: words only an English message would hold
ENGLISH = (
    "the", "and", "of", "not", "row", "rows", "file", "files", "imported", "skipped",
    "quarantined", "duplicate", "duplicates", "error", "unknown", "value", "values", "must",
    "valid", "nothing", "written", "wrote", "deleted", "older", "than", "kept", "forever",
    "brand", "negative", "positive", "neutral", "share", "period", "week", "none", "from",
    "with", "for", "would", "shown", "rule", "rules", "alert", "alerts", "due", "found",
    "missing", "cannot", "hint", "key", "already", "exists", "edit", "then", "use",
)  # fmt: skip
#: words only a French message would hold
FRENCH = (
    "le", "la", "les", "des", "du", "une", "aucun", "aucune", "erreur", "valeur", "valeurs",
    "inconnue", "inconnu", "possibles", "fichier", "fichiers", "ligne", "lignes", "importé",
    "importée", "importées", "quarantaine", "doublon", "doublons", "marque", "marques",
    "défavorable", "défavorables", "favorable", "favorables", "neutre", "semaine",
    "période", "règle", "règles", "alerte", "alertes", "rien", "supprimé", "conservé",
    "est", "sont", "pas", "avec", "pour", "dans", "sur", "et", "ou", "déjà", "écrit",
    "clé", "attendu", "jour", "jours",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

CSV = (
    "id;author;date;text\n"
    "z1;zz_a;2025-10-01 10:00:00;Volta Mobile 5G 👍 #zz\n"
    "z2;zz_b;2025-10-01 11:00:00;Volta Mobile 4G 👎 #zz\n"
    "z3;zz_c;2025-10-02 09:30:00;Nexa 📶 #zz\n"
    "z4;zz_d;;Volta Mobile 3G\n"
    "z5;zz_e;2025-10-02 12:00:00;\n"
)


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    brands = [Brand(id="volta", name="Volta Mobile"), Brand(id="nexa", name="Nexa")]
    for lang in ("fr", "en"):
        root = tmp_path_factory.mktemp(f"projet_{lang}")
        toml = config.template(brands=brands).replace('language = "fr"', f'language = "{lang}"')
        assert f'language = "{lang}"' in toml
        (root / "rumeur.toml").write_text(toml, encoding="utf-8")
        (root / "zz.csv").write_text(CSV, encoding="utf-8")
        bad = root / "casse"
        bad.mkdir()
        (bad / "rumeur.toml").write_text(
            toml.replace("Europe/Paris", "Mars/Olympus"), encoding="utf-8"
        )
        out[lang] = root
    return out


COMMANDS: list[tuple[str, list[str], int]] = [
    ("import", ["import", "{p}/zz.csv", "-p", "{p}"], 0),
    ("import again", ["import", "{p}/zz.csv", "-p", "{p}"], 0),
    ("import missing", ["import", "{p}/zz_absent.csv", "-p", "{p}"], 5),
    ("mentions", ["mentions", "-p", "{p}", "--limit", "2"], 0),
    ("mentions bad sentiment", ["mentions", "-p", "{p}", "--sentiment", "zz"], 2),
    ("mentions bad brand", ["mentions", "-p", "{p}", "--brand", "zz"], 2),
    ("opinion", ["metrics", "opinion", "-p", "{p}"], 0),
    ("opinion bad by", ["metrics", "opinion", "-p", "{p}", "--by", "zz"], 2),
    ("quarantine", ["quarantine", "list", "-p", "{p}"], 0),
    ("alerts check", ["alerts", "check", "-p", "{p}"], 0),
    ("retention", ["retention", "--dry-run", "-p", "{p}"], 0),
    ("init exists", ["init", "{p}"], 1),
    ("broken config", ["mentions", "-p", "{p}/casse"], 3),
]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_output_mixes_languages(projects: dict[str, Path], lang: str) -> None:
    p = str(projects[lang])
    other = ENGLISH if lang == "fr" else FRENCH
    own = FRENCH if lang == "fr" else ENGLISH
    mixed, silent = {}, []
    for name, args, code in COMMANDS:
        result = runner.invoke(app, [a.format(p=p) for a in args])
        assert result.exit_code == code, (name, result.output)
        text = result.output.replace(p, " ")
        # what the user types is no language: option names, and the valid values listed
        text = re.sub(r"--[\w-]+", " ", text)
        text = re.sub(r"(valeurs possibles|valid values) :?.*", " ", text)
        found = sorted(words(text) & set(other))
        if found:
            mixed[name] = (found, text)
        if not words(text) & set(own):
            silent.append(name)
    assert not mixed, f"{lang} project, words of the other language: {mixed}"
    # each output says something in its own language (a blank output would pass above)
    assert not [n for n in silent if n not in ("mentions", "opinion")], silent
