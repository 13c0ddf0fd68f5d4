"""The dashboard end to end: the real app (``create_app``) served by uvicorn on a
loopback port, over a real demo store made in tmp_path (the fictional operators' corpus,
imported and enriched with the fast models), driven by Debian's Chromium through
Playwright. Three users: an admin, an analyst and a viewer of the demo project.

Screenshots of every page go to ``tests/e2e/artifacts/`` (git-ignored; the path is
printed): look at them when a page changes.

Each tab is what a person there has: a French browser (``fr-FR``, Europe/Paris) for the
French pages, a British one (``en-GB``) for the English ones. The page's locale is not
enough: Chromium draws its own widgets (the date fields' jj/mm/aaaa) in the language of
its interface, which on Linux follows ``LANGUAGE``/``LANG`` and needs that language's
pack (Debian's ``chromium-l10n``, installed by scripts/install-browser.sh); without it
they read mm/dd/yyyy whatever the page says."""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rumeur.audits.site.consent import find_chromium

ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
USERS = {"ines": "admin", "camille": "analyst", "lea": "viewer"}
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]  # fmt: skip

#: a tab's locale -> the language of the browser's interface (its environment) and the
#: language pack Chromium needs to speak it
UI_LANGUAGES = {"fr-FR": ("fr_FR", "fr.pak"), "en-GB": ("en_GB", "en-GB.pak")}
#: the login page's words (user name, password, button) in the browser's language
LOGIN = {
    "fr": ("Nom d'utilisateur", "Mot de passe", "Se connecter"),
    "en": ("User name", "Password", "Log in"),
}
CHROMIUM_LOCALES = Path("/usr/lib/chromium/locales")  # Debian's chromium + chromium-l10n

needs_browser = pytest.mark.skipif(
    find_chromium() is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)
#: the server (rumeur.server: create_app, users, sessions) the dashboard is served by
needs_server = pytest.mark.skipif(
    importlib.util.find_spec("rumeur.server.app") is None,
    reason="rumeur.server (create_app) is not in this tree yet",
)


def demo_project(root: Path) -> Path:
    """A demo project (2,000 fictional mentions, fast models, rollups, poll, survey)."""
    from rumeur import Workspace, config
    from rumeur.analytics.polls import read_poll_csv, read_survey_csv, save_poll, save_survey
    from rumeur.demo import generate
    from rumeur.demo.polls import write_polls
    from rumeur.workspace.project import DEMO_ALERTS

    corpus = generate(root / "data", seed=42, n_mentions=2000)
    text = config.template(name="Démo — opérateurs fictifs", brands=corpus.brands)
    (root / config.CONFIG_NAME).write_text(text + DEMO_ALERTS, encoding="utf-8")
    with Workspace.open(root) as ws:
        ws.import_files(corpus.files, reference=corpus.end)
        poll, survey = write_polls(root / "data", seed=42)
        save_poll(ws.store, "sondage-reseaux", read_poll_csv(poll), source=str(poll))
        save_survey(ws.store, "enquete-abonnes", *read_survey_csv(survey), source=str(survey))
        ws.enrich(["language", "sentiment-fast", "emotions", "aspects"])
    return root


def other_project(root: Path) -> Path:
    """A second, small project (a review export of the test data), for the switcher."""
    from rumeur import Workspace, config
    from tests.conftest import BRANDS, DATA

    root.mkdir(parents=True)
    text = config.template(name="Avis Volta (export)", brands=BRANDS)
    (root / config.CONFIG_NAME).write_text(text, encoding="utf-8")
    with Workspace.open(root) as ws:
        ws.import_files([DATA / "avis_export.csv"], reference="2025-10-05 14:00")
        ws.enrich(["language", "sentiment-fast"])
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    url: str
    root: Path
    project: str
    timezone: str


@pytest.fixture(scope="package")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    import uvicorn

    from rumeur.server import create_app
    from rumeur.server.accounts import Accounts

    base = tmp_path_factory.mktemp("e2e")
    root = demo_project(base / "demo")
    other = other_project(base / "avis")
    accounts = Accounts(tmp_path_factory.mktemp("state") / "server.sqlite3")
    for name, role in USERS.items():
        accounts.add_user(name, role, [] if role == "admin" else ["demo"], PASSWORD)
    app = create_app([f"demo={root}", f"avis={other}"], accounts=accounts)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    from rumeur import config

    timezone = config.load(root / config.CONFIG_NAME).timezone
    try:
        yield Served(f"http://127.0.0.1:{port}", root, "demo", timezone)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="package")
