"""The App Store Connect API objects Rumeur reads (JSON:API documents,
https://developer.apple.com/documentation/appstoreconnectapi/customer-reviews). Only
the fields used are declared."""

from __future__ import annotations

from typing import Literal, TypedDict


class Relation(TypedDict, total=False):
    data: dict[str, str] | None  # {"type": ..., "id": ...}
    links: dict[str, str]


class CustomerReviewAttributes(TypedDict, total=False):
    rating: int  # 1 to 5
    title: str
    body: str
    reviewerNickname: str
    createdDate: str  # ISO 8601 with offset, e.g. "2026-11-23T09:12:44-08:00"
    territory: str  # ISO 3166-1 alpha-3, e.g. "FRA"


class CustomerReview(TypedDict, total=False):
    type: Literal["customerReviews"]
    id: str
    attributes: CustomerReviewAttributes
    relationships: dict[str, Relation]  # "response"
    links: dict[str, str]


class CustomerReviewResponseAttributes(TypedDict, total=False):
    responseBody: str
    lastModifiedDate: str
    state: Literal["PUBLISHED", "PENDING_PUBLISH"]


class CustomerReviewResponse(TypedDict, total=False):
    type: Literal["customerReviewResponses"]
    id: str
    attributes: CustomerReviewResponseAttributes
    relationships: dict[str, Relation]  # "review"


class PagingInformation(TypedDict, total=False):
    paging: dict[str, int]  # {"total": ..., "limit": ...}


class CustomerReviewsResponse(TypedDict, total=False):
    """``GET /v1/apps/{id}/customerReviews``: a page of reviews, newest first with
    ``sort=-createdDate``; ``links.next`` (with its ``cursor``) until the last page."""

    data: list[CustomerReview]
    included: list[CustomerReviewResponse]
    links: dict[str, str]  # self, first, next
    meta: PagingInformation


class ErrorResponseError(TypedDict, total=False):
    id: str
    status: str  # "401"
    code: str  # "NOT_AUTHORIZED", "FORBIDDEN_ERROR", "RATE_LIMIT_EXCEEDED"...
    title: str
    detail: str


class ErrorResponse(TypedDict):
    """Every error answer: ``{"errors": [...]}``."""

    errors: list[ErrorResponseError]
