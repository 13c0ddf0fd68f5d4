"""Writers for the two CSV exports: the French review site and the listening tool."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import UTC, datetime
from pathlib import Path

from rumeur.demo.brands import VOICES
from rumeur.demo.compose import strip_accents
from rumeur.demo.model import Item
from rumeur.demo.timeline import PARIS

AVIS_HEADERS = ("Auteur", "Date", "Note", "Titre", "Avis", "Source", "Lien")
VEILLE_HEADERS = (
    "id",
    "platform",
    "url",
    "author_id",
    "author",
    "author_name",
    "followers",
    "verified",
    "created_at",
    "text",
    "likes",
    "shares",
    "replies",
    "views",
    "in_reply_to",
    "thread_id",
    "language",
)
REVIEW_SITES = (
    ("AvisOpérateurs", "avis-operateurs.example"),
    ("NotezVotreOpé", "notezvotreope.example"),
    ("ConsoAvis", "consoavis.example"),
)
_MOIS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
_PREFIX = {
    "twitter": "tw",
    "facebook": "fb",
    "instagram": "ig",
    "tiktok": "tt",
    "youtube": "yt",
    "forum": "fo",
    "news": "nw",
}
_HOSTS = {
    "twitter": "twitter.example",
    "facebook": "facebook.example",
    "instagram": "instagram.example",
    "tiktok": "tiktok.example",
    "youtube": "youtube.example",
    "forum": "forum-telecom.example",
}
_BAD_DATES = ("31/02/2025 25:61", "hier soir", "N/A", "2025-13-45T99:00:00", "??/??/????")


def french_date(t: datetime, end: datetime, rng: random.Random) -> str:
    """The review site's date: relative for the last 3 days, else one of two absolute forms."""
    age = end - t
    secs = age.total_seconds()
    if secs < 3 * 86400:
        if secs < 3600:
            return f"Il y a {max(1, int(secs // 60))} minutes"
        if secs < 86400:
            h = int(secs // 3600)
            return f"Il y a {h} heure{'s' if h > 1 else ''}"
        d = int(secs // 86400)
        return f"il y a {d} jour{'s' if d > 1 else ''}"
    loc = t.astimezone(PARIS)
    if rng.random() < 0.5:
        return f"{loc.day} {_MOIS[loc.month - 1]} {loc.year}"
    return loc.strftime("%d/%m/%Y %H:%M")


def french_rating(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.1f}".replace(".", ",")


def avis_ids(items: list[Item], rng: random.Random) -> None:
    for k, it in enumerate(items):
        name, host = REVIEW_SITES[k % 3 if rng.random() < 0.5 else 0]
        brand = it.brands[0] if it.brands else "volta"
        slug = VOICES[brand].site.split(".")[0]
        it.ext_id = it.url = f"https://www.{host}/avis/{slug}/{100_000 + k * 7 + rng.randint(0, 6)}"
        it.extra["source"] = name


def write_avis(path: Path, items: list[Item], end: datetime, rng: random.Random) -> None:
    """UTF-8 with BOM, ';'-delimited, French headers, multi-line quoted reviews."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(AVIS_HEADERS)
    for it in sorted(items, key=lambda i: i.created, reverse=True):
        w.writerow(
            (
                it.author.name,
                french_date(it.created, end, rng),
                french_rating(it.rating or 3),
                it.title or "",
                it.text,
                it.extra["source"],
                it.url,
            )
        )
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def veille_ids(items: list[Item]) -> None:
    for k, it in enumerate(items):
        pfx = _PREFIX[it.platform]
        it.ext_id = f"{pfx}_{int(it.created.timestamp())}{k:05d}"
        p = it.author
        if it.platform == "news":
            words = strip_accents((it.title or it.text)[:60].lower())
            slug = "-".join(re.findall(r"[a-z0-9]+", words))
            it.url = f"https://www.{p.handle.replace('_', '-')}.example/{k}-{slug}"
        elif it.platform == "forum":
            root = it.root or it
            it.url = f"https://{_HOSTS['forum']}/t/{root.ext_id or it.ext_id}#{it.ext_id}"
        else:
            it.url = f"https://{_HOSTS[it.platform]}/{p.handle}/status/{it.ext_id}"


def veille_row(it: Item) -> list[str]:
    p = it.author
    root = it.root or it
    return [
        it.ext_id,
        it.platform,
        it.url,
        p.uid,
        p.handle,
        p.name,
        str(p.followers),
        "true" if p.verified else "false",
        it.created.astimezone(PARIS).isoformat(),
        it.text,
        str(it.likes),
        str(it.shares),
        str(it.replies),
        "" if it.views is None else str(it.views),
        it.parent.ext_id if it.parent else "",
        root.ext_id,
        it.lang,
    ]


def write_veille(path: Path, items: list[Item], rng: random.Random) -> list[dict[str, str]]:
    """Comma-delimited UTF-8 with English headers; inserts the deliberately broken rows."""
    rows = [veille_row(it) for it in items]
    broken: list[dict[str, str]] = []
    for k in range(15):
        src = rows[rng.randrange(len(rows))]
        row = list(src)
        row[0] = f"{row[0][:2]}_{9_000_000_000 + k}"
        row[14], row[15] = "", row[0]
        if k < 10:
            row[9] = ""
            reason = "empty text"
        else:
            row[8] = _BAD_DATES[k - 10]
            reason = f"unparseable date {row[8]!r}"
        rows.insert(rng.randrange(len(rows)), row)
        broken.append({"file": path.name, "id": row[0], "reason": reason})
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(VEILLE_HEADERS)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return broken


def utc_iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")
