"""Alerts: the rules of ``rumeur.toml`` (list, create, replace, delete: analysts and
admins), the history of alerts raised, and a replay of what the rules would have raised
over a period."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from rumeur.server.api._common import Analyst, Since, Until, Writing, project_router
from rumeur.server.auth import ProjectWorkspace, _note
from rumeur.server.context import server_state
from rumeur.server.errors import ApiError

router = project_router("alerts")


class RuleIn(BaseModel):
    """A ``[[alerts.rules]]`` table: ``name``, ``type`` (spike, threshold, detractor,
    keyword, authenticity, site, conduct) and that type's settings (docs/analytics.md)."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1, max_length=100)
    type: str = Field(min_length=1, max_length=30)


def _known(ws: Any, name: str) -> None:
    if name not in {r.name for r in ws.alert_rules()}:
        raise ApiError(404, "not_found", what=f"alert rule {name}")


def _out(rule: Any) -> dict[str, Any]:
    """A rule as the engine reads it: name, type, brand, channels, cooldown, and the
    type's settings with their defaults (``options``)."""
    return {
        "name": rule.name,
        "type": rule.type,
        "brand": rule.brand,
        "channels": list(rule.channels),
        "cooldown_minutes": rule.cooldown_minutes,
        "options": dict(rule.options),
    }


def _table(rule: RuleIn) -> dict[str, Any]:
    """The rule as a TOML table: absent (null) settings left out."""
    return {k: v for k, v in rule.model_dump().items() if v is not None}


@router.get("/alerts/rules")
def rules(ws: ProjectWorkspace) -> list[dict[str, Any]]:
    """Every rule, as the engine reads it (defaults filled in), in the file's order."""
    return [_out(r) for r in ws.alert_rules()]


@router.post("/alerts/rules", status_code=201, dependencies=[Writing])
def add_rule(
    request: Request, project: str, ws: ProjectWorkspace, user: Analyst, rule: RuleIn
) -> dict[str, Any]:
    """Add a rule (validated as rumeur.toml would be; an invalid one changes nothing)."""
    out = _out(ws.add_alert_rule(_table(rule)))
    server_state(request).projects.reload(project)
    _note(request, detail={"rule": rule.name})
    return out


@router.put("/alerts/rules/{name}", dependencies=[Writing])
def replace_rule(
    request: Request, project: str, ws: ProjectWorkspace, user: Analyst, name: str, rule: RuleIn
) -> dict[str, Any]:
    """Replace the rule called ``name`` (the new one may have another name)."""
    _known(ws, name)
    out = _out(ws.replace_alert_rule(name, _table(rule)))
    server_state(request).projects.reload(project)
    _note(request, detail={"rule": name, "now": rule.name})
    return out


@router.delete("/alerts/rules/{name}", status_code=204, dependencies=[Writing])
def delete_rule(
    request: Request, project: str, ws: ProjectWorkspace, user: Analyst, name: str
) -> Response:
    """Delete the rule called ``name``."""
    _known(ws, name)
    ws.delete_alert_rule(name)
    server_state(request).projects.reload(project)
    _note(request, detail={"rule": name})
    return Response(status_code=204)


@router.get("/alerts/history")
def history(
    ws: ProjectWorkspace, limit: Annotated[int, Query(ge=1, le=1000)] = 50
) -> list[dict[str, Any]]:
    """Alerts already raised (sent, cooldown, failed), newest first."""
    return ws.alert_log(limit)


@router.get("/alerts/replay")
def replay(ws: ProjectWorkspace, since: Since = None, until: Until = None) -> list[Any]:
    """What the rules would have raised over [since, until) (default: the stored
    period), checked at each rule's schedule; nothing is sent or written."""
    return list(ws.replay_alerts(since=since, until=until))
