"""The shared state of one generation run, and channel picking."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rumeur.demo.compose import Composer
from rumeur.demo.model import AVIS, BLUESKY, MASTODON, VEILLE, Item
from rumeur.demo.people import People
from rumeur.demo.timeline import Clock

#: Platforms of the listening-tool export, for ordinary posts.
VEILLE_PLATFORMS = ("twitter", "facebook", "instagram", "tiktok", "youtube", "forum")
VEILLE_WEIGHTS = (0.40, 0.22, 0.13, 0.08, 0.06, 0.11)
#: Threaded platforms (where customers ask care accounts).
SOCIAL = ("twitter", "facebook")


@dataclass
class Scene:
    rng: random.Random
    comp: Composer
    people: People
    clock: Clock
    start: datetime
    end: datetime
    items: list[Item] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    care: list[dict[str, Any]] = field(default_factory=list)
    fake_accounts: list[str] = field(default_factory=list)
    spam_accounts: list[str] = field(default_factory=list)

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def at(self, frac: float) -> datetime:
        """The instant at ``frac`` of the period."""
        return self.start + (self.end - self.start) * frac

    def channel(self, *, reviews: float = 0.12, threaded: bool = False) -> tuple[str, str]:
        """(channel, platform) for a new root post."""
        r = self.rng.random()
        if not threaded and r < reviews:
            return AVIS, "reviews"
        r = self.rng.random()
        if r < 0.10:
            return MASTODON, "mastodon"
        if r < 0.20:
            return BLUESKY, "bluesky"
        if threaded:
            return VEILLE, self.rng.choices(SOCIAL, (0.65, 0.35))[0]
        return VEILLE, self.rng.choices(VEILLE_PLATFORMS, VEILLE_WEIGHTS)[0]
