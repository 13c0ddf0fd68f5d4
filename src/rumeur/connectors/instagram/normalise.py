"""Instagram Graph API objects (IG Media, IG Comment) -> staging rows.

The account's own media and its answers are own-account mentions (``is_own_account``,
docs/connectors.md): ``author_handle`` is the username, which the brand's
``own_accounts`` lists. A comment's ``reply_to`` is the comment it answers (a reply),
else the media; ``thread_id`` is the media. Hashtag media carry no author: Instagram
does not give it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PLATFORM = "instagram"


def media_row(m: Mapping[str, Any], own: str, followers: int | None = None) -> dict[str, Any]:
    """An IG Media (the account's, one it is tagged in, or a hashtag's) -> staging row."""
    user = m.get("username")
    mine = user is not None and user.lower() == own.lower()
    return {
        "platform": PLATFORM,
        "external_id": m["id"],
        "url": m.get("permalink"),
        "author_handle": user,
        "author_name": user,
        "author_followers": followers if mine else None,
        "is_own_account": mine,
        "text": m.get("caption"),
        "created_at": m["timestamp"],
        "likes": m.get("like_count"),
        "replies": m.get("comments_count"),
        "thread_id": m["id"],
    }


def comment_row(c: Mapping[str, Any], own: str) -> dict[str, Any]:
    """An IG Comment (``media_id`` and, for a reply, ``parent_id`` added by the client)."""
    who = c.get("from") or {}
    user = c.get("username") or who.get("username")
    media = c["media_id"]
    return {
        "platform": PLATFORM,
        "external_id": c["id"],
        "url": None,
        "author_id": who.get("id"),
        "author_handle": user,
        "author_name": user,
        "is_own_account": user is not None and user.lower() == own.lower(),
        "text": c.get("text"),
        "created_at": c["timestamp"],
        "likes": c.get("like_count"),
        "reply_to": c.get("parent_id") or media,
        "thread_id": media,
    }
