"""A local HTTP double of the platforms' APIs, with items arriving over time and faults.

It serves a fictional corpus (:mod:`.payloads`) the way each API pages it:

- Mastodon ``/api/v1/timelines/tag/<tag>`` (``max_id``, ``Link`` header),
- Bluesky ``/xrpc/com.atproto.server.createSession``, ``refreshSession``,
  ``app.bsky.feed.searchPosts`` (offset ``cursor``), ``app.bsky.actor.getProfiles``,
- Reddit ``/api/v1/access_token`` and ``/search`` (``after``),
- YouTube ``/youtube/v3/search`` (``pageToken``, ``publishedAfter``), ``videos``, ``channels``,
- an RSS feed ``/feed.xml`` (``ETag``, ``304``),
- App Store Connect ``/v1/apps/<id>/customerReviews`` and Google ``/token`` +
  ``/androidpublisher/v3/applications/<package>/reviews``, their JWTs verified with
  test keys (:mod:`.stores`; ``--test-keys DIR`` writes the keys the sources use).

``arrival`` items per second become visible over time (all at once when 0; a test may
also raise ``total`` between runs). Item i is dated ``epoch + i * spacing`` seconds
(default: :data:`~rumeur.connectors.doubles.payloads.EPOCH`, 30 s apart);
:meth:`ApiDouble.override` replaces one item (a post dated in the future, say), and
``fail_paths`` makes the next N requests to a path fail with a 500. With
``fail_rate`` > 0, that share of requests fails at random (seeded): 500, 503, 429 with
``Retry-After: 0``, a JSON body cut in the middle, or a slow answer. ``served`` holds the
ids of every item sent in a complete, successful answer.

Run it alone: ``python -m rumeur.connectors.doubles.server --port 8800``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles.stores import StoreApis

FAULTS = ("500", "503", "429", "truncated", "slow")


class ApiDouble:
    """The corpus, the clock and the fault dice; :meth:`start` serves it in a thread."""

    def __init__(
        self,
        *,
        items: int = 200,
        arrival: float = 0.0,
        fail_rate: float = 0.0,
        seed: int = 7,
        slow_seconds: float = 1.5,
        host: str = "127.0.0.1",
        port: int = 0,
        epoch: datetime | None = None,
        spacing: float = 30.0,
    ) -> None:
        self.total = items
        self.epoch = epoch
        self.spacing = spacing
        self.overrides: dict[tuple[str, int], Any] = {}
        #: path suffix -> how many more requests to it answer 500 (side-lookup faults)
        self.fail_paths: dict[str, int] = {}
        #: the Retry-After of injected 500/503/429 answers
        self.retry_after = "0"
        self.arrival = arrival
        self.fail_rate = fail_rate
        self.rng = random.Random(seed)
        self.slow_seconds = slow_seconds
        self.started = time.monotonic()
        self.served: dict[str, set[str]] = {}
        self.requests = 0
        self.faults = 0
        self.lock = threading.Lock()
        self._cache: dict[tuple[str, int], Any] = {}
        self._responses: dict[Any, tuple[int, dict, bytes, Any]] = {}
        #: App Store Connect and Google Play (:mod:`.stores`), with real JWT checks
        self.stores = StoreApis(self)
        #: other APIs served beside these (:meth:`mount`)
        self.mounts: list[Any] = []
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def visible(self) -> int:
        if self.arrival <= 0:
            return self.total
        return min(self.total, int((time.monotonic() - self.started) * self.arrival) + 1)

    def start(self) -> ApiDouble:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def mount(self, api: Any) -> Any:
        """Serve ``api`` too: an object whose ``handle(method, path, query, headers,
        body)`` answers ``(status, headers, body bytes, (kind, ids) or None)`` for its
        paths and None for the others (the owned accounts' doubles: ``doubles/x.py``...).
        Its answers go through the same fault dice; ``served`` records its ids."""
        self.mounts.append(api)
        return api

    def override(self, kind: str, i: int, item: Any) -> None:
        """Serve ``item`` as item ``i`` of ``kind`` (e.g. a post dated in the future)."""
        with self.lock:
            self.overrides[(kind, i)] = item
            self._responses.clear()
        self.stores.clear_cache()

    def when(self, i: int) -> datetime:
        """Item i's date."""
        if self.epoch is None:
            return p.EPOCH + timedelta(seconds=30 * i)
        return self.epoch + timedelta(seconds=self.spacing * i)

    def _item(self, kind: str, i: int) -> Any:
        key = (kind, i)
        if key in self.overrides:
            return self.overrides[key]
        if key not in self._cache:
            make: Any = {"mastodon": p.mastodon_status, "bluesky": p.bluesky_post,
                    "reddit": p.reddit_link, "youtube": p.youtube_search_result}[kind]  # fmt: skip
            item = make(i)
            if self.epoch is not None:
                _redate(kind, item, self.when(i))
            self._cache[key] = item
        return self._cache[key]

    def _fault(self) -> str | None:
        with self.lock:
            self.requests += 1
            if self.fail_rate and self.rng.random() < self.fail_rate:
                self.faults += 1
                return self.rng.choice(FAULTS)
        return None

    def _path_fault(self, path: str) -> str | None:
        with self.lock:
            for suffix, left in self.fail_paths.items():
                if left > 0 and path.endswith(suffix):
                    self.fail_paths[suffix] = left - 1
                    return "500"
        return None

    def _mark(self, kind: str, ids: list[str]) -> None:
        with self.lock:
            self.served.setdefault(kind, set()).update(ids)

    def cached(self, method: str, path: str, q: dict[str, str]) -> tuple[int, dict, bytes, Any]:
        """:meth:`route`, memoised per request and number of visible items."""
        key = (method, path, tuple(sorted(q.items())), self.visible())
        hit = self._responses.get(key)
        if hit is None:
            hit = self._responses[key] = self.route(method, path, q)
        return hit

    # -- the APIs: each returns (status, headers, body bytes, (kind, ids) or None) ------
    def route(self, method: str, path: str, q: dict[str, str]) -> tuple[int, dict, bytes, Any]:
        n = self.visible()
        newest_first = list(range(n - 1, -1, -1))
        if path.startswith("/api/v1/timelines/tag/"):
            limit = min(int(q.get("limit", 20)), 40)
            max_id = q.get("max_id")
            below = int(max_id) - p.MASTODON_BASE if max_id else n
            rows = [i for i in newest_first if i < below]
            page = [self._item("mastodon", i) for i in rows[:limit]]
            headers = {}
            if page:
                headers["Link"] = f'<{self.url}{path}?max_id={page[-1]["id"]}>; rel="next"'
            return 200, headers, _j(page), ("mastodon", [s["id"] for s in page])
        if path.endswith("com.atproto.server.createSession") or path.endswith("refreshSession"):
            session = {"did": "did:plc:veille", "handle": "veille.bsky.social",
                       "accessJwt": "acc-demo", "refreshJwt": "ref-demo"}  # fmt: skip
            return 200, {}, _j(session), None
        if path.endswith("app.bsky.feed.searchPosts"):
            limit, offset = min(int(q.get("limit", 25)), 100), int(q.get("cursor") or 0)
            page = [self._item("bluesky", i) for i in newest_first[offset : offset + limit]]
            body: dict[str, Any] = {"posts": page, "hitsTotal": n}
            if offset + limit < n:
                body["cursor"] = str(offset + limit)
            return 200, {}, _j(body), ("bluesky", [x["uri"] for x in page])
        if path.endswith("app.bsky.actor.getProfiles"):
            actors = q.get("actors", "").split("\x00") if q.get("actors") else []
            profs = [p.bluesky_profile(a, "demo.bsky.social") for a in actors]
            return 200, {}, _j({"profiles": profs}), None
        if path == "/api/v1/access_token":
            return 200, {}, _j({"access_token": "tok-demo", "token_type": "bearer",
                                "expires_in": 86400, "scope": "*"}), None  # fmt: skip
        if path.endswith("/search") and not path.startswith("/youtube"):
            limit, after = min(int(q.get("limit", 25)), 100), q.get("after")
            rows = newest_first
            if after:
                rows = [i for i in rows if self._item("reddit", i)["data"]["name"] < after]
            page = [self._item("reddit", i) for i in rows[:limit]]
            nxt = page[-1]["data"]["name"] if len(rows) > limit else None
            return 200, {}, _j(p.listing(page, nxt)), ("reddit", [x["data"]["name"] for x in page])
        if path == "/youtube/v3/search":
            limit, offset = min(int(q.get("maxResults", 5)), 50), int(q.get("pageToken") or 0)
            after = q.get("publishedAfter")
            videos: list[Any] = [self._item("youtube", i) for i in newest_first]
            if after:
                videos = [r for r in videos if r["snippet"]["publishedAt"] > after]
            page = videos[offset : offset + limit]
            body = {"kind": "youtube#searchListResponse", "items": page,
                    "pageInfo": {"totalResults": len(videos), "resultsPerPage": limit}}  # fmt: skip
            if offset + limit < len(videos):
                body["nextPageToken"] = str(offset + limit)
            return 200, {}, _j(body), None
        if path == "/youtube/v3/videos":
            ids = q.get("id", "").split(",")
            items = [p.youtube_video(int(v[3:])) for v in ids if v.startswith("vid")]
            return 200, {}, _j({"items": items}), ("youtube", [v["id"] for v in items])
        if path == "/youtube/v3/channels":
            items = [p.youtube_channel(c) for c in q.get("id", "").split(",") if c]
            return 200, {}, _j({"items": items}), None
        if path == "/feed.xml":
            etag = '"' + hashlib.md5(str(n).encode()).hexdigest()[:12] + '"'
            if q.get("__if_none_match") == etag:
                return 304, {"ETag": etag}, b"", None
            recent = newest_first[:50]
            feed = p.rss_feed([p.rss_item(i) for i in recent]).encode()
            return 200, {"ETag": etag, "Content-Type": "application/rss+xml"}, feed, (
                "rss", [f"actu-{i}" for i in recent])  # fmt: skip
        return 404, {}, _j({"error": "not found", "path": path}), None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms stall)

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                q = {k: "\x00".join(v) for k, v in parse_qs(parts.query).items()}
                if self.headers.get("If-None-Match"):
                    q["__if_none_match"] = self.headers["If-None-Match"]
                fault = double._fault() or double._path_fault(parts.path)
                if fault == "slow":
                    time.sleep(double.slow_seconds)
                elif fault in ("500", "503", "429"):
                    self._send(int(fault), {"Retry-After": double.retry_after},
                               b'{"error": "injected"}')  # fmt: skip
                    return
                answer = None
                for api in double.mounts:
                    answer = api.handle(self.command, parts.path, q, self.headers, data)
                    if answer is not None:
                        break
                if answer is not None:
                    status, headers, body, served = answer
                elif double.stores.handles(parts.path):
                    status, headers, body, served = double.stores.serve(
                        self.command, parts.path, q, dict(self.headers.items()), data
                    )
                else:
                    status, headers, body, served = double.cached(self.command, parts.path, q)
                if fault == "truncated" and status == 200 and len(body) > 10:
                    self._send(200, headers, body[: len(body) // 2])
                    return
                self._send(status, headers, body)
                if served and status == 200:
                    double._mark(*served)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                headers = {"Content-Type": "application/json", **headers}
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                # a client that gave up (its timeout) has closed the connection
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.end_headers()
                    self.wfile.write(body)

            do_GET = _serve
            do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _redate(kind: str, item: Any, when: datetime) -> None:
    """Give a generated item the date ``when`` (in every field the API would)."""
    iso = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
    if kind == "mastodon":
        item["created_at"] = iso
    elif kind == "bluesky":
        item["record"]["createdAt"] = iso
        item["indexedAt"] = iso
    elif kind == "reddit":
        item["data"]["created"] = item["data"]["created_utc"] = when.timestamp()
    elif kind == "youtube":
        item["snippet"]["publishedAt"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _j(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--port", type=int, default=8800)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--arrival", type=float, default=0.0)
    ap.add_argument("--fail-rate", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--served-file", help="write served ids as JSON here on SIGTERM/exit")
    ap.add_argument("--mount", action="append", default=[], metavar="MODULE:CLASS",
                    help="also serve this API double (e.g. rumeur.connectors.doubles.x:XDouble)"
                    " with --items items")  # fmt: skip
    ap.add_argument("--test-keys", metavar="DIR",
                    help="write a fresh test App Store key (.p8) and Google service account "
                    "(JSON) here, for the app-store sources to use")  # fmt: skip
    ap.add_argument("--play-hour-limit", type=int, default=200,
                    help="Google Play requests an hour before a 429 (Google: 200)")  # fmt: skip
    args = ap.parse_args(argv)
    double = ApiDouble(items=args.items, arrival=args.arrival, fail_rate=args.fail_rate,
                       seed=args.seed, port=args.port)  # fmt: skip
    double.stores.play_hour_limit = args.play_hour_limit
    if args.test_keys:
        from pathlib import Path

        double.stores.keys.write(Path(args.test_keys), double.url + "/token")
    for target in args.mount:
        import importlib

        module, cls = target.split(":")
        double.mount(getattr(importlib.import_module(module), cls)(items=args.items))
    import signal

    def dump(*_: Any) -> None:
        if args.served_file:
            with open(args.served_file, "w") as fh:
                json.dump({k: sorted(v) for k, v in double.served.items()}, fh)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, dump)
    print(double.url, flush=True)
    try:
        double.httpd.serve_forever()
    finally:
        dump()


if __name__ == "__main__":
    main()
