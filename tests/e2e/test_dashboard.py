"""The dashboard in a real browser: log in, filter and search, open a spike, correct a
label and see the figure change, create (and delete) an alert rule, a viewer refused,
every page checked by axe-core (WCAG 2.1 AA) and photographed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from rumeur import Workspace
from tests.e2e.conftest import PASSWORD, Served, Session, needs_browser, needs_server

pytestmark = [pytest.mark.slow, needs_browser, needs_server]
Open = Callable[..., Session]

PAGES = {
    "overview": "",
    "timeline": "timeline",
    "mentions": "mentions?sort=reach",
    "voice": "voice",
    "aspects": "aspects",
    "motivations": "motivations",
    "people": "people",
    "polls": "polls",
    "alerts": "alerts",
    "sources": "sources",
    "conduct": "audits/conduct",
    "authenticity": "audits/authenticity",
    "site": "audits/site",
}


def test_log_in_then_out(browser: Any, served: Served, session_for: Open) -> None:
    s = session_for("camille")
    page = s.page
    assert re.search(r"/projects/demo/$", page.url), page.url
    assert page.locator("h1").inner_text() == "Vue d'ensemble"
    assert page.locator("article.card h2").all_inner_texts()[:1] == ["Volta Mobile"]
    assert "Connecté·e : camille (analyste)" in page.locator("header").inner_text()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/login"))
    page.goto(f"{served.url}/projects/demo/")
    assert "/login" in page.url  # the session is over
    # a wrong password is refused with a message, the form kept
    page.get_by_label("Nom d'utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill(PASSWORD + "x")
    page.get_by_role("button", name="Se connecter").click()
    assert "incorrect" in page.locator("[role=alert]").inner_text()


@pytest.mark.parametrize("key", list(PAGES))
def test_every_page_passes_axe_and_is_photographed(session_for: Open, key: str) -> None:
    s = session_for("camille")
    response = s.go(PAGES[key])
    assert response.status == 200, (key, response.status)
    violations = [v for v in s.axe() if v["impact"] in ("serious", "critical")]
    s.shot(f"{key}-fr")
    assert violations == [], violations
    # nothing wider than the window
    assert s.page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_dates_read_and_typed_the_french_way(session_for: Open) -> None:
    s = session_for("camille")
    page = s.page
    s.go("timeline")
    # the browser's own date fields read jj/mm/aaaa, as on a French user's screen
    assert s.date_fields("#f-since") == ["Jour", "Mois", "Année"]
    assert s.date_fields("#f-until") == ["Jour", "Mois", "Année"]
    # typed day first, 01/09/2025 is the first of September (not the 9th of January)
    page.get_by_label("Depuis le").press_sequentially("01092025")
    page.get_by_label("Jusqu'au (exclu)").press_sequentially("01102025")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    assert "since=2025-09-01" in page.url and "until=2025-10-01" in page.url, page.url
    main = page.locator("main").inner_text()
    assert "Période : du 01/09/2025 au 30/09/2025" in main, main[:300]
    assert "Heures : Europe/Paris" in main
    s.shot("timeline-september")


def test_keyboard_skip_link_and_focus(session_for: Open) -> None:
    s = session_for("camille")
    page = s.page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    # the skip link is visible once focused, with a visible outline
    box = page.locator("a.skip").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # the filters are reachable with Tab from the content, each with its label
    page.keyboard.press("Tab")
    label = page.evaluate(
        "document.querySelector(`label[for='${document.activeElement.id}']`)?.textContent"
    )
    assert label == "Marque"


def test_filter_and_search_mentions(session_for: Open) -> None:
    s = session_for("camille")
    page = s.page
    s.go("mentions")
    page.get_by_label("Mots cherchés").fill("panne")
    page.get_by_label("Marque").select_option("volta")
    page.get_by_label("Sentiment", exact=True).select_option("negative")
    page.get_by_label("Tri").select_option("reach")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert "q=panne" in page.url and "sort=reach" in page.url
    texts = page.locator("article.mention .text").all_inner_texts()
    assert len(texts) >= 5
    assert all("panne" in t.lower() for t in texts)
    badges = page.locator("article.mention .label-state").all_inner_texts()
    assert all("négatif" in b for b in badges)
    s.shot("mentions-search")
    # the thread of the first result opens
    page.locator("article.mention").first.get_by_role("link", name="Voir le fil").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Fil de discussion"
    assert page.locator("article.mention.focus").count() == 1
    s.shot("thread")


def test_open_a_spike(session_for: Open) -> None:
    s = session_for("camille")
    page = s.page
    s.go("timeline")
    link = page.locator("table.spikes a").filter(has_text="27/09").first
    assert "Volta Mobile" in (link.text_content() or "")  # said to screen readers
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # by keyboard
    assert "/spikes/volta~" in page.url
    assert page.locator("h1").inner_text().startswith("Pic — Volta Mobile")
    assert page.get_by_role("heading", name="Pourquoi ce pic").count() == 1
    terms = page.locator("ol.terms").first.inner_text()
    assert "panne" in terms.lower()
    assert page.locator("ul.posts li").count() >= 3
    s.shot("spike")
    page.get_by_role("link", name="Voir les mentions de ce pic →").click()
    page.wait_for_load_state()
    assert page.locator("article.mention").count() >= 1
    # the explorer's period reads day first, in the project's time zone
    assert page.get_by_label("Depuis le").input_value() == "27/09/2025 22:00"
    s.shot("spike-mentions")


def _negative_share(s: Session) -> tuple[float, str]:
    s.go("?brand=volta")
    card = s.page.locator("article.card").first
    text = card.inner_text()
    m = re.search(r"Part négative\s+([\d,]+)\s*%", text)
    assert m, text
    return float(m.group(1).replace(",", ".")), text


@pytest.mark.skipif(
    not hasattr(Workspace, "correct_label"),
    reason="human label corrections (Workspace.correct_label) are not in this tree yet",
)
def test_correct_a_label_and_see_the_figure_change(session_for: Open, served: Served) -> None:
    s = session_for("camille")
    page = s.page
    before, _ = _negative_share(s)
    # the five most-seen negative mentions of Volta are in fact not negative
    s.go("mentions?brand=volta&sentiment=negative&sort=reach")
    ids = page.locator("article.mention").evaluate_all("els => els.slice(0, 5).map(e => e.id)")
    assert len(ids) == 5
    for mid in ids:
        s.go(f"mentions/{mid[2:]}")
        item = page.locator(f"#{mid}")
        item.get_by_label("Corriger le sentiment").select_option("neutral")
        item.get_by_role("button", name="Enregistrer").click()
        page.wait_for_load_state()
        assert "Sentiment corrigé : neutre." in page.locator("[role=status]").first.inner_text()
        state = page.locator(f"#{mid} .label-state").inner_text()
        assert "neutre" in state and "corrigé manuellement" in state
    s.shot("corrected")
    after, card = _negative_share(s)
    assert after < before, (before, after)
    assert "5 label(s) corrigé(s) manuellement" in card
    s.shot("overview-after-correction")
    # the corrections are exportable for training, from the explorer
    s.go("mentions")
    link = page.get_by_role("link", name="Exporter les labels corrigés (JSON Lines)")
    export = page.request.get(link.get_attribute("href"))
    assert export.status == 200
    lines = [json.loads(x) for x in export.text().splitlines()]
    assert {m[2:] for m in ids} <= {x["id"] for x in lines}
    assert {x["label"] for x in lines if x["id"] in {m[2:] for m in ids}} == {"neutral"}


def test_create_then_delete_an_alert_rule(session_for: Open, served: Served) -> None:
    s = session_for("camille")
    page = s.page
    s.go("alerts")
    page.get_by_label("Nom", exact=True).fill("panne-reseau")
    page.get_by_label("Type", exact=True).select_option("keyword")
    assert page.get_by_label("Audience minimale").is_hidden()  # the keyword fields only
    page.get_by_label("Mots-clés (séparés par des virgules)").fill("panne réseau, coupure")
    page.get_by_role("button", name="Créer la règle").click()
    page.wait_for_load_state()
    assert "Règle « panne-reseau » créée." in page.locator("[role=status]").inner_text()
    row = page.locator("table.rules tr").filter(has_text="panne-reseau")
    assert "panne réseau, coupure" in row.inner_text()
    toml = (served.root / "rumeur.toml").read_text(encoding="utf-8")
    assert 'name = "panne-reseau"' in toml
    s.shot("alerts-created")
    # a second rule with the same name is refused with the reason, nothing written
    page.get_by_label("Nom", exact=True).fill("panne-reseau")
    page.get_by_label("Type", exact=True).select_option("spike")
    page.get_by_role("button", name="Créer la règle").click()
    page.wait_for_load_state()
    assert "panne-reseau" in page.locator("[role=alert]").inner_text()
    page.once("dialog", lambda d: d.accept())
    row = page.locator("table.rules tr").filter(has_text="panne-reseau")
    row.get_by_role("button", name="Supprimer").click()
    page.wait_for_load_state()
    assert "Règle « panne-reseau » supprimée." in page.locator("[role=status]").inner_text()
    assert "panne-reseau" not in (served.root / "rumeur.toml").read_text(encoding="utf-8")


def test_a_viewer_is_refused_an_analyst_action(session_for: Open, served: Served) -> None:
    s = session_for("lea")
    page = s.page
    s.go("mentions?sort=reach")
    assert page.locator("form.correct").count() == 0
    assert "Seuls les analystes" in page.locator("main").inner_text()
    first = page.locator("article.mention").first
    mid = first.get_attribute("id")[2:]
    label_before = first.locator(".label-state").inner_text()
    s.go("alerts")
    assert page.get_by_role("button", name="Créer la règle").count() == 0
    # the forms are not offered; a request made anyway (with the session's own CSRF
    # token, as a crafted page would) is refused by the server
    csrf = page.locator("header input[name=csrf_token]").get_attribute("value")
    toml = (served.root / "rumeur.toml").read_text(encoding="utf-8")
    refused = page.request.post(
        "/projects/demo/alerts/rules",
        form={"csrf_token": csrf, "name": "intrus", "type": "spike"},
        max_redirects=0,
    )
    assert refused.status == 403
    assert "votre rôle (lecteur)" in refused.text()
    refused = page.request.post(
        f"/projects/demo/mentions/{mid}/label",
        form={"csrf_token": csrf, "value": "positive"},
        max_redirects=0,
    )
    assert refused.status == 403
    assert page.request.get("/projects/demo/labels/export").status == 403
    assert (served.root / "rumeur.toml").read_text(encoding="utf-8") == toml
    s.go(f"mentions/{mid}")
    assert page.locator(f"#m-{mid} .label-state").inner_text() == label_before
    s.shot("viewer-mentions")


def test_english_for_a_british_browser_and_on_request(session_for: Open) -> None:
    # a British browser gets English from the login page on (it logged in in English)
    s = session_for("ines", locale="en-GB")
    page = s.page
    s.go("")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Overview"
    assert "Negative share" in page.locator("main").inner_text()
    assert s.date_fields("#f-since") == ["Day", "Month", "Year"]  # dd/mm/yyyy
    s.shot("overview-en")
    s.go("timeline")
    assert page.locator("h1").inner_text() == "Timeline"
    assert "Times: Europe/Paris" in page.locator("main").inner_text()
    s.shot("timeline-en")
    # a French browser asks for English: it is kept from page to page
    f = session_for("ines")
    f.go("?lang=en")
    assert f.page.locator("h1").inner_text() == "Overview"
    f.go("timeline")  # remembered
    assert f.page.locator("h1").inner_text() == "Timeline"


def test_project_switcher_and_isolation(session_for: Open) -> None:
    admin = session_for("ines")
    page = admin.page
    admin.go("")
    switch = page.get_by_label("Changer de projet")
    assert sorted(switch.locator("option").all_inner_texts()) == ["avis", "demo"]
    switch.select_option("avis")
    page.get_by_role("button", name="Ouvrir").click()
    page.wait_for_load_state()
    assert "/projects/avis/" in page.url
    assert "Avis Volta (export)" in page.locator("header").inner_text()
    admin.shot("switched-project")
    # an analyst of the demo project only: no switcher, the other project does not exist
    analyst = session_for("camille")
    assert analyst.page.get_by_label("Changer de projet").count() == 0
    response = analyst.page.goto("/projects/avis/")
    assert response.status == 404
    assert "Avis Volta" not in analyst.page.content()
