"""docs/cli.md, generated from the commands themselves (``python -m rumeur.cli.reference
> docs/cli.md``); a test checks that the page matches the code."""

from __future__ import annotations

import sys
from typing import Any

from rumeur.errors import EXIT_CODES

_HEAD = """# Référence de la ligne de commande

Page générée à partir du code par `python -m rumeur.cli.reference > docs/cli.md` (un test
vérifie qu'elle correspond aux commandes). Chaque commande accepte `--project/-p P` (le
dossier d'un projet ou son `rumeur.toml` ; par défaut : le `rumeur.toml` le plus proche) et
`--help/-h`. L'aide est en français ; les sorties sont dans la langue du projet
(`[project] language`) ou celle de `--lang` quand la commande l'a.

Un seul nom par option d'une commande à l'autre : `--brand/-b` un id de marque, `--platform`
une plateforme, `--since`/`--until` une période (lue dans le fuseau du projet), `--lang` un
code de langue, `--limit` un nombre (0 ou plus), `--json` du JSON strict sur la sortie
standard (`null`, jamais NaN). Une valeur que Rumeur ne connaît pas est refusée avec la liste
des valeurs possibles (code de sortie 2). Les textes des données, les noms de fichiers et les
messages sont affichés tels quels : aucun balisage n'y est lu, et les caractères de contrôle
sont montrés comme des échappements (`\\x1b`), jamais envoyés au terminal.

## Codes de sortie

| code | sens |
|---|---|
"""


#: the exit codes' names (rumeur.errors.EXIT_CODES) as the page says them
_EXIT_NAMES = {"error": "erreur", "config": "configuration", "store": "base (store)",
               "enrich": "enrichissement ou modèle", "connector": "connecteur"}  # fmt: skip


def _commands() -> list[tuple[str, Any]]:
    import typer

    from rumeur.cli import _load, app

    _load()
    out: list[tuple[str, Any]] = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):
            for name in sorted(cmd.commands):
                walk(cmd.commands[name], (*path, name))
        elif not getattr(cmd, "hidden", False):
            out.append((" ".join(path), cmd))

    walk(typer.main.get_command(app), ())
    return out


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def render() -> str:
    """The Markdown page."""
    lines = [_HEAD.rstrip("\n")]
    for name, code in EXIT_CODES.items():
        lines.append(f"| {code} | {_EXIT_NAMES.get(name, name)} |")
    for path, cmd in _commands():
        lines += ["", f"## rumeur {path}", ""]
        summary = (cmd.help or "").strip().split("\n\n")[0]
        lines += [_cell(summary), ""]
        args = [p for p in cmd.params if getattr(p, "param_type_name", "") == "argument"]
        usage = " ".join(f"[{a.name.upper()}]" if not a.required else a.name.upper() for a in args)
        lines += [f"    rumeur {path} {usage}".rstrip() + " [OPTIONS]", ""]
        opts = [
            p
            for p in cmd.params
            if getattr(p, "param_type_name", "") == "option" and "--project" not in p.opts
        ]
        if opts:
            lines += ["| option | sens |", "|---|---|"]
            for p in opts:
                names = ", ".join(f"`{o}`" for o in (*p.opts, *p.secondary_opts))
                lines.append(f"| {names} | {_cell(p.help)} |")
    return "\n".join(lines) + "\n"


def option_names() -> dict[str, dict[str, set[str]]]:
    """For the consistency test: each option flag -> the commands using it, per flag."""
    used: dict[str, dict[str, set[str]]] = {}
    for path, cmd in _commands():
        for p in cmd.params:
            if getattr(p, "param_type_name", "") != "option":
                continue
            for flag in (*p.opts, *p.secondary_opts):
                used.setdefault(flag, {}).setdefault(p.opts[0], set()).add(path)
    return used


if __name__ == "__main__":
    sys.stdout.write(render())
