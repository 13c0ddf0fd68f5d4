"""Build the HTML report: one self-contained file (inline CSS and SVG, no network).

Adding a section
----------------
The report is a list of :class:`Section` objects made by *section providers*: functions
``(ReportContext) -> list[Section]`` named ``"module:function"`` in :data:`PROVIDERS`.
To add one (an audit, say):

1. write ``rumeur/report/sections_<name>.py`` with ``def sections(ctx) -> list[Section]``;
2. build the content from :mod:`rumeur.report.blocks` (``Para``, ``Table``, ``Figure``
   with a chart from :mod:`rumeur.report.charts`, ``Bullets``, ``Details``...), never
   HTML: the templates render every block with autoescape on;
3. take words from ``ctx.t`` (add your labels in both languages with ``ctx.t.add``),
   numbers and dates from ``ctx.fmt`` (Babel, the project's time zone), brand colours
   from ``ctx.colours`` and links to the mentions behind a figure from ``ctx.lists.ref``;
4. give the section an ``order`` (see :data:`ORDER`) and, if it has a headline, a
   ``summary`` sentence for the executive summary; an empty period must give a short
   "nothing to show" paragraph, not an error;
5. append ``"rumeur.report.sections_<name>:sections"`` to :data:`PROVIDERS`.

A section that needs a layout the blocks cannot express may name its own template
(``Section.template``, under ``templates/sections/``); it receives ``section``, ``t``
and ``fmt`` and may import the macros of ``_blocks.html.j2``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rumeur import __version__
from rumeur.config import Project
from rumeur.files import write_atomic
from rumeur.messages import Text
from rumeur.report.blocks import Block, Cell, Inline, Item, Span
from rumeur.report.charts import brand_colours
from rumeur.report.fmt import Fmt, safe_url
from rumeur.report.i18n import Labels, labels
from rumeur.report.mentions import MentionLists
from rumeur.storage.base import Store

#: "module:function" section providers; the report shows sections by ``order``
PROVIDERS: list[str] = [
    "rumeur.report.sections_core:sections",
    "rumeur.report.sections_analytics:sections",
    "rumeur.report.sections_behaviour:sections",
    "rumeur.report.sections_spikes:sections",
    "rumeur.report.sections_alerts:sections",
    "rumeur.report.sections_polls:sections",
    "rumeur.report.sections_audits:sections",
    "rumeur.report.sections_authenticity:sections",
]

#: where the sections sit (lower first); new sections pick a free number in between
ORDER = {
    "volume": 10,
    "a-opinion": 20,
    "a-debt": 30,
    "a-sov": 35,
    "a-aspects": 40,
    "a-motivations": 45,
    "a-spikes": 50,
    "alerts": 55,
    "a-people": 60,
    "top": 65,
    "a-conduct": 58,
    "a-polls": 70,
    "a-authenticity": 75,
    "a-site": 80,
    "quarantine": 85,
    "method": 90,
    "a-lists": 95,
}


@dataclass(slots=True)
class ReportContext:
    """What every section provider gets: the store, the project, the period and the
    report's language, formatting, brand colours and mention lists."""

    store: Store
    project: Project
    lang: str
    start: datetime
    end: datetime
    t: Labels
    fmt: Fmt
    lists: MentionLists
    brands: tuple[str, ...] = ()
    colours: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: data shared by several sections, loaded once (see :mod:`rumeur.report.data`)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def brand_names(self) -> dict[str, str]:
        return {b.id: b.name for b in self.project.brands}

    def brand(self, brand_id: str) -> str:
        """A brand's display name."""
        return self.brand_names.get(brand_id, brand_id)

    def colour(self, name_or_id: str) -> str:
        """A brand's colour, by id or display name (grey for anything else)."""
        if name_or_id in self.colours:
            return self.colours[name_or_id]
        for b in self.project.brands:
            if b.name == name_or_id:
                return self.colours.get(b.id, "#6b7280")
        return "#6b7280"

    def period_params(self) -> list[Any]:
        return [self.start, self.end]


