"""docs/cli.md, generated from the commands themselves (``python -m rumeur.cli.reference
> docs/cli.md``); a test checks that the page matches the code."""

from __future__ import annotations

import sys
from typing import Any

from rumeur.errors import EXIT_CODES

_HEAD = """# Command-line reference

Generated from the code by `python -m rumeur.cli.reference > docs/cli.md` (a test checks
that this page matches the commands). Every command accepts `--project/-p P` (a project
folder or its `rumeur.toml`; default: the nearest `rumeur.toml`) and `--help/-h`.

One name per option across commands: `--brand/-b` a brand id, `--platform` a platform,
`--since`/`--until` a period (read in the project's time zone), `--lang` a language code,
`--limit` a count (0 or more), `--json` strict JSON on stdout (`null`, never NaN).
A value Rumeur does not know is refused with the valid ones listed (exit code 2). Text
from the data, file names and messages are printed as they are: no markup is read in
them, and control characters are shown as escapes (`\\x1b`), never sent to the terminal.

## Exit codes

| code | meaning |
|---|---|
"""


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
        lines.append(f"| {code} | {name} |")
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
            lines += ["| option | meaning |", "|---|---|"]
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
