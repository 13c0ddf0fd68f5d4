"""Fictional items shaped exactly as each platform's API documents them.

Used by the tests, the benchmark and the demo (``scripts/demo_watch.py``): a Mastodon
``Status``, a Bluesky ``app.bsky.feed.defs#postView``, a Reddit ``t3``/``t1`` thing, a
YouTube ``searchResult``/``video``/``commentThread``, an RSS 2.0 ``<item>``/Atom
``<entry>`` and a webhook push. Everything here is invented; no real person or post.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

TEXTS = (
    "Franchement @Fibrelia, trois jours sans internet et personne au service client…",
    "Merci Fibrelia pour l'installation rapide, technicien au top 👍",
    "Le nouveau forfait Fibrelia est plus cher que chez Concurrent, pourquoi ?",
    "Encore une pub Fibrelia dans ma boîte mail alors que je me suis désabonné 😡",
    "Quelqu'un a testé la box Fibrelia en zone rurale ? Retours bienvenus.",
    "Bravo au SAV de Fibrelia, problème réglé en 10 minutes.",
    "Fibrelia augmente ses prix sans prévenir, je résilie.",
    "Astuce : redémarrer la box Fibrelia règle souvent le wifi lent.",
)
NAMES = ("Camille", "Léa", "Hugo", "Inès", "Nathan", "Chloé", "Yanis", "Manon", "Louis", "Zoé")
MASTODON_BASE = 110_000_000_000_000_000
#: item 0's time: 08:00 UTC twelve days before today, so that the corpus is recent (a
#: first collection reads 30 days back) and stays in the past (34,560 items at 30 s)
EPOCH = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=12)


def _when(i: int) -> datetime:
    """Item i's time: one every 30 s from EPOCH."""
    return EPOCH + timedelta(seconds=30 * i)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _rng(i: int, salt: str) -> random.Random:
    return random.Random(f"{salt}:{i}")


def text(i: int) -> str:
    return f"{TEXTS[i % len(TEXTS)]} (#{i})"


def mastodon_status(
    i: int, *, host: str = "mastodon.example", reply_to: str | None = None
) -> dict[str, Any]:
    """A Mastodon ``Status`` (docs.joinmastodon.org/entities/Status/)."""
    r = _rng(i, "mastodon")
    name = NAMES[i % len(NAMES)]
    acct_id = str(100 + i % 50)
    sid = str(MASTODON_BASE + i)
    return {
        "id": sid,
        "created_at": _iso(_when(i)),
        "in_reply_to_id": reply_to,
        "in_reply_to_account_id": "101" if reply_to else None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "fr",
        "uri": f"https://{host}/users/{name.lower()}{acct_id}/statuses/{sid}",
        "url": f"https://{host}/@{name.lower()}{acct_id}/{sid}",
        "replies_count": r.randint(0, 4),
        "reblogs_count": r.randint(0, 30),
        "favourites_count": r.randint(0, 120),
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "content": f"<p>{escape(text(i))}</p>",
        "filtered": [],
        "reblog": None,
        "application": {"name": "Web", "website": None},
        "account": {
            "id": acct_id,
            "username": f"{name.lower()}{acct_id}",
            "acct": f"{name.lower()}{acct_id}",
            "display_name": name,
            "locked": False,
            "bot": False,
            "discoverable": True,
            "group": False,
            "created_at": "2022-11-07T00:00:00.000Z",
            "note": "<p>Compte fictif</p>",
            "url": f"https://{host}/@{name.lower()}{acct_id}",
            "avatar": f"https://{host}/avatars/original/missing.png",
            "avatar_static": f"https://{host}/avatars/original/missing.png",
            "header": f"https://{host}/headers/original/missing.png",
            "header_static": f"https://{host}/headers/original/missing.png",
            "followers_count": r.randint(3, 40_000),
            "following_count": r.randint(0, 800),
            "statuses_count": r.randint(1, 9000),
            "last_status_at": _when(i).strftime("%Y-%m-%d"),
            "emojis": [],
            "fields": [],
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": "fibrelia", "url": f"https://{host}/tags/fibrelia"}],
        "emojis": [],
        "card": None,
        "poll": None,
    }


def bluesky_post(i: int, *, reply_to: tuple[str, str] | None = None) -> dict[str, Any]:
    """A Bluesky ``app.bsky.feed.defs#postView``; ``reply_to`` = (parent uri, root uri)."""
    r = _rng(i, "bluesky")
    name = NAMES[i % len(NAMES)]
    did = f"did:plc:fict{i % 40:020d}"
    rkey = f"3l{i:011d}"
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": text(i),
        "createdAt": _iso(_when(i)),
        "langs": ["fr"],
    }
    if reply_to:
        record["reply"] = {
            "parent": {"uri": reply_to[0], "cid": "bafyreiparent"},
            "root": {"uri": reply_to[1], "cid": "bafyreiroot"},
        }
    return {
        "uri": f"at://{did}/app.bsky.feed.post/{rkey}",
        "cid": f"bafyreig{i:040d}",
        "author": {
            "did": did,
            "handle": f"{name.lower()}{i % 40}.bsky.social",
            "displayName": name,
            "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did}/bafkrei@jpeg",
            "labels": [],
            "createdAt": "2023-09-01T10:00:00.000Z",
        },
        "record": record,
        "replyCount": r.randint(0, 5),
        "repostCount": r.randint(0, 20),
        "likeCount": r.randint(0, 200),
        "quoteCount": r.randint(0, 3),
        "indexedAt": _iso(_when(i) + timedelta(seconds=2)),
        "labels": [],
    }


