"""The layering rules of docs/architecture.md, checked on the source tree.

- Only ``rumeur/storage/`` knows the database: no ``.con`` (a DuckDB connection) and no
  ``DuckDBStore`` anywhere else; ``rumeur.storage.open_store`` picks the backend.
- ``rumeur/cli/`` renders: no SQL, and no pipeline part imported (outside type hints):
  each command calls the Workspace.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import rumeur

SRC = Path(rumeur.__file__).parent
SQL = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|CREATE (TEMP )?TABLE)\b")
#: what a face must reach through the Workspace, never directly
PIPELINE = (
    "rumeur.storage",
    "rumeur.ingest.pipeline",
    "rumeur.ingest.stage",
    "rumeur.enrich.pipeline",
    "rumeur.analytics",
    "rumeur.alerts",
    "rumeur.report",
    "rumeur.connectors.watcher",
    "rumeur.connectors.registry",
    "rumeur.connectors.webhook",
    "rumeur.query",
    "rumeur.demo",
)


def _runtime_imports(tree: ast.AST) -> list[str]:
    """Modules imported outside ``if TYPE_CHECKING:`` blocks."""
    out: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                out.extend(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                out.append(child.module)
                out.extend(f"{child.module}.{a.name}" for a in child.names)
            visit(child)

    visit(tree)
    return out


def test_only_storage_knows_the_database() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("storage/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.con\b", line) or "DuckDBStore" in line:
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_cli_holds_no_sql_and_no_pipeline() -> None:
    offenders = []
    for path in sorted((SRC / "cli").rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        text = path.read_text(encoding="utf-8")
        offenders += [f"{rel}: SQL {m.group(0)!r}" for m in SQL.finditer(text)]
        for module in _runtime_imports(ast.parse(text)):
            if any(module == p or module.startswith(p + ".") for p in PIPELINE):
                offenders.append(f"{rel}: imports {module}")
    assert not offenders, "\n".join(offenders)
