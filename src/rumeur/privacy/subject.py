"""Who a privacy request is about: the person behind a handle, as the store knows them.

:func:`find_subject` starts from the handle given on the command line (``@`` and case
ignored; a pseudonymised store is searched under the handle's pseudonym too) and gathers
every mention whose author has that handle, or one of the platform account ids those
mentions carry (someone who changed their handle is still the same account). A mention
with no handle (a review export that only names its author) is matched by its author
name. :class:`Subject` then knows their identifiers, names, texts, links, mention ids
and raw items, and :meth:`Subject.owns_row` / :meth:`Subject.scrubber` recognise them in
raw payloads, archived rows and any stored text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from rumeur.privacy.keys import Keyed, fold_handle

#: what replaces a person's handle, name or text where someone else's data quotes them
ERASED = "[effacé]"
#: texts shorter than this are not searched for elsewhere (too common to be theirs)
MIN_TEXT = 20
#: display names shorter than this are not searched for in other people's texts
MIN_NAME = 4
#: account ids shorter than this are not looked for in archived cells (``137`` may be a
#: like count); they are still matched in the mentions' ``author_id`` column
MIN_ID_CELL = 12

_COLUMNS = (
    "mention_id, platform, author_id, author_handle, author_name, title, text, url, raw_id, "
    "created_at"
)


@dataclass(slots=True)
class Subject:
    """A person, as found in the store."""

    requested: tuple[str, ...]  # folded, as requested
    platform: str | None
    mentions: list[dict[str, Any]] = field(default_factory=list)
    handles: set[str] = field(default_factory=set)  # folded
    ids: set[tuple[str, str]] = field(default_factory=set)  # (platform, author id)
    names: set[str] = field(default_factory=set)

    @property
    def mention_ids(self) -> list[str]:
        return [m["mention_id"] for m in self.mentions]

    @property
    def raw_ids(self) -> set[str]:
        return {m["raw_id"] for m in self.mentions if m["raw_id"]}

    @property
    def texts(self) -> set[str]:
        out: set[str] = set()
        for m in self.mentions:
            for t in (m["text"], m["title"]):
                if t and len(t) >= MIN_TEXT:
                    out.update((t, t[:280], t[:140]))
        return out

    @property
    def urls(self) -> set[str]:
        return {m["url"] for m in self.mentions if m["url"]}

    def needles(self) -> list[str]:
        """Every string that marks this person, longest first. An erasure limited to
        one platform looks only for what is theirs there (texts, links, mention ids): their
        handle and names elsewhere are still held, as asked."""
        items = self.texts | self.urls | set(self.mention_ids)
        if self.platform is None:
            items |= {*self.handles, *(n for n in self.names if len(n) >= MIN_NAME)}
            items |= {i for _p, i in self.ids if len(i) >= MIN_ID_CELL}
        return sorted(items, key=len, reverse=True)

    def _pattern(self) -> re.Pattern[str] | None:
        parts = []
        for n in self.needles():
            body = re.escape(n)
            # a handle or a name is a whole word (jeanne is not in jeannette); a text,
            # link or id too ("... numéro 1" is not in "... numéro 12")
            if n in self.handles or n in self.names:
                body = rf"(?<![\w.@-])@?{body}(?![\w@-])"
            else:
                body = (r"(?<!\w)" if n[:1].isalnum() else "") + body
                body += r"(?!\w)" if n[-1:].isalnum() else ""
            parts.append(body)
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def scrubber(self) -> Callable[[str], str]:
        """A function: a string -> the same with this person's handle, names, texts,
        links and ids replaced by :data:`ERASED`."""
        pattern = self._pattern()

        def scrub(value: str) -> str:
            return pattern.sub(ERASED, value) if pattern is not None and value else value

        return scrub

    def holds_text(self, value: str | None) -> bool:
        """Does ``value`` hold one of their texts, as a whole (not "numéro 1" in
        "numéro 12")?"""
        if not value:
            return False
        for t in self.texts:
            start = value.find(t)
            while start != -1:
                end = start + len(t)
                before = value[start - 1] if start else ""
                after = value[end] if end < len(value) else ""
                if not (t[:1].isalnum() and before.isalnum()) and not (
                    t[-1:].isalnum() and after.isalnum()
                ):
                    return True
                start = value.find(t, start + 1)
        return False

    def owns_cell(self, cell: str) -> bool:
        c = cell.strip()
        if not c or len(c) > 320:
            return False
        folded = fold_handle(c)
        if folded in self.handles:
            return True
        return any(c == i for _p, i in self.ids if len(i) >= MIN_ID_CELL)

    def owns_row(self, cells: Iterable[str]) -> bool:
        """A row (archived CSV row, quarantined payload's values) written by this person."""
        return any(self.owns_cell(c) for c in cells)


def payload_cells(payload: str | None) -> list[str]:
    """The values of a raw payload: a JSON document's strings and numbers, else the
    cells of a CSV line (any of the usual delimiters)."""
    if not payload:
        return []
    try:
        doc = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return [c.strip().strip('"') for c in re.split(r"[,;\t|]", payload)]
    out: list[str] = []
    stack = [doc]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, str | int | float) and not isinstance(v, bool):
            out.append(str(v))
    return out


def find_subject(
    store: Any, handles: Sequence[str], platform: str | None, keyed: Keyed | None
) -> Subject:
    """Every mention of the person known by ``handles`` (one or several identifiers of
    the same person: a handle, the full name a review export shows) on ``platform``, or
    any."""
    folded = tuple(dict.fromkeys(fold_handle(h) for h in handles if fold_handle(h)))
    subject = Subject(requested=folded, platform=platform)
    wanted = set(folded)
    if keyed is not None:  # a pseudonymised store holds the handle's pseudonym
        wanted |= {keyed.pseudonym("handle", f) for f in folded}
    scope = " AND platform = ?" if platform else ""
    extra = [platform] if platform else []
    marks = ", ".join("?" for _ in wanted)
    rows = store.query(
        f"SELECT {_COLUMNS} FROM mentions WHERE (lower(trim(ltrim(trim(author_handle), '@'))) "
        f"IN ({marks}) OR (author_handle IS NULL AND lower(trim(author_name)) IN ({marks})) "
        f"OR author_id IN ({marks})){scope}",
        [*wanted, *wanted, *wanted, *extra],
    )
    ids = {(r["platform"], r["author_id"]) for r in rows if r["author_id"]}
    if ids:  # the same accounts under another handle
        cond = " OR ".join("(platform = ? AND author_id = ?)" for _ in ids)
        seen = {r["mention_id"] for r in rows}
        more = store.query(
            f"SELECT {_COLUMNS} FROM mentions WHERE {cond}", [v for pair in ids for v in pair]
        )
        rows.extend(r for r in more if r["mention_id"] not in seen)
    subject.mentions = rows
    subject.ids = ids
    subject.handles = set(folded) | {
        fold_handle(r["author_handle"]) for r in rows if r["author_handle"]
    }
    subject.handles |= {
        fold_handle(r["author_name"]) for r in rows if r["author_name"] and not r["author_handle"]
    }
    subject.names = {r["author_name"].strip() for r in rows if r["author_name"]}
    return subject


__all__ = ["ERASED", "Subject", "find_subject", "payload_cells"]
