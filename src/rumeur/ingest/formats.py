"""JSON shapes Rumeur reads as-is, turned into staging rows (all text; parsed in SQL).

- a Mastodon ``Status`` (REST API: timelines, search ``statuses[]``, exports); a boost
  is read as the status it boosts;
- a Bluesky ``PostView`` (``app.bsky.feed.searchPosts`` ``posts[]``, author feeds'
  ``feed[].post``);
- any other flat-ish JSON object, mapped like a CSV row from its keys.

The Mastodon and Bluesky normalisers live with their connectors
(:mod:`rumeur.connectors.mastodon.normalise`, :mod:`rumeur.connectors.bluesky.normalise`);
they are re-exported here for the file importer.

Wrappers are unwrapped: JSON arrays, ``{"posts": [...]}``, ``{"statuses": [...]}``,
``{"feed": [...]}``, ``{"data": [...]}``, ``{"items": [...]}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rumeur.connectors._text import html_to_text
from rumeur.connectors.bluesky.normalise import bluesky_row, is_bluesky_post
from rumeur.connectors.mastodon.normalise import is_mastodon_status, mastodon_row

#: Columns of a staging row, in order (every value is text or None).
STAGE_COLUMNS = (
    "platform", "external_id", "url", "author_id", "author_handle", "author_name",
    "author_followers", "author_verified", "title", "text", "language", "created_at",
    "likes", "shares", "replies", "views", "reply_to", "thread_id", "rating",
)  # fmt: skip

_WRAPPERS = ("posts", "statuses", "feed", "data", "items", "results", "mentions")


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


__all__ = [
    "STAGE_COLUMNS",
    "bluesky_row",
    "flatten",
    "html_to_text",
    "is_bluesky_post",
    "is_mastodon_status",
    "mastodon_row",
    "unwrap",
]