@dataclass(slots=True)
class Section:
    """One report section: an anchor id, a title, its blocks (rendered by the templates)
    and an optional one-sentence finding for the executive summary."""

    id: str
    title: str
    blocks: Sequence[Block] = field(default_factory=list)
    summary: Inline | None = None
    order: int = 50
    template: str | None = None  # under templates/sections/, for a custom layout
    data: dict[str, Any] = field(default_factory=dict)  # for a custom template


def _provider(spec: str) -> Callable[[ReportContext], list[Section]]:
    module, func = spec.split(":")
    provider: Callable[[ReportContext], list[Section]] = getattr(
        importlib.import_module(module), func
    )
    return provider


def environment() -> Environment:
    """The Jinja2 environment of the report: autoescape on, undefined names fail."""
    env = Environment(
        loader=PackageLoader("rumeur.report", "templates"),
        autoescape=select_autoescape(["html", "j2", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = _link
    env.tests["str"] = lambda x: isinstance(x, str)
    env.tests["span"] = lambda x: isinstance(x, Span)
    env.tests["cell"] = lambda x: isinstance(x, Cell)
    env.tests["item"] = lambda x: isinstance(x, Item)
    return env


def _link(x: Any) -> str | None:
    """The URL of a link target (a string or a :class:`~rumeur.report.mentions.Ref`),
    only when it is an in-page anchor or http(s)."""
    if x is None:
        return None
    return safe_url(x if isinstance(x, str) else getattr(x, "url", None))


def build_report(
    store: Store,
    project: Project,
    output: Path,
    *,
    lang: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    generated: datetime | None = None,
) -> Path:
    """Write the report to ``output`` (HTML) and return its path.

    The file is written next to ``output`` and renamed over it, so a failed write never
    leaves a truncated report where a good one was."""
    html = render_report(store, project, lang=lang, start=start, end=end, generated=generated)
    write_atomic(output, html)
    return output


def render_report(
    store: Store,
    project: Project,
    *,
    lang: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    generated: datetime | None = None,
) -> str:
    """The report's HTML for the period [start, end] (default: all the store holds);
    ``generated`` (default: now) is the time printed in its header."""
    lang = lang or project.language
    t = labels(lang)
    from rumeur.query import time_bounds

    first, last = time_bounds(store)
    lo, hi = start or first, end or last
    if lo is None or hi is None:
        from rumeur.errors import RumeurError

        raise RumeurError(
            Text("le magasin ne contient encore aucune mention", "the store holds no mentions yet"),
            hint=Text("d'abord : rumeur import FICHIER", "rumeur import FILE first"),
        )
    if lo.tzinfo is None:
        lo = lo.replace(tzinfo=UTC)
    if hi.tzinfo is None:
        hi = hi.replace(tzinfo=UTC)
    fmt = Fmt(lang, project.timezone)
    ctx = ReportContext(
        store=store,
        project=project,
        lang=lang,
        start=lo,
        end=hi,
        t=t,
        fmt=fmt,
        lists=MentionLists([], fmt, t),
        brands=tuple(b.id for b in project.brands),
        colours=brand_colours([b.id for b in sorted(project.brands, key=lambda b: b.competitor)]),
    )
    sections: list[Section] = []
    for spec in PROVIDERS:
        sections.extend(_provider(spec)(ctx))
    ctx.lists.finish()
    sections.append(Section("a-lists", t["lists"], ctx.lists.blocks(), order=ORDER["a-lists"]))
    sections.sort(key=lambda s: s.order)  # stable: provider order within the same order
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            t=t,
            fmt=fmt,
            lang=lang,
            project=project,
            sections=sections,
            start=lo,
            end=hi,
            generated=generated or datetime.now(UTC),
            version=__version__,
            notes=ctx.notes,
        )
    )
