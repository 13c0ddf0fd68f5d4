"""``[[sources]]`` settings of ``type = "rss"``."""

from __future__ import annotations

from dataclasses import dataclass

from rumeur.connectors.options import HttpOptions


@dataclass(frozen=True, kw_only=True)
class FeedOptions(HttpOptions):
    """One RSS 2.0 or Atom feed."""

    url: str
    #: what its items are (a platform of rumeur.records.PLATFORMS)
    platform: str = "news"
