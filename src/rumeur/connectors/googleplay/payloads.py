"""The Google Play Developer API objects Rumeur reads (``reviews.list``,
https://developers.google.com/android-publisher/api-ref/rest/v3/reviews). Only the
fields used are declared."""

from __future__ import annotations

from typing import TypedDict


class Timestamp(TypedDict, total=False):
    seconds: str  # int64, written as a string
    nanos: int


class DeviceMetadata(TypedDict, total=False):
    productName: str
    manufacturer: str
    deviceClass: str
    screenWidthPx: int
    screenHeightPx: int
    ramMb: int


class UserComment(TypedDict, total=False):
    text: str  # "title\tbody" when the review has a title; translated if asked
    originalText: str  # only with translationLanguage
    lastModified: Timestamp
    starRating: int  # 1 to 5
    reviewerLanguage: str
    device: str
    androidOsVersion: int
    appVersionCode: int
    appVersionName: str
    thumbsUpCount: int
    thumbsDownCount: int
    deviceMetadata: DeviceMetadata


class DeveloperComment(TypedDict, total=False):
    text: str
    lastModified: Timestamp


class Comment(TypedDict, total=False):
    userComment: UserComment
    developerComment: DeveloperComment


class Review(TypedDict, total=False):
    reviewId: str
    authorName: str
    comments: list[Comment]


class ReviewsListResponse(TypedDict, total=False):
    """A page of reviews, most recently modified first; ``tokenPagination`` carries
    the next page's ``token``."""

    reviews: list[Review]
    tokenPagination: dict[str, str]  # nextPageToken, previousPageToken
    pageInfo: dict[str, int]  # totalResults, resultPerPage, startIndex


class TokenResponse(TypedDict, total=False):
    """The OAuth 2.0 token endpoint's answer to a JWT-bearer grant."""

    access_token: str
    expires_in: int
    token_type: str


class GoogleError(TypedDict, total=False):
    """``{"error": {"code": 403, "message": ..., "status": "PERMISSION_DENIED"}}``."""

    error: dict[str, object]
