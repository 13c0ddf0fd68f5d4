"""``rumeur serve``: open the projects' stores (the server owns them while it runs),
write each project's runtime file (so that the CLI reads through the server), run the
collection in-process when asked (``--watch``), and serve the app with uvicorn until
interrupted; the runtime files are removed and the stores released on the way out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rumeur.server.accounts import Accounts, default_state_path
from rumeur.server.projects import Projects, default_query_threads


def run(
    specs: Sequence[str | Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    state: Path | None = None,
    watch: bool = False,
    query_threads: int | None = None,
    say: Callable[..., None] | None = None,
) -> None:
    """Serve ``specs`` (``PATH`` or ``ID=PATH``) on ``host:port``, each query on
    ``query_threads`` of DuckDB's threads (None: :func:`default_query_threads`)."""
    import uvicorn

    def tell(key: str, **kw: object) -> None:  # a message of rumeur.messages, or English
        if say is not None:
            say(key, **kw)
        else:
            from rumeur.messages import t

            print(t(key, "en", **kw))

    from rumeur.server.app import create_app
    from rumeur.storage.remote import write_runtime

    projects = Projects(specs, query_threads=query_threads or default_query_threads())
    projects.open_all()  # a store another process holds: StoreLockedError now, not later
    accounts = Accounts(state or default_state_path())
    app = create_app(projects, accounts=accounts)
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{'[' + local + ']' if ':' in local else local}:{port}"
    runtime = []
    for pid in projects.ids():
        project = projects.project(pid)
        token = app.state.rumeur.local_token(pid)
        runtime.append(write_runtime(project, {"url": url, "project": pid, "token": token}))
        tell("serve.project", project=pid, url=url)
    watchers = _start_watching(projects, tell) if watch else []
    if not accounts.users():
        tell("serve.no_user", path=accounts.path)

    def cleanup() -> None:
        for w, thread in watchers:
            w.stop()
            thread.join(timeout=60)
        for path in runtime:
            path.unlink(missing_ok=True)

    # run by the app's shutdown (uvicorn ends the process by the signal it received,
    # once the app has shut down): then here too, in case the server never started
    app.state.rumeur.cleanups.append(cleanup)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True)
    finally:
        cleanup()
        projects.close()


def _start_watching(projects: Projects, tell: Callable[..., None]) -> list[tuple[Any, Any]]:
    """Collect every project's sources in background threads, each on a connection of
    its own to the store the server holds (``rumeur watch``, in-process)."""
    from rumeur.workspace import Workspace

    started = []
    for pid in projects.ids():
        project = projects.project(pid)
        if not project.sources:
            continue
        served = projects.served(pid)
        with served.handles:
            ws = Workspace(project, served.owner.writer().sibling())
        w = ws.watch()
        thread = threading.Thread(target=w.run, name=f"watch-{pid}", daemon=True)
        thread.start()
        started.append((w, thread))
        tell("serve.watching", project=pid, sources=", ".join(w.names))
    return started
