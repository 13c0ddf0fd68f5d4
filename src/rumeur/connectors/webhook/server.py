"""The webhook HTTP endpoint: ``POST /hooks/<source name>``.

Built on the standard library's ``ThreadingHTTPServer`` rather than FastAPI/uvicorn: the
endpoint is one route, pushes are small and rare next to a DuckDB write, and the server
must share the store connection of the process that owns it (DuckDB allows one writer).
So the server never opens the store itself: it writes through the owner's store under
the owner's lock (``rumeur webhook`` alone, or inside ``rumeur watch``), and answers only
once the push is committed:

    202 {"accepted": n, "new": k, "duplicates": d}   stored (one transaction)
    401 / 409                                          bad signature, stale or replayed
    413                                                body over ``max_bytes``
    422 {"error", "reason", "problems": [...]}         nothing stored; body quarantined
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rumeur.config import Project, SourceConfig
from rumeur.connectors.base import Context
from rumeur.connectors.webhook.intake import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    PushRefused,
    Verifier,
    read_body,
)
from rumeur.storage.base import Store

log = logging.getLogger("rumeur.webhook")


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
        max_bytes: int = 5 * 1024 * 1024,
        on_push: Callable[[str, dict[str, Any]], None] | None = None,
    ) -> None:
        from rumeur.connectors.watcher import ingestor_for

        self.store = store
        self.project = project
        self.lock = lock or threading.RLock()
        self.enrich = enrich
        self.max_bytes = max_bytes
        self.on_push = on_push
        self.ingestor = ingestor_for(store, project)
        self.routes: dict[str, tuple[SourceConfig, Verifier]] = {}
        for s in sources:
            ctx = Context(project, s)
            secret = ctx.secret("secret")
            assert secret is not None
            tol = float(s.options.get("tolerance", 300))
            self.routes[f"/hooks/{s.name}"] = (s, Verifier(secret, tolerance=tol))
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True
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
        if route is None:
            return 404, {"error": "not_found", "reason": f"no webhook source at {path}",
                         "known": sorted(self.routes)}  # fmt: skip
        source, verifier = route
        try:
            verifier.check(headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body)
        except PushRefused as refused:
            log.warning("webhook %s refused: %s", source.name, refused.reason)
            return refused.status, refused.body()
        platform = str(source.options.get("platform", "webhook"))
        try:
            items = read_body(body, platform)
        except PushRefused as refused:
            reason = f"webhook push refused: {refused.reason}"
            if refused.problems:
                reason += ": " + "; ".join(
                    f"item {p['index']} {p['field'] or ''} {p['reason']}".replace("  ", " ")
                    for p in refused.problems[:10]
                )
            with self.lock:
                self.ingestor.ingest_items(
                    [], source=source.name, origin=path,
                    rejected=[(body.decode("utf-8", "replace"), reason)],
                )  # fmt: skip
            return refused.status, refused.body()
        with self.lock:
            res = self.ingestor.ingest_items(items, source=source.name, origin=path)
            ids = self.store.import_mention_ids(res.import_id)
            if self.enrich and ids:
                from rumeur.enrich.pipeline import run_enrichment

                run_enrichment(self.store, self.project, mention_ids=ids)
            from rumeur.connectors.watcher import record_state

            record_state(self.store, source.name, success=True, collected=res.imported)
        out = {"accepted": len(items), "new": res.imported, "duplicates": res.duplicates}
        if self.on_push:
            self.on_push(source.name, out)
        return 202, out

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 30  # a sender that stalls mid-body is dropped, not waited for

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    length = -1
                if length < 0 or length > server.max_bytes:
                    self.close_connection = True
                    self._send(413, {"error": "too_large",
                                     "reason": f"body over {server.max_bytes} bytes"})  # fmt: skip
                    return
                body = self.rfile.read(length)
                try:
                    status, payload = server.handle(self.path, self.headers, body)
                except Exception as exc:  # stored nothing: the transaction rolled back
                    log.exception("webhook push failed")
                    status, payload = 500, {"error": "internal", "reason": type(exc).__name__}
                self._send(status, payload)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/health":
                    self._send(200, {"status": "ok", "sources": sorted(server.routes)})
                else:
                    self._send(405, {"error": "method_not_allowed", "reason": "POST only"})

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("webhook %s", format % args)

        return Handler
