"""The API's OpenAPI schema as checked into ``docs/openapi.json``; regenerate it with

    python -m rumeur.server.openapi > docs/openapi.json

(a test fails when the file and the code disagree)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any


def schema() -> dict[str, Any]:
    """The schema of an app serving no project (routes do not depend on projects)."""
    from rumeur.server.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        return create_app({}, state_path=Path(tmp) / "server.sqlite3").openapi()


def render() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
