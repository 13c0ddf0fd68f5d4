"""Reddit connector (OAuth script app)."""

from rumeur.connectors.reddit.client import RedditConnector, thing_row

__all__ = ["RedditConnector", "thing_row"]
