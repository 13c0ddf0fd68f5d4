"""The X API v2 objects Rumeur reads (https://docs.x.com/x-api/posts/search/introduction,
``/2/tweets/search/recent``, ``/2/users/:id/tweets``, ``/2/users/:id/mentions``). Only
the fields asked for (``tweet.fields``, ``user.fields``) are declared."""

from __future__ import annotations

from typing import TypedDict


class TweetMetrics(TypedDict, total=False):
    retweet_count: int
    reply_count: int
    like_count: int
    quote_count: int
    bookmark_count: int
    impression_count: int


class ReferencedTweet(TypedDict):
    type: str  # "replied_to", "quoted", "retweeted"
    id: str


class Tweet(TypedDict, total=False):
    id: str
    text: str
    author_id: str
    created_at: str
    conversation_id: str
    in_reply_to_user_id: str
    referenced_tweets: list[ReferencedTweet]
    lang: str
    public_metrics: TweetMetrics
    edit_history_tweet_ids: list[str]


class UserMetrics(TypedDict, total=False):
    followers_count: int
    following_count: int
    tweet_count: int
    listed_count: int


class User(TypedDict, total=False):
    id: str
    name: str
    username: str
    created_at: str
    verified: bool
    public_metrics: UserMetrics


class Includes(TypedDict, total=False):
    users: list[User]


class Meta(TypedDict, total=False):
    result_count: int
    newest_id: str
    oldest_id: str
    next_token: str


class Problem(TypedDict, total=False):
    """An RFC 7807 problem: the error body, and each entry of ``errors`` beside data."""

    title: str
    detail: str
    type: str
    status: int
    value: str
    resource_type: str
    resource_id: str
    parameter: str


class TweetsResponse(TypedDict, total=False):
    data: list[Tweet]
    includes: Includes
    meta: Meta
    errors: list[Problem]


#: what Rumeur asks for in every read
TWEET_FIELDS = (
    "created_at,public_metrics,conversation_id,in_reply_to_user_id,referenced_tweets,lang"
)
USER_FIELDS = "created_at,public_metrics,verified"
