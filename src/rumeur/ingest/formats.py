"""JSON shapes Rumeur reads as-is, turned into staging rows (all text; parsed in SQL).

- a Mastodon ``Status`` (REST API: timelines, search ``statuses[]``, exports); a boost
  is read as the status it boosts;
- a Bluesky ``PostView`` (``app.bsky.feed.searchPosts`` ``posts[]``, author feeds'
  ``feed[].post``);
- any other flat-ish JSON object, mapped like a CSV row from its keys.

Wrappers are unwrapped: JSON arrays, ``{"posts": [...]}``, ``{"statuses": [...]}``,
``{"feed": [...]}``, ``{"data": [...]}``, ``{"items": [...]}``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

#: Columns of a staging row, in order (every value is text or None).
STAGE_COLUMNS = (
    "platform", "external_id", "url", "author_id", "author_handle", "author_name",
    "author_followers", "author_verified", "title", "text", "language", "created_at",
    "likes", "shares", "replies", "views", "reply_to", "thread_id", "rating",
)  # fmt: skip

_WRAPPERS = ("posts", "statuses", "feed", "data", "items", "results", "mentions")


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p") and self.parts:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Mastodon's HTML ``content`` as plain text (links keep their visible text)."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    parser = _HTMLText()
    parser.feed(fragment)
    text = "".join(parser.parts)
    return re.sub(r"[ \t]+\n", "\n", text).strip()


def _s(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def is_mastodon_status(obj: Mapping[str, Any]) -> bool:
    return "account" in obj and "content" in obj and "id" in obj


def is_bluesky_post(obj: Mapping[str, Any]) -> bool:
    return str(obj.get("uri", "")).startswith("at://") and "record" in obj


def mastodon_row(status: Mapping[str, Any]) -> dict[str, str | None]:
    """Staging row of a Mastodon Status (a boost stands for the boosted status)."""
    if isinstance(status.get("reblog"), Mapping):
        status = status["reblog"]
    account = status.get("account") or {}
    text = html_to_text(status.get("content") or "")
    spoiler = status.get("spoiler_text") or None
    return {
        "platform": "mastodon",
        "external_id": _s(status.get("id")),
        "url": status.get("url") or status.get("uri"),
        "author_id": _s(account.get("id")),
        "author_handle": account.get("acct") or account.get("username"),
        "author_name": account.get("display_name") or None,
        "author_followers": _s(account.get("followers_count")),
        "author_verified": None,
        "title": spoiler,
        "text": text,
        "language": status.get("language"),
        "created_at": status.get("created_at"),
        "likes": _s(status.get("favourites_count")),
        "shares": _s(status.get("reblogs_count")),
        "replies": _s(status.get("replies_count")),
        "views": None,
        "reply_to": _s(status.get("in_reply_to_id")),
        "thread_id": None,
        "rating": None,
    }


def bluesky_row(post: Mapping[str, Any]) -> dict[str, str | None]:
    """Staging row of a Bluesky PostView."""
    author = post.get("author") or {}
    record = post.get("record") or {}
    reply = record.get("reply") or {}
    uri = str(post.get("uri"))
    handle = author.get("handle")
    rkey = uri.rsplit("/", 1)[-1]
    langs = record.get("langs") or []
    return {
        "platform": "bluesky",
        "external_id": uri,
        "url": f"https://bsky.app/profile/{handle or author.get('did')}/post/{rkey}",
        "author_id": author.get("did"),
        "author_handle": handle,
        "author_name": author.get("displayName") or None,
        "author_followers": _s(author.get("followersCount")),
        "author_verified": _s((author.get("verification") or {}).get("verifiedStatus") == "valid")
        if author.get("verification")
        else None,
        "title": None,
        "text": record.get("text"),
        "language": langs[0] if langs else None,
        "created_at": record.get("createdAt") or post.get("indexedAt"),
        "likes": _s(post.get("likeCount")),
        "shares": _s((post.get("repostCount") or 0) + (post.get("quoteCount") or 0))
        if post.get("repostCount") is not None
        else None,
        "replies": _s(post.get("replyCount")),
        "views": None,
        "reply_to": (reply.get("parent") or {}).get("uri"),
        "thread_id": (reply.get("root") or {}).get("uri"),
        "rating": None,
    }


def flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"user": {"name": "x"}}`` -> ``{"user.name": "x"}`` (lists kept as JSON-ish text)."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def unwrap(obj: Any) -> Iterator[Any]:
    """The records inside a JSON document (arrays and API page wrappers)."""
    if isinstance(obj, list):
        for item in obj:
            yield from unwrap(item)
        return
    if isinstance(obj, Mapping):
        if "post" in obj and isinstance(obj["post"], Mapping) and is_bluesky_post(obj["post"]):
            yield obj["post"]
            return
        if not is_mastodon_status(obj) and not is_bluesky_post(obj):
            for key in _WRAPPERS:
                if isinstance(obj.get(key), list):
                    yield from unwrap(obj[key])
                    return
    yield obj
