"""Every dashboard page rendered from a real store (no server): one language per page,
labelled controls, charts with their table, figures equal to the Workspace's, and the
correction form only for the roles that may correct."""

from __future__ import annotations

import re

import pytest

from rumeur import Workspace
from rumeur.server.dashboard import views_core, views_mentions
from rumeur.server.dashboard.page import render
from rumeur.server.dashboard.pages import PAGES, render_page
from tests.dashboard.conftest import MakePage, Parsed, unlabelled

FRENCH_ONLY = ("Vue d'ensemble", "Chronologie", "Se déconnecter", "Heures", "Part de voix")
ENGLISH_ONLY = ("Overview", "Timeline", "Log out", "Times:", "Share of voice")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("key", list(PAGES))
def test_every_page_renders_in_one_language_with_labelled_controls(
    make_page: MakePage, key: str, lang: str
) -> None:
    html = render_page(make_page(key, lang))
    doc = Parsed(html)
    assert doc.all("html")[0]["lang"] == lang
    assert len(doc.all("h1")) == 1
    # the skip link goes to the main content, which exists
    assert any(a.get("href") == "#contenu" for a in doc.all("a"))
    assert any(a.get("id") == "contenu" for a in doc.all("main"))
    assert unlabelled(html) == []
    text = doc.visible()
    mine, other = (FRENCH_ONLY, ENGLISH_ONLY) if lang == "fr" else (ENGLISH_ONLY, FRENCH_ONLY)
    assert all(w in text for w in mine[:3]), text[:300]
    assert not [w for w in other if w in text]
    # nothing leaked from Python into the page
    assert "<bound method" not in html and "object at 0x" not in html
    # the current page is marked for assistive technologies
    assert [a for a in doc.all("a") if a.get("aria-current") == "page"]


def test_overview_shows_the_workspace_figures_with_intervals(
    make_page: MakePage, ws: Workspace
) -> None:
    page = make_page("overview")
    html = render_page(page)
    volta = next(c for c in ws.opinion(ws.scope(), by=["brand"]) if c.key["brand"] == "volta")
    fmt = page.fmt
    assert fmt.num(volta.volume) in html
    neg = volta.shares["negative"]
    assert fmt.pct(neg.value) in html
    assert fmt.interval(neg.lo, neg.hi, percent=True) in html
    assert fmt.signed(100 * volta.net.value, 1) in html
    # the weekly chart is an image with a name, and its values are in a table
    svg = re.search(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', html)
    assert svg and "Part négative" in svg.group(1)
    assert "<table>" in html.split("<svg", 1)[1]


def test_a_filter_narrows_the_overview(make_page: MakePage) -> None:
    both = render_page(make_page("overview"))
    one = render_page(make_page("overview", brand="nexa"))
    assert "Volta Mobile" in both and "Nexa Télécom" in both
    cards = re.findall(r'<article class="card">\s*<h2><a [^>]*>([^<]+)</a>', one)
    assert cards == ["Nexa Télécom"]


@pytest.mark.parametrize("key", ["overview", "timeline"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "Période : du 01/09/2025 au 30/09/2025"),
        ("en", "Period: 01/09/2025 to 30/09/2025"),
    ],
)
def test_the_filtered_period_reads_in_the_page_s_dates(
    make_page: MakePage, key: str, lang: str, said: str
) -> None:
    # the address's ISO dates, the until date excluded: the page says the days it covers
    text = Parsed(render_page(make_page(key, lang, since="2025-09-01", until="2025-10-01")))
    assert said in text.visible()


def test_the_filters_dates_read_the_page_s_way_in_every_field(make_page: MakePage) -> None:
    # the spike's link gives the explorer an ISO time: the person reads it day first
    page = make_page("mentions", since="2025-09-27 22:00", until="2025-10-01")
    values = views_mentions.explorer(page, views_mentions.Query())
    explorer = render(page, "mentions.html.j2", heading="Mentions", flash=None, error=None,
                      platforms=views_mentions.platforms(), **values)  # fmt: skip
    assert 'name="since" type="text"' in explorer
    assert 'value="27/09/2025 22:00"' in explorer and 'value="01/10/2025"' in explorer
    assert "2025-09-27" not in explorer.split("<main", 1)[1].split("</form>", 1)[0]
    # a date typed day first in the explorer stays in the other pages' date fields
    timeline = render_page(make_page("timeline", since="01/09/2025", until="15/09/2025 12:00"))
    assert 'id="f-since" name="since" type="date" value="2025-09-01"' in timeline
    assert 'id="f-until" name="until" type="date" value="2025-09-15"' in timeline
    assert "Période : du 01/09/2025 au 15/09/2025" in Parsed(timeline).visible()


