"""A fictional person, Jeanne Fictive-Lambert (@jeanne_fictive), present everywhere a
person can be in a Rumeur project: a French review export (CSV, one row of hers with an
unreadable date goes to quarantine), a Windows-1252 export, a Parquet file, Mastodon
statuses imported as JSON Lines, the same instance collected through a local API double,
enrichments, the pre-aggregated tables, and an alert that quotes her."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pytest_httpserver import HTTPServer

from rumeur import config
from rumeur.connectors.doubles import payloads as p
from rumeur.storage.duckdb import DuckDBStore

HANDLE = "jeanne_fictive"
NAME = "Jeanne Fictive-Lambert"
ACCOUNT_ID = "424242"
NOW = datetime(2025, 10, 6, 12, tzinfo=UTC)
TAG = "/api/v1/timelines/tag/volta"

#: her texts, one per place she wrote
TEXTS = {
    "csv": "Jeanne ici : la box Volta Mobile redémarre toutes les nuits, inadmissible.",
    "csv_bad": "Mon ticket Volta numéro 88 reste sans réponse depuis des semaines",
    "cp1252": "Facture Volta gonflée de 12 € sans prévenir, c'est la troisième fois",
    "parquet": "Avis de Jeanne : réseau Volta correct mais SAV injoignable le dimanche",
    "jsonl": "Volta en panne de fibre à Lyon ce soir, troisième fois cette semaine",
    "collected": "Volta Mobile m'a facturé deux fois le même mois, je résilie",
    "later": "Toujours aucune nouvelle de Volta, je porte plainte auprès de la DGCCRF",
}
#: other people's data, which must survive her erasure
OTHERS = {
    "Camille R.": "Fibre installée en 48 h par Volta Mobile, technicien ponctuel.",
    "paul_invente": f"@{HANDLE} a raison, Volta est en panne partout dans le quartier",
}

TOML = """
[project]
name = "Veille Volta"

[[brands]]
id = "volta"
name = "Volta Mobile"
aliases = ["Volta"]
hashtags = ["volta"]
own_accounts = ["volta_sav"]

[[sources]]
name = "masto"
type = "mastodon"
base_url = "{url}"
hashtag = "#volta"
backoff = 0.01

[[sources]]
name = "masto-bis"
type = "mastodon"
base_url = "{url}"
hashtag = "#volta"
backoff = 0.01

