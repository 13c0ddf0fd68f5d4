"""Bluesky ``PostView`` -> staging row (shared by the connector and the file importer)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rumeur.connectors._text import as_text


def is_bluesky_post(obj: Mapping[str, Any]) -> bool:
    """Whether a JSON object looks like a Bluesky ``PostView``."""
    return str(obj.get("uri", "")).startswith("at://") and "record" in obj


def post_row(post: Mapping[str, Any]) -> dict[str, str | None]:
    """Staging row of a Bluesky PostView (see
    :class:`~rumeur.connectors.bluesky.payloads.PostView`)."""
    author = post.get("author") or {}
    record = post.get("record") or {}
    reply = record.get("reply") or {}
    uri = str(post.get("uri"))
    handle = author.get("handle")
    rkey = uri.rsplit("/", 1)[-1]
    langs = record.get("langs") or []
    verification = author.get("verification")
    return {
        "platform": "bluesky",
        "external_id": uri,
        "url": f"https://bsky.app/profile/{handle or author.get('did')}/post/{rkey}",
        "author_id": author.get("did"),
        "author_handle": handle,
        "author_name": author.get("displayName") or None,
        "author_followers": as_text(author.get("followersCount")),
        "author_verified": as_text((verification or {}).get("verifiedStatus") == "valid")
        if verification
        else None,
        "title": None,
        "text": record.get("text"),
        "language": langs[0] if langs else None,
        "created_at": record.get("createdAt") or post.get("indexedAt"),
        "likes": as_text(post.get("likeCount")),
        "shares": as_text((post.get("repostCount") or 0) + (post.get("quoteCount") or 0))
        if post.get("repostCount") is not None
        else None,
        "replies": as_text(post.get("replyCount")),
        "views": None,
        "reply_to": (reply.get("parent") or {}).get("uri"),
        "thread_id": (reply.get("root") or {}).get("uri"),
        "rating": None,
    }


#: the name the file importer used
bluesky_row = post_row
