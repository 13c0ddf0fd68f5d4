"""Human label corrections: an analyst sets a mention's label (stored as a person's
label, preferred over the models' in every figure, which count them as ``human_labels``),
the corrections' history, and their export as training lines (JSON Lines)."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from rumeur.server.api._common import Analyst, Writing, project_router
from rumeur.server.auth import ProjectWorkspace, _note
from rumeur.server.errors import ApiError

router = project_router("labels")


class CorrectionIn(BaseModel):
    field: str = Field(default="sentiment", max_length=30, description="sentiment")
    value: str = Field(min_length=1, max_length=30, description="negative, neutral, positive")
    note: str | None = Field(default=None, max_length=2000, description="Why (optional).")


def _known(ws: Any, mention_id: str) -> None:
    if ws.mention(mention_id) is None:
        raise ApiError(404, "not_found", what=f"mention {mention_id}")


@router.post("/mentions/{mention_id}/labels", status_code=201, dependencies=[Writing])
def correct(
    request: Request, ws: ProjectWorkspace, user: Analyst, mention_id: str, body: CorrectionIn
) -> dict[str, Any]:
    """Set the mention's label as yours (its history keeps the previous ones); the
    figures use it from now on, marked as a person's."""
    _known(ws, mention_id)
    done = ws.correct_label(
        mention_id, field=body.field, value=body.value, user=user.name, note=body.note
    )
    _note(request, detail={"mention": mention_id, "field": body.field, "value": body.value})
    return done.to_dict()


@router.get("/mentions/{mention_id}/labels")
def mention_labels(ws: ProjectWorkspace, mention_id: str) -> list[dict[str, Any]]:
    """The mention's corrections, oldest first."""
    _known(ws, mention_id)
    return [c.to_dict() for c in ws.label_history(mention_id)]


@router.get("/labels")
def labels(
    ws: ProjectWorkspace, limit: Annotated[int, Query(ge=1, le=100_000)] = 1000
) -> list[dict[str, Any]]:
    """Every correction in the project, oldest first."""
    return [c.to_dict() for c in ws.label_history()][-limit:]


@router.get(
    "/labels/export",
    response_class=Response,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines"}},
)
def export(ws: ProjectWorkspace, _: Analyst) -> Response:
    """The corrections in force as training data: one JSON line per mention (``id``,
    ``text``, ``label``, ``corrected_by``, ``corrected_at``)."""
    out = io.StringIO()
    ws.export_labels(out)
    return Response(
        out.getvalue(),
        media_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="corrections.jsonl"'},
    )
