"""scripts/set_overlap.py, the near-duplicate check run on every newly written brand set
(docs/crisis-set.md): a post copied from a shipped set, or lightly edited, is flagged and
dropped; a new post is kept; a post repeated inside the new file is flagged against the
first; the report never prints another set's text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rumeur.nlp.data import brand_rows

ROOT = Path(__file__).resolve().parents[2]


def test_copies_and_repeats_are_flagged_new_posts_kept(tmp_path: Path) -> None:
    dev = brand_rows("brand_dev_fr")
    copied, edited = dev[0]["text"], dev[5]["text"].replace(".", " !!")
    fresh = "Quelqu'un sait si la médiathèque Plumetis prête aussi des jeux de société ?"
    rows = [
        {"id": "n0", "text": copied},
        {"id": "n1", "text": edited},
        {"id": "n2", "text": fresh},
        {"id": "n3", "text": fresh + " Merci d'avance"},
    ]
    new = tmp_path / "new.jsonl"
    new.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    kept = tmp_path / "kept.jsonl"
    script = ROOT / "scripts" / "set_overlap.py"
    out = subprocess.run(
        [sys.executable, str(script), str(new), "--kept", str(kept), "--demo-mentions", "0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"n0: char 1.00 ~ brand_dev_fr:{dev[0]['id']}" in out
    assert "n1: " in out and "n3: " in out and "~ n2" in out
    assert "n2: " not in out
    assert [json.loads(line)["id"] for line in kept.read_text("utf-8").splitlines()] == ["n2"]
    assert dev[5]["text"] not in out and copied not in out


def test_a_bad_line_is_refused_with_its_place(tmp_path: Path) -> None:
    new = tmp_path / "new.jsonl"
    new.write_text('{"id": "n0", "text": "Bonjour"}\n{"id": "n1", "text": \n', "utf-8")
    script = ROOT / "scripts" / "set_overlap.py"
    done = subprocess.run(
        [sys.executable, str(script), str(new), "--demo-mentions", "0"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert f"{new}:2: not JSON" in done.stderr
    assert "Traceback" not in done.stderr
