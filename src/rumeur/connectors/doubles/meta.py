"""A local double of the Meta Graph API for one Facebook Page (:class:`PageCorpus`),
written from Meta's documentation:

- ``GET /{version}/{page-id}/feed``, ``/tagged``, ``/ratings`` and
  ``/{object-id}/comments`` (``filter=stream`` flattens replies, which name their
  ``parent``; ``order=reverse_chronological``), newest first, ``limit`` (max 100),
  cursor pagination: ``paging.cursors.before/after`` (opaque base64) and ``paging.next``
  (a full URL carrying the access token, as Meta sends it);
- the token as ``Authorization: Bearer`` or ``access_token``; an expired token answers
  ``400 {"error": {"message", "type": "OAuthException", "code": 190, "error_subcode":
  463, "fbtrace_id"}}``, a wrong one code 190 without subcode;
- ``X-App-Usage`` and ``X-Business-Use-Case-Usage`` on every answer (percentages that grow
  with the calls made); ``throttle`` makes the next calls fail with code 32 (page
  rate limit) and usage at 100 %; ``fail_next`` with 500 (code 1, *An unknown error has
  occurred*, which Meta asks clients to retry) or ``fail_status = 503`` (code 2);
- a deleted object: ``100/33`` (*Object with ID ... does not exist*);
- ``fail_rate``: that share of requests fails at random (seeded): 500, 503, or a body
  cut in half;
- with ``instagram`` set (:class:`~.meta_instagram.InstagramCorpus`), an Instagram
  professional account beside the page.

Only what is dated at or before ``now`` is served (comments appear under old posts as
``now`` advances). ``served`` holds the ids of every object sent.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from rumeur.connectors.doubles.meta_instagram import (
    FOLLOWERS,
    HASHTAGS,
    IG_USER_ID,
    USERNAME,
    InstagramCorpus,
)
from rumeur.connectors.doubles.meta_payloads import PAGE_ID, PageCorpus, _t

VERSION = "v21.0"
TOKEN = "EAAGdemoPageToken0000fictional"


def _cursor(i: int) -> str:
    return base64.b64encode(f"idx:{i}".encode()).decode().rstrip("=")


def _index(cursor: str | None) -> int:
    if not cursor:
        return 0
    raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    return int(raw.split(":", 1)[1])


def _err(code: int, message: str, sub: int | None = None, kind: str = "OAuthException") -> bytes:
    e: dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf123"}
    if sub is not None:
        e["error_subcode"] = sub
    return json.dumps({"error": e}).encode()


class MetaDouble:
    """Serves a :class:`PageCorpus` the way the Graph API does (see the module)."""

    def __init__(
        self,
        corpus: PageCorpus | None = None,
        *,
        now: datetime | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        fail_rate: float = 0.0,
        seed: int = 7,
    ) -> None:
        self.corpus = corpus or PageCorpus(epoch=datetime.now(UTC) - timedelta(days=12))
        self.now = now
        self.token = TOKEN
        self.expired = False
        self.throttle = 0
        #: throttling starts after this many requests (0: at once)
        self.throttle_from = 0
        self.fail_next = 0
        self.fail_status = 500
        self.deleted: set[str] = set()
        self.requests = 0
        self.served: set[str] = set()
        self.paths: list[str] = []
        self.lock = threading.Lock()
        #: share of requests failing at random (seeded): 500, 503 or a body cut in half
        self.fail_rate = fail_rate
        self.rng = random.Random(seed)
        self.faults = 0
        self._local = threading.local()
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True
        #: an Instagram professional account served beside the page (:mod:`.meta_instagram`)
        self.instagram: InstagramCorpus | None = None
        #: the hashtags searched with ig_hashtag_search, in order
        self.hashtag_searches: list[str] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> MetaDouble:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def visible(
        self, objs: list[dict[str, Any]], key: str = "created_time"
    ) -> list[dict[str, Any]]:
        """Those dated at or before ``now``, newest first."""
        now = self.now or datetime.now(UTC)
        return sorted((o for o in objs if _t(o, key) <= now), key=lambda o: _t(o, key),
                      reverse=True)  # fmt: skip

    def usage_headers(self) -> dict[str, str]:
        limited = self.throttle and self.requests > self.throttle_from
        pct = 100 if limited else min(99, self.requests // 20)
        app = {"call_count": pct, "total_cputime": pct // 2, "total_time": pct // 2}
        buc = {
            PAGE_ID: [
                {
                    "type": "pages",
                    "call_count": pct,
                    "total_cputime": pct // 3,
                    "total_time": pct // 3,
                    "estimated_time_to_regain_access": 5 if limited else 0,
                }
            ]
        }
        return {"X-App-Usage": json.dumps(app), "X-Business-Use-Case-Usage": json.dumps(buc)}

    def _listing(self, path: str, q: dict[str, str], objs: list[dict[str, Any]], key: str) -> bytes:
        limit = max(1, min(int(q.get("limit") or 25), 100))
        start = _index(q.get("after"))
        rows = objs[start : start + limit]
        self._local.pending = [str(_id(o, key)) for o in rows]
        body: dict[str, Any] = {"data": rows}
        if rows:
            body["paging"] = {
                "cursors": {"before": _cursor(start), "after": _cursor(start + len(rows))}
            }
            if start + limit < len(objs):
                nq = {
                    **{k: v for k, v in q.items() if not k.startswith("__")},
                    "after": _cursor(start + len(rows)),
                    "access_token": self.token,
                }
                body["paging"]["next"] = f"{self.url}{path}?{urlencode(nq)}"
        return json.dumps(body, ensure_ascii=False).encode()

    def route(self, path: str, q: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if q.get("__token") != self.token:
            return 400, {}, _err(190, "Invalid OAuth access token - Cannot parse access token")
        if self.expired:
            return (
                400,
                {},
                _err(
                    190,
                    "Error validating access token: Session has expired on "
                    "Saturday, 05-Dec-26 23:00:00 PST.",
                    463,
                ),
            )
        if self.throttle and self.requests > self.throttle_from:
            self.throttle -= 1
            return 400, {}, _err(32, "Page request limit reached")
        c = self.corpus
        parts = path.strip("/").split("/")
        if parts[0] != VERSION or len(parts) not in (2, 3):
            return 400, {}, _err(2500, "Unknown path components: /" + "/".join(parts[1:]))
        if self.instagram is not None:
            answer = self._instagram(path, parts[1:], q)
            if answer is not None:
                return answer
        if len(parts) != 3:
            return 400, {}, _err(100, "Unsupported get request.", 33, "GraphMethodException")
        obj, edge = parts[1], parts[2]
        if obj == PAGE_ID and edge == "feed":
            return 200, {}, self._listing(path, q, self._posts(), "id")
        if obj == PAGE_ID and edge == "tagged":
            return 200, {}, self._listing(path, q, self.visible(c.all_tagged), "id")
        if obj == PAGE_ID and edge == "ratings":
            return 200, {}, self._listing(path, q, self.visible(c.all_ratings), "rating")
        if edge == "comments":
            if obj in self.deleted or obj not in c.comments:
                return (
                    400,
                    {},
                    _err(
                        100,
                        f"Unsupported get request. Object with ID '{obj}' does "
                        "not exist, cannot be loaded due to missing permissions, "
                        "or does not support this operation.",
                        33,
                        "GraphMethodException",
                    ),
                )
            cs = self.visible(c.comments[obj])
            if q.get("filter") != "stream":
                cs = [x for x in cs if "parent" not in x]
            if q.get("order") != "reverse_chronological":
                cs = cs[::-1]
            return 200, {}, self._listing(path, q, cs, "id")
        return 400, {}, _err(100, "Tried accessing nonexisting field (" + edge + ")")

    def _instagram(self, path: str, parts: list[str], q: dict[str, str]) -> Any:
        ig = self.instagram
        assert ig is not None
        obj, edge = parts[0], (parts[1] if len(parts) > 1 else None)
        if obj == IG_USER_ID and edge is None:
            body = {"username": USERNAME, "followers_count": FOLLOWERS, "id": IG_USER_ID}
            return 200, {}, json.dumps(body).encode()
        if obj == IG_USER_ID and edge in ("media", "tags"):
            listed = ig.all_media if edge == "media" else ig.all_tags
            return 200, {}, self._listing(path, q, self.visible(listed, "timestamp"), "id")
        if obj == "ig_hashtag_search" and edge is None:
            tag = q.get("q", "").lower()
            self.hashtag_searches.append(tag)
            found = [{"id": HASHTAGS[tag]}] if tag in HASHTAGS else []
            return 200, {}, json.dumps({"data": found}).encode()
        tags = {v: k for k, v in HASHTAGS.items()}
        if obj in tags and edge == "recent_media":
            if q.get("user_id") != IG_USER_ID:
                return 400, {}, _err(100, "The parameter user_id is required")
            media = self.visible(ig.by_hashtag[tags[obj]], "timestamp")
            return 200, {}, self._listing(path, q, media, "id")
        if obj in ig.comments and edge == "comments":
            now = self.now or datetime.now(UTC)
            out = []
            for c in self.visible(ig.comments[obj], "timestamp"):
                replies = [r for r in c["replies"]["data"] if _t(r, "timestamp") <= now]
                out.append({**c, "replies": {"data": replies}})
            return 200, {}, self._listing(path, q, out, "id")
        return None

    def _posts(self) -> list[dict[str, Any]]:
        out = []
        for post in self.visible(self.corpus.all_posts):
            seen = self.visible(self.corpus.comments.get(post["id"], []))
            last = max([_t(post), *(_t(x) for x in seen)])
            out.append(
                {
                    **post,
                    "updated_time": last.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                    "comments": {"data": [], "summary": {"total_count": len(seen)}},
                }
            )
        return out

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                auth = self.headers.get("Authorization", "")
                q["__token"] = auth[7:] if auth.startswith("Bearer ") else q.get("access_token", "")
                with double.lock:
                    double.requests += 1
                    double.paths.append(parts.path)
                    fail = double.fail_next > 0
                    if fail:
                        double.fail_next -= 1
                    dice = ""
                    if double.fail_rate and double.rng.random() < double.fail_rate:
                        double.faults += 1
                        dice = double.rng.choice(("500", "503", "truncated"))
                if dice in ("500", "503"):
                    code = 1 if dice == "500" else 2
                    self._send(int(dice), {}, _err(code, "An unknown error has occurred."))
                    return
                if fail:
                    code = 1 if double.fail_status == 500 else 2
                    msg = (
                        "An unknown error has occurred."
                        if code == 1
                        else "Service temporarily unavailable"
                    )
                    self._send(double.fail_status, {}, _err(code, msg))
                    return
                double._local.pending = []
                status, headers, body = double.route(parts.path, q)
                if dice == "truncated" and status == 200:
                    self._send(status, double.usage_headers(), body[: len(body) // 2])
                    return
                self._send(status, {**double.usage_headers(), **headers}, body)
                if status == 200:
                    with double.lock:
                        double.served.update(double._local.pending)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _id(obj: dict[str, Any], key: str) -> str:
    if key == "rating":
        return str((obj.get("open_graph_story") or {}).get("id"))
    return str(obj.get(key))


def main(argv: list[str] | None = None) -> None:
    """``python -m rumeur.connectors.doubles.meta --port 8801 --posts 40``: serve a page
    (and an Instagram account with ``--ig-media``) until killed; prints its URL."""
    import argparse

    ap = argparse.ArgumentParser(description="Graph API double (Facebook Page, Instagram)")
    ap.add_argument("--port", type=int, default=8801)
    ap.add_argument("--posts", type=int, default=40)
    ap.add_argument("--ig-media", type=int, default=0)
    ap.add_argument("--fail-rate", type=float, default=0.0)
    args = ap.parse_args(argv)
    epoch = datetime.now(UTC) - timedelta(hours=6 * args.posts + 48)
    double = MetaDouble(PageCorpus(epoch=epoch, posts=args.posts, spacing=timedelta(hours=6)),
                        port=args.port, fail_rate=args.fail_rate)  # fmt: skip
    if args.ig_media:
        ig_epoch = datetime.now(UTC) - timedelta(hours=8 * args.ig_media + 48)
        double.instagram = InstagramCorpus(epoch=ig_epoch, media=args.ig_media)
    print(double.url, flush=True)
    double.httpd.serve_forever()


if __name__ == "__main__":
    main()
