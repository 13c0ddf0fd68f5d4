"""Mastodon ``Status`` -> staging row (shared by the connector and the file importer)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rumeur.connectors._text import as_text, html_to_text


def is_mastodon_status(obj: Mapping[str, Any]) -> bool:
    """Whether a JSON object looks like a Mastodon ``Status``."""
    return "account" in obj and "content" in obj and "id" in obj


def status_row(status: Mapping[str, Any]) -> dict[str, str | None]:
    """Staging row of a Mastodon Status (a boost stands for the boosted status); see
    :class:`~rumeur.connectors.mastodon.payloads.Status`."""
    if isinstance(status.get("reblog"), Mapping):
        status = status["reblog"]
    account = status.get("account") or {}
    text = html_to_text(status.get("content") or "")
    spoiler = status.get("spoiler_text") or None
    return {
        "platform": "mastodon",
        "external_id": as_text(status.get("id")),
        "url": status.get("url") or status.get("uri"),
        "author_id": as_text(account.get("id")),
        "author_handle": account.get("acct") or account.get("username"),
        "author_name": account.get("display_name") or None,
        "author_followers": as_text(account.get("followers_count")),
        "author_verified": None,
        "title": spoiler,
        "text": text,
        "language": status.get("language"),
        "created_at": status.get("created_at"),
        "likes": as_text(status.get("favourites_count")),
        "shares": as_text(status.get("reblogs_count")),
        "replies": as_text(status.get("replies_count")),
        "views": None,
        "reply_to": as_text(status.get("in_reply_to_id")),
        "thread_id": None,
        "rating": None,
    }


#: the name the file importer used
mastodon_row = status_row
