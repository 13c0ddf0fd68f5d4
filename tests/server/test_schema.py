"""The OpenAPI schema: checked into docs/ and current; and a bounded schemathesis run
against the real app over the real stores: no server error, whatever the input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from tests.server.conftest import Server

from rumeur.server.openapi import render

DOC = Path(__file__).parents[2] / "docs" / "openapi.json"


def test_docs_openapi_matches_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/openapi.json is out of date: python -m rumeur.server.openapi > docs/openapi.json"
    )


def test_the_schema_serves_every_area() -> None:
    import json

    paths = json.loads(DOC.read_text(encoding="utf-8"))["paths"]
    for area in ("mentions", "metrics/opinion", "spikes", "audits/conduct", "alerts/rules",
                 "sources", "reports", "privacy/erasure"):  # fmt: skip
        assert f"/api/v1/projects/{{project}}/{area}" in paths, area


@pytest.fixture(scope="module")
def api(server: Server) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", server.app)


#: the lazy schema, parametrised per operation (loaded from the session's app)
schema = schemathesis.pytest.from_fixture("api")


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error(case: Any, server: Server) -> None:
    """Every operation, with generated parameters and bodies, on a real project (the
    project parameter is pinned to one the admin may open, so the requests go deep),
    as an admin: 4xx are fine, 5xx are not."""
    if "project" in (case.path_parameters or {}):
        case.path_parameters["project"] = "alpha"
    if case.path.endswith("/privacy/erasure") and isinstance(case.body, dict):
        case.body["dry_run"] = True  # generated erasures count only: the data stays
    if case.method.upper() == "DELETE" and case.path.startswith("/api/v1/users"):
        case.path_parameters["name"] = "personne"  # never delete the fixture's users
    response = case.call(headers={"Authorization": f"Bearer {server.tokens['admin']}"})
    case.validate_response(response, checks=[not_a_server_error])
