"""The AT Protocol views Rumeur reads (lexicons ``app.bsky.feed.defs``,
``app.bsky.actor.defs``). Only the fields the normaliser uses are declared."""

from __future__ import annotations

from typing import TypedDict


class StrongRef(TypedDict, total=False):
    uri: str
    cid: str


class ReplyRef(TypedDict, total=False):
    parent: StrongRef
    root: StrongRef


class PostRecord(TypedDict, total=False):
    """``app.bsky.feed.post``: ``createdAt`` is set by the author's client (it can be
    wrong, even in the future)."""

    text: str
    createdAt: str
    langs: list[str]
    reply: ReplyRef


class ProfileViewBasic(TypedDict, total=False):
    did: str
    handle: str
    displayName: str
    followersCount: int  # not in searchPosts' answer: added from getProfiles
    verification: dict[str, str]


class PostView(TypedDict, total=False):
    """``app.bsky.feed.defs#postView``; ``indexedAt`` is set by the server."""

    uri: str  # at://did/app.bsky.feed.post/rkey
    cid: str
    author: ProfileViewBasic
    record: PostRecord
    replyCount: int
    repostCount: int
    likeCount: int
    quoteCount: int
    indexedAt: str


class ProfileViewDetailed(TypedDict, total=False):
    """``app.bsky.actor.getProfiles``' items."""

    did: str
    handle: str
    followersCount: int
