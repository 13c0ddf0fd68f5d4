"""Writers for the two social-network formats: Mastodon Status and Bluesky PostView.

Both take items sorted by time, assign the platform's identifiers (Mastodon snowflake-like
ids that grow with time; Bluesky ``at://`` URIs with TID record keys and CIDs) and
return one JSON line per item.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from datetime import UTC, datetime
from typing import Any

from rumeur.demo.model import Item
from rumeur.demo.people import INSTANCES, Person

HOME = INSTANCES[0]  # the instance the statuses were collected from
_TOKENS = re.compile(r"(https?://[^\s]+)|(@[A-Za-z0-9_]+)|(#\w+)")
_B32S = "234567abcdefghijklmnopqrstuvwxyz"


def iso_ms(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


# -- Mastodon ----------------------------------------------------------------------------
def _acct(p: Person) -> str:
    return p.handle if p.instance == HOME else f"{p.handle}@{p.instance}"


def _profile(p: Person) -> str:
    return f"https://{p.instance}/@{p.handle}"


def masto_account(p: Person, last: datetime) -> dict[str, Any]:
    fields = []
    if p.verified and p.kind in ("brand", "care", "news"):
        fields.append(
            {
                "name": "Site",
                "value": f'<a href="https://{p.handle}.example" '
                f'rel="nofollow noopener me" target="_blank">{p.handle}.example</a>',
                "verified_at": iso_ms(p.created),
            }
        )
    avatar = f"https://{HOME}/avatars/original/missing.png"
    return {
        "id": p.masto_id,
        "username": p.handle,
        "acct": _acct(p),
        "display_name": p.name,
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": p.created.strftime("%Y-%m-%dT00:00:00.000Z"),
        "note": f"<p>{html.escape(p.note)}</p>" if p.note else "",
        "url": _profile(p),
        "uri": f"https://{p.instance}/users/{p.handle}",
        "avatar": avatar,
        "avatar_static": avatar,
        "header": f"https://{HOME}/headers/original/missing.png",
        "header_static": f"https://{HOME}/headers/original/missing.png",
        "followers_count": p.followers,
        "following_count": p.following,
        "statuses_count": p.statuses,
        "last_status_at": last.strftime("%Y-%m-%d"),
        "emojis": [],
        "fields": fields,
    }


def masto_content(text: str, people: dict[str, Person]) -> tuple[str, list, list]:
    """(HTML content, mentions, tags) the way Mastodon renders a status."""
    out: list[str] = []
    mentions: list[dict[str, str]] = []
    tags: list[dict[str, str]] = []
    pos = 0
    for m in _TOKENS.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        pos = m.end()
        link, handle, tag = m.groups()
        if link:
            scheme, rest = link.split("://", 1)
            out.append(
                f'<a href="{html.escape(link)}" target="_blank" rel="nofollow noopener '
                f'noreferrer" translate="no"><span class="invisible">{scheme}://</span>'
                f'<span class="">{html.escape(rest)}</span><span class="invisible">'
                f"</span></a>"
            )
        elif handle and handle[1:].lower() in people:
            p = people[handle[1:].lower()]
            out.append(
                f'<span class="h-card" translate="no"><a href="{_profile(p)}" '
                f'class="u-url mention">@<span>{p.handle}</span></a></span>'
            )
            if all(x["id"] != p.masto_id for x in mentions):
                mentions.append(
                    {"id": p.masto_id, "username": p.handle, "url": _profile(p), "acct": _acct(p)}
                )
        elif tag:
            name = tag[1:]
            url = f"https://{HOME}/tags/{name.lower()}"
            out.append(
                f'<a href="{url}" class="mention hashtag" rel="tag">#<span>{name}</span></a>'
            )
            if all(x["name"] != name.lower() for x in tags):
                tags.append({"name": name.lower(), "url": url})
        else:
            out.append(html.escape(m.group(0), quote=False))
    out.append(html.escape(text[pos:], quote=False))
    body = "".join(out)
    paras = [p.replace("\n", "<br />") for p in body.split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paras), mentions, tags


def mastodon_ids(items: list[Item]) -> None:
    for seq, it in enumerate(items):
        ms = int(it.created.timestamp() * 1000)
        it.ext_id = str((ms << 16) | (seq & 0xFFFF))
        it.url = f"https://{it.author.instance}/@{it.author.handle}/{it.ext_id}"


def mastodon_status(it: Item, people: dict[str, Person]) -> dict[str, Any]:
    content, mentions, tags = masto_content(it.text, people)
    p = it.author
    parent = it.parent
    return {
        "id": it.ext_id,
        "created_at": iso_ms(it.created),
        "in_reply_to_id": parent.ext_id if parent else None,
        "in_reply_to_account_id": parent.author.masto_id if parent else None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": it.lang,
        "uri": f"https://{p.instance}/users/{p.handle}/statuses/{it.ext_id}",
        "url": it.url,
        "replies_count": it.replies,
        "reblogs_count": it.shares,
        "favourites_count": it.likes,
        "edited_at": None,
        "content": content,
        "reblog": None,
        "application": {"name": "Web", "website": None} if p.instance == HOME else None,
        "account": masto_account(p, it.created),
        "media_attachments": [],
        "mentions": mentions,
        "tags": tags,
        "emojis": [],
        "card": None,
        "poll": None,
    }


# -- Bluesky -----------------------------------------------------------------------------
def _tid(t: datetime, clock: int) -> str:
    v = (int(t.timestamp() * 1_000_000) << 10) | (clock & 0x3FF)
    return "".join(_B32S[(v >> (5 * i)) & 31] for i in range(12, -1, -1))


def _cid(*parts: str) -> str:
    return "bafyrei" + base64.b32encode(_digest(*parts)).decode().lower().rstrip("=")


def bluesky_ids(items: list[Item]) -> None:
    for seq, it in enumerate(items):
        it.ext_id = f"at://{it.author.did}/app.bsky.feed.post/{_tid(it.created, seq)}"
        it.extra["cid"] = _cid(it.ext_id, it.text)
        rkey = it.ext_id.rsplit("/", 1)[1]
        it.url = f"https://bsky.app/profile/{it.author.bsky_handle}/post/{rkey}"


def bluesky_text(text: str, people: dict[str, Person]) -> tuple[str, list[dict[str, Any]]]:
    """The post text (handles in Bluesky form) and its rich-text facets (UTF-8 offsets)."""
    out = ""
    facets: list[dict[str, Any]] = []
    pos = 0
    for m in _TOKENS.finditer(text):
        out += text[pos : m.start()]
        pos = m.end()
        link, handle, tag = m.groups()
        start = len(out.encode())
        if handle and handle[1:].lower() in people:
            p = people[handle[1:].lower()]
            out += "@" + p.bsky_handle
            feat = {"$type": "app.bsky.richtext.facet#mention", "did": p.did}
        elif link:
            out += link
            feat = {"$type": "app.bsky.richtext.facet#link", "uri": link}
        elif tag:
            out += tag
            feat = {"$type": "app.bsky.richtext.facet#tag", "tag": tag[1:]}
        else:
            out += m.group(0)
            continue
        facets.append(
            {"index": {"byteStart": start, "byteEnd": len(out.encode())}, "features": [feat]}
        )
    return out + text[pos:], facets


def bluesky_post(it: Item, people: dict[str, Person], indexed: datetime) -> dict[str, Any]:
    p = it.author
    text, facets = bluesky_text(it.text, people)
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": iso_ms(it.created),
        "langs": [it.lang],
    }
    if it.parent is not None and it.root is not None:
        record["reply"] = {
            "root": {"uri": it.root.ext_id, "cid": it.root.extra["cid"]},
            "parent": {"uri": it.parent.ext_id, "cid": it.parent.extra["cid"]},
        }
    if facets:
        record["facets"] = facets
    return {
        "uri": it.ext_id,
        "cid": it.extra["cid"],
        "author": {
            "did": p.did,
            "handle": p.bsky_handle,
            "displayName": p.name,
            "labels": [],
            "createdAt": iso_ms(p.created),
        },
        "record": record,
        "replyCount": it.replies,
        "repostCount": it.shares,
        "likeCount": it.likes,
        "quoteCount": it.shares // 4,
        "indexedAt": iso_ms(indexed),
        "labels": [],
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
