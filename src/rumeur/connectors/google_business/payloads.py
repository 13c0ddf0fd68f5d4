"""The Google Business Profile API objects Rumeur reads: ``accounts.locations.reviews``
of the My Business API v4 (developers.google.com/my-business/reference/rest/v4/
accounts.locations.reviews), ``accounts.locations`` of the Business Information API
v1, and the OAuth 2.0 token answer. Only the fields used are declared."""

from __future__ import annotations

from typing import TypedDict

#: ``starRating`` -> stars
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}


class Reviewer(TypedDict, total=False):
    profilePhotoUrl: str
    displayName: str
    isAnonymous: bool


class ReviewReply(TypedDict, total=False):
    comment: str
    updateTime: str  # the reply has no creation time of its own


class Review(TypedDict, total=False):
    name: str  # accounts/{a}/locations/{l}/reviews/{reviewId}
    reviewId: str
    reviewer: Reviewer
    starRating: str  # STAR_RATING_UNSPECIFIED, ONE ... FIVE
    comment: str  # absent for a rating without text
    createTime: str
    updateTime: str
    reviewReply: ReviewReply


class ListReviewsResponse(TypedDict, total=False):
    reviews: list[Review]
    averageRating: float
    totalReviewCount: int
    nextPageToken: str


class LocationMetadata(TypedDict, total=False):
    placeId: str
    mapsUri: str
    newReviewUri: str


class Location(TypedDict, total=False):
    name: str  # locations/{l}
    title: str
    metadata: LocationMetadata


class TokenResponse(TypedDict, total=False):
    access_token: str
    expires_in: int
    scope: str
    token_type: str
