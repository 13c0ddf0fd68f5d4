"""The Graph API objects the Facebook Page connector reads
(https://developers.facebook.com/docs/graph-api/reference/). Only the fields used."""

from __future__ import annotations

from typing import TypedDict


class Profile(TypedDict, total=False):
    id: str  # page-scoped id of a person, or the page's id
    name: str


class Summary(TypedDict, total=False):
    total_count: int


class Counted(TypedDict, total=False):
    summary: Summary


class Post(TypedDict, total=False):
    """``/{page-id}/feed``, ``/{page-id}/tagged``: a Page Post."""

    id: str  # "{page-id}_{post-id}"
    message: str
    story: str
    created_time: str  # "2026-11-24T08:00:00+0000"
    updated_time: str  # changes when a comment is added
    from_: Profile  # "from" in JSON
    permalink_url: str
    shares: dict[str, int]
    reactions: Counted
    comments: Counted


class Comment(TypedDict, total=False):
    """``/{object-id}/comments`` (``filter=stream``: replies too, with ``parent``)."""

    id: str
    message: str
    created_time: str
    from_: Profile
    parent: dict[str, str]
    like_count: int
    comment_count: int
    permalink_url: str
    post_id: str  # not Meta's: the post the comment was read under, added by the client


class Recommendation(TypedDict, total=False):
    """``/{page-id}/ratings``: a Page Recommendation (or a legacy star rating)."""

    created_time: str
    recommendation_type: str  # "positive" | "negative"
    review_text: str
    rating: int  # legacy 1-5 stars
    reviewer: Profile
    open_graph_story: dict[str, str]
