"""The Trustpilot API objects Rumeur reads (developers.trustpilot.com: Business Units API
``GET /v1/business-units/{businessUnitId}/reviews``, Private Business Units API ``GET
/v1/private/business-units/{businessUnitId}/reviews``, OAuth ``accesstoken``). Only the
fields used are declared."""

from __future__ import annotations

from typing import TypedDict


class Link(TypedDict, total=False):
    href: str
    method: str
    rel: str  # "next-page", "prev-page", "self", "business-units", "consumers"...


class Consumer(TypedDict, total=False):
    id: str
    displayName: str
    displayLocation: str
    numberOfReviews: int


class BusinessUnitRef(TypedDict, total=False):
    id: str
    identifyingName: str  # the domain: "fibrelia.fr"
    displayName: str


class CompanyReply(TypedDict, total=False):
    text: str
    authorBusinessUserId: str
    authorBusinessUserName: str
    createdAt: str
    updatedAt: str


class Review(TypedDict, total=False):
    id: str
    consumer: Consumer
    businessUnit: BusinessUnitRef
    stars: int  # 1-5
    title: str
    text: str
    language: str
    createdAt: str
    updatedAt: str
    experiencedAt: str
    companyReply: CompanyReply | None
    isVerified: bool
    numberOfLikes: int
    status: str  # "active"
    links: list[Link]


class ReviewsPage(TypedDict, total=False):
    reviews: list[Review]
    links: list[Link]


class AccessToken(TypedDict, total=False):
    """The OAuth answer: Trustpilot sends the numbers as strings."""

    access_token: str
    refresh_token: str
    expires_in: str
    refresh_token_expires_in: str
    token_type: str
    issued_at: str
