"""Reddit ``t3`` (post) and ``t1`` (comment) things -> staging rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: what Reddit writes in place of a deleted or removed comment
GONE = ("[deleted]", "[removed]")


def thing_row(thing: Mapping[str, Any]) -> dict[str, Any]:
    """A ``t3`` (post) or ``t1`` (comment) thing -> staging row."""
    d = thing["data"]
    kind = thing.get("kind")
    link_id = d.get("link_id") or d.get("name")
    body = d.get("body") if kind == "t1" else d.get("selftext")
    title = d.get("title") if kind == "t3" else None
    text = body or title  # link posts have no self text: the title is the message
    if kind == "t1" and (d.get("body") in GONE):
        raise ValueError(f"deleted post: comment {d.get('name')} is {d.get('body')}")
    return {
        "platform": "reddit",
        "external_id": d["name"],
        "url": "https://www.reddit.com" + d["permalink"] if d.get("permalink") else d.get("url"),
        "author_id": d.get("author_fullname"),
        "author_handle": d.get("author"),
        "author_name": None,
        "author_followers": None,  # Reddit does not expose an account's audience here
        "title": title,
        "text": text,
        "created_at": d["created_utc"],
        "likes": d.get("score"),
        "replies": d.get("num_comments"),
        "reply_to": d.get("parent_id") if kind == "t1" else None,
        "thread_id": link_id,
    }
