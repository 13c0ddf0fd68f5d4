"""The CLI starts without the heavy parts: loading every command module (what
``rumeur --help`` does) imports neither DuckDB, numpy, pyarrow, scipy nor scikit-learn."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("duckdb", "numpy", "pyarrow", "scipy", "sklearn", "pydantic_core")


def test_loading_the_commands_imports_nothing_heavy() -> None:
    code = (
        "import sys\nfrom rumeur.cli import _load\n_load()\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_version_is_answered_before_the_cli_loads() -> None:
    code = (
        "import sys\nfrom rumeur.__main__ import main\nmain(['--version'])\n"
        "print('typer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["rumeur", "0.1.0", "False"]
