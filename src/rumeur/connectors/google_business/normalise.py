"""Google Business Profile review (and its ``reviewReply``) -> staging rows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rumeur.connectors.base import parse_time
from rumeur.connectors.google_business.payloads import STARS
from rumeur.ingest.revisions import revision

#: Google's machine translation of a review: "(Translated by Google) ...\n\n(Original)\n..."
_TRANSLATED = re.compile(r"^\(Translated by Google\).*?\n\n\(Original\)\n(.*)$", re.S)


def original_text(comment: str) -> str:
    """A review's own words: the ``(Original)`` part of a Google-translated comment."""
    m = _TRANSLATED.match(comment.strip())
    return (m.group(1) if m else comment).strip()


def review_row(item: Mapping[str, Any]) -> dict[str, Any]:
    """``{"review", "location"}`` -> staging row. A rating without a comment keeps its
    stars as its text (``★★★★☆``): the rating is the review."""
    review, location = item["review"], item.get("location") or {}
    stars = STARS.get(str(review.get("starRating")))
    if stars is None:
        raise ValueError(f"starRating {review.get('starRating')!r} is not ONE..FIVE")
    reviewer = review.get("reviewer") or {}
    text = original_text(review.get("comment") or "")
    meta = location.get("metadata") or {}
    return {
        "platform": "reviews",
        "external_id": review["reviewId"],
        "url": meta.get("mapsUri"),
        "author_id": None,  # Google gives reviewers no stable id
        "author_handle": None,
        "author_name": None if reviewer.get("isAnonymous") else reviewer.get("displayName"),
        "title": location.get("title"),
        "text": text or "★" * stars + "☆" * (5 - stars),
        "created_at": review["createTime"],
        "rating": stars,
        "thread_id": review["reviewId"],
        # an edited review (new stars, new text) replaces the stored one
        "extra": {"site": "google", "location": location.get("name"), "revision": revision(
            parse_time(review.get("updateTime") or review["createTime"]), stars, text)},
    }  # fmt: skip


def reply_row(item: Mapping[str, Any], own_handle: str | None = None) -> dict[str, Any]:
    """``{"review", "location", "reviewReply"}`` -> the owner's reply, an own-account
    mention answering the review, dated by the reply's ``updateTime``."""
    reply, location = item["reviewReply"], item.get("location") or {}
    rid = item["review"]["reviewId"]
    return {
        "platform": "reviews",
        "external_id": f"{rid}:reply",
        "url": (location.get("metadata") or {}).get("mapsUri"),
        "author_id": location.get("name"),
        "author_handle": own_handle or location.get("title"),
        "author_name": location.get("title"),
        "text": reply["comment"],
        "created_at": reply["updateTime"],
        "reply_to": rid,
        "thread_id": rid,
        "is_own_account": True,
    }
