"""What the app-store doubles share: the answer type and opaque page tokens."""

from __future__ import annotations

import base64
import json
from typing import Any

Answer = tuple[int, dict[str, str], bytes, Any]
WEEK = 7 * 86400.0


def j(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def offset_of(token: str | None) -> int | None:
    """An opaque page token -> offset (None if it is not one of ours)."""
    if not token:
        return 0
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(raw[4:]) if raw.startswith("off:") and raw[4:].isdigit() else None


def page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"off:{offset}".encode()).decode().rstrip("=")
