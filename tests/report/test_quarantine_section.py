"""The report's data-quality section: per file and kind of reason, the first case says
what is its own (the value at fault, where the reader stopped, the row's cells), never
the kind's words again, in the report's one language."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tests.report.conftest import section

#: (kind, what the first case must say) per row of the rich project's quarantine
WANT = {
    "fr": {
        "date illisible": ("Date : « pas une date »", "Auteur : Sami K."),
        "texte absent": ("Auteur : Zoé L.", "Titre : Sans texte"),
        "JSON mal formé": ("colonne 502", "Panne géante chez"),
    },
    "en": {
        "unreadable date": ("Date: “pas une date”", "Auteur: Sami K."),
        "no text": ("Auteur: Zoé L.", "Titre: Sans texte"),
        "malformed JSON": ("column 502", "Panne géante chez"),
    },
}


def _rows(html: str) -> list[list[str]]:
    body = section(html, "quarantine")
    return [
        [
            " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", c)).split())
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.slow  # the shared report fixture: > 5 s here
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_first_case_says_what_is_its_own(reports: dict[str, str], lang: str) -> None:
    head, *rows = _rows(reports[lang])
    assert head[1:3] == (["Motif", "Premier cas"] if lang == "fr" else ["Reason", "First case"])
    assert {r[1] for r in rows} == set(WANT[lang])
    for _, kind, first, _, _ in rows:
        assert first, kind
        # not the kind's words again (it said « date illisible : « pas une date » »)
        assert kind.lower() not in first.lower(), (kind, first)
        for said in WANT[lang][kind]:
            assert said in first, (kind, first)
    other = r"colonne|message :|« " if lang == "en" else r"column|message:|“"
    assert not re.search(other, " ".join(r[2] for r in rows))
