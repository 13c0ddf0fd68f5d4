"""The ``rumeur nlp`` command-line contract (used by outside evaluations)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rumeur.cli import _load
from rumeur.cli.app import app

_load()
runner = CliRunner()


def _run(args, stdin):
    return runner.invoke(app, ["nlp", *args], input=stdin)


def test_sentiment_jsonl_order_ids_and_shape():
    lines = [
        {"id": "b", "text": "Nul, je suis très déçu."},
        {"id": 7, "text": "Génial, merci pour tout !"},
        {"id": None, "text": "Le magasin ouvre lundi."},
    ]
    res = _run(["sentiment"], "\n".join(json.dumps(x) for x in lines) + "\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["b", 7, None]
    for r in rows:
        assert set(r) == {"id", "label", "scores", "model"}
        assert r["label"] in ("negative", "neutral", "positive")
        assert abs(sum(r["scores"].values()) - 1) < 1e-3
        assert r["model"].startswith("sentiment-fast@")
    assert rows[0]["label"] == "negative" and rows[1]["label"] == "positive"


def test_plain_text_ids_are_line_numbers_and_blank_lines_skipped():
    res = _run(["sentiment", "--tier", "fast"], "Trop cher\n\nMerci, parfait !\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == [0, 2]
    assert rows[1]["label"] == "positive"


def test_json_without_id_gets_line_number():
    res = _run(["sentiment"], 'bof\n{"text": "super"}\n')
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == [0, 1]


def test_bad_json_line_is_an_error_with_its_line_number():
    res = _run(["sentiment"], '{"id": 1, "text": "ok"}\n{"id": 2, text}\n')
    assert res.exit_code == 1
    assert "ligne d'entrée 2" in res.stderr
    assert res.stdout == ""


def test_missing_text_field_is_an_error():
    res = _run(["emotions"], '{"id": 1, "body": "ok"}\n')
    assert res.exit_code == 1 and "ligne d'entrée 1" in res.stderr


def test_files_in_and_out(tmp_path):
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text('{"id": "x", "text": "Livraison rapide mais trop cher"}\n', encoding="utf-8")
    res = _run(["aspects", "--input", str(src), "--output", str(dst)], "")
    assert res.exit_code == 0, res.output
    row = json.loads(dst.read_text(encoding="utf-8"))
    assert row["id"] == "x" and row["model"].startswith("aspects@")
    assert row["aspects"]["price"] == "negative"


def test_emotions_output_fields():
    res = _run(["emotions"], '{"id": 1, "text": "Je suis furieux !!"}\n')
    row = json.loads(res.stdout)
    assert set(row) == {"id", "scores", "labels", "model"}
    assert "anger" in row["labels"]


def test_unknown_tier_is_a_usage_error():
    res = _run(["sentiment", "--tier", "turbo"], "ok\n")
    assert res.exit_code == 2


def test_help_has_examples():
    for cmd in ("sentiment", "emotions", "aspects", "train", "evaluate"):
        res = runner.invoke(app, ["nlp", cmd, "--help"])
        assert res.exit_code == 0 and "Exemples" in res.output


def test_sentiment_reviews_flag_reads_texts_as_customer_reviews():
    """``--reviews``: the accurate tier reads each text as a customer review; the fast
    tier has one model and answers the same."""
    from rumeur.nlp import load_sentiment

    text = "série géniale , j'ai adoré la saison 2 !\n"

    def scores(*args):
        res = _run(["sentiment", *args], text)
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)["scores"]

    accurate = load_sentiment("accurate")
    assert (
        scores("--tier", "accurate", "--reviews")
        == accurate.predict([text.strip()], reviews=[True])[0]["scores"]
    )
    assert scores("--tier", "accurate", "--reviews") != scores("--tier", "accurate")
    assert scores("--reviews") == scores()
