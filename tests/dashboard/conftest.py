"""A project like a brand's (the report tests' six weeks of scored mentions about two
fictional operators, a bad-buzz week, brand posts, alert rules, a poll), rendered as
dashboard pages without a server: the view-models and templates alone."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from rumeur import Workspace
from rumeur.server.dashboard.page import Filters, Page
from tests.report.conftest import built_project


@pytest.fixture(scope="package")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dash")
    built_project(root, waves=1)
    return root


@pytest.fixture
def ws(project_root: Path) -> Iterator[Workspace]:
    with Workspace.open(project_root) as w:
        yield w


MakePage = Callable[..., Page]


@pytest.fixture
def make_page(ws: Workspace) -> MakePage:
    def _make(
        current: str = "overview", lang: str = "fr", role: str = "analyst", **filters: Any
    ) -> Page:
        return Page(
            "test",
            ws,
            lang,
            "camille",
            role,
            ["test", "autre"],
            csrf="jeton",
            filters=Filters(**filters),
            current=current,
        )

    return _make


class Parsed(HTMLParser):
    """The parts of a page the accessibility checks read."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]

    def visible(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def unlabelled(html: str) -> list[str]:
    """Form controls without a label (``<label for>`` or aria-label): what a screen
    reader would announce as a bare "edit text"."""
    doc = Parsed(html)
    labelled = {a.get("for") for a in doc.all("label")}
    missing = []
    for tag in ("input", "select", "textarea"):
        for a in doc.all(tag):
            if a.get("type") in ("hidden", "submit"):
                continue
            if a.get("id") not in labelled and not a.get("aria-label"):
                missing.append(f"{tag}#{a.get('id') or a.get('name')}")
    return missing
