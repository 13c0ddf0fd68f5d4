"""Every metric with its 95 % intervals (``/metrics/...``), and the spikes with their
explanations (``/spikes``): the same Workspace methods as ``rumeur metrics``, the same
JSON as its ``--json``. Times are in the project's time zone, with their offset."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response

from rumeur.server.api._common import Exclude, ScopeQuery, Since, Until, project_router
from rumeur.server.auth import ProjectWorkspace
from rumeur.server.errors import object_response

router = project_router("metrics")

Seed = Annotated[int, Query(ge=0, le=2**31 - 1, description="Bootstrap seed.")]
Period = Annotated[str, Query(description="day, week, month or all.", max_length=10)]


@router.get("/overview", response_model=dict[str, Any])
def overview(
    ws: ProjectWorkspace,
    brand: Annotated[str | None, Query(max_length=100, description="Default: all.")] = None,
    since: Since = None,
    until: Until = None,
    days: Annotated[int, Query(ge=1, le=3660, description="Period without since.")] = 30,
    exclude_suspicious: Exclude = False,
) -> Response:
    """Headline figures (mentions, reach, shares with Wilson intervals, net sentiment)
    over the period against the one before it, and the daily series (project's zone)."""
    found = ws.overview(
        brand=brand, since=since, until=until, days=days, exclude_suspicious=exclude_suspicious
    )
    return object_response(found.to_dict())


@router.get("/metrics/opinion")
def opinion(
    ws: ProjectWorkspace,
    scope: ScopeQuery,
    by: Annotated[list[str] | None, Query(description="brand, period, platform.")] = None,
    period: Period = "all",
    seed: Seed = 0,
) -> list[dict[str, Any]]:
    """Volume, authors, favourable/neutral/unfavourable shares and net sentiment per cell,
    unweighted (Wilson) and reach-weighted (bootstrap), each with its interval."""
    cells = ws.opinion(scope.scope(ws), by=by or None, period=period, seed=seed)
    return [c.to_dict() for c in cells]


@router.get("/metrics/debt")
def debt(
    ws: ProjectWorkspace,
    scope: ScopeQuery,
    by: Annotated[str, Query(description="brand, platform, period or aspect.")] = "brand",
    period: Period = "week",
    offset: Annotated[float, Query(gt=0, le=1e6, description="Offset ratio.")] = 1.0,
    seed: Seed = 0,
) -> dict[str, Any]:
    """Negative debt: unfavourable / favourable reach, and its trend over periods."""
    return ws.debt(scope.scope(ws), by=by, period=period, offset=offset, seed=seed).to_dict()


@router.get("/metrics/sov")
def share_of_voice(ws: ProjectWorkspace, scope: ScopeQuery, seed: Seed = 0) -> list[dict[str, Any]]:
    """Share of voice by volume and reach, sentiment-adjusted, vs the previous period."""
    return [v.to_dict() for v in ws.share_of_voice(scope.scope(ws), seed=seed)]


@router.get("/metrics/aspects")
def aspects(ws: ProjectWorkspace, scope: ScopeQuery, seed: Seed = 0) -> dict[str, Any]:
    """The aspects behind the unfavourable reach; the aspect x brand matrix."""
    return ws.aspects(scope.scope(ws), seed=seed).to_dict()


@router.get("/metrics/motivations")
def motivations(ws: ProjectWorkspace, scope: ScopeQuery, seed: Seed = 0) -> list[dict[str, Any]]:
    """What the brand offers vs what its audience asks for, with engagement."""
    return [m.to_dict() for m in ws.motivations(scope.scope(ws), seed=seed)]


@router.get("/metrics/people")
def people(
    ws: ProjectWorkspace,
    scope: ScopeQuery,
    top: Annotated[int, Query(ge=1, le=500, description="How many per list.")] = 10,
) -> dict[str, Any]:
    """Top promoters, detractors and influential authors; detractors answered."""
    return ws.people(scope.scope(ws), top=top).to_dict()


@router.get("/spikes")
def spikes(
    ws: ProjectWorkspace,
    scope: ScopeQuery,
    threshold: Annotated[float, Query(gt=0, le=1000, description="Robust z-score.")] = 5.0,
) -> list[dict[str, Any]]:
    """Spikes (bad buzz when the tone is negative), each explained: tone, origin (the
    first post), rising terms, hashtags and accounts; times in the project's zone."""
    return [s.to_dict() for s in ws.spikes(scope.scope(ws), threshold=threshold)]


@router.get("/polls")
def polls(ws: ProjectWorkspace) -> list[dict[str, Any]]:
    """Imported polls and surveys: kind, name, questions, respondents or votes."""
    return ws.polls()


@router.get("/polls/{name}")
def poll_results(
    ws: ProjectWorkspace,
    name: str,
    question: Annotated[str | None, Query(max_length=500)] = None,
) -> Any:
    """An imported poll's results (each option's share with its Wilson interval), or an
    imported survey's tables."""
    kinds = {p["name"]: p["kind"] for p in ws.polls()}
    if name not in kinds:
        from rumeur.server.errors import ApiError

        raise ApiError(404, "not_found", what=f"poll {name}")
    if kinds[name] == "poll":
        return ws.poll_results(ws.poll(name), question)
    questions, answers = ws.survey(name)
    return ws.survey_tables(questions, answers, question=question)
