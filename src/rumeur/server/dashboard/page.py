"""What every dashboard page shares: the Jinja2 environment (autoescape on, undefined
names fail), the page's context (language, formatting in the project's time zone, the
user, the project switcher, the filters) and the links between pages.

The charts are the report's (:mod:`rumeur.report.charts`, drawn by its ``_svg.html.j2``
macro): inline SVG, no script, each with a table of its values for readers who cannot
tell colours apart or use a screen reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from rumeur.errors import UsageError
from rumeur.report.fmt import Fmt, safe_url
from rumeur.server.dashboard.i18n import Words

if TYPE_CHECKING:
    from rumeur.analytics.frame import Scope
    from rumeur.workspace import Workspace

#: the pages of the navigation, in order: (key, path under the project)
NAV: tuple[tuple[str, str], ...] = (
    ("overview", ""),
    ("timeline", "timeline"),
    ("mentions", "mentions"),
    ("voice", "voice"),
    ("aspects", "aspects"),
    ("motivations", "motivations"),
    ("people", "people"),
    ("polls", "polls"),
    ("alerts", "alerts"),
    ("sources", "sources"),
    ("conduct", "audits/conduct"),
    ("authenticity", "audits/authenticity"),
    ("site", "audits/site"),
)
#: the query parameters that narrow the analytics pages (kept from page to page)
FILTER_KEYS = ("brand", "platform", "since", "until", "clean")


def link(url: Any) -> str | None:
    """A link target the pages may use: a path on this server (never ``//host``), an
    in-page anchor or an http(s) URL (see :func:`rumeur.report.fmt.safe_url`)."""
    if not isinstance(url, str):
        url = getattr(url, "url", None)
        if not isinstance(url, str):
            return None
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url if all(ord(c) > 0x20 for c in url) else None
    return safe_url(url)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The dashboard's templates, then the report's (for the chart macro)."""
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("rumeur.server.dashboard", "templates"),
                PackageLoader("rumeur.report", "templates"),
            ]
        ),
        autoescape=select_autoescape(["html", "j2", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = link
    return env


@dataclass(frozen=True, slots=True)
class Filters:
    """The analytics filters of a page, as given in its address (strings, unchecked:
    :meth:`scope` checks them through the Workspace, which names a wrong one)."""

    brand: str = ""
    platform: str = ""
    since: str = ""
    until: str = ""
    clean: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        return cls(
            brand=query.get("brand", "").strip(),
            platform=query.get("platform", "").strip(),
            since=query.get("since", "").strip(),
            until=query.get("until", "").strip(),
            clean=query.get("clean", "") in ("1", "on", "true"),
        )

    def params(self) -> dict[str, str]:
        out = {k: getattr(self, k) for k in ("brand", "platform", "since", "until")}
        if self.clean:
            out["clean"] = "1"
        return {k: v for k, v in out.items() if v}

    def scope(self, ws: Workspace) -> Scope:
        return ws.scope(
            brands=[self.brand] if self.brand else (),
            platforms=[self.platform] if self.platform else (),
            since=self.since or None,
            until=self.until or None,
            exclude_suspicious=self.clean,
        )


@dataclass(slots=True)
class Page:
    """The context of one page: who, which project, which language, which filters."""

    project_id: str
    ws: Workspace
    lang: str
    user_name: str
    user_role: str
    projects: Sequence[str] = ()
    csrf: str | None = None
    filters: Filters = field(default_factory=Filters)
    current: str = "overview"
    t: Words = field(init=False)
    fmt: Fmt = field(init=False)

    def __post_init__(self) -> None:
        self.t = Words(self.lang)
        self.fmt = Fmt(self.t.lang, self.ws.project.timezone)

    # -- roles -----------------------------------------------------------------------
    @property
    def can_edit(self) -> bool:
        """Analysts and admins change labels and alert rules."""
        return self.user_role in ("analyst", "admin")

    # -- links -----------------------------------------------------------------------
    def url(self, path: str = "", keep: bool = True, **params: Any) -> str:
        """``/projects/<id>/<path>?<filters and params>`` (None/"" params dropped)."""
        query = self.filters.params() if keep else {}
        query.update({k: str(v) for k, v in params.items() if v not in (None, "", False)})
        base = f"/projects/{self.project_id}/{path}".rstrip("/") + ("/" if not path else "")
        return base + ("?" + urlencode(query) if query else "")

    @property
    def current_path(self) -> str:
        """The current page's path under the project."""
        return dict(NAV).get(self.current, "mentions")

    def nav(self) -> list[dict[str, Any]]:
        return [
            {"key": k, "label": self.t[k], "url": self.url(p), "current": k == self.current}
            for k, p in NAV
        ]

    def filter_time(self, which: str, field: str = "text") -> str:
        """The ``since`` or ``until`` filter as a person reads it (``27/09/2025 22:00``,
        the day alone at local midnight), or as a date field's value (``field="date"``:
        ``2025-09-27``, whatever form it was typed in); one that cannot be read as it was
        given (the page's figures name the error)."""
        given = getattr(self.filters, which)
        try:
            at = self.ws.time(given) if given else None
        except UsageError:
            at = None
        if at is None:
            return given if field == "text" else ""
        local = self.fmt.local(at)
        if field == "date":
            return local.strftime("%Y-%m-%d")
        midnight = (local.hour, local.minute, local.second) == (0, 0, 0)
        return self.fmt.date(at) if midnight else self.fmt.datetime(at)

    def brand_name(self, brand_id: str | None) -> str:
        for b in self.ws.project.brands:
            if b.id == brand_id:
                return b.name
        return brand_id or "—"

    def context(self, **values: Any) -> dict[str, Any]:
        """What the base template needs, plus the page's own ``values``."""
        return {"page": self, "t": self.t, "fmt": self.fmt, **values}


def render(page: Page, template: str, **values: Any) -> str:
    """A page's HTML."""
    return environment().get_template(template).render(page.context(**values))
