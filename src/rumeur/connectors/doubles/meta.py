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
- a deleted object: ``100/33`` (*Object with ID ... does not exist*).

Only what is dated at or before ``now`` is served (comments appear under old posts as
``now`` advances). ``served`` holds the ids of every object sent.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

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
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True
        #: extra routes (path suffix -> handler(query) -> (status, headers, body)), e.g. Instagram
        self.routes: dict[str, Callable[[str, dict[str, str]], tuple[int, dict, bytes]]] = {}

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

    def visible(self, objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Those dated at or before ``now``, newest first."""
        now = self.now or datetime.now(UTC)
        return sorted((o for o in objs if _t(o) <= now), key=_t, reverse=True)

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
        self.served.update(str(_id(o, key)) for o in rows)
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
        if len(parts) != 3 or parts[0] != VERSION:
            return 400, {}, _err(2500, "Unknown path components: /" + "/".join(parts[1:]))
        obj, edge = parts[1], parts[2]
        for suffix, handler in self.routes.items():
            if f"{obj}/{edge}".endswith(suffix) or edge == suffix:
                return handler(path, q)
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
                if fail:
                    code = 1 if double.fail_status == 500 else 2
                    msg = (
                        "An unknown error has occurred."
                        if code == 1
                        else "Service temporarily unavailable"
                    )
                    self._send(double.fail_status, {}, _err(code, msg))
                    return
                status, headers, body = double.route(parts.path, q)
                self._send(status, {**double.usage_headers(), **headers}, body)

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
