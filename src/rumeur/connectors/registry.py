"""Source types -> connector classes; :func:`build` makes the connector of a source."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from rumeur.config import Project, SourceConfig
from rumeur.connectors.base import Connector, Context
from rumeur.errors import ConfigError
from rumeur.messages import Text

#: ``type`` in ``[[sources]]`` -> "module:Class" (imported when used)
CONNECTORS: dict[str, str] = {
    "mastodon": "rumeur.connectors.mastodon:MastodonConnector",
    "bluesky": "rumeur.connectors.bluesky:BlueskyConnector",
    "reddit": "rumeur.connectors.reddit:RedditConnector",
    "youtube": "rumeur.connectors.youtube:YouTubeConnector",
    "rss": "rumeur.connectors.rss:FeedConnector",
    "facebook": "rumeur.connectors.facebook:FacebookConnector",
    "instagram": "rumeur.connectors.instagram:InstagramConnector",
    "x": "rumeur.connectors.x:XConnector",
    "trustpilot": "rumeur.connectors.trustpilot:TrustpilotConnector",
    "google_business": "rumeur.connectors.google_business:GoogleBusinessConnector",
    "appstore": "rumeur.connectors.appstore:AppStoreConnector",
    "googleplay": "rumeur.connectors.googleplay:GooglePlayConnector",
}
#: types served by the webhook server rather than polled
PUSH_TYPES = frozenset({"webhook"})


def is_pushed(source: SourceConfig) -> bool:
    """Served by the webhook intake: a ``webhook`` source, or a Facebook Page source with
    ``webhook = true`` (Meta's webhooks; it is polled as well)."""
    return source.type in PUSH_TYPES or (
        source.type == "facebook" and bool(source.options.get("webhook"))
    )


def types() -> list[str]:
    return sorted([*CONNECTORS, *PUSH_TYPES])


def build(
    project: Project,
    source: SourceConfig,
    *,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> Connector:
    """The connector of ``source`` (ConfigError for an unknown or push-only type)."""
    target = CONNECTORS.get(source.type)
    if target is None:
        hint = (
            Text(
                "les sources webhook reçoivent des envois : lancez `rumeur webhook` (ou "
                "`rumeur watch`)",
                "webhook sources receive pushes: run `rumeur webhook` (or `rumeur watch`)",
            )
            if source.type in PUSH_TYPES
            else Text("types connus : " + ", ".join(types()), "known types: " + ", ".join(types()))
        )
        raise ConfigError(
            Text(
                f"la source '{source.name}' est de type '{source.type}', qui ne s'interroge pas",
                f"source '{source.name}' has type '{source.type}', which cannot be polled",
            ),
            path=project.root / "rumeur.toml",
            key="sources.type",
            hint=hint,
        )
    module, cls = target.split(":")
    factory: Any = getattr(importlib.import_module(module), cls)
    connector: Connector = factory(Context(project, source, sleep=sleep, clock=clock))
    return connector


def source(project: Project, name: str) -> SourceConfig:
    for s in project.sources:
        if s.name == name:
            return s
    known = ", ".join(s.name for s in project.sources) or "none"
    raise ConfigError(
        Text(
            f"aucune source nommée '{name}' dans rumeur.toml",
            f"no source named '{name}' in rumeur.toml",
        ),
        path=project.root / "rumeur.toml",
        hint=Text(f"sources configurées : {known}", f"configured sources: {known}"),
    )