@pytest.mark.parametrize(("lang", "said"), [("fr", "Origine : "), ("en", "Origin: ")])
def test_the_overview_s_bad_buzz_is_punctuated_in_its_language(
    make_page: MakePage, lang: str, said: str
) -> None:
    text = Parsed(render_page(make_page("overview", lang))).visible()
    assert said in text, text[-600:]
    assert "Origin :" not in text


def test_the_timeline_links_each_spike_to_its_explanation(make_page: MakePage) -> None:
    page = make_page("timeline")
    values = views_core.timeline(page)
    assert values["spikes"], "the fixture's bad-buzz week is a spike"
    first = values["spikes"][0]
    html = render_page(page)
    assert f'href="{first["url"]}"' in html
    explained = views_core.spike(page, first["id"])
    assert explained is not None
    assert explained["terms"] and explained["most_seen"]
    out = render(page, "spike.html.j2", heading="Pic", flash=None, error=None, s=explained)
    assert explained["terms"][0]["term"] in out
    assert views_core.spike(page, "volta~volume~19990101T0000") is None


@pytest.mark.parametrize(("role", "form"), [("viewer", False), ("analyst", True), ("admin", True)])
def test_only_analysts_and_admins_get_the_correction_form(
    make_page: MakePage, role: str, form: bool
) -> None:
    page = make_page("mentions", role=role)
    values = views_mentions.explorer(page, views_mentions.Query(sort="reach"))
    html = render(
        page,
        "mentions.html.j2",
        heading="Mentions",
        flash=None,
        error=None,
        platforms=views_mentions.platforms(),
        **values,
    )
    assert ('class="correct"' in html) is form
    assert (
        'action="/projects/test/alerts/rules"' in render_page(make_page("alerts", role=role))
    ) is form
    assert unlabelled(html) == []


def test_the_explorer_sorts_by_reach_and_pages(make_page: MakePage, ws: Workspace) -> None:
    page = make_page("mentions")
    first = views_mentions.explorer(page, views_mentions.Query(sort="reach"))
    rows = ws.mentions(ws.mention_filter(sort="reach", limit=30))
    assert [r["id"] for r in first["rows"]] == [r["mention_id"] for r in rows[:25]]
    assert first["next_url"] and "page=2" in first["next_url"] and "sort=reach" in first["next_url"]
    second = views_mentions.explorer(page, views_mentions.Query(sort="reach", page=2))
    assert [r["id"] for r in second["rows"]][:5] == [r["mention_id"] for r in rows[25:30]]
    assert second["prev_url"]


def test_search_and_sentiment_filter(make_page: MakePage) -> None:
    page = make_page("mentions", brand="volta")
    found = views_mentions.explorer(page, views_mentions.Query(q="facture", sentiment="negative"))
    assert found["rows"]
    for r in found["rows"]:
        assert "facture" in r["text"].lower() and r["sentiment"] == "negative"
        assert "Volta" in r["brands"]


def test_a_wrong_filter_is_named(make_page: MakePage) -> None:
    from rumeur.errors import UsageError

    with pytest.raises(UsageError, match="marque"):
        render_page(make_page("overview", brand="inconnue"))
    with pytest.raises(UsageError, match="--since"):
        render_page(make_page("voice", since="hier soir"))


def test_the_thread_view_shows_the_conversation_in_order(make_page: MakePage) -> None:
    page = make_page("mentions")
    rows = views_mentions.thread(page, "m1")["rows"]
    assert [r["id"] for r in rows][:1] == ["m1"]


def test_both_languages_have_the_same_words() -> None:
    from rumeur.server.dashboard.i18n import LABELS

    assert set(LABELS["fr"]) == set(LABELS["en"])


