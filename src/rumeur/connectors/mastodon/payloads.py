"""The Mastodon entities Rumeur reads (https://docs.joinmastodon.org/entities/).

Only the fields the normaliser uses are declared; the API sends more, and every item
is stored whole, as received.
"""

from __future__ import annotations

from typing import TypedDict


class Account(TypedDict, total=False):
    """``Account``: the author of a status."""

    id: str
    username: str
    acct: str  # "user" on its own server, "user@server" elsewhere
    display_name: str
    followers_count: int


class Status(TypedDict, total=False):
    """``Status``: a post; ``reblog`` holds the boosted status of a boost."""

    id: str
    uri: str
    url: str | None
    created_at: str  # ISO 8601, set by the author's server
    account: Account
    content: str  # HTML
    spoiler_text: str
    language: str | None
    favourites_count: int
    reblogs_count: int
    replies_count: int
    in_reply_to_id: str | None
    reblog: Status | None


class Context(TypedDict, total=False):
    """``Context`` (``GET /api/v1/statuses/:id/context``): a status's thread."""

    ancestors: list[Status]
    descendants: list[Status]
