"""Mastodon connector (REST API, polling)."""

from rumeur.connectors.mastodon.client import MastodonConnector, status_row

__all__ = ["MastodonConnector", "status_row"]
