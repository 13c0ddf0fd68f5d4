"""App Store Connect ``customerReviews`` and ``customerReviewResponses`` -> mentions.

- A review is a ``reviews`` mention with the star ``rating`` (1–5), its ``title``,
  the reviewer's nickname as author, and ``extra`` = ``{"store": "app_store", "app_id",
  "territory"}``. Its external id is ``appstore:<review id>`` (the ``reviews`` platform
  holds every review site: the prefix keeps the stores' ids apart).
- A developer response is an **own-account** mention (``Author.is_own_account``)
  answering the review: ``reply_to`` and ``thread_id`` = the review's external id, dated
  by its ``lastModifiedDate`` (Apple gives no creation date). Only ``PUBLISHED``
  responses are stored: one ``PENDING_PUBLISH`` is not visible to customers yet, and a
  later pass stores it once published.

Both carry a revision (``extra["revision"]``, :mod:`rumeur.ingest.revisions`): a review
edited by its author or a response edited by the brand replaces the stored version.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from rumeur.ingest.revisions import revision
from rumeur.records import Author, Mention

PREFIX = "appstore:"
#: the author shown for the developer's responses
DEVELOPER = "Réponse du développeur"


def parse_time(value: Any) -> datetime:
    """Apple's ISO 8601 date (with its offset) -> aware UTC datetime (ValueError)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("no date")
    dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def review_mention(review: Mapping[str, Any], app_id: str) -> Mention:
    """A ``customerReviews`` resource -> Mention (ValueError/KeyError if unusable)."""
    if review.get("type") != "customerReviews":
        raise ValueError(f"not a customerReviews resource: {review.get('type')!r}")
    a = review["attributes"]
    rating = a.get("rating")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValueError(f"rating must be 1 to 5, got {rating!r}")
    body, title = (a.get("body") or "").strip(), (a.get("title") or "").strip() or None
    ext = PREFIX + str(review["id"])
    nick = a.get("reviewerNickname") or None
    created = parse_time(a["createdDate"])
    return Mention(
        platform="reviews",
        text=body or title or "",
        title=title if body else None,
        created_at=created,
        external_id=ext,
        url=f"https://apps.apple.com/app/id{app_id}",
        author=Author(handle=nick, display_name=nick),
        rating=float(rating),
        thread_id=ext,
        extra={
            "store": "app_store",
            "app_id": app_id,
            "territory": a.get("territory"),
            "revision": revision(created, rating, title, body, nick),
        },
    )


def own_handle(app_id: str) -> str:
    """The author handle of the developer's responses, unless ``own_handle`` is set: list
    it in the brand's ``own_accounts``."""
    return f"appstore:{app_id}"


def response_mention(
    response: Mapping[str, Any], review_id: str, app_id: str, handle: str | None = None
) -> Mention:
    """A ``customerReviewResponses`` resource answering ``review_id`` -> own-account
    Mention (author ``handle``, by default :func:`own_handle`)."""
    if response.get("type") != "customerReviewResponses":
        raise ValueError(f"not a customerReviewResponses resource: {response.get('type')!r}")
    a = response["attributes"]
    parent = PREFIX + review_id
    text, modified = (a.get("responseBody") or "").strip(), parse_time(a["lastModifiedDate"])
    return Mention(
        platform="reviews",
        text=text,
        created_at=modified,
        external_id=PREFIX + str(response["id"]),
        url=f"https://apps.apple.com/app/id{app_id}",
        author=Author(
            handle=handle or own_handle(app_id), display_name=DEVELOPER, is_own_account=True
        ),
        reply_to=parent,
        thread_id=parent,
        extra={
            "store": "app_store",
            "app_id": app_id,
            "state": a.get("state"),
            "revision": revision(modified, text),
        },
    )


def response_of(review: Mapping[str, Any]) -> str | None:
    """The id of the review's response (``relationships.response.data.id``), if any."""
    rel = (review.get("relationships") or {}).get("response") or {}
    data = rel.get("data") if isinstance(rel, Mapping) else None
    return str(data["id"]) if isinstance(data, Mapping) and data.get("id") else None
