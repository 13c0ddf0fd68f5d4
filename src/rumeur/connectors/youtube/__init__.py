"""YouTube connector (Data API v3 with an API key)."""

from rumeur.connectors.youtube.client import YouTubeConnector, comment_row, video_row
from rumeur.connectors.youtube.exceptions import QuotaExceededError

__all__ = ["QuotaExceededError", "YouTubeConnector", "comment_row", "video_row"]
