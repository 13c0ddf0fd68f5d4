"""Which page is which: legal notice, CGV, CGU, privacy, cookies, accessibility, contact.

A page is recognised from the link that led to it, its URL and its title or first
heading, in French and English. Text is compared accent- and case-free. A page may
serve several kinds ("CGV et CGU", "Confidentialité et cookies").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from rumeur.audits.site.crawl import Page

KINDS = ("legal_notice", "cgv", "cgu", "privacy", "cookies", "accessibility", "contact")

#: words naming each kind in link texts and titles (folded: lower case, no accents)
_TEXT = {
    "legal_notice": r"mentions? legales?|informations? legales?|legal notice|legal information|"
    r"imprint|impressum|editeur du site",
    "cgv": r"conditions generales de vente|\bcgv\b|conditions de vente|terms of sale|"
    r"terms and conditions of sale|conditions generales de vente et d'utilisation",
    "cgu": r"conditions generales d'utilisation|\bcgu\b|conditions d'utilisation|terms of use|"
    r"terms of service|conditions generales de vente et d'utilisation",
    "privacy": r"politique de confidentialite|confidentialite|donnees personnelles|"
    r"protection des donnees|vie privee|privacy",
    "cookies": r"cookies?|traceurs",
    "accessibility": r"accessibilite|accessibility",
    "contact": r"contact|service client|nous ecrire|customer (service|care)|assistance",
}
#: URL path fragments naming each kind
_URL = {
    "legal_notice": r"mentions[-_]?legales|legal[-_]?notice|/legal/?$|imprint|impressum",
    "cgv": r"\bcgv\b|conditions[-_]generales[-_]de[-_]vente|terms[-_]of[-_]sale|/cgvu?\b",
    "cgu": r"\bcgu\b|conditions[-_]generales[-_]d[-_]?utilisation|terms[-_]of[-_](use|service)|"
    r"/tos\b|/cgvu\b",
    "privacy": r"confidentialite|privacy|donnees[-_]personnelles|/rgpd\b|/gdpr\b",
    "cookies": r"cookie",
    "accessibility": r"accessibilite|accessibility",
    "contact": r"contact|service[-_]client|/aide\b|/help\b|/support\b",
}
_TEXT_RE = {k: re.compile(v) for k, v in _TEXT.items()}
_URL_RE = {k: re.compile(v) for k, v in _URL.items()}


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def link_scores(url: str, text: str) -> dict[str, float]:
    """How much a link (its URL and text) looks like each legal kind."""
    path = fold(unquote(urlsplit(url).path))
    t = fold(text)
    out = {}
    for kind in KINDS:
        s = 0.0
        if t and _TEXT_RE[kind].search(t):
            s += 3.0
        if _URL_RE[kind].search(path):
            s += 2.0
        if s:
            out[kind] = s
    return out


def crawl_priority(url: str, text: str) -> float:
    """Frontier order for the crawl: legal-looking links first."""
    scores = link_scores(url, text)
    return max(scores.values()) if scores else 0.0


@dataclass(slots=True)
class PageText:
    """A page's readable text and title."""

    title: str
    text: str


def page_text(page: Page) -> PageText:
    """Title and main text of a page. Footers, menus and headers are removed first: they
    repeat on every page ("Gestion des cookies", "Accessibilité : partiellement
    conforme") and would satisfy any rule. Then trafilatura extracts the main text
    (recall first); when its extraction is thin, the cleaned document's text is used."""
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    try:
        doc = lxml_html.fromstring(page.html)
    except (ValueError, etree.ParserError):
        return PageText(title="", text="")
    t = doc.find(".//title")
    h1 = doc.find(".//h1")
    title = " ".join(((t.text_content() if t is not None else "") or "").split())
    if h1 is not None:
        title = (title + " | " if title else "") + " ".join(h1.text_content().split())
    for bad in doc.xpath(
        "//script|//style|//noscript|//footer|//nav|//header"
        "|//*[@role='navigation' or @role='contentinfo' or @role='banner']"
    ):
        bad.drop_tree()
    full = "\n".join(
        " ".join(el.text_content().split())
        for el in doc.iter("p", "li", "h1", "h2", "h3", "h4", "td", "address", "dd", "dt")
    )
    if not full.strip():
        full = " ".join(doc.text_content().split())
    cleaned = lxml_html.tostring(doc, encoding="unicode")
    extracted = trafilatura.extract(
        cleaned, include_tables=True, include_comments=False, favor_recall=True
    )
    text = extracted if extracted and len(extracted) >= 0.6 * len(full) else full
    return PageText(title=title, text=text or "")


