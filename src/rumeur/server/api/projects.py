"""The projects a user may open: the list, and one project's description (name, time
zone, language, brands, how many mentions it holds)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from rumeur.server.auth import CurrentUser, ProjectWorkspace
from rumeur.server.context import server_state

router = APIRouter(prefix="/api/v1", tags=["projects"])


class BrandOut(BaseModel):
    id: str
    name: str
    competitor: bool


class ProjectOut(BaseModel):
    id: str
    name: str
    timezone: str
    language: str
    brands: list[BrandOut]


class ProjectDetail(ProjectOut):
    mentions: int


def describe(pid: str, project: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "name": project.name,
        "timezone": project.timezone,
        "language": project.language,
        "brands": [
            {"id": b.id, "name": b.name, "competitor": bool(b.competitor)} for b in project.brands
        ],
    }


@router.get("/projects", response_model=list[ProjectOut])
def projects(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    """The projects you may open."""
    served = server_state(request).projects
    return [describe(p, served.project(p)) for p in served.ids() if user.can_open(p)]


@router.get("/projects/{project}", response_model=ProjectDetail)
def project(project: str, ws: ProjectWorkspace) -> dict[str, Any]:
    """One project: its settings and how many mentions its store holds."""
    return {**describe(project, ws.project), "mentions": ws.mention_count()}