def bluesky_profile(did: str, handle: str) -> dict[str, Any]:
    """``app.bsky.actor.defs#profileViewDetailed`` (getProfiles)."""
    r = random.Random(did)
    return {
        "did": did,
        "handle": handle,
        "displayName": handle.split(".")[0].title(),
        "followersCount": r.randint(5, 25_000),
        "followsCount": r.randint(5, 900),
        "postsCount": r.randint(1, 4000),
        "indexedAt": "2024-01-01T00:00:00.000Z",
        "createdAt": "2023-09-01T10:00:00.000Z",
        "labels": [],
    }


def reddit_link(i: int, *, sub: str = "france") -> dict[str, Any]:
    """A Reddit ``t3`` (link/post) thing as in a Listing's ``children``."""
    r = _rng(i, "reddit")
    pid = f"1f{i:05x}"
    title = text(i).split(",")[0][:80]
    return {
        "kind": "t3",
        "data": {
            "subreddit": sub,
            "selftext": text(i),
            "author_fullname": f"t2_fict{i % 30}",
            "title": title,
            "subreddit_name_prefixed": f"r/{sub}",
            "name": f"t3_{pid}",
            "upvote_ratio": 0.9,
            "ups": r.randint(0, 500),
            "score": r.randint(0, 500),
            "created": (_when(i)).timestamp(),
            "created_utc": (_when(i)).timestamp(),
            "num_comments": r.randint(0, 40),
            "permalink": f"/r/{sub}/comments/{pid}/sujet_{i}/",
            "url": f"https://www.reddit.com/r/{sub}/comments/{pid}/sujet_{i}/",
            "id": pid,
            "author": f"{NAMES[i % len(NAMES)].lower()}_{i % 30}",
            "is_self": True,
            "over_18": False,
            "link_flair_text": None,
            "subreddit_subscribers": 1_200_000,
        },
    }


def reddit_comment(i: int, link_id: str, parent: str, *, deleted: bool = False) -> dict[str, Any]:
    """A Reddit ``t1`` (comment) thing."""
    cid = f"l{i:06x}"
    sub = "france"
    return {
        "kind": "t1",
        "data": {
            "id": cid,
            "name": f"t1_{cid}",
            "body": "[deleted]" if deleted else text(i),
            "author": "[deleted]" if deleted else f"{NAMES[i % len(NAMES)].lower()}_c{i % 20}",
            "created_utc": (_when(i) + timedelta(minutes=3)).timestamp(),
            "score": i % 17,
            "ups": i % 17,
            "parent_id": parent,
            "link_id": link_id,
            "subreddit": sub,
            "permalink": f"/r/{sub}/comments/{link_id[3:]}/sujet/{cid}/",
            "replies": "",
            "depth": 0,
        },
    }


def listing(children: list[dict[str, Any]], after: str | None) -> dict[str, Any]:
    return {
        "kind": "Listing",
        "data": {"after": after, "dist": len(children), "modhash": "", "geo_filter": "",
                 "children": children, "before": None},
    }  # fmt: skip


