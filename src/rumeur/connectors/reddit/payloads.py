"""The Reddit API objects Rumeur reads (https://www.reddit.com/dev/api/): a Listing of
things; ``kind`` ``t3`` is a post, ``t1`` a comment. Only the fields used are declared."""

from __future__ import annotations

from typing import Any, TypedDict


class ThingData(TypedDict, total=False):
    name: str  # the fullname: "t3_abc" or "t1_def"
    id: str
    author: str
    author_fullname: str
    title: str  # posts
    selftext: str  # posts
    body: str  # comments; "[deleted]" / "[removed]" when gone
    permalink: str
    url: str
    created_utc: float  # epoch seconds, set by Reddit
    score: int
    num_comments: int
    parent_id: str  # comments
    link_id: str  # comments: the post's fullname
    replies: Any  # comments: a Listing, or "" when none


class Thing(TypedDict):
    kind: str
    data: ThingData


class ListingData(TypedDict, total=False):
    children: list[Thing]
    after: str | None


class Listing(TypedDict):
    kind: str  # "Listing"
    data: ListingData
