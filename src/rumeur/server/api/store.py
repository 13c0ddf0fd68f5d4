"""The store of a served project, read by this machine's CLI while the server holds it
(:mod:`rumeur.storage.remote`): one read-only SQL statement in, Arrow IPC rows out.
Only the local token of the server's runtime file may call it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from rumeur.server.api._common import project_router
from rumeur.server.auth import CurrentUser, ProjectWorkspace, _note
from rumeur.server.errors import ApiError

router = project_router("store")
ARROW = "application/vnd.apache.arrow.stream"


class ReadQuery(BaseModel):
    sql: str = Field(min_length=1, max_length=200_000)
    params: list[Any] = Field(default_factory=list, max_length=10_000)


@router.post(
    "/store/query",
    response_class=Response,
    responses={200: {"content": {ARROW: {}}, "description": "the rows, Arrow IPC stream"}},
)
def read_query(
    request: Request, ws: ProjectWorkspace, user: CurrentUser, body: ReadQuery
) -> Response:
    """Run one read-only statement for the CLI of the machine the server runs on
    (local token only: 403 for everyone else)."""
    if user.via != "local":
        raise ApiError(403, "local_only")
    _note(request, skip=True)  # the CLI's reads are reads: not in the audit log
    return Response(ws.read_arrow(body.sql, body.params), media_type=ARROW)
