"""Bluesky connector (AT Protocol XRPC with an app password)."""

from rumeur.connectors.bluesky.client import BlueskyConnector, post_row

__all__ = ["BlueskyConnector", "post_row"]
