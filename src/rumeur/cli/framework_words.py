"""The command-line framework's own words in Rumeur's languages.

Typer (and the copy of Click it ships, ``typer._click``) writes some words itself:
"Usage:", the "Options"/"Commands" headings, the help option's "Show this message and
exit.", the completion options, "[default: x]", and its usage errors ("No such option:
--x", "Try 'rumeur mentions -h' for help.", "Error: ..."). Most of them are f-strings,
so no translation catalogue reaches them; this module rewrites them where they are
written:

- :class:`HelpFormatter` (installed as the contexts' formatter) writes the usage line,
  the headings and the framework's option texts in French: ``--help`` is French whatever
  the run's language, like the command texts it frames;
- a usage error is printed in the run's language (French, or English for an English
  project or ``--lang en``): the usage line, the hint, then the message, translated by
  :data:`_ERRORS` (a message none of them knows is shown as the framework wrote it,
  after "Erreur : ").

:func:`install` does both; :mod:`rumeur.cli.app` calls it once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import typer.core
from typer import _click
from typer._click import formatting

from rumeur.suggest import guess

#: the headings the framework writes, in French
_HEADINGS = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}
#: the option texts the framework writes, in French
_OPTION_TEXTS = {
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Install completion for the current shell.":
        "Installe l'autocomplétion de rumeur pour le shell courant.",
    "Show completion for the current shell, to copy it or customize the installation.":
        "Affiche le script d'autocomplétion du shell courant, à copier ou adapter.",
}  # fmt: skip
#: the words typer.core passes through gettext (option defaults, required marks)
_GETTEXT = {
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(calculé)",
    "Aborted!": "Interrompu.",
    "Missing command.": "Il manque la commande.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
}


def _quoted(text: str) -> str:
    return f"« {text} »"


#: usage errors: the framework's English message -> the French one
_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^No such option: (?P<o>\S+)(?: \(Possible options: (?P<p>.*)\))?$", re.S),
     lambda m: f"option inconnue : {m['o']}"
     + (f" (options proches : {m['p']})" if m["p"] else "")),
    (re.compile(r"^No such command '(?P<c>.*)'\.(?: Did you mean (?P<p>.*)\?)?$", re.S),
     lambda m: f"commande inconnue : {m['c']}" + guess(m["p"]).fr),
    (re.compile(r"^Commande inconnue : '(?P<c>.*)'\.(?:\. Did you mean (?P<p>.*)\?)?$", re.S),
     lambda m: f"commande inconnue : {m['c']}" + guess(m["p"]).fr),
    (re.compile(r"^Missing command\.$"), lambda m: "il manque la commande"),
    (re.compile(r"^Il manque la commande\.$"), lambda m: "il manque la commande"),
    (re.compile(r"^Missing (?P<k>argument|option|parameter)(?: '(?P<n>[^']*)')?\.?$"),
     lambda m: {"argument": "argument manquant", "option": "option manquante",
                "parameter": "paramètre manquant"}[m["k"]]
     + (f" : {m['n']}" if m["n"] else "")),
    (re.compile(r"^Option '(?P<o>[^']+)' requires an argument\.$"),
     lambda m: f"l'option {m['o']} attend une valeur"),
    (re.compile(r"^Option '(?P<o>[^']+)' requires (?P<n>\d+) arguments\.$"),
     lambda m: f"l'option {m['o']} attend {m['n']} valeurs"),
    (re.compile(r"^Option '(?P<o>[^']+)' does not take a value\.$"),
     lambda m: f"l'option {m['o']} ne prend pas de valeur"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)$", re.S),
     lambda m: f"argument en trop : {m['a']}"),
    (re.compile(r"^Invalid value for (?P<p>.+?): (?P<v>.*)$", re.S),
     lambda m: f"valeur invalide pour {_quoted(m['p'].strip(chr(39)))} : "
     f"{_value_error(m['v'])}"),
    (re.compile(r"^Invalid value: (?P<v>.*)$", re.S),
     lambda m: f"valeur invalide : {_value_error(m['v'])}"),
]  # fmt: skip

_BOUNDS = {"greater than or equal to": "≥", "greater than": ">",
           "less than or equal to": "≤", "less than": "<"}  # fmt: skip

#: the value errors inside "Invalid value for X: ..." (Click's parameter types, and the
#: pydantic checks Typer's options go through)
_VALUES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Input should be a valid integer\b.*$", re.S),
     lambda m: "un nombre entier est attendu"),
    (re.compile(r"^Input should be a valid number\b.*$", re.S),
     lambda m: "un nombre est attendu"),
    (re.compile(r"^Input should be a valid boolean\b.*$", re.S),
     lambda m: "oui ou non est attendu (true, false)"),
    (re.compile(r"^Input should be (?P<b>(?:greater|less) than(?: or equal to)?) (?P<n>\S+)$"),
     lambda m: f"la valeur doit être {_BOUNDS[m['b']]} {m['n']}"),
    (re.compile(r"^Input should be (?P<c>'.*')$", re.S),
     lambda m: "valeurs possibles : " + m["c"].replace("' or '", "', '")),
    (re.compile(r"^(?P<v>.+) is not a valid (?P<t>integer|float)(?: range)?\.$"),
     lambda m: f"{m['v']} n'est pas un nombre "
     + ("entier" if m["t"] == "integer" else "décimal")),
    (re.compile(r"^(?P<v>.+) is not a valid boolean(?:\. Recognized values: (?P<r>.*))?$", re.S),
     lambda m: f"{m['v']} n'est pas un booléen"
     + (f" (valeurs reconnues : {m['r']})" if m["r"] else "")),
    (re.compile(r"^(?P<v>.+) is not one of (?P<c>.*)\.$", re.S),
     lambda m: f"{m['v']} n'est pas l'un de {m['c']}"),
    (re.compile(r"^(?P<v>.+) is not (?P<c>'[^']*')\.$"),
     lambda m: f"{m['v']} n'est pas {m['c']}"),
    (re.compile(r"^(?P<v>.+) is not in the range (?P<r>.*)\.$"),
     lambda m: f"{m['v']} n'est pas dans l'intervalle {m['r']}"),
    (re.compile(r"^(?P<v>.+) does not match the formats? (?P<f>.*)\.$", re.S),
     lambda m: f"{m['v']} ne suit pas le format {m['f']}"),
    (re.compile(r"^(?P<k>File|Path|Directory) (?P<f>'.*') does not exist\.$"),
     lambda m: f"{m['f']} n'existe pas"),
    (re.compile(r"^(?P<k>File|Path|Directory) (?P<f>'.*') is a directory\.$"),
     lambda m: f"{m['f']} est un dossier"),
    (re.compile(r"^(?P<k>File|Path|Directory) (?P<f>'.*') is a file\.$"),
     lambda m: f"{m['f']} est un fichier"),
    (re.compile(r"^(?P<k>File|Path|Directory) (?P<f>'.*') is not readable\.$"),
     lambda m: f"{m['f']} n'est pas lisible"),
]  # fmt: skip


def _value_error(text: str) -> str:
    for pattern, french in _VALUES:
        if m := pattern.match(text.strip()):
            return french(m)
    return text


def error_in_french(message: str) -> str:
    """The framework's usage-error ``message`` in French (as it is when unknown)."""
    for pattern, french in _ERRORS:
        if m := pattern.match(message.strip()):
            return french(m)
    return message


