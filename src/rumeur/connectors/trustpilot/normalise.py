"""Trustpilot review (and its ``companyReply``) -> staging rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rumeur.connectors.base import parse_time
from rumeur.ingest.revisions import revision

#: a review's public page
REVIEW_URL = "https://www.trustpilot.com/reviews/{id}"


def review_row(review: Mapping[str, Any]) -> dict[str, Any]:
    """A review -> staging row: the consumer's words and star rating."""
    consumer = review.get("consumer") or {}
    rid = str(review["id"])
    return {
        "platform": "reviews",
        "external_id": rid,
        "url": REVIEW_URL.format(id=rid),
        "author_id": consumer.get("id"),
        "author_handle": None,  # consumers have a display name, no handle
        "author_name": consumer.get("displayName"),
        "title": review.get("title"),
        "text": review["text"],
        "language": review.get("language"),
        "created_at": review["createdAt"],
        "likes": review.get("numberOfLikes"),
        "rating": int(review["stars"]),
        "thread_id": rid,
        # an edit (new stars, new text) replaces the stored version (ingest.revisions)
        "extra": {"site": "trustpilot", "revision": revision(
            parse_time(review.get("updatedAt") or review["createdAt"]),
            review["stars"], review.get("title"), review["text"])},
    }  # fmt: skip


def reply_row(item: Mapping[str, Any], own_handle: str | None = None) -> dict[str, Any]:
    """``{"reviewId", "businessUnit", "companyReply"}`` -> the company's reply as an
    own-account mention answering the review (dated by its own ``createdAt``)."""
    reply = item["companyReply"]
    unit = item.get("businessUnit") or {}
    rid = str(item["reviewId"])
    handle = own_handle or unit.get("identifyingName")
    return {
        "platform": "reviews",
        "external_id": f"{rid}:reply",
        "url": REVIEW_URL.format(id=rid),
        "author_id": reply.get("authorBusinessUserId") or unit.get("id"),
        "author_handle": handle,
        "author_name": unit.get("displayName") or reply.get("authorBusinessUserName"),
        "text": reply["text"],
        "created_at": reply["createdAt"],
        "reply_to": rid,
        "thread_id": rid,
        "is_own_account": True,
        # an edited reply keeps its createdAt (the response time) and replaces its text
        "extra": {"site": "trustpilot", "revision": revision(
            parse_time(reply.get("updatedAt") or reply["createdAt"]), reply["text"])},
    }  # fmt: skip
