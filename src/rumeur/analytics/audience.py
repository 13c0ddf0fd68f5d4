"""Estimated audience (reach) of a mention, and the ``[audience]`` table of rumeur.toml.

Reach of a mention, in this order:

1. ``views`` when the platform gives them (an actual count of impressions);
2. otherwise ``author_followers × factor[platform]``: the share of an author's followers
   who typically see a post. Defaults (:data:`DEFAULT_FACTORS`) are conservative orders of
   magnitude from public organic-reach studies; set your own in ``[audience.factors]``;
3. a reply with no views of its own also reaches part of its parent's readers: its reach
   is ``max(own estimate, reply_share × parent's reach)`` where the parent is the mention
   whose ``external_id`` is the reply's ``reply_to`` on the same platform (one level up;
   the parent's own reach follows rules 1–2). Default ``reply_share`` = 0.05: replies are
   folded under a post and read by few of its viewers;
4. nothing known: ``default_reach`` (1: someone read it).

Example ``rumeur.toml``::

    [audience]
    reply_share = 0.05
    default_reach = 1
    [audience.factors]
    twitter = 0.08
    reviews = 0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rumeur.messages import Text

#: share of an author's followers who see a post, per platform (organic reach)
DEFAULT_FACTORS: dict[str, float] = {
    "twitter": 0.10,
    "mastodon": 0.20,
    "bluesky": 0.15,
    "facebook": 0.06,
    "instagram": 0.10,
    "tiktok": 0.20,
    "linkedin": 0.08,
    "youtube": 0.10,
    "reddit": 0.05,
    "reviews": 0.50,
    "news": 0.30,
    "forum": 0.30,
    "rss": 0.30,
}
DEFAULT_FACTOR_OTHER = 0.10


@dataclass(frozen=True, slots=True)
class AudienceSettings:
    """How reach is estimated (see the module docstring)."""

    factors: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_FACTORS))
    other: float = DEFAULT_FACTOR_OTHER
    reply_share: float = 0.05
    default_reach: float = 1.0

    def factor(self, platform: str | None) -> float:
        return float(self.factors.get(platform or "", self.other))

    def estimate(
        self,
        platform: str | None,
        views: int | None,
        followers: int | None,
        parent_reach: float | None = None,
    ) -> float:
        """Python twin of :meth:`sql` for one mention (used in tests and small inputs)."""
        if views is not None:
            return float(views)
        own = (
            float(followers) * self.factor(platform)
            if followers is not None
            else self.default_reach
        )
        if parent_reach is not None:
            return max(own, self.reply_share * parent_reach)
        return own

    def _own_sql(self, a: str) -> str:
        cases = " ".join(
            f"WHEN '{p.replace(chr(39), '')}' THEN {float(f)!r}" for p, f in self.factors.items()
        )
        factor = f"(CASE {a}.platform {cases} ELSE {float(self.other)!r} END)"
        return (
            f"coalesce(CAST({a}.views AS DOUBLE), "
            f"CAST({a}.author_followers AS DOUBLE) * {factor}, {float(self.default_reach)!r})"
        )

    def sql(self, m: str = "m", parent: str = "p") -> str:
        """Portable SQL expression of a mention's reach; needs ``LEFT JOIN mentions p ON
        p.platform = m.platform AND p.external_id = m.reply_to`` (see :data:`PARENT_JOIN`)."""
        own = self._own_sql(m)
        inherited = f"{float(self.reply_share)!r} * {self._own_sql(parent)}"
        return (
            f"(CASE WHEN {m}.views IS NULL AND {parent}.mention_id IS NOT NULL "
            f"AND {inherited} > {own} THEN {inherited} ELSE {own} END)"
        )


PARENT_JOIN = "LEFT JOIN mentions p ON p.platform = m.platform AND p.external_id = m.reply_to"


def parse(raw: Any, path: Path | None = None, text: str = "") -> AudienceSettings:
    """Validate the ``[audience]`` table; errors name the key and its line."""
    from rumeur.config import _Reader

    r = _Reader(path or Path("rumeur.toml"), text)
    if raw is None:
        return AudienceSettings()
    if not isinstance(raw, dict):
        raise r.fail(
            "audience", Text("doit être une table : [audience]", "must be a table: [audience]")
        )
    known = {"factors", "other", "reply_share", "default_reach"}
    for key in raw:
        if key not in known:
            raise r.fail(
                f"audience.{key}",
                Text(
                    f"réglage inconnu ; attendu : {sorted(known)}",
                    f"unknown setting; expected one of {sorted(known)}",
                ),
            )

    def num(key: str, default: float, upper: float | None = None) -> float:
        v = raw.get(key, default)
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise r.fail(
                f"audience.{key}",
                Text(f"doit être un nombre >= 0, pas {v!r}", f"must be a number >= 0, got {v!r}"),
            )
        if upper is not None and v > upper:
            raise r.fail(
                f"audience.{key}",
                Text(f"doit être <= {upper}, pas {v!r}", f"must be <= {upper}, got {v!r}"),
            )
        return float(v)

    factors = dict(DEFAULT_FACTORS)
    given = raw.get("factors", {})
    if not isinstance(given, dict):
        raise r.fail(
            "audience.factors",
            Text("doit être une table : [audience.factors]", "must be a table: [audience.factors]"),
        )
    for plat, v in given.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 10:
            raise r.fail(
                f"audience.factors.{plat}",
                Text(
                    f"doit être un nombre dans [0, 10], pas {v!r}",
                    f"must be a number in [0, 10], got {v!r}",
                ),
            )
        factors[plat] = float(v)
    return AudienceSettings(
        factors=factors,
        other=num("other", DEFAULT_FACTOR_OTHER, 10),
        reply_share=num("reply_share", 0.05, 1),
        default_reach=num("default_reach", 1.0),
    )


def from_project(project: Any) -> AudienceSettings:
    """The project's audience settings (defaults when ``[audience]`` is absent)."""
    path = project.root / "rumeur.toml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return parse(project.extra.get("audience"), path, text)


__all__ = ["DEFAULT_FACTORS", "PARENT_JOIN", "AudienceSettings", "from_project", "parse"]
