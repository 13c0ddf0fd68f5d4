"""The mentions behind the figures: a short, readable appendix the charts link to.

A chart point, a bar or a table row asks :meth:`MentionLists.ref` for a link to the
mentions behind it and gets a :class:`Ref`. When every section is built,
:meth:`MentionLists.finish` keeps the lists by priority until :data:`BUDGET` mentions are
shown in all (the most-seen :data:`PER_LIST` of each list); a ref whose list did not fit
has no URL and the template draws no link. The appendix is one folded ``<details>``
per list, showing date, platform, author, reach, sentiment and text, never internal ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rumeur.report.blocks import Block, Cell, Details, Inline, Para, Span, Table
from rumeur.report.fmt import Fmt
from rumeur.report.i18n import Labels

BUDGET = 200
PER_LIST = 5


@dataclass(eq=False, slots=True)
class Ref:
    """A link to one list of the appendix (``url`` is None until kept by ``finish``)."""

    title: str
    ids: tuple[str, ...]
    priority: int
    seq: int
    total: int | None = None  # how many mentions the figure counts (when ids are a sample)
    anchor: str | None = None
    shown: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str | None:
        return f"#{self.anchor}" if self.anchor else None


class MentionLists:
    """Lists of mentions registered by the sections, kept within a size budget."""

    def __init__(
        self,
        rows: Sequence[Mapping[str, Any]],
        fmt: Fmt,
        t: Labels,
        *,
        budget: int = BUDGET,
        per_list: int = PER_LIST,
    ) -> None:
        self.by_id: dict[str, Mapping[str, Any]] = {r["mention_id"]: r for r in rows}
        self.fmt, self.t, self.budget, self.per_list = fmt, t, budget, per_list
        self.refs: list[Ref] = []
        self._seen: dict[tuple[str, ...], Ref] = {}

    def add_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for r in rows:
            self.by_id.setdefault(r["mention_id"], r)

    def ref(
        self, title: str, ids: Sequence[str], priority: int = 50, total: int | None = None
    ) -> Ref | None:
        """A link to the mentions ``ids`` (None when there are none); lower ``priority``
        values are kept first when the budget runs out. ``total``: how many mentions the
        figure counts, when ``ids`` is only a sample of them (else unknown)."""
        known = tuple(dict.fromkeys(i for i in ids if i in self.by_id))
        if not known:
            return None
        if known in self._seen:  # the same mentions (e.g. a spike's volume and negative
            r = self._seen[known]  # measures over the same hours): one list, best priority
            r.priority = min(r.priority, priority)
            return r
        r = Ref(title, known, priority, len(self.refs), total)
        self.refs.append(r)
        self._seen[known] = r
        return r

    def finish(self) -> None:
        """Choose the lists that are shown and give them anchors."""
        left = self.budget
        for n, r in enumerate(sorted(self.refs, key=lambda r: (r.priority, r.seq)), 1):
            rows = sorted(
                (self.by_id[i] for i in r.ids),
                key=lambda x: (-float(x.get("reach") or 0), str(x["created_at"])),
            )
            shown = rows[: self.per_list]
            if len(shown) > left:
                continue
            left -= len(shown)
            r.anchor, r.shown = f"ml-{n}", shown

    def blocks(self) -> list[Block]:
        """The appendix: one folded list per kept ref, in the order they were asked for."""
        t, fmt = self.t, self.fmt
        kept = [r for r in self.refs if r.anchor]
        if not kept:
            return [Para(t["none"])]
        out: list[Block] = [Para(t["lists_intro"].format(k=self.per_list))]
        head = [t["date"], t["platform"], t["author"], t["reach"], t["sentiment"], t["text"]]
        for r in kept:
            rows: list[list[Inline | Cell]] = []
            for m in r.shown:
                label = m.get("sentiment") or "unknown"
                text = " ".join(str(m.get("text") or m.get("title") or "").split())
                text = text if len(text) <= 200 else text[:199] + "…"
                url = m.get("url")
                rows.append(
                    [
                        fmt.datetime(m["created_at"]),
                        Span(
                            t.platform(str(m["platform"])),
                            href=url if isinstance(url, str) else None,
                        ),
                        Cell(str(m.get("author_handle") or t["anonymous"]), cls="ugc"),
                        fmt.num(float(m.get("reach") or 0)),
                        Span(t[label], cls=f"s-{label}"),
                        Cell(text, cls="ugc"),
                    ]
                )
            count = (
                t["shown_of"].format(k=fmt.num(len(r.shown)), n=fmt.num(r.total))
                if r.total is not None
                else t["shown_top"].format(k=fmt.num(len(r.shown)))
            )
            summary = [Span(r.title, cls="strong"), Span(" · " + count, cls="muted")]
            out.append(
                Details(summary, [Table(head, rows, numeric=(3,), cls="mentions")], anchor=r.anchor)
            )
        return out


__all__ = ["BUDGET", "PER_LIST", "MentionLists", "Ref"]
