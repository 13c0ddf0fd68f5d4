"""The dashboard's analytics and operations pages: key -> (template, view-model), in the
navigation's order. The routes serve them; the tests render them without a server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rumeur.server.dashboard import views_analytics as va
from rumeur.server.dashboard import views_core as vc
from rumeur.server.dashboard import views_ops as vo
from rumeur.server.dashboard.page import Page, render

View = Callable[[Page], dict[str, Any]]

PAGES: dict[str, tuple[str, View]] = {
    "overview": ("overview.html.j2", vc.overview),
    "timeline": ("timeline.html.j2", vc.timeline),
    "voice": ("voice.html.j2", va.voice),
    "aspects": ("aspects.html.j2", va.aspects),
    "motivations": ("motivations.html.j2", va.motivations),
    "people": ("people.html.j2", va.people),
    "polls": ("polls.html.j2", va.polls),
    "alerts": ("alerts.html.j2", vo.alerts),
    "sources": ("sources.html.j2", vo.sources),
    "conduct": ("conduct.html.j2", vo.conduct),
    "authenticity": ("authenticity.html.j2", vo.authenticity),
    "site": ("site.html.j2", vo.site),
}


def render_page(page: Page, key: str | None = None, **values: Any) -> str:
    """Page ``key`` (default: the page's current one) in full, its view-model read now,
    as the server sends it."""
    key = key or page.current
    template, view = PAGES[key]
    values.setdefault("flash", None)
    values.setdefault("error", None)
    return render(page, template, heading=page.t[key], **view(page), **values)
