"""Text helpers shared by the platforms' normalisers (and the file importer)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p") and self.parts:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """An HTML fragment (Mastodon's ``content``, a feed item's summary) as plain text
    (links keep their visible text)."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    parser = _HTMLText()
    parser.feed(fragment)
    text = "".join(parser.parts)
    return re.sub(r"[ \t]+\n", "\n", text).strip()


def as_text(value: Any) -> str | None:
    """A staging row's value: text, ``"true"``/``"false"`` for booleans, or None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
