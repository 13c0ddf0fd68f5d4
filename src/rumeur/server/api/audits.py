"""Audits: authenticity (coordinated campaigns, fake accounts), the brand's conduct
(the public's red lines), and the stored results of site audits (legal pages,
freshness, consent, security), each finding with its evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from rumeur.server.api._common import Brands, Since, Until, project_router
from rumeur.server.auth import ProjectWorkspace
from rumeur.server.errors import ApiError

router = project_router("audits")


@router.get("/audits/authenticity")
def authenticity(
    ws: ProjectWorkspace, brand: Brands = None, since: Since = None, until: Until = None
) -> dict[str, Any]:
    """Campaigns, accounts and mentions scored above the threshold, with their reasons."""
    return ws.audit_authenticity(brands=brand or (), since=since, until=until).to_dict()


@router.get("/audits/conduct")
def conduct(
    ws: ProjectWorkspace,
    brand: Annotated[str | None, Query(max_length=100, description="Default: own brand.")] = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """The brand's own accounts held against the public's red lines (over-posting,
    unsolicited ads, intrusion, data exploitation, fake praise), with evidence."""
    return ws.audit_conduct(brand=brand, since=since, until=until).to_dict()


@router.get("/audits/sites")
def sites(ws: ProjectWorkspace) -> list[dict[str, Any]]:
    """Every audited site: how many audits, the last one's time and score."""
    return ws.audited_sites()


@router.get("/audits/sites/{site}")
def site(ws: ProjectWorkspace, site: str) -> dict[str, Any]:
    """The newest audit of ``site`` (its host) in full: checks, evidence, score."""
    found = ws.site_audit(site)
    if found is None:
        raise ApiError(404, "not_found", what=f"site audit {site}")
    return found


@router.get("/audits/sites/{site}/history")
def site_history(
    ws: ProjectWorkspace, site: str, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> list[dict[str, Any]]:
    """The site's audits, newest first, with what changed each time."""
    rows = ws.site_audits(site, limit)
    if not rows:
        raise ApiError(404, "not_found", what=f"site audit {site}")
    return rows
