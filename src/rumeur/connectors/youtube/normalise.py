"""YouTube ``video`` and ``comment`` resources -> staging rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def video_row(video: Mapping[str, Any]) -> dict[str, Any]:
    """``youtube#video`` (with ``subscriberCount`` added to its snippet) -> staging row."""
    s, st = video["snippet"], video.get("statistics") or {}
    desc = (s.get("description") or "").strip()
    return {
        "platform": "youtube",
        "external_id": video["id"],
        "url": f"https://www.youtube.com/watch?v={video['id']}",
        "author_id": s.get("channelId"),
        "author_handle": None,
        "author_name": s.get("channelTitle"),
        "author_followers": s.get("subscriberCount"),
        "title": s.get("title"),
        "text": desc or s.get("title"),
        "language": s.get("defaultAudioLanguage") or s.get("defaultLanguage"),
        "created_at": s["publishedAt"],
        "likes": st.get("likeCount"),
        "replies": st.get("commentCount"),
        "views": st.get("viewCount"),
        "thread_id": video["id"],
    }


def comment_row(comment: Mapping[str, Any]) -> dict[str, Any]:
    """``youtube#comment`` -> staging row (a reply carries ``parentId``)."""
    s = comment["snippet"]
    return {
        "platform": "youtube",
        "external_id": comment["id"],
        "url": f"https://www.youtube.com/watch?v={s['videoId']}&lc={comment['id']}",
        "author_id": (s.get("authorChannelId") or {}).get("value"),
        "author_handle": s.get("authorDisplayName"),
        "author_name": s.get("authorDisplayName"),
        "text": s.get("textOriginal") or s.get("textDisplay"),
        "created_at": s["publishedAt"],
        "likes": s.get("likeCount"),
        "reply_to": s.get("parentId") or s["videoId"],
        "thread_id": s["videoId"],
    }
