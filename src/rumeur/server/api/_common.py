"""What the project routers share: the project router itself (every route under
``/api/v1/projects/{project}``, CSRF-checked), the role dependencies, and the scope
parameters of the analytics (brand, platform, period, suspicious mentions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query

from rumeur.server.accounts import User
from rumeur.server.auth import csrf_protect, require_role, writing

if TYPE_CHECKING:
    from rumeur.analytics.frame import Scope
    from rumeur.workspace import Workspace

PREFIX = "/api/v1/projects/{project}"

#: the errors a project route may answer (documented in the schema)
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no or bad credentials"},
    403: {"description": "role too low, or CSRF token missing"},
    404: {"description": "unknown project (or one you may not open), or resource"},
    422: {"description": "invalid parameter"},
}


def project_router(tag: str) -> APIRouter:
    """A router for ``/api/v1/projects/{project}/...`` routes of one area."""
    return APIRouter(
        prefix=PREFIX, tags=[tag], dependencies=[Depends(csrf_protect)], responses=ERRORS
    )


Analyst = Annotated[User, Depends(require_role("analyst"))]
Admin = Annotated[User, Depends(require_role("admin"))]
#: hold the project's write lock for the request (routes that change its store)
Writing = Depends(writing)

Brands = Annotated[list[str] | None, Query(description="Brand ids (repeatable); all if none.")]
Platforms = Annotated[list[str] | None, Query(description="Platforms (repeatable).")]
Since = Annotated[
    str | None,
    Query(max_length=40, description="From this time, inclusive (project's time zone)."),
]
Until = Annotated[str | None, Query(max_length=40, description="Up to this time, exclusive.")]
Exclude = Annotated[bool, Query(description="Leave out the mentions the authenticity audit flags.")]


class ScopeParams:
    """The scope query parameters of every analytic."""

    def __init__(
        self,
        brand: Brands = None,
        platform: Platforms = None,
        since: Since = None,
        until: Until = None,
        exclude_suspicious: Exclude = False,
    ) -> None:
        self.brand = brand or []
        self.platform = platform or []
        self.since = since
        self.until = until
        self.exclude_suspicious = exclude_suspicious

    def scope(self, ws: Workspace) -> Scope:
        return ws.scope(
            brands=self.brand,
            platforms=self.platform,
            since=self.since,
            until=self.until,
            exclude_suspicious=self.exclude_suspicious,
        )


ScopeQuery = Annotated[ScopeParams, Depends()]
