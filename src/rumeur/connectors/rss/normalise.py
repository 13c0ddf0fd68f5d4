"""Feed items (feedparser entries) -> staging rows; each item's own XML as its payload."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from calendar import timegm
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rumeur.connectors._text import html_to_text

_ITEM_TAGS = ("item", "{http://www.w3.org/2005/Atom}entry", "{http://purl.org/rss/1.0/}item")


def real_link(link: str | None) -> str | None:
    """The target of a Google Alerts redirect link; other links unchanged."""
    if not link:
        return link
    parts = urlsplit(link)
    if parts.netloc.endswith("google.com") and parts.path == "/url":
        target = parse_qs(parts.query).get("url")
        if target:
            return target[0]
    return link


def raw_items(body: bytes) -> list[str] | None:
    """Each item's XML text, in feed order; None when strict XML parsing fails."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    out = []
    for el in root.iter():
        if el.tag in _ITEM_TAGS:
            out.append(ET.tostring(el, encoding="unicode"))
    return out


def _when(entry: Mapping[str, Any]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return datetime.fromtimestamp(timegm(t), UTC).isoformat()
    return None


def entry_row(entry: Mapping[str, Any], feed: Mapping[str, Any], platform: str) -> dict[str, Any]:
    """feedparser entry -> staging row."""
    link = real_link(entry.get("link"))
    content = entry.get("content") or []
    body = (content[0].get("value") if content else None) or entry.get("summary") or ""
    title = html_to_text(entry.get("title") or "") or None
    text = html_to_text(body) or title
    author = entry.get("author") or (entry.get("author_detail") or {}).get("name") or None
    return {
        "platform": platform,
        "external_id": entry.get("id") or link,
        "url": link,
        "author_id": author,
        "author_handle": None,
        "author_name": author or feed.get("title"),
        "title": title,
        "text": text,
        "language": (entry.get("language") or feed.get("language") or None),
        "created_at": _when(entry),
    }


def plain(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items() if not k.endswith("_parsed")}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    return obj if isinstance(obj, str | int | float | bool | type(None)) else str(obj)