def test_the_timeline_folds_a_campaign_into_one_episode(make_page: MakePage) -> None:
    """Four days of lunchtime and evening peaks of one brand are one row, as in the
    report (Workspace.spike_episodes), with its peaks listed; another brand, or a peak
    two days later, are rows of their own; a peak of the other tone inside the campaign
    makes the episode mixed."""
    from datetime import UTC, datetime, timedelta

    from rumeur.analytics.spikes import Spike

    def spike(brand: str, day: int, hour: int, tone: str, z: float) -> Spike:
        start = datetime(2025, 9, day, hour, tzinfo=UTC)
        return Spike(brand, "volume", start, start + timedelta(hours=1), start,
                     12.0, 1.0, z, tone=tone)  # type: ignore[arg-type]  # fmt: skip

    campaign = [spike("nexa", d, h, "positive", d + h / 100)
                for d in (4, 5, 6, 7) for h in (10, 16, 19)]  # fmt: skip
    volta = spike("volta", 5, 16, "positive", 12)  # another brand, same hours
    later = spike("nexa", 9, 20, "positive", 11)  # 49 h after the campaign's last peak
    page = make_page("timeline")
    rows = views_core.episodes(page, [*campaign, volta, later])
    assert [(r["brand"], len(r["peaks"])) for r in rows] == [
        ("Nexa Télécom", 12), ("Volta Mobile", 0), ("Nexa Télécom", 0)]  # fmt: skip
    first = rows[0]
    # the row links to its strongest peak, spans the campaign, keeps its tone
    assert first["url"].endswith("nexa~volume~20250907T1900")
    assert first["short_when"] == "04/09 12:00 → 07/09 22:00"  # Paris time
    assert first["tone"] == "positive"
    assert [p["short_when"] for p in first["peaks"]][:2] == ["04/09 12:00 → 13:00",
                                                             "04/09 18:00 → 19:00"]  # fmt: skip
    html = render(page, "timeline.html.j2", heading="Chronologie", flash=None,
                  error=None, charts=[], spikes=rows, period=None)  # fmt: skip
    assert "12 pics : les voir" in html
    assert all(f'href="{p["url"]}"' in html for p in first["peaks"])
    # an unfavourable peak inside the campaign: one episode, of mixed tone
    dip = spike("nexa", 6, 8, "negative", 1)
    [mixed, *_] = views_core.episodes(page, [*campaign, dip])
    assert len(mixed["peaks"]) == 13 and mixed["tone"] == "mixed"


def test_voice_shows_the_change_column_only_against_a_previous_period(
    make_page: MakePage, ws: Workspace
) -> None:
    whole = render_page(make_page("voice"))
    assert "Voix nette" in whole and "période précédente" not in whole
    since, until = "2025-10-01", "2025-10-15"
    html = render_page(make_page("voice", since=since, until=until))
    voices = ws.share_of_voice(ws.scope(since=since, until=until))
    assert any(v.change is not None for v in voices)
    assert "Évolution vs période précédente" in html
    assert " pt<" in html  # a change in points, not a column of dashes


def test_an_open_survey_question_shows_its_themes(make_page: MakePage) -> None:
    """An open question's themes carry their share as an estimate and their size: the
    polls page raised on them (a theme's share read as a number)."""
    from rumeur.server.dashboard.views_analytics import _survey_table

    wishes = ["des codes promo pour les fidèles", "un suivi de mes demandes au SAV",
              "des nouvelles claires pendant les coupures"]  # fmt: skip
    answers = [{"attentes": f"{('Surtout', 'Avant tout', 'Franchement,')[i % 3]} "
                f"{wishes[i % 3]} {i}"} for i in range(60)]  # fmt: skip
    answers += [{"attentes": "Rien."} for _ in range(6)]
    (table,) = Workspace.survey_tables(["attentes"], answers)
    assert table["kind"] == "open"
    for lang, none in (("fr", "(sans mot récurrent)"), ("en", "(no recurring word)")):
        view = _survey_table(make_page("polls", lang), table)
        assert view["columns"][1] in ("Thème (mots récurrents)", "Theme (recurring words)")
        names = [row[1] for row in view["rows"]]
        assert none in names and len(names) == len(table["themes"])
        shares = [row[2] for row in view["rows"]]
        assert all(re.fullmatch(r"\d+[,.]\d\u00a0?% \[\d+[,.]\d – \d+[,.]\d\]", s) for s in shares)
        assert sorted(int(row[3]) for row in view["rows"])[0] == 6  # the six "Rien."
