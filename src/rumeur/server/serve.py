"""``rumeur serve``: open the projects' stores (the server owns them while it runs), then
serve the app with uvicorn until interrupted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rumeur.server.accounts import Accounts, default_state_path
from rumeur.server.projects import Projects


def run(
    specs: Sequence[str | Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    state: Path | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve ``specs`` (``PATH`` or ``ID=PATH``) on ``host:port``."""
    import uvicorn

    from rumeur.server.app import create_app

    projects = Projects(specs)
    projects.open_all()  # a store another process holds: StoreLockedError now, not later
    accounts = Accounts(state or default_state_path())
    app = create_app(projects, accounts=accounts)
    if not accounts.users():
        say(
            f"No user yet in {accounts.path}: create one with "
            "rumeur users add NAME --role admin, then rumeur users password NAME."
        )
    for pid in projects.ids():
        say(
            f"Project {pid}: http://{host}:{port}/ (API: http://{host}:{port}/api/v1/projects/{pid})"
        )
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True)
    finally:
        projects.close()