def youtube_search_result(i: int) -> dict[str, Any]:
    vid = f"vid{i:08d}"
    return {
        "kind": "youtube#searchResult",
        "etag": f"etag{i}",
        "id": {"kind": "youtube#video", "videoId": vid},
        "snippet": {
            "publishedAt": _when(i).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "channelId": f"UCfict{i % 12:018d}",
            "title": text(i)[:60],
            "description": text(i),
            "thumbnails": {"default": {"url": f"https://i.ytimg.com/vi/{vid}/default.jpg",
                                       "width": 120, "height": 90}},
            "channelTitle": f"Chaîne {NAMES[i % len(NAMES)]}",
            "liveBroadcastContent": "none",
            "publishTime": _when(i).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    }  # fmt: skip


def youtube_video(i: int) -> dict[str, Any]:
    s = youtube_search_result(i)
    r = _rng(i, "youtube")
    return {
        "kind": "youtube#video",
        "etag": f"vetag{i}",
        "id": s["id"]["videoId"],
        "snippet": {**s["snippet"], "tags": ["fibrelia"], "categoryId": "28",
                    "defaultAudioLanguage": "fr"},
        "statistics": {"viewCount": str(r.randint(10, 90_000)),
                       "likeCount": str(r.randint(0, 900)), "favoriteCount": "0",
                       "commentCount": str(r.randint(0, 60))},
    }  # fmt: skip


def youtube_channel(channel_id: str) -> dict[str, Any]:
    r = random.Random(channel_id)
    return {
        "kind": "youtube#channel",
        "etag": "cetag",
        "id": channel_id,
        "statistics": {"viewCount": str(r.randint(1000, 10**7)),
                       "subscriberCount": str(r.randint(10, 500_000)),
                       "hiddenSubscriberCount": False, "videoCount": str(r.randint(1, 400))},
    }  # fmt: skip


def youtube_comment_thread(i: int, video_id: str, replies: int = 1) -> dict[str, Any]:
    def comment(cid: str, k: int, parent: str | None = None) -> dict[str, Any]:
        snip: dict[str, Any] = {
            "channelId": "UCfict000000000000000001",
            "videoId": video_id,
            "textDisplay": escape(text(k)),
            "textOriginal": text(k),
            "authorDisplayName": f"@{NAMES[k % len(NAMES)].lower()}{k % 9}",
            "authorProfileImageUrl": "https://yt3.ggpht.com/fict",
            "authorChannelUrl": f"http://www.youtube.com/@{NAMES[k % len(NAMES)].lower()}{k % 9}",
            "authorChannelId": {"value": f"UCcomm{k % 9:018d}"},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": k % 11,
            "publishedAt": (_when(k) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "updatedAt": (_when(k) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if parent:
            snip["parentId"] = parent
        return {"kind": "youtube#comment", "etag": "e", "id": cid, "snippet": snip}

    top_id = f"Ugx{video_id}c{i}"
    thread: dict[str, Any] = {
        "kind": "youtube#commentThread",
        "etag": "t",
        "id": top_id,
        "snippet": {"channelId": "UCfict000000000000000001", "videoId": video_id,
                    "topLevelComment": comment(top_id, i), "canReply": True,
                    "totalReplyCount": replies, "isPublic": True},
    }  # fmt: skip
    if replies:
        thread["replies"] = {
            "comments": [comment(f"{top_id}.r{k}", i + 1000 + k, top_id) for k in range(replies)]
        }
    return thread


def rss_item(i: int) -> str:
    """An RSS 2.0 ``<item>`` like a news site's or Talkwalker Alerts'."""
    when = _when(i).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"<item><title>{escape(text(i)[:70])}</title>"
        f"<link>https://actu.example/articles/{i}</link>"
        f'<guid isPermaLink="false">actu-{i}</guid><pubDate>{when}</pubDate>'
        f"<dc:creator>Rédaction {NAMES[i % len(NAMES)]}</dc:creator>"
        f"<description>{escape('<p>' + text(i) + '</p>')}</description></item>"
    )


def rss_feed(items: list[str], title: str = "Actu fictive") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{escape(title)}</title><link>https://actu.example/</link>"
        f"<description>Flux fictif</description>{''.join(items)}</channel></rss>"
    )


def google_alert_entry(i: int) -> str:
    """An Atom ``<entry>`` as Google Alerts writes it (link through google.com/url)."""
    target = f"https://blog.example/{i}-avis-fibrelia"
    when = _iso(_when(i))
    return (
        f"<entry><id>tag:google.com,2013:googlealerts/feed:{10**17 + i}</id>"
        f'<title type="html">{escape("<b>Fibrelia</b> : " + text(i)[:50])}</title>'
        f'<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url={target}'
        f'&amp;ct=ga&amp;cd=CAIyGg&amp;usg=AOvVaw0"/>'
        f"<published>{when}</published><updated>{when}</updated>"
        f'<content type="html">{escape(text(i))}</content>'
        f"<author><name/></author></entry>"
    )


def atom_feed(entries: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:idx="urn:atom-extension:indexing"><id>tag:google.com,2005:reader/user/0/state'
        "/com.google/alerts/1</id><title>Google Alert - Fibrelia</title>"
        '<link href="https://www.google.com/alerts/feeds/0/1" rel="self"/>'
        f"<updated>{_iso(EPOCH)}</updated>{''.join(entries)}</feed>"
    )


def webhook_item(i: int) -> dict[str, Any]:
    """The generic shape ``rumeur webhook`` accepts (docs/connectors.md)."""
    return {
        "id": f"avis-{i}",
        "platform": "reviews",
        "text": text(i),
        "created_at": _iso(_when(i)),
        "url": f"https://avis.example/{i}",
        "author": {"id": f"u{i % 13}", "handle": f"client{i % 13}", "name": NAMES[i % 10],
                   "followers": 12},
        "likes": i % 5,
        "rating": 1 + i % 5,
    }  # fmt: skip
