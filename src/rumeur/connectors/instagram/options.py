"""``[[sources]]`` settings of ``type = "instagram"`` (an Instagram professional account)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.facebook.options import MetaOptions

#: Instagram's documented limit: unique hashtags queried per account in 7 days
HASHTAG_LIMIT = 30


@dataclass(frozen=True, kw_only=True)
class InstagramOptions(MetaOptions):
    """The account's media with their comments and replies, the media it is tagged in,
    and the recent media of up to 30 hashtags."""

    #: the Instagram professional account's id (``instagram_business_account`` of its Page)
    ig_user_id: str
    comments: bool = True
    tags: bool = True
    #: hashtags whose recent media (last 24 hours) are read; at most 30 unique in 7 days
    hashtags: list[str] = field(default_factory=list, metadata={"max_items": HASHTAG_LIMIT})
