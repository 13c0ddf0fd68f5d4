"""One folder per platform: client, payload types and normaliser live together, and the
file importer reads Mastodon and Bluesky JSON through the connectors' normalisers."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from rumeur.connectors.doubles import payloads as p

SRC = Path(__file__).resolve().parents[2] / "src" / "rumeur"
PLATFORMS = (
    "mastodon",
    "bluesky",
    "reddit",
    "youtube",
    "rss",
    "webhook",
    "appstore",
    "googleplay",
    "x",
    "trustpilot",
    "google_business",
)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_has_its_folder(platform: str) -> None:
    folder = SRC / "connectors" / platform
    assert (folder / "normalise.py").is_file()
    assert (folder / ("server.py" if platform == "webhook" else "client.py")).is_file()
    assert (folder / "options.py").is_file()  # its [[sources]] settings, declared once


def test_ingest_holds_no_platform_normaliser() -> None:
    text = (SRC / "ingest" / "formats.py").read_text(encoding="utf-8")
    assert "favourites_count" not in text and "createdAt" not in text
    from rumeur.connectors.bluesky.normalise import post_row
    from rumeur.connectors.mastodon.normalise import status_row
    from rumeur.ingest import formats

    assert formats.mastodon_row is status_row and formats.bluesky_row is post_row


def test_importing_a_normaliser_does_not_load_the_watcher() -> None:
    import subprocess
    import sys

    code = (
        "import sys, rumeur.ingest.formats, rumeur.connectors.bluesky.normalise;"
        "print('rumeur.connectors.watcher' in sys.modules, 'httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_file_import_of_platform_json_still_works(tmp_path: Path) -> None:
    from rumeur import config
    from rumeur.ingest import Ingestor
    from rumeur.storage.duckdb import DuckDBStore

    (tmp_path / "rumeur.toml").write_text(
        '[project]\nname = "t"\n[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n'
    )
    masto = tmp_path / "statuses.jsonl"
    masto.write_text("\n".join(json.dumps(p.mastodon_status(i)) for i in range(5)))
    sky = tmp_path / "search.json"
    sky.write_text(json.dumps({"posts": [p.bluesky_post(i) for i in range(4)]}))
    project = config.load(tmp_path)
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        ing = Ingestor(store, project)
        ing.import_file(masto)
        ing.import_file(sky)
        rows = store.query("SELECT platform, count(*) AS n FROM mentions GROUP BY 1 ORDER BY 1")
    assert rows == [{"platform": "bluesky", "n": 4}, {"platform": "mastodon", "n": 5}]
    importlib.import_module("rumeur.connectors.mastodon.client")
