"""``python -m rumeur`` and the ``rumeur`` script.

``rumeur --version`` is answered here, before the CLI (Typer, rich) is loaded."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        from rumeur import __version__

        sys.stdout.write(f"rumeur {__version__}\n")
        return
    from rumeur.cli import main as cli_main

    cli_main(argv)


if __name__ == "__main__":
    main()
