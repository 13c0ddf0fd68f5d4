"""What a brand manager reads: numbers in the report's locale, labelled figures, sensible
rankings, a short appendix, safe links, times in the project's zone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import add_mention
from tests.report.conftest import T0, make_project, section, visible_text

NNBSP = "\u202f"


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_numbers_follow_the_report_locale(reports) -> None:
    fr, en = visible_text(reports["fr"]), visible_text(reports["en"])
    # French: decimal comma, a space before %, spaces between thousands; never English marks
    assert re.search(r"\d+,\d\u00a0% \[\d+,\d – \d+,\d\]", fr)
    assert re.search(rf"\d{NNBSP}\d{{3}}", fr)  # e.g. 120 431
    assert not re.search(r"\d\.\d\s?%", fr) and not re.search(r"\d,\d{3}(?!\d)\s", fr)
    assert not re.search(r"\d %", fr)  # a plain space would break before the %
    # English: decimal point, no space before %, commas between thousands
    assert re.search(r"\d+\.\d% \[\d+\.\d – \d+\.\d\]", en)
    assert re.search(r"\d,\d{3}", en)
    assert not re.search(r"\d,\d\s?%", en) and not re.search(r"\d\s%", en)


def test_fmt_examples() -> None:
    from rumeur.report.fmt import Fmt

    fr, en = Fmt("fr"), Fmt("en")
    assert fr.pct(0.448) == "44,8\u00a0%" and en.pct(0.448) == "44.8%"
    assert fr.num(2_400_000) == f"2{NNBSP}400{NNBSP}000" and en.num(2_400_000) == "2,400,000"
    assert fr.signed(-9.94) == "−9,9" and en.signed(14.5) == "+14.5"
    # an audience is people: an estimated reach's decimals are dropped, axis ticks keep theirs
    assert fr.audience(5828.94) == f"5{NNBSP}829" and en.audience(93_400.2) == "93k"
    assert fr.compact(0.5) == "0,5"


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_no_unlabelled_figure_and_no_empty_change_column(reports) -> None:
    for lang, label in (
        ("fr", "auxquelles un compte de la marque a répondu"),
        ("en", "a brand account answered"),
    ):
        people = visible_text(section(reports[lang], "a-people"))
        # the answered rate is said with what it is, never a bare "9,1 % [8,5 – 9,6]"
        m = re.search(r"([^.]*?)\u00a0?: \d+[,.]\d\u00a0?% \[", people)
        assert m and label in m.group(1)
    # the store holds nothing before the period: no "change vs previous period" column
    # made of dashes only
    sov = section(reports["fr"], "a-sov")
    assert "Évolution" not in sov and "Δ" not in sov and "<td>—</td>" not in sov


@pytest.mark.slow
def test_change_column_when_a_previous_period_exists(tmp_path, render) -> None:
    proj = make_project(tmp_path, rules="")
    with DuckDBStore(proj.store_path) as s:
        for i in range(60):
            add_mention(
                s,
                f"m{i}",
                sentiment="positive",
                views=10,
                brands=["volta" if i % (2 if i < 30 else 4) else "nexa"],
                created_at=T0 + timedelta(hours=i * 11),
            )
        html = render(proj, s, lang="fr", start=T0 + timedelta(hours=330))
    sov = visible_text(section(html, "a-sov"))
    assert "Évolution vs période précédente" in sov and re.search(r"[+−]\d+,\d pts", sov)


def test_aspects_rank_by_unfavourable_reach_and_hide_empty_ones(tmp_path, render) -> None:
    proj = make_project(tmp_path, rules="")
    with DuckDBStore(proj.store_path) as s:
        for i in range(30):
            aspects = {"trust": "positive"}  # judged, never unfavourably
            if i % 3 == 0:
                aspects["price"] = "negative"
            if i % 5 == 0:
                aspects["service"] = "negative"
            add_mention(
                s,
                f"m{i}",
                sentiment="negative" if i % 3 == 0 or i % 5 == 0 else "positive",
                views=100 + (5000 if i == 5 else 0),
                aspects=aspects,
                brands=["volta"],
                created_at=T0 + timedelta(hours=i),
            )
        html = render(proj, s, lang="fr")
    chart = section(html, "a-aspects")
    chart = chart[: chart.index("<table")]
    shown = [x for x in ("prix", "service client", "confiance") if x in chart]
    assert shown == ["prix", "service client"] or shown == ["service client", "prix"]
    assert "confiance" not in chart and "0,0\u00a0% [0,0 – 0,0]" not in html
    # service: one mention seen by 5,100 people outweighs the price complaints
    assert chart.index("service client") < chart.index("prix")


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_appendix_is_short_folded_and_readable(reports) -> None:
    html = reports["fr"]
    lists = section(html, "a-lists")
    assert lists.count("<details") >= 5
    rows = lists.count("<tr>") - lists.count("<thead>")
    assert 0 < rows <= 200
    # every link into the appendix lands on a kept list; no internal ids are shown
    for anchor in set(re.findall(r'href="#(ml-\d+)"', html)):
        assert f'id="{anchor}"' in lists
    text = visible_text(lists)
    assert not re.search(r"\bm\d+\b|auteur-\d+", text)
    assert "client_" in lists and "Mentions de client_" in text


def test_only_http_links(tmp_path, render) -> None:
    proj = make_project(tmp_path, rules="")
    with DuckDBStore(proj.store_path) as s:
        add_mention(
            s,
            "evil",
            url="javascript:alert(document.cookie)",
            views=9_000_000,
            sentiment="negative",
            brands=["volta"],
            text="<b>cliquez</b> [/b]",
        )
        add_mention(
            s,
            "data",
            url=" JAVASCRIPT:alert(1)",
            views=8_000_000,
            brands=["volta"],
            sentiment="negative",
            created_at=T0 + timedelta(hours=1),
        )
        add_mention(
            s,
            "ok",
            url="https://exemple.test/ok",
            views=10,
            brands=["volta"],
            sentiment="positive",
            created_at=T0 + timedelta(hours=2),
        )
        html = render(proj, s, lang="fr")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    assert "https://exemple.test/ok" in hrefs
    assert "javascript" not in html.lower()
    assert "&lt;b&gt;cliquez&lt;/b&gt; [/b]" in html  # text stays text


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_times_in_the_project_time_zone(tmp_path) -> None:
    import subprocess
    import sys

    proj = make_project(tmp_path, rules="")
    with DuckDBStore(proj.store_path) as s:
        # 23:30 UTC on 30/10 is 00:30 on 31/10 in Paris
        add_mention(
            s,
            "late",
            views=10,
            sentiment="negative",
            brands=["volta"],
            created_at=T0.replace(month=10, day=30, hour=23, minute=30),
        )
    out = tmp_path / "r.html"
    res = subprocess.run(  # --until is exclusive: up to the end of 31/10
        [
            sys.executable,
            "-m",
            "rumeur",
            "report",
            "-p",
            str(tmp_path),
            "-o",
            str(out),
            "--since",
            "2025-10-31",
            "--until",
            "2025-11-01",
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    meta = visible_text(html[: html.index("</header>")])
    assert "Période\u00a0: 31/10/2025 – 31/10/2025" in meta and "Europe/Paris" in meta
    assert "31/10/2025 00:30" in visible_text(section(html, "top"))


@pytest.mark.slow  # two full reports
def test_same_store_same_report(rich) -> None:
    from datetime import UTC, datetime

    from rumeur.report.build import render_report

    proj, store = rich
    at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    first = render_report(store, proj, generated=at, start=T0)
    assert render_report(store, proj, generated=at, start=T0) == first
    assert "05/01/2026 10:00" in first  # the time given, in the project's zone
