"""One demo corpus per test session, and a reader that parses the four files back."""

from __future__ import annotations

import csv
import html
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from rumeur.demo import DemoCorpus, generate


@dataclass
class Row:
    """One mention as read back from a file (independent of the generator's internals)."""

    file: str
    id: str
    text: str
    created: datetime | None  # None where the file only gives a date or a relative one
    author: str
    followers: int | None
    reply_to: str | None
    platform: str
    raw: Any


@dataclass
class Loaded:
    corpus: DemoCorpus
    seconds: float
    truth: dict[str, Any]
    rows: dict[str, Row]
    masto_lines: list[str]
    avis_raw: bytes


def _read(corpus: DemoCorpus) -> tuple[dict[str, Row], list[str], bytes]:
    out: dict[str, Row] = {}
    d = corpus.ground_truth.parent
    lines = (d / "mastodon.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        try:
            s = json.loads(line)
        except json.JSONDecodeError:
            continue
        text = html.unescape(re.sub(r"<br />", "\n", re.sub(r"</?(?!br)[^>]+>", "", s["content"])))
        out[s["id"]] = Row(
            "mastodon.jsonl",
            s["id"],
            text,
            datetime.fromisoformat(s["created_at"].replace("Z", "+00:00")),
            s["account"]["username"],
            s["account"]["followers_count"],
            s["in_reply_to_id"],
            "mastodon",
            s,
        )
    for line in (d / "bluesky.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        rec = p["record"]
        out[p["uri"]] = Row(
            "bluesky.jsonl",
            p["uri"],
            rec["text"],
            datetime.fromisoformat(rec["createdAt"].replace("Z", "+00:00")),
            p["author"]["handle"].split(".")[0].replace("-", "_"),
            None,
            rec.get("reply", {}).get("parent", {}).get("uri"),
            "bluesky",
            p,
        )
    raw = (d / "avis_clients.csv").read_bytes()
    for r in csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True), delimiter=";"):
        out[r["Lien"]] = Row(
            "avis_clients.csv", r["Lien"], r["Avis"], None, r["Auteur"], None, None, "reviews", r
        )
    with (d / "veille_export.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                created = datetime.fromisoformat(r["created_at"])
            except ValueError:
                created = None
            out[r["id"]] = Row(
                "veille_export.csv",
                r["id"],
                r["text"],
                created,
                r["author"],
                int(r["followers"]),
                r["in_reply_to"] or None,
                r["platform"],
                r,
            )
    return out, lines, raw


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    out = tmp_path_factory.mktemp("demo")
    # CPU seconds of this process: the wall time swells with the machine's load (the
    # generator is single-threaded Python; on a quiet machine both are about the same)
    t0 = time.process_time()
    corpus = generate(out)
    seconds = time.process_time() - t0
    truth = json.loads(corpus.ground_truth.read_text(encoding="utf-8"))
    rows, lines, raw = _read(corpus)
    return Loaded(corpus, seconds, truth, rows, lines, raw)


@pytest.fixture(scope="session")
def good_rows(demo: Loaded) -> dict[str, Row]:
    """Rows minus the deliberately broken ones."""
    broken = {b.get("id") for b in demo.truth["broken"]}
    return {k: v for k, v in demo.rows.items() if k not in broken}