def browsers() -> Iterator[Callable[[str], Any]]:
    """``browsers(locale)``: a Chromium whose interface speaks ``locale``'s language
    (launched once, on first use)."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    assert chromium, "chromium is needed here (.ci/run installs it)"
    launched: dict[str, Any] = {}
    with sync_playwright() as pw:

        def _for(locale: str) -> Any:
            if locale not in launched:
                language, pack = UI_LANGUAGES[locale]
                if chromium.startswith("/usr/") and not (CHROMIUM_LOCALES / pack).exists():
                    pytest.fail(
                        f"{CHROMIUM_LOCALES / pack} is missing: Chromium would draw its date "
                        "fields in American English (scripts/install-browser.sh installs "
                        "chromium-l10n)"
                    )
                env = {**os.environ, "LANGUAGE": language, "LANG": f"{language}.UTF-8"}
                launched[locale] = pw.chromium.launch(
                    executable_path=chromium, headless=True, args=FLAGS, env=env
                )
            return launched[locale]

        try:
            yield _for
        finally:
            for b in launched.values():
                b.close()


@pytest.fixture(scope="package")
def browser(browsers: Callable[[str], Any]) -> Any:
    """The French browser."""
    return browsers("fr-FR")


@pytest.fixture(scope="package")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\ndashboard screenshots: {ARTIFACTS}")
    return ARTIFACTS


class Session:
    """One person's browser tab: logged in as ``user`` (French unless asked), in the
    project's time zone."""

    def __init__(self, browser: Any, served: Served, artifacts: Path, locale: str) -> None:
        self.served = served
        self.artifacts = artifacts
        self.locale = locale
        self.context = browser.new_context(
            locale=locale,
            timezone_id=served.timezone,
            viewport={"width": 1280, "height": 900},
            base_url=served.url,
        )
        self.context.set_default_timeout(60_000)
        self.page = self.context.new_page()

    def login(self, user: str, password: str = PASSWORD) -> None:
        """Through the login page, which speaks the browser's language."""
        page = self.page
        page.goto("/")
        assert "/login" in page.url
        name, secret, button = LOGIN[self.locale[:2]]
        page.get_by_label(name).fill(user)
        page.get_by_label(secret).fill(password)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()

    def go(self, path: str) -> Any:
        response = self.page.goto(f"/projects/{self.served.project}/{path}")
        self.page.wait_for_load_state()
        return response

    def shot(self, name: str) -> Path:
        out = self.artifacts / f"{name}.png"
        self.page.screenshot(path=str(out), full_page=True)
        return out

    def date_fields(self, selector: str) -> list[str]:
        """The parts of the date field ``selector`` in the order the browser shows them,
        by the names it reads out (["Jour", "Mois", "Année"] in French), from Chromium's
        accessibility tree: the field's inner parts are not in the page's DOM."""
        cdp = self.context.new_cdp_session(self.page)
        try:
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            assert node["nodeId"], f"no {selector} in the page"
            backend = cdp.send("DOM.describeNode", node)["node"]["backendNodeId"]
            tree = {n["nodeId"]: n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]}
        finally:
            cdp.detach()
        todo = [n for n in tree.values() if n.get("backendDOMNodeId") == backend]
        names: list[str] = []
        while todo:
            n = todo.pop(0)
            if n["role"]["value"] == "spinbutton":
                names.append(n["name"]["value"].split()[0])
            todo[:0] = [tree[c] for c in n.get("childIds", []) if c in tree]
        return names

    def axe(self) -> list[dict[str, Any]]:
        """WCAG 2.1 A/AA violations axe-core finds in the page (its vendored copy)."""
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
        )
        return list(result)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session_for(browsers: Callable[[str], Any], served: Served, artifacts: Path) -> Iterator[Any]:
    opened: list[Session] = []

    def _open(user: str, locale: str = "fr-FR") -> Session:
        s = Session(browsers(locale), served, artifacts, locale)
        s.login(user)
        opened.append(s)
        return s

    yield _open
    for s in opened:
        s.close()


__all__ = ["PASSWORD", "Served", "Session", "needs_browser", "needs_server"]