[[alerts.rules]]
name = "mots"
type = "keyword"
terms = ["panne"]
lookback_hours = 100000
{extra}
"""


def status(i: int, *, hers: bool, text: str) -> dict[str, Any]:
    """A Mastodon status by her (or by a generated fictional author)."""
    s = p.mastodon_status(i)
    s["content"] = f"<p>{html.escape(text)}</p>"
    s["created_at"] = f"2025-10-0{1 + i % 5}T10:{i % 60:02d}:00.000Z"
    if hers:
        s["account"].update(
            id=ACCOUNT_ID,
            username=HANDLE,
            acct=HANDLE,
            display_name=NAME,
            url=f"https://mastodon.example/@{HANDLE}",
        )
        s["url"] = f"https://mastodon.example/@{HANDLE}/{s['id']}"
        s["uri"] = f"https://mastodon.example/users/{HANDLE}/statuses/{s['id']}"
    return s


@dataclass
class Scene:
    root: Path
    exports: Path
    files: list[Path]
    server: HTTPServer
    statuses: list[dict[str, Any]] = field(default_factory=list)

    def project(self) -> config.Project:
        return config.load(self.root)

    def open(self) -> DuckDBStore:
        return DuckDBStore(self.project().store_path)

    def serve(self, statuses: list[dict[str, Any]]) -> None:
        self.server.clear()
        self.server.expect_request(TAG).respond_with_json(statuses)


def write_files(exports: Path) -> list[Path]:
    exports.mkdir(parents=True, exist_ok=True)
    csv_path = exports / "avis_volta.csv"
    rows = [
        "Auteur;Nom;Date;Avis;Lien",
        f'{HANDLE};{NAME};03/10/2025 14:05;"{TEXTS["csv"]}";https://avis.example/volta/{HANDLE}/1',
        f'Camille R.;Camille Rivière;02/10/2025 09:00;"{OTHERS["Camille R."]}";https://avis.example/volta/2',
        f'@{HANDLE};{NAME};pas une date;"{TEXTS["csv_bad"]}";https://avis.example/volta/3',
        f'paul_invente;Paul Inventé;04/10/2025 18:30;"{OTHERS["paul_invente"]}";https://avis.example/volta/4',
    ]
    csv_path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(rows) + "\r\n").encode("utf-8"))
    cp = exports / "ancien_outil.csv"
    cp.write_bytes(
        (
            "Auteur,Date,Texte\r\n"
            f'{NAME.upper()},01/10/2025 08:00,"{TEXTS["cp1252"]}"\r\n'
            f'Hugo Pélissier,01/10/2025 09:00,"Volta a été très réactif, merci à l\'équipe"\r\n'
        ).encode("cp1252")
    )
    pq_path = exports / "avis.parquet"
    pq.write_table(
        pa.table(
            {
                "author": [HANDLE, "ines_b"],
                "author_name": [NAME, "Inès B."],
                "created_at": ["2025-10-02T11:00:00Z", "2025-10-02T12:00:00Z"],
                "text": [
                    TEXTS["parquet"],
                    "Réseau Volta impeccable depuis la migration, rien à dire",
                ],
            }
        ),
        pq_path,
    )
    jl = exports / "statuses.jsonl"
    jl.write_text(
        json.dumps(status(1, hers=True, text=TEXTS["jsonl"]), ensure_ascii=False)
        + "\n"
        + json.dumps(
            status(2, hers=False, text="Volta répond vite sur Mastodon, bravo"), ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    return [csv_path, cp, pq_path, jl]


@pytest.fixture
def scene(tmp_path: Path, httpserver: HTTPServer) -> Iterator[Scene]:
    root = tmp_path / "projet"
    root.mkdir()
    url = httpserver.url_for("/").rstrip("/")
    (root / "rumeur.toml").write_text(TOML.format(url=url, extra=""), encoding="utf-8")
    # her case-folded name in the old tool's export is recognised as her too (no handle)
    files = write_files(tmp_path / "exports")
    yield Scene(root, tmp_path / "exports", files, httpserver)


def needles() -> list[str]:
    """What must not be found anywhere once she is erased: her handle, her name, every
    text of hers, as written and as HTML or JSON would escape them."""
    out = {HANDLE, NAME, ACCOUNT_ID * 1 if len(ACCOUNT_ID) > 5 else ""}
    for t in TEXTS.values():
        out |= {t, html.escape(t), json.dumps(t)[1:-1], json.dumps(t, ensure_ascii=True)[1:-1]}
    return sorted(n for n in out if n)


def traces_in_store(store: DuckDBStore, what: list[str]) -> list[str]:
    """Every (table.column, needle) hit, over every table and view of the catalog."""
    cols = store.query(
        "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
        "WHERE table_catalog = current_database() ORDER BY 1, 2"
    )
    assert {c["t"] for c in cols} >= {
        "mentions",
        "raw_items",
        "quarantine",
        "raw_files",
        "enrichments",
        "alert_log",
        "privacy_log",
    }
    hits = []
    for c in cols:
        for n in what:
            q = (
                f'SELECT count(*) AS n FROM "{c["t"]}" WHERE '
                f'contains(lower(CAST("{c["c"]}" AS VARCHAR)), ?)'
            )
            if store.query(q, [n.lower()])[0]["n"]:
                hits.append(f"{c['t']}.{c['c']}: {n!r}")
    return hits


def traces_in_files(root: Path, what: list[str]) -> list[str]:
    """Every (file, needle) hit under ``root``, in UTF-8 or Windows-1252, any case."""
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes().lower()
        for n in what:
            forms = {n.lower().encode("utf-8"), n.lower().encode("cp1252", "ignore")}
            if any(f and f in data for f in forms):
                hits.append(f"{path.relative_to(root)}: {n!r}")
    return hits
