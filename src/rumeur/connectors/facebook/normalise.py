"""Graph API Page objects -> staging rows (see :func:`rumeur.connectors.base.row_to_mention`).

The page's own posts and comments are own-account mentions (``is_own_account``, the
convention of docs/connectors.md): ``author_handle`` is the page id, which the brand's
``own_accounts`` lists. A comment's ``reply_to`` is its parent comment, else the post;
``thread_id`` is the post. A recommendation's rating: ``rating`` (legacy stars) when
given, else positive = 5, negative = 1; its ``extra`` names the page it was left on
(``page_id``) and Meta's ``recommendation_type``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PLATFORM = "facebook"


def _count(obj: Mapping[str, Any], key: str) -> int | None:
    v = obj.get(key)
    if isinstance(v, Mapping):
        if "summary" in v:
            return (v.get("summary") or {}).get("total_count")
        return v.get("count")
    return None


def post_row(post: Mapping[str, Any], page_id: str) -> dict[str, Any]:
    """A feed or tagged post -> staging row."""
    who = post.get("from") or {}
    return {
        "platform": PLATFORM,
        "external_id": post["id"],
        "url": post.get("permalink_url") or f"https://www.facebook.com/{post['id']}",
        "author_id": who.get("id"),
        "author_handle": who.get("id"),
        "author_name": who.get("name"),
        "is_own_account": who.get("id") == page_id,
        "text": post.get("message") or post.get("story"),
        "created_at": post["created_time"],
        "likes": _count(post, "reactions"),
        "shares": _count(post, "shares"),
        "replies": _count(post, "comments"),
        "thread_id": post["id"],
    }


def comment_row(comment: Mapping[str, Any], page_id: str) -> dict[str, Any]:
    """A comment or reply (``post_id`` added by the client) -> staging row."""
    who = comment.get("from") or {}
    post_id = comment["post_id"]
    parent = (comment.get("parent") or {}).get("id")
    return {
        "platform": PLATFORM,
        "external_id": comment["id"],
        "url": comment.get("permalink_url")
        or f"https://www.facebook.com/{post_id}?comment_id={comment['id']}",
        "author_id": who.get("id"),
        "author_handle": who.get("id"),
        "author_name": who.get("name"),
        "is_own_account": who.get("id") == page_id,
        "text": comment.get("message"),
        "created_at": comment["created_time"],
        "likes": comment.get("like_count"),
        "replies": comment.get("comment_count"),
        "reply_to": parent or post_id,
        "thread_id": post_id,
    }


def rating_id(rec: Mapping[str, Any]) -> str:
    """A recommendation's id: its story's (what the page's replies answer), else one
    made of the reviewer and the date (Meta gives the recommendation itself none)."""
    story = (rec.get("open_graph_story") or {}).get("id")
    if story:
        return str(story)
    return f"rating:{(rec.get('reviewer') or {}).get('id')}:{rec['created_time']}"


def rating_row(rec: Mapping[str, Any], page_id: str) -> dict[str, Any]:
    """A Page Recommendation (or legacy star rating) -> staging row."""
    who = rec.get("reviewer") or {}
    stars = rec.get("rating")
    if stars is None:
        kind = rec.get("recommendation_type")
        stars = 5 if kind == "positive" else 1 if kind == "negative" else None
    rid = rating_id(rec)
    return {
        "platform": PLATFORM,
        "external_id": rid,
        "url": f"https://www.facebook.com/{page_id}/reviews",
        "author_id": who.get("id"),
        "author_handle": who.get("id"),
        "author_name": who.get("name"),
        "text": rec.get("review_text"),
        "created_at": rec["created_time"],
        "rating": stars,
        "thread_id": rid,
        # posted on the brand's page: about the brand whatever its text names (the conduct
        # audit reads it; docs/connectors.md)
        "extra": {"page_id": page_id, "recommendation_type": rec.get("recommendation_type")},
    }
