"""Reports: generate the self-contained HTML report of a period (analysts), list the
generated ones, download one. They are kept in the project's folder, under
``.rumeur/reports/`` (one file per report, named by its id)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from rumeur.server.api._common import Analyst, Writing, project_router
from rumeur.server.auth import ProjectWorkspace, _note
from rumeur.server.errors import ApiError

router = project_router("reports")
_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")


class ReportIn(BaseModel):
    since: str | None = Field(default=None, max_length=40, description="Default: all stored.")
    until: str | None = Field(default=None, max_length=40)
    lang: str | None = Field(default=None, pattern="^(fr|en)$", description="Default: project's.")


def _folder(ws: Any) -> Path:
    return Path(ws.project.root) / ".rumeur" / "reports"


def _describe(path: Path, project: str) -> dict[str, Any]:
    stat = path.stat()
    rid = path.stem
    return {
        "id": rid,
        "created_at": datetime.fromtimestamp(stat.st_mtime, UTC),
        "bytes": stat.st_size,
        "download": f"/api/v1/projects/{project}/reports/{rid}",
    }


@router.post("/reports", status_code=201, dependencies=[Writing])
def generate(
    request: Request, project: str, ws: ProjectWorkspace, _: Analyst, body: ReportIn
) -> dict[str, Any]:
    """Generate the report of [since, until) in ``lang``; its id and download address."""
    rid = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    folder = _folder(ws)
    folder.mkdir(parents=True, exist_ok=True)
    path = ws.report(folder / f"{rid}.html", lang=body.lang, since=body.since, until=body.until)
    _note(request, detail={"report": rid})
    return _describe(path, project)


@router.get("/reports")
def reports(project: str, ws: ProjectWorkspace) -> list[dict[str, Any]]:
    """The generated reports, newest first."""
    folder = _folder(ws)
    files = [p for p in folder.glob("*.html") if _ID.match(p.stem)] if folder.is_dir() else []
    return [_describe(p, project) for p in sorted(files, reverse=True)]


@router.get(
    "/reports/{report_id}",
    response_class=FileResponse,
    responses={200: {"content": {"text/html": {}}, "description": "the report"}},
)
def download(ws: ProjectWorkspace, report_id: Annotated[str, Field(max_length=40)]) -> FileResponse:
    """Download one report (HTML, self-contained: opens offline)."""
    path = _folder(ws) / f"{report_id}.html"
    if not _ID.match(report_id) or not path.is_file():
        raise ApiError(404, "not_found", what=f"report {report_id}")
    return FileResponse(
        path, media_type="text/html; charset=utf-8", filename=f"rapport-{report_id}.html"
    )
