"""RSS/Atom feed connector (news, blogs, Google Alerts, Talkwalker Alerts)."""

from rumeur.connectors.rss.client import FeedConnector, entry_row, real_link

__all__ = ["FeedConnector", "entry_row", "real_link"]
