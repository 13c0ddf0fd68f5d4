"""Build the HTML report: one self-contained file (inline CSS and SVG, no network).

The report is a list of :class:`Section` objects, each made by a *section provider*
(a function ``(ReportContext) -> list[Section]``) named in :data:`PROVIDERS`. The core
sections live in :mod:`rumeur.report.sections_core`; later capabilities add providers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from rumeur import __version__
from rumeur.config import Project
from rumeur.report.i18n import Labels, labels
from rumeur.storage.base import Store

#: "module:function" section providers, in report order
PROVIDERS: list[str] = [
    "rumeur.report.sections_core:sections",
    "rumeur.report.sections_analytics:sections",
    "rumeur.report.sections_alerts:sections",
    "rumeur.report.sections_polls:sections",
]


@dataclass(slots=True)
class ReportContext:
    """What every section provider gets: the store, the project and the period."""

    store: Store
    project: Project
    lang: str
    start: datetime
    end: datetime
    t: Labels
    brands: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def brand_names(self) -> dict[str, str]:
        return {b.id: b.name for b in self.project.brands}

    def period_params(self) -> list[Any]:
        return [self.start, self.end]


@dataclass(slots=True)
class Section:
    """One report section: an anchor id, a title and an HTML fragment (trusted)."""

    id: str
    title: str
    html: str
    summary: str | None = None  # one sentence for the executive summary (plain text)
    order: int = 50  # sections are shown by order, then in provider order


def _provider(spec: str) -> Callable[[ReportContext], list[Section]]:
    module, func = spec.split(":")
    provider: Callable[[ReportContext], list[Section]] = getattr(
        importlib.import_module(module), func
    )
    return provider


def build_report(
    store: Store,
    project: Project,
    output: Path,
    *,
    lang: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Path:
    """Write the report to ``output`` (HTML) and return its path."""
    lang = lang or project.language
    t = labels(lang)
    bounds = store.query("SELECT min(created_at) AS lo, max(created_at) AS hi FROM mentions")[0]
    lo, hi = start or bounds["lo"], end or bounds["hi"]
    if lo is None or hi is None:
        from rumeur.errors import RumeurError

        raise RumeurError("the store holds no mentions yet", hint="rumeur import FILE first")
    ctx = ReportContext(
        store=store,
        project=project,
        lang=lang,
        start=lo,
        end=hi,
        t=t,
        brands=tuple(b.id for b in project.brands),
    )
    sections: list[Section] = []
    for spec in PROVIDERS:
        sections.extend(_provider(spec)(ctx))
    sections.sort(key=lambda s: s.order)  # stable: provider order within the same order
    env = Environment(
        loader=PackageLoader("rumeur.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    html = env.get_template("report.html.j2").render(
        t=t, lang=lang, project=project, sections=sections, start=lo, end=hi,
        generated=datetime.now().astimezone(), version=__version__, notes=ctx.notes,
    )  # fmt: skip
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    return output
