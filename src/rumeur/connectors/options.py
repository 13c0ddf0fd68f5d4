"""The settings every ``[[sources]]`` table may hold, and :func:`validate_source`, which
checks a table against its type's declared model (``connectors/<platform>/options.py``).

Secrets never go in rumeur.toml: ``token``, ``password``... are refused there with a
hint; a source names an environment variable instead (``token_env``) or uses the secrets
file (docs/connectors.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rumeur.messages import Text
from rumeur.options import Duration, Place, validate
from rumeur.suggest import unknown

#: option names that hold secrets: never written in rumeur.toml itself
SECRET_KEYS = frozenset(
    {"token", "access_token", "password", "app_password", "client_secret", "api_key", "secret",
     "refresh_token", "app_secret", "verify_token", "private_key", "bearer_token",
     "service_account", "api_secret"}
)  # fmt: skip

#: ``type`` -> "module:Class" of its options model
MODELS: dict[str, str] = {
    "mastodon": "rumeur.connectors.mastodon.options:MastodonOptions",
    "bluesky": "rumeur.connectors.bluesky.options:BlueskyOptions",
    "reddit": "rumeur.connectors.reddit.options:RedditOptions",
    "youtube": "rumeur.connectors.youtube.options:YouTubeOptions",
    "rss": "rumeur.connectors.rss.options:FeedOptions",
    "webhook": "rumeur.connectors.webhook.options:WebhookOptions",
    "facebook": "rumeur.connectors.facebook.options:FacebookOptions",
    "instagram": "rumeur.connectors.instagram.options:InstagramOptions",
    "x": "rumeur.connectors.x.options:XOptions",
    "trustpilot": "rumeur.connectors.trustpilot.options:TrustpilotOptions",
    "google_business": "rumeur.connectors.google_business.options:GoogleBusinessOptions",
    "appstore": "rumeur.connectors.appstore.options:AppStoreOptions",
    "googleplay": "rumeur.connectors.googleplay.options:GooglePlayOptions",
}


@dataclass(frozen=True, kw_only=True)
class SourceOptions:
    """Settings of every source."""

    #: how often `rumeur watch` runs it
    interval: Duration = 300.0
    #: the brand (a ``[[brands]]`` id) every item of this source is about, whatever its
    #: text says: the reviews of the brand's own app, shop or page
    brand: str | None = None


@dataclass(frozen=True, kw_only=True)
class HttpOptions(SourceOptions):
    """Settings of every polled source (its HTTP client)."""

    timeout: Duration = field(default=20.0, metadata={"min": 0.1})
    retries: int = field(default=5, metadata={"min": 0})
    backoff: Duration = 1.0
    max_backoff: Duration = 60.0
    breaker_threshold: int = field(default=8, metadata={"min": 1})
    breaker_cooldown: Duration = 300.0
    #: an answer larger than this is refused (bytes)
    max_response_bytes: int = field(default=20 * 1024 * 1024, metadata={"min": 1024})
    #: allow a plain http:// base URL to a host other than this machine (credentials
    #: would travel in clear)
    allow_insecure_http: bool = False
    #: reads allowed per month (paid APIs): checked before each request, none is made
    #: once it is spent; counted in requests unless the platform counts items (X: posts)
    monthly_read_budget: int | None = field(default=None, metadata={"min": 1})
    #: the day of the month (1-28) the budget starts again (the platform's billing day),
    #: at midnight in the project's time zone
    budget_reset_day: int = field(default=1, metadata={"min": 1, "max": 28})


@dataclass(frozen=True, kw_only=True)
class PagedOptions(HttpOptions):
    """Settings of sources read newest first, page by page (see ``_paging.py``)."""

    max_pages: int = field(default=50, metadata={"min": 1})
    #: pages per run while the first collection is under way (default: max_pages)
    backfill_pages: int | None = field(default=None, metadata={"min": 1})
    #: how far back the first collection goes
    since: Duration = 30 * 86400.0
    #: tolerated difference between the platform's clocks and ours
    clock_skew: Duration = 300.0
    #: items per page (default: the API's maximum)
    limit: int | None = field(default=None, metadata={"min": 1})


def model_of(source_type: str) -> type[SourceOptions] | None:
    target = MODELS.get(source_type)
    if target is None:
        return None
    module, cls = target.split(":")
    model: type[SourceOptions] = getattr(importlib.import_module(module), cls)
    return model


def validate_source(source_type: str, table: Mapping[str, Any], place: Place) -> SourceOptions:
    """The typed settings of one ``[[sources]]`` table (``name`` and ``type`` excluded)."""
    model = model_of(source_type)
    if model is None:
        raise place.fail(
            "type",
            unknown(Text("type de source inconnu", "unknown source type"), source_type, MODELS),
            hint=Text(
                "types de source : "
                + ", ".join(sorted(MODELS))
                + " (les fichiers s'importent avec `rumeur import FICHIER`)",
                "source types: "
                + ", ".join(sorted(MODELS))
                + " (files are imported with `rumeur import FILE`)",
            ),
        )
    for key in table:
        if key in SECRET_KEYS:
            raise place.fail(
                key,
                Text(
                    f"'{key}' ne doit pas être écrit dans rumeur.toml",
                    f"'{key}' must not be written in rumeur.toml",
                ),
                hint=Text(
                    f'mettez {key}_env = "VARIABLE" ou placez-le dans le fichier [secrets]',
                    f'set {key}_env = "VARIABLE" or put it in the [secrets] file',
                ),
            )
    return validate(
        model,
        table,
        place,
        what=Text(f"une source {source_type}", f"a {source_type} source"),
        skip=("name", "type"),
    )
