"""The webhook HTTP endpoint: ``POST /hooks/<source name>`` (and, for a Facebook Page
source with ``webhook = true``, Meta's ``GET`` verification and signed ``POST``s:
:mod:`rumeur.connectors.facebook.webhook`, answered 200).

Built on the standard library's ``ThreadingHTTPServer`` rather than FastAPI/uvicorn: the
endpoint is one route, pushes are small and rare next to a DuckDB write, and the server
must share the store connection of the process that owns it (DuckDB allows one writer).
So the server never opens the store itself: it writes through the owner's store under
the owner's lock (``rumeur webhook`` alone, or inside ``rumeur watch``), and answers only
once the push is committed:

    202 {"accepted": n, "new": k, "duplicates": d}   stored (one transaction)
    400                                                malformed request (Content-Length)
    401 / 409                                          bad signature, stale or replayed
    404 / 405                                          no such hook / not a POST
    408                                                headers or body too slow
    411                                                no Content-Length (chunked bodies)
    413                                                body over ``max_bytes`` (not read)
    422 {"error", "reason", "problems": [...]}         nothing stored; body quarantined
    503                                                ``max_connections`` busy

Exposed to the network it is meant to sit behind a TLS reverse proxy (docs/connectors.md);
on its own it still bounds what a client can hold: ``max_connections`` requests at once
(more get 503 at once), one request per connection, ``HEADER_TIMEOUT`` seconds for the
request line and headers and ``BODY_TIMEOUT`` for the body, and the announced size is
checked before anything is read. Its answers name nothing internal (no source names, no
exception types).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rumeur.config import Project, SourceConfig
from rumeur.connectors.base import Context
from rumeur.connectors.facebook.webhook import MetaHook
from rumeur.connectors.webhook.intake import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    PushRefused,
    SeenSignatures,
    Verifier,
)
from rumeur.connectors.webhook.normalise import read_body
from rumeur.ingest.reasons import stored
from rumeur.storage.base import Store

log = logging.getLogger("rumeur.webhook")

#: seconds a client has to send its request line and headers
HEADER_TIMEOUT = 10.0
#: seconds a client has to send its whole body
BODY_TIMEOUT = 30.0
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
         b"Content-Length: 18\r\nConnection: close\r\n\r\n{\"error\": \"busy\"}")  # fmt: skip


class _BoundedServer(ThreadingHTTPServer):
    """A threaded server that serves at most ``max_connections`` requests at once."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any, max_connections: int) -> None:
        self.slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(_BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class WebhookServer:
    """Serves every ``type = "webhook"`` source of a project on one address."""

    def __init__(
        self,
        store: Store,
        project: Project,
        sources: list[SourceConfig],
        *,
        host: str = "127.0.0.1",
        port: int = 8787,
        lock: threading.RLock | None = None,
        enrich: bool = True,
        max_bytes: int | None = None,
        max_connections: int | None = None,
        on_push: Callable[[str, dict[str, Any]], None] | None = None,
    ) -> None:
        from rumeur.connectors.watcher import ingestor_for

        self.store = store
        self.project = project
        self.lock = lock or threading.RLock()
        self.enrich = enrich
        first = Context(project, sources[0]).settings if sources else None
        size: int = getattr(first, "max_bytes", 5 * 1024 * 1024)
        self.max_bytes: int = max_bytes or size
        most: int = getattr(first, "max_connections", 32)
        connections: int = max_connections or most
        self.on_push = on_push
        self.ingestor = ingestor_for(store, project)
        in_memory = getattr(store, "in_memory", False)
        seen = SeenSignatures(
            None if in_memory else store.path.with_name(store.path.name + ".webhook-seen.json")
        )
        self.routes: dict[str, tuple[SourceConfig, Verifier | MetaHook]] = {}
        for s in sources:
            ctx = Context(project, s)
            if s.type == "facebook":  # Meta's webhooks (connectors/facebook/webhook.py)
                self.routes[f"/hooks/{s.name}"] = (s, MetaHook.of(ctx))
                continue
            secret = ctx.secret("secret")
            assert secret is not None
            verifier = Verifier(secret, tolerance=ctx.settings.tolerance, seen=seen)
            self.routes[f"/hooks/{s.name}"] = (s, verifier)
        self.httpd = _BoundedServer((host, port), self._handler(), connections)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, path: str, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        route = self.routes.get(path.split("?", 1)[0].rstrip("/"))
        if route is None:  # names no source: the sender must know its URL
            return 404, {"error": "not_found"}
        source, verifier = route
        rejected: list[tuple[str, str]] = []
        skipped = 0
        try:
            if isinstance(verifier, MetaHook):
                verifier.check(headers, body)
            else:
                verifier.check(headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body)
        except PushRefused as refused:
            log.warning("webhook %s refused: %s", source.name, refused.reason)
            return refused.status, refused.body()
        platform = str(source.options.get("platform", "webhook"))
        try:
            if isinstance(verifier, MetaHook):
                items, rejected, skipped = verifier.read(body)
            else:
                items = read_body(body, platform)
        except PushRefused as refused:
            said = refused.reason
            if refused.problems:
                said += ": " + "; ".join(
                    f"item {p['index']} {p['field'] or ''} {p['reason']}".replace("  ", " ")
                    for p in refused.problems[:10]
                )
            reason = stored("webhook_refused", error=said)
            with self.lock:
                self.ingestor.ingest_items(
                    [], source=source.name, origin=path,
                    rejected=[(body.decode("utf-8", "replace"), reason)],
                )  # fmt: skip
            return refused.status, refused.body()
        with self.lock:
            res = self.ingestor.ingest_items(
                items, source=source.name, origin=path, rejected=rejected
            )
            ids = self.store.mention_ids_of_import(res.import_id)
            if self.enrich and ids:
                from rumeur.enrich.pipeline import run_enrichment

                run_enrichment(self.store, self.project, mention_ids=ids)
            from rumeur.connectors.watcher import record_state

            record_state(self.store, source.name, success=True, collected=res.imported)
        out = {"accepted": len(items), "new": res.imported, "duplicates": res.duplicates}
        if isinstance(verifier, MetaHook):  # Meta expects 200, and retries anything else
            out.update(quarantined=res.quarantined, skipped=skipped)
        if self.on_push:
            self.on_push(source.name, out)
        return (200 if isinstance(verifier, MetaHook) else 202), out

    def subscribe(self, path: str) -> tuple[int, str] | None:
        """Meta's verification GET on a Facebook source's hook, or None (not one)."""
        route = self.routes.get(path.split("?", 1)[0].rstrip("/"))
        if route is None or not isinstance(route[1], MetaHook):
            return None
        query = {k: v[-1] for k, v in parse_qs(urlsplit(path).query).items()}
        status, text = route[1].subscribe(query)
        if status != 200:
            log.warning("webhook %s: verification refused: %s", route[0].name, text)
        return status, text

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # an unparsable request line still gets a status line (not an HTTP/0.9 body)
            default_request_version = "HTTP/1.0"
            timeout = HEADER_TIMEOUT  # per read: a stalled client is dropped

            def version_string(self) -> str:  # no Python or library version
                return "rumeur-webhook"

            def setup(self) -> None:
                super().setup()
                # the whole request (headers, then body) has a deadline, not only each read
                self._watchdog = threading.Timer(HEADER_TIMEOUT + BODY_TIMEOUT, self._expire)
                self._watchdog.daemon = True
                self._watchdog.start()

            def finish(self) -> None:
                self._watchdog.cancel()
                super().finish()

            def _expire(self) -> None:
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.close_connection = True  # one request per connection
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            def send_error(
                self, code: int, message: str | None = None, explain: Any = None
            ) -> None:
                # the standard library's HTML error page names the server: answer JSON
                self._send(code, {"error": "bad_request" if code < 500 else "internal"})

            def _read_body(self) -> bytes | None:
                if self.headers.get("Transfer-Encoding"):
                    self._send(411, {"error": "length_required",
                                     "reason": "send the body with a Content-Length"})  # fmt: skip
                    return None
                raw = self.headers.get("Content-Length")
                if raw is None:
                    self._send(411, {"error": "length_required",
                                     "reason": "send a Content-Length"})  # fmt: skip
                    return None
                if not raw.strip().isdigit():
                    self._send(400, {"error": "bad_request", "reason": "bad Content-Length"})
                    return None
                length = int(raw)
                if length > server.max_bytes:
                    self._send(413, {"error": "too_large",
                                     "reason": f"body over {server.max_bytes} bytes"})  # fmt: skip
                    return None
                deadline = time.monotonic() + BODY_TIMEOUT
                chunks, got = [], 0
                while got < length:
                    if time.monotonic() > deadline:
                        self._send(408, {"error": "timeout", "reason": "body too slow"})
                        return None
                    try:
                        chunk = self.rfile.read1(min(65536, length - got))
                    except (TimeoutError, OSError):
                        chunk = b""
                    if not chunk:
                        self.close_connection = True
                        return None  # the client went away or stalled: nothing to answer
                    chunks.append(chunk)
                    got += len(chunk)
                return b"".join(chunks)

            def do_POST(self) -> None:
                body = self._read_body()
                if body is None:
                    return
                try:
                    status, payload = server.handle(self.path, self.headers, body)
                except Exception:  # stored nothing: the transaction rolled back
                    log.exception("webhook push failed")
                    status, payload = 500, {"error": "internal"}
                self._send(status, payload)

            def do_GET(self) -> None:
                answer = server.subscribe(self.path)
                if answer is not None:  # Meta's hub.challenge: plain text
                    data = answer[1].encode() if answer[0] == 200 else b"forbidden"
                    self.close_connection = True
                    self.send_response(answer[0])
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(data)
                elif self.path.split("?", 1)[0].rstrip("/") == "/health":
                    self._send(200, {"status": "ok"})
                else:
                    self._send(405, {"error": "method_not_allowed", "reason": "POST only"})

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("webhook %s", format % args)

        return Handler