class HelpFormatter(formatting.HelpFormatter):
    """The framework's help formatter, writing its own words in French."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)} :\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, _OPTION_TEXTS.get(text, text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _run_lang() -> str:
    from rumeur.cli._common import lang

    return lang()


def _gettext(message: str) -> str:
    if message == "Aborted!" and _run_lang() != "fr":  # an error: the run's language
        return message
    return _GETTEXT.get(message, message)


_SHOW = _click.exceptions.UsageError.show


def _show(err: _click.exceptions.UsageError, file: Any = None) -> None:
    """``UsageError.show``: in French for a French run, as the framework writes it
    otherwise."""
    if _run_lang() != "fr":
        _SHOW(err, file)
        return
    ctx = err.ctx
    out = file if file is not None else sys.stderr
    if ctx is not None:
        names = [n for n in ctx.help_option_names] or ["--help"]
        hint = f"Essayez {_quoted(ctx.command_path + ' ' + names[0])} pour l'aide.\n"
        _click.echo(f"{ctx.get_usage()}\n{hint}", file=out, color=ctx.color)
    _click.echo(f"Erreur : {error_in_french(err.format_message())}", file=out)


def install() -> None:
    """Make every help page and usage error of this process use these words (the help
    formatter of Typer's contexts, the words typer.core passes through gettext)."""
    _click.core.Context.formatter_class = HelpFormatter
    typer.core._ = _gettext
    _click.exceptions.UsageError.show = _show  # type: ignore[method-assign,assignment]
