"""What every conduct rule needs: the brand, its accounts, the messages, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from rumeur.audits.conduct.cues import excerpt
from rumeur.audits.conduct.data import Post, own_handles
from rumeur.config import Brand

#: the most posts a day each network's audience usually tolerates from one brand account
#: (industry guidance: Facebook and Instagram 1-3, LinkedIn 1-2, X up to about 15)
DEFAULT_NORMS: dict[str, float] = {
    "facebook": 3, "instagram": 3, "linkedin": 2, "twitter": 15, "x": 15, "mastodon": 10,
    "bluesky": 10, "tiktok": 4, "youtube": 2, "reddit": 5,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ConductSettings:
    """Thresholds of the conduct rules (``[conduct]`` in rumeur.toml overrides them)."""

    norms: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_NORMS))
    default_norm: float = 10.0
    #: a day is over-posting above max(norm, factor × the account's usual day)
    overposting_factor: float = 2.5
    #: how far back a person's own message about the brand makes a reply solicited
    solicit_window_days: float = 7.0
    wall_spam_min_threads: int = 3
    #: cross-posting tools publish within minutes; the same text days apart is a reminder
    copy_paste_window_hours: float = 6.0
    #: promotions offered minus promotions asked for, above which the offer is too pushy
    promo_gap: float = 0.15
    #: "Socially Devoted" (Socialbakers): at least 65 % of questions answered
    response_target: float = 0.65
    #: median first response beyond this many hours is flagged
    response_hours: float = 24.0
    timezone: str = "Europe/Paris"


def local_part(handle: str) -> str:
    """``user`` of a Mastodon ``user@instance`` (a reply's text names people that way)."""
    return handle.split("@", 1)[0]


@dataclass
class Context:
    brand: Brand
    posts: list[Post]
    since: datetime | None
    until: datetime | None
    all_own: frozenset[str]
    settings: ConductSettings
    #: what each rule measured, flagged or not: rule -> key -> figures
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: mention id -> answered?, for the questions and complaints addressed to the brand
    response_status: dict[str, bool] = field(default_factory=dict)
    #: mention id -> campaign id, for the mentions the authenticity audit finds suspicious
    suspicious: dict[str, str | None] = field(default_factory=dict)

    def measure(self, rule: str) -> dict[str, Any]:
        return self.measures.setdefault(rule, {})

    @cached_property
    def own(self) -> set[str]:
        return own_handles(self.brand)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @cached_property
    def by_key(self) -> dict[tuple[str, str], Post]:
        return {(p.platform, p.external_id): p for p in self.posts if p.external_id}

    def in_period(self, p: Post) -> bool:
        return (self.since is None or p.created_at >= self.since) and (
            self.until is None or p.created_at < self.until
        )

    @cached_property
    def brand_posts(self) -> list[Post]:
        """This brand's own accounts' messages in the period."""
        return [p for p in self.posts if p.author in self.own and self.in_period(p)]

    def parent(self, p: Post) -> Post | None:
        return self.by_key.get((p.platform, p.reply_to)) if p.reply_to else None

    def addresses_brand(self, p: Post) -> bool:
        """A public message that speaks to the brand: names one of its handles, answers
        one of its posts, or reviews it (a review naming the brand, or left on one of its
        own pages: a Facebook Page recommendation is about the page's brand, whatever
        its text says)."""
        if p.own:
            return False
        if any(h in self.own for h in p.addressed):
            return True
        parent = self.parent(p)
        if parent is not None and parent.author in self.own:
            return True
        return p.rating is not None and (self.brand.id in p.brands or p.venue in self.own)

    def about_brand(self, p: Post) -> bool:
        return not p.own and (self.brand.id in p.brands or self.addresses_brand(p))

    @cached_property
    def spoke_of_brand(self) -> dict[str, list[datetime]]:
        """When each person wrote about or to the brand (sorted), lookback included."""
        out: dict[str, list[datetime]] = {}
        for p in self.posts:
            if self.about_brand(p):
                for key in {p.author, local_part(p.author)}:
                    out.setdefault(key, []).append(p.created_at)
        return out

    @cached_property
    def audience(self) -> list[Post]:
        """The public's messages about or to the brand, in the period."""
        return [p for p in self.posts if self.in_period(p) and self.about_brand(p)]

    def excerpts(self, posts: list[Post]) -> dict[str, str]:
        return {p.mention_id: excerpt(p.text) for p in posts}