def classify(pages: list[Page], texts: dict[str, PageText]) -> dict[str, Page]:
    """The best page for each kind (kinds with no convincing page are absent)."""
    best: dict[str, tuple[float, Page]] = {}
    for page in pages:
        if page.depth == 0:
            continue  # the home page is not a legal page, whatever its title says
        scores = link_scores(page.url, page.link_text)
        title = fold(texts[page.url].title)
        for kind in KINDS:
            s = scores.get(kind, 0.0)
            if title and _TEXT_RE[kind].search(title):
                s += 3.0
            if s >= 2.0 and (kind not in best or s > best[kind][0]):
                best[kind] = (s, page)
    return {k: v[1] for k, v in best.items()}


_DATE_PHRASE = re.compile(
    r"(?:derniere\s+mise\s+a\s+jour|mise?\s+a\s+jour|mis\s+a\s+jour|actualisee?s?|"
    r"version\s+(?:en\s+vigueur\s+)?(?:du|au)|en\s+vigueur\s+(?:a\s+compter\s+)?(?:du|au|le)|"
    r"last\s+(?:updated|modified|revised)|effective\s+(?:date|as\s+of|from))"
    r"\s*(?:le|du|au|on)?\s*[:\-]?\s*"
    r"(?P<date>\d{1,2}(?:er)?\s+[a-z]+\.?\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
    r"\d{4}-\d{2}-\d{2}|[a-z]+\s+\d{1,2},?\s+\d{4})"
)


def stated_update(text: str, timezone: str = "Europe/Paris") -> tuple[date, str] | None:
    """The newest update date a page states ("Mis à jour le 12 mars 2024", "Version du
    01/02/2023", "Last updated: May 3, 2024"), with the sentence that states it."""
    from rumeur.ingest.dates import parse_date

    folded = fold(text)
    found: list[tuple[date, str]] = []
    for m in _DATE_PHRASE.finditer(folded):
        raw = m.group("date").replace("1er", "1")
        parsed = parse_date(raw, timezone=timezone)
        if parsed is None:
            continue
        local = parsed.astimezone(ZoneInfo(timezone)).date()
        found.append((local, _sentence_at(text, folded, m.start(), m.end())))
    return max(found, key=lambda x: x[0]) if found else None


def http_date(value: str | None) -> date | None:
    """A ``Last-Modified`` header's date."""
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _sentence_at(text: str, folded: str, start: int, end: int) -> str:
    """The sentence of ``text`` around the span [start, end) found in its folded copy
    (folding keeps one character per character for Latin text, so offsets carry over)."""
    src = text if len(text) == len(folded) else folded
    dot = src.rfind(". ", 0, start)
    lo = max(dot + 2 if dot != -1 else 0, src.rfind("\n", 0, start) + 1)
    hi_candidates = [i for i in (src.find(". ", end), src.find("\n", end)) if i != -1]
    hi = min(hi_candidates) + 1 if hi_candidates else len(src)
    if hi - lo > 220:  # a long sentence: the clause around the match is the evidence
        lo2, hi2 = max(lo, start - 90), min(hi, end + 110)
        lo2 = src.find(" ", lo2) + 1 if lo2 > lo else lo
        hi2 = src.rfind(" ", 0, hi2) if hi2 < hi else hi
        out = " ".join(src[lo2:hi2].split())
        return ("…" if lo2 > lo else "") + out + ("…" if hi2 < hi else "")
    return " ".join(src[lo:hi].split())


def sentence(text: str, pattern: re.Pattern[str]) -> str | None:
    """The first sentence of ``text`` whose folded form matches ``pattern``."""
    folded = fold(text)
    m = pattern.search(folded)
    if not m:
        return None
    return _sentence_at(text, folded, m.start(), m.end())


def today() -> date:
    return datetime.now().date()
