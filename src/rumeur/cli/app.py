"""The root Typer application; command modules attach themselves to it."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from rumeur.cli import framework_words
from rumeur.errors import RumeurError


class _RumeurGroup(TyperGroup):
    """Turns a RumeurError from any command into its message and exit code, in the
    run's language."""

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        """The run's message language, from the whole command line (rumeur.messages)."""
        from rumeur.cli._common import set_lang
        from rumeur.messages import resolve

        set_lang(resolve(list(args)))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RumeurError as err:
            from rumeur.cli._common import print_error

            print_error(err)
            raise typer.Exit(err.exit_code) from err


framework_words.install()  # "Utilisation :", "Affiche cette aide et quitte."...

app = typer.Typer(
    cls=_RumeurGroup,
    name="rumeur",
    help="Rumeur: e-réputation et écoute sociale, auto-hébergée, en français d'abord.\n\n"
    "Codes de sortie : 0 ok, 1 erreur, 2 usage, 3 configuration, 4 base, 5 import, "
    "6 enrichissement/modèle, 7 connecteur.",
    no_args_is_help=True,
    rich_markup_mode=None,  # help text is shown as written: no markup, "[x]" stays
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from rumeur import __version__

        typer.echo(f"rumeur {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Affiche la version."
    ),
) -> None:
    """Rumeur: e-réputation et écoute sociale, auto-hébergée, en français d'abord."""
