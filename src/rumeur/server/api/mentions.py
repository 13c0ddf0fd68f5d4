"""Mentions: filtered, searched, sorted (date, reach, engagement) and paged; one mention;
its thread."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response

from rumeur.server.api._common import Platforms, Since, Until, project_router
from rumeur.server.auth import ProjectWorkspace
from rumeur.server.errors import ApiError, object_response

router = project_router("mentions")
MAX_PAGE = 500


@router.get("/mentions", response_model=dict[str, Any])
def mentions(
    ws: ProjectWorkspace,
    search: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Words to find (full text: French stemming, "
            "accents and case ignored), BM25-ranked.",
        ),
    ] = None,
    brand: Annotated[str | None, Query(max_length=100)] = None,
    platform: Platforms = None,
    since: Since = None,
    until: Until = None,
    sentiment: Annotated[str | None, Query(description="positive, neutral, negative.")] = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
    author: Annotated[str | None, Query(max_length=200)] = None,
    own: Annotated[bool | None, Query(description="Only (or never) own accounts.")] = None,
    unmatched: bool = False,
    sort: Annotated[
        str | None,
        Query(description="date, reach, engagement; relevance with a search (its default)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """A page of mentions, newest (or most seen, most engaging, most relevant) first,
    with their sentiment and who gave it (``sentiment_model``: a model, or
    ``sentiment-human@1`` for a person's correction). With ``search``: the search's
    hits, each with its BM25 ``score``, the ``total`` that match and the ``terms`` looked
    for. ``next_offset`` is the next page's offset, null on the last page."""
    platforms = platform or []
    if len(platforms) > 1:
        raise ApiError(422, "usage", message="platform : une seule plateforme à la fois")
    one = platforms[0] if platforms else None
    if search is not None and search.strip():
        found = ws.search_mentions(
            search, brand=brand, platform=one, since=since, until=until, sentiment=sentiment,
            language=language, author=author, own=own, sort=sort or "relevance", limit=limit,
            offset=offset,
        )  # fmt: skip
        more = offset + len(found.hits) < found.total
        return object_response(
            {
                "mentions": [h.to_dict() for h in found.hits],
                "offset": offset,
                "limit": limit,
                "next_offset": offset + limit if more else None,
                "total": found.total,
                "terms": found.terms,
            }
        )
    flt = ws.mention_filter(
        since=since, until=until, brand=brand, platform=one, sentiment=sentiment,
        language=language, author=author, own=own, unmatched=unmatched, sort=sort or "date",
        limit=limit + 1, offset=offset,
    )  # fmt: skip
    rows = ws.mentions(flt)
    more = len(rows) > limit
    return object_response(
        {
            "mentions": rows[:limit],
            "offset": offset,
            "limit": limit,
            "next_offset": offset + limit if more else None,
        }
    )


@router.get("/mentions/{mention_id}")
def mention(ws: ProjectWorkspace, mention_id: str) -> dict[str, Any]:
    """One mention, with its sentiment and language."""
    found = ws.mention(mention_id)
    if found is None:
        raise ApiError(404, "not_found", what=f"mention {mention_id}")
    return found


@router.get("/mentions/{mention_id}/thread")
def thread(ws: ProjectWorkspace, mention_id: str) -> list[dict[str, Any]]:
    """The conversation the mention belongs to (itself, its thread, the replies),
    oldest first, with each mention's sentiment and who (which model or person) set it."""
    if ws.mention(mention_id) is None:
        raise ApiError(404, "not_found", what=f"mention {mention_id}")
    return ws.thread(mention_id)
