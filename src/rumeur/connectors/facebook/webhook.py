"""Meta's Webhooks for a Facebook Page, served by the webhook intake at
``/hooks/<source name>`` (a ``type = "facebook"`` source with ``webhook = true``).

https://developers.facebook.com/docs/graph-api/webhooks/getting-started

- **Verification** (when the subscription is set up in the app's dashboard): Meta sends
  ``GET ?hub.mode=subscribe&hub.verify_token=<yours>&hub.challenge=<n>``; the intake
  answers the challenge as plain text when the verify token matches (constant-time), else
  403.
- **Notifications**: ``POST`` with the JSON body ``{"object": "page", "entry": [{"id",
  "time", "changes": [{"field", "value"}]}]}`` signed in ``X-Hub-Signature-256:
  sha256=<hex>`` (HMAC-SHA256 of the raw body with the app secret), checked in constant
  time before anything is read. Field ``feed`` (``item`` post/status/photo/video/share
  and comment, ``verb`` add or edited) and ``ratings`` give mentions normalised like the
  polled ones (same ids: a push and the next poll make one mention); removals,
  reactions and likes are counted, not stored.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from rumeur.connectors.base import Item, Rejected, dumps, row_to_mention
from rumeur.connectors.facebook.normalise import PLATFORM
from rumeur.connectors.webhook.intake import PushRefused
from rumeur.ingest.reasons import stored

if TYPE_CHECKING:
    from rumeur.connectors.base import Context

SIGNATURE_HEADER = "X-Hub-Signature-256"
POST_ITEMS = frozenset({"post", "status", "photo", "video", "share"})


def subscribe(query: Mapping[str, str], verify_token: str) -> tuple[int, str]:
    """The answer to Meta's verification request: (200, challenge) or (403, reason)."""
    mode, token = query.get("hub.mode", ""), query.get("hub.verify_token", "")
    challenge = query.get("hub.challenge", "")
    if mode != "subscribe" or not challenge:
        return 403, "expected hub.mode=subscribe and hub.challenge"
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return 403, "verify token does not match"
    return 200, challenge


def check_signature(app_secret: str, header: str | None, body: bytes) -> None:
    """Refuse (401) a body whose ``X-Hub-Signature-256`` is missing or wrong."""
    if not header or not header.isascii() or not header.startswith("sha256="):
        raise PushRefused(401, "unsigned", f"send {SIGNATURE_HEADER}: sha256=<hex>")
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header.strip()):
        raise PushRefused(401, "bad_signature", "signature does not match the body")


def change_row(page_id: str, field: str, v: Mapping[str, Any]) -> dict[str, Any] | None:
    """One change's staging row, or None for a change that holds no message."""
    who = v.get("from") or {}
    verb, item = v.get("verb"), v.get("item")
    if verb not in ("add", "edited"):
        return None
    base = {
        "platform": PLATFORM,
        "author_id": who.get("id"),
        "author_handle": who.get("id"),
        "author_name": who.get("name"),
        "is_own_account": who.get("id") == page_id,
        "created_at": v.get("created_time"),
    }
    if field == "feed" and item == "comment":
        post = v.get("post_id")
        return {
            **base,
            "external_id": v.get("comment_id"),
            "text": v.get("message"),
            "reply_to": v.get("parent_id") or post,
            "thread_id": post,
            "url": f"https://www.facebook.com/{v.get('comment_id')}",
        }
    if field == "feed" and item in POST_ITEMS:
        post = v.get("post_id")
        return {
            **base,
            "external_id": post,
            "text": v.get("message"),
            "thread_id": post,
            "url": f"https://www.facebook.com/{post}",
        }
    if field == "ratings" and item == "rating":
        kind = v.get("recommendation_type")
        stars = v.get("rating") or (5 if kind == "positive" else 1 if kind == "negative" else None)
        rid = v.get("open_graph_story_id")
        return {
            **base,
            "author_id": v.get("reviewer_id"),
            "author_handle": v.get("reviewer_id"),
            "author_name": v.get("reviewer_name"),
            "is_own_account": False,
            "external_id": rid,
            "text": v.get("review_text"),
            "rating": stars,
            "thread_id": rid,
            "url": f"https://www.facebook.com/{page_id}/reviews",
        }
    return None


def read_changes(body: bytes, page_id: str) -> tuple[list[Item], list[Rejected], int]:
    """(mentions, rejected changes with the reason, changes skipped: removals, reactions)."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise PushRefused(422, "invalid_json", f"body is not JSON: {exc}") from None
    if not isinstance(doc, Mapping) or doc.get("object") != "page":
        raise PushRefused(422, "unexpected_object", 'expected {"object": "page", "entry": [...]}')
    items: list[Item] = []
    rejected: list[Rejected] = []
    skipped = 0
    for entry in doc.get("entry") or []:
        if not isinstance(entry, Mapping) or str(entry.get("id")) != page_id:
            skipped += 1  # another page of the same app: not this source's
            continue
        for change in entry.get("changes") or []:
            if not isinstance(change, Mapping) or not isinstance(change.get("value"), Mapping):
                rejected.append((dumps(change), stored("no_value_object")))
                continue
            value = change["value"]
            try:
                row = change_row(page_id, str(change.get("field")), value)
                if row is None:
                    skipped += 1
                    continue
                items.append((dumps(value), row_to_mention(row)))
            except (ValueError, TypeError, KeyError) as exc:
                rejected.append(
                    (dumps(value), stored("cannot_normalise", error=f"{type(exc).__name__}: {exc}"))
                )
    return items, rejected, skipped


@dataclass(frozen=True)
class MetaHook:
    """One Facebook Page source's webhook: its page, app secret and verify token."""

    page_id: str
    app_secret: str
    verify_token: str

    @classmethod
    def of(cls, ctx: Context) -> MetaHook:
        """From the source's settings and secrets (``app_secret``, ``verify_token``)."""
        app_secret, verify = ctx.secret("app_secret"), ctx.secret("verify_token")
        assert app_secret is not None and verify is not None
        return cls(str(ctx.settings.page_id), app_secret, verify)

    def subscribe(self, query: Mapping[str, str]) -> tuple[int, str]:
        return subscribe(query, self.verify_token)

    def check(self, headers: Any, body: bytes) -> None:
        check_signature(self.app_secret, headers.get(SIGNATURE_HEADER), body)

    def read(self, body: bytes) -> tuple[list[Item], list[Rejected], int]:
        return read_changes(body, self.page_id)
