"""A project like a brand's: real files imported (with their bad rows in quarantine), six
weeks of scored mentions about two fictional operators, brand posts, alert rules, a poll."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from rumeur import config
from rumeur.analytics.polls import PollRow, save_poll
from rumeur.report import build_report
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import add_mention
from tests.conftest import BRANDS

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)  # a Monday
RULES = """
[[alerts.rules]]
name = "bad-buzz"
type = "spike"
brand = "volta"
metrics = ["volume", "negative"]

[[alerts.rules]]
name = "detracteur"
type = "detractor"
min_reach = 50000
"""
TEXTS = {
    "negative": (
        "Panne réseau chez Volta depuis ce matin, inadmissible",
        "Facture Volta trop chère, le prix a encore augmenté",
        "Service client Volta injoignable, trois appels sans réponse",
    ),
    "positive": (
        "Fibre Volta installée en 48 h, technicien au top",
        "Bon prix chez Volta, je recommande",
        "Merci Volta pour la réponse rapide du service client",
    ),
    "neutral": ("Quelqu'un sait à quelle heure ouvre la boutique Volta ?",),
}


def make_project(tmp_path: Path, rules: str = RULES) -> config.Project:
    text = config.template(name="Test", brands=BRANDS)
    (tmp_path / config.CONFIG_NAME).write_text(text + rules, encoding="utf-8")
    return config.load(tmp_path)


def fill(store: DuckDBStore, weeks: int = 6, spike_week: int | None = 4) -> None:
    """Mentions of Volta (ours) and Nexa (competitor) every few hours, a bad-buzz week."""
    store.execute("BEGIN TRANSACTION")
    k = 0
    for h in range(0, weeks * 7 * 24, 5):
        at = T0 + timedelta(hours=h)
        burst = spike_week is not None and h // (7 * 24) == spike_week and h % (7 * 24) < 24
        for j in range(12 if burst else 1):
            k += 1
            label = ("negative", "positive", "neutral", "positive")[k % 4]
            if burst:
                label = "negative"
            brand = "volta" if k % 3 or burst else "nexa"
            text = TEXTS[label][k % len(TEXTS[label])]
            aspects = {"price": label} if "prix" in text or "chère" in text else {}
            if "Service" in text:
                aspects = {"service": label}
            add_mention(
                store,
                f"m{k}",
                text=text.replace("Volta", "Nexa" if brand == "nexa" else "Volta"),
                sentiment=label,
                brands=[brand],
                created_at=at + timedelta(minutes=2 * j),
                author=f"auteur-{k % 40}",
                handle=f"client_{k % 40}",
                views=100 + 37 * (k % 11) + (120_000 if burst and j % 4 == 0 else 0),
                platform=("twitter", "reviews", "mastodon", "news")[k % 4],
                url=f"https://exemple.test/p/{k}",
                aspects=aspects or None,
            )
    for i in range(12):  # the brand's own posts (motivations: promotions, practical info)
        add_mention(
            store,
            f"own{i}",
            is_own_account=True,
            brands=["volta"],
            text=(
                "-20 % avec le code PROMO20 ce week-end",
                "Nos boutiques ouvrent à 9 h, horaires sur le site",
            )[i % 2],
            created_at=T0 + timedelta(days=3 * i, hours=2),
            likes=10 + i,
            author="volta-officiel",
            handle="volta_sav",
        )
    store.execute("COMMIT")


#: the barometer poll of the test projects, two waves
BAROMETRE = (
    PollRow("Recommanderiez-vous Volta ?", "Oui", 620, "1"),
    PollRow("Recommanderiez-vous Volta ?", "Non", 380, "1"),
    PollRow("Recommanderiez-vous Volta ?", "Oui", 540, "2"),
    PollRow("Recommanderiez-vous Volta ?", "Non", 460, "2"),
)


def fill_project(store: DuckDBStore, waves: int = 2) -> None:
    """The six weeks of :func:`fill` and the barometer poll's first ``waves`` waves
    (none: no poll)."""
    fill(store)
    if waves:
        save_poll(store, "barometre", [r for r in BAROMETRE if int(r.wave) <= waves])


def built_project(root: Path, waves: int = 2) -> config.Project:
    """A project at ``root`` (:func:`make_project`) with :func:`fill_project`'s data,
    its store closed."""
    proj = make_project(root)
    store = DuckDBStore(proj.store_path)
    try:
        fill_project(store, waves)
    finally:
        store.close()
    return proj


@pytest.fixture(scope="package")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A project with real imports (and their quarantined rows), mentions, rules, a poll."""
    from typer.testing import CliRunner

    from rumeur.cli import _load, app

    tmp_path = tmp_path_factory.mktemp("rich")
    proj = make_project(tmp_path)
    data = Path(__file__).parent.parent / "data"
    _load()
    res = CliRunner().invoke(
        app,
        [
            "import",
            str(data / "avis_export.csv"),
            str(data / "mastodon_statuses.jsonl"),
            "-p",
            str(tmp_path),
            "--export-time",
            "2025-10-05 14:00",
        ],
    )
    assert res.exit_code == 0, res.output
    store = DuckDBStore(proj.store_path)
    fill_project(store)
    yield proj, store
    store.close()


@pytest.fixture(scope="package")
def reports(rich: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The rich project's report in French and in English (period: the six weeks)."""
    proj, store = rich
    out = tmp_path_factory.mktemp("reports")
    return {
        lang: build_report(
            store, proj, out / f"{lang}.html", lang=lang, start=T0, end=T0 + timedelta(weeks=6)
        ).read_text(encoding="utf-8")
        for lang in ("fr", "en")
    }


_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr"}


class _Text(HTMLParser):
    """Visible text of a report, without what people wrote (class ``ugc``), commands and
    identifiers (``code``), tooltips and the style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self._skip or tag in ("style", "title") or {"ugc", "code"} & set(classes):
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return re.sub(r"[ \t\r\n]+", " ", " ".join(p.parts)).strip()  # no-break spaces kept


def section(html: str, sid: str) -> str:
    start = html.index(f'<section id="{sid}"')
    return html[start : html.index("</section>", start)]


Render = Callable[..., str]


@pytest.fixture
def render(tmp_path: Path) -> Render:
    def _render(proj: config.Project, store: DuckDBStore, **kw: Any) -> str:
        out = tmp_path / f"r-{kw.get('lang', 'fr')}.html"
        return build_report(store, proj, out, **kw).read_text(encoding="utf-8")

    return _render


__all__ = ["T0", "fill", "make_project", "re", "section", "visible_text"]
