"""Privacy rights (RGPD), as ``rumeur privacy`` offers them, for admins only: a person's
data (access, art. 15), their erasure (art. 17, with a dry run), and the privacy log.
Every request is in the audit log; the access export is in the privacy log too."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel, Field

from rumeur.server.api._common import Admin, Writing, project_router
from rumeur.server.auth import ProjectWorkspace, _note

router = project_router("privacy")


class Subject(BaseModel):
    """The person: one or several of their identifiers (handles, author ids)."""

    authors: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        min_length=1, max_length=20
    )
    platform: str | None = Field(default=None, max_length=50, description="Default: all.")


class ErasureIn(Subject):
    dry_run: bool = Field(default=False, description="Count only; change nothing.")


@router.post("/privacy/access")
def access(request: Request, ws: ProjectWorkspace, _: Admin, body: Subject) -> dict[str, Any]:
    """Everything held about the person, as JSON (logged in the privacy log)."""
    _note(request, detail={"authors": len(body.authors), "platform": body.platform})
    return ws.export_author(body.authors, body.platform)


@router.post("/privacy/erasure", dependencies=[Writing])
def erasure(request: Request, ws: ProjectWorkspace, _: Admin, body: ErasureIn) -> dict[str, Any]:
    """Erase the person everywhere in the store and its archives (or count only), and
    keep them out of later imports and collections."""
    done = ws.erase_author(body.authors, body.platform, dry_run=body.dry_run)
    _note(request, detail={"dry_run": body.dry_run, "log_id": done.log_id})
    return done.as_dict()


@router.get("/privacy/log")
def log(
    ws: ProjectWorkspace,
    _: Admin,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    operation: Annotated[str | None, Query(max_length=30)] = None,
) -> list[dict[str, Any]]:
    """The privacy operations log, newest first."""
    return ws.privacy_log(limit=limit, operation=operation)
