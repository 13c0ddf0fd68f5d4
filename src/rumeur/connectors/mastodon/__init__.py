"""Mastodon: REST API client (:mod:`.client`), payload types (:mod:`.payloads`) and
normaliser (:mod:`.normalise`, shared with the file importer)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.mastodon.normalise import is_mastodon_status, status_row

__all__ = ["MastodonConnector", "is_mastodon_status", "status_row"]


def __getattr__(name: str) -> Any:  # the client (and httpx) only when used
    if name == "MastodonConnector":
        from rumeur.connectors.mastodon.client import MastodonConnector

        return MastodonConnector
    raise AttributeError(name)
