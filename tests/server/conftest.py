"""Two real projects served side by side (``alpha`` and ``beta``, real DuckDB files),
the server's users in a real SQLite file, and clients logged in as each kind of user.

``beta`` holds its own fictional brand and posts whose text carries :data:`BETA_MARK`:
an answer given to an ``alpha`` user that contains it is a leak."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import BRANDS, DATA

from rumeur import config
from rumeur.config import Brand
from rumeur.server import create_app
from rumeur.server.accounts import Accounts
from rumeur.server.projects import Projects
from rumeur.workspace import Workspace

BETA_MARK = "Zéphyrine"
BETA_BRANDS = (Brand(id="orbis", name="Orbis Énergie", aliases=("Orbis",)),)
PASSWORD = "un mot de passe assez long"


def _beta_rows() -> list[dict[str, str]]:
    texts = [
        f"Orbis Énergie m'a coupé le courant sans prévenir, {BETA_MARK} en colère",
        f"Merci Orbis pour le geste commercial, signé {BETA_MARK}",
        f"Panne chez Orbis depuis ce matin ({BETA_MARK})",
        f"Orbis Énergie : facture incompréhensible, {BETA_MARK} attend une réponse",
    ]
    return [
        {
            "author": f"beta_client_{i}",
            "date": f"2025-10-0{i + 1} 10:00",
            "text": t,
            "platform": "forum",
            "followers": str(100 * (i + 1)),
        }
        for i, t in enumerate(texts)
    ]


def _make(root: Path, name: str, brands: tuple[Brand, ...], files: list[Path]) -> None:
    root.mkdir(parents=True)
    (root / config.CONFIG_NAME).write_text(
        config.template(name=name, brands=brands), encoding="utf-8"
    )
    with Workspace.open(root) as ws:
        ws.import_files(files, enrich=True)


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Projects]:
    base = tmp_path_factory.mktemp("served")
    alpha_files = ["avis_export.csv", "mastodon_statuses.jsonl", "bluesky_search.json"]
    _make(base / "alpha", "Alpha", BRANDS, [DATA / f for f in alpha_files])
    beta_csv = base / "beta.csv"
    with beta_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(_beta_rows()[0]))
        writer.writeheader()
        writer.writerows(_beta_rows())
    _make(base / "beta", "Beta", BETA_BRANDS, [beta_csv])
    served = Projects([base / "alpha", base / "beta"])
    yield served
    served.close()


@dataclass
class Server:
    app: object
    accounts: Accounts
    tokens: dict[str, str]

    def client(self, who: str | None = None, **headers: str) -> TestClient:
        """A client with ``who``'s bearer token (None: anonymous)."""
        c = TestClient(self.app)  # type: ignore[arg-type]
        if who is not None:
            c.headers["Authorization"] = f"Bearer {self.tokens[who]}"
        c.headers.update(headers)
        return c


@pytest.fixture(scope="session")
def server(projects: Projects, tmp_path_factory: pytest.TempPathFactory) -> Server:
    """Users: ``admin`` (every project), ``analyst`` and ``viewer`` of alpha,
    ``beta_analyst`` of beta only; each with a password and a token. Shared by the
    session's tests: a test that changes users makes its own."""
    accounts = Accounts(tmp_path_factory.mktemp("state") / "server.sqlite3")
    tokens = {}
    for name, role, where in (
        ("admin", "admin", []),
        ("analyst", "analyst", ["alpha"]),
        ("viewer", "viewer", ["alpha"]),
        ("beta_analyst", "analyst", ["beta"]),
    ):
        accounts.add_user(name, role, where, PASSWORD)
        tokens[name] = accounts.new_token(name)
    return Server(create_app(projects, accounts=accounts), accounts, tokens)
