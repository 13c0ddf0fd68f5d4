"""What a report section is made of: plain data, rendered by the Jinja2 templates.

A section provider never writes HTML. It returns :class:`~rumeur.report.build.Section`
objects whose ``blocks`` are the dataclasses below; ``templates/_blocks.html.j2`` turns
each into HTML with autoescape on (one macro per kind, one ``table`` macro for every
table). Text is always text: ``<b>`` in a mention stays visible as ``<b>``.

Inline content (a table cell, a paragraph, a list item) is a ``str``, a :class:`Span`
(text with a link, a CSS class, a tooltip) or a list of them. Links go through
:func:`rumeur.report.fmt.safe_url` when rendered: only ``#anchors`` and http(s) URLs
become clickable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol


class Href(Protocol):
    """Something with a ``url`` (``None`` when the target was not kept)."""

    @property
    def url(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of inline text."""

    text: str
    href: str | Href | None = None
    cls: str | None = None  # CSS class: s-negative, muted, strong, small, num...
    title: str | None = None  # tooltip


Inline = str | Span | Sequence[str | Span]


@dataclass(slots=True)
class Para:
    kind: ClassVar[str] = "para"
    content: Inline
    cls: str = ""  # "note" for a muted footnote


@dataclass(slots=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: Inline
    level: int = 3


@dataclass(slots=True)
class Cell:
    """A table cell: a main line and an optional muted second line (an interval...)."""

    main: Inline
    sub: Inline | None = None
    title: str | None = None
    cls: str | None = None  # e.g. "ugc": the cell quotes what people wrote


@dataclass(slots=True)
class Table:
    kind: ClassVar[str] = "table"
    head: Sequence[Inline]
    rows: Sequence[Sequence[Inline | Cell]]
    #: indices of right-aligned (numeric) columns
    numeric: Sequence[int] = ()
    cls: str = ""
    caption: str | None = None


@dataclass(slots=True)
class Item:
    """A list item with optional nested items (e.g. a theme and its quotes)."""

    content: Inline
    children: Sequence[Inline] = ()


@dataclass(slots=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: Sequence[Inline | Item]
    ordered: bool = False
    cls: str = ""


@dataclass(slots=True)
class Figure:
    """A chart (:class:`rumeur.report.charts.Svg`) with an optional caption under it."""

    kind: ClassVar[str] = "figure"
    svg: Any
    caption: Inline | None = None


@dataclass(slots=True)
class Row:
    """Blocks side by side on a wide screen (stacked when narrow or printed)."""

    kind: ClassVar[str] = "row"
    blocks: Sequence[Block]


@dataclass(slots=True)
class Details:
    """A folded part: ``summary`` is shown, ``blocks`` open on click (or on a link to
    ``anchor``, which sits inside)."""

    kind: ClassVar[str] = "details"
    summary: Inline
    blocks: Sequence[Block] = field(default_factory=list)
    anchor: str | None = None
    open: bool = False


Block = Para | Heading | Table | Bullets | Figure | Row | Details


def note(text: Inline) -> Para:
    """A muted footnote paragraph."""
    return Para(text, cls="note")


__all__ = [
    "Block",
    "Bullets",
    "Cell",
    "Details",
    "Figure",
    "Heading",
    "Href",
    "Inline",
    "Item",
    "Para",
    "Row",
    "Span",
    "Table",
    "note",
]
