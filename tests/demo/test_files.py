"""The four files have the real-world shapes documented in :mod:`rumeur.demo`."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta

from rumeur.demo.tables import AVIS_HEADERS, VEILLE_HEADERS

_MASTO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
_AT_URI = re.compile(r"^at://did:plc:[a-z2-7]{24}/app\.bsky\.feed\.post/[2-7a-z]{13}$")
_RATING = re.compile(r"^[1-5](,5)?$")
_REL = re.compile(r"^[Ii]l y a \d+ (minutes?|heures?|jours?)$")
_SHORT = re.compile(
    r"^\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}$"
)
_NUMERIC = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$")


def test_avis_is_french_excel_csv(demo):
    raw = demo.avis_raw
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(AVIS_HEADERS)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) > 1000
    assert all(_RATING.match(r["Note"]) for r in rows)
    assert any("," in r["Note"] for r in rows)
    kinds = {"rel": 0, "short": 0, "num": 0}
    truth = demo.truth["mentions"]
    end = datetime.fromisoformat(demo.truth["generator"]["end"].replace("Z", "+00:00"))
    for r in rows:
        created = datetime.fromisoformat(truth[r["Lien"]]["created_at"].replace("Z", "+00:00"))
        if _REL.match(r["Date"]):
            kinds["rel"] += 1
            assert end - created < timedelta(days=3), r["Date"]
        elif _SHORT.match(r["Date"]):
            kinds["short"] += 1
        else:
            assert _NUMERIC.match(r["Date"]), r["Date"]
            kinds["num"] += 1
            assert end - created >= timedelta(days=3)
    assert all(v > 5 for v in kinds.values()), kinds
    assert sum("\n" in r["Avis"] for r in rows) > 100  # multi-line quoted reviews


def test_veille_headers_platforms_and_broken_rows(demo, good_rows):
    path = demo.corpus.ground_truth.parent / "veille_export.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert tuple(next(reader)) == VEILLE_HEADERS
    veille = [r for r in demo.rows.values() if r.file == "veille_export.csv"]
    assert {r.platform for r in veille} == {
        "twitter",
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "forum",
        "news",
    }
    empty = {r.id for r in veille if not r.text.strip()}
    undated = {r.id for r in veille if r.created is None}
    broken = [b for b in demo.truth["broken"] if b["file"] == "veille_export.csv"]
    assert empty == {b["id"] for b in broken if b["reason"] == "empty text"}
    assert undated == {b["id"] for b in broken if b["reason"].startswith("unparseable")}
    assert len(empty) == 10 and len(undated) == 5
    ok = [r for r in veille if r.id in good_rows]
    assert all(r.created.utcoffset() is not None for r in ok)
    assert sum(r.raw["views"] == "" for r in ok) > 100  # facebook/forum/news show no views
    # most of the volume is in the listening-tool export
    assert len(ok) > 0.6 * demo.corpus.n_mentions


def test_mastodon_statuses(demo):
    bad = [n for n, line in enumerate(demo.masto_lines, 1) if not _parses(line)]
    listed = sorted(int(b["line"]) for b in demo.truth["broken"] if b["file"] == "mastodon.jsonl")
    assert bad == listed and len(bad) == 3
    statuses = [json.loads(line) for line in demo.masto_lines if _parses(line)]
    ids = {s["id"] for s in statuses}
    keys = {
        "id",
        "created_at",
        "in_reply_to_id",
        "in_reply_to_account_id",
        "url",
        "uri",
        "content",
        "language",
        "replies_count",
        "reblogs_count",
        "favourites_count",
        "account",
        "tags",
        "mentions",
        "visibility",
        "sensitive",
        "spoiler_text",
        "media_attachments",
    }
    akeys = {
        "id",
        "username",
        "acct",
        "display_name",
        "followers_count",
        "following_count",
        "statuses_count",
        "created_at",
        "bot",
        "url",
        "note",
    }
    for s in statuses:
        assert keys <= s.keys() and akeys <= s["account"].keys()
        assert _MASTO_TIME.match(s["created_at"])
        assert s["content"].startswith("<p>") and s["content"].endswith("</p>")
        assert s["in_reply_to_id"] is None or s["in_reply_to_id"] in ids
        assert s["replies_count"] >= 0 and isinstance(s["id"], str)
    assert sum(bool(s["tags"]) for s in statuses) > 50
    assert sum(bool(s["mentions"]) for s in statuses) > 50
    linked = [s for s in statuses if s["mentions"]]
    assert all('class="u-url mention"' in s["content"] for s in linked)
    # ids grow with time, as Mastodon's snowflake ids do
    by_time = sorted(statuses, key=lambda s: s["created_at"])
    assert [int(s["id"]) for s in by_time] == sorted(int(s["id"]) for s in statuses)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def test_bluesky_post_views(demo):
    posts = [r.raw for r in demo.rows.values() if r.file == "bluesky.jsonl"]
    uris = {p["uri"] for p in posts}
    for p in posts:
        assert _AT_URI.match(p["uri"]) and p["cid"].startswith("bafyrei")
        assert {"did", "handle", "displayName"} <= p["author"].keys()
        assert "followersCount" not in p["author"]
        rec = p["record"]
        assert rec["$type"] == "app.bsky.feed.post" and rec["langs"]
        assert {"replyCount", "repostCount", "likeCount", "quoteCount", "indexedAt"} <= p.keys()
        if "reply" in rec:
            assert rec["reply"]["root"]["uri"] in uris and rec["reply"]["parent"]["uri"] in uris
        data = rec["text"].encode()
        for f in rec.get("facets", []):
            span = data[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode()
            kind = f["features"][0]["$type"].rsplit("#", 1)[1]
            assert span[0] == {"mention": "@", "tag": "#", "link": "h"}[kind], span
    assert sum("reply" in p["record"] for p in posts) > 50
    assert sum(bool(p["record"].get("facets")) for p in posts) > 100
    followers = demo.truth["generator"]["bluesky_followers"]
    assert all(p["author"]["did"] in followers for p in posts)
