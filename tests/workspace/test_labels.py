"""Human label corrections: stored with who and when, used by the metrics over the
models' labels (and said so), kept in the rollups, exported for training, erased with
their author."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumeur.cli.nlp import parse_lines
from rumeur.errors import UsageError
from rumeur.workspace import Workspace
from tests.conftest import copy_project, write_project
from tests.workspace.test_search_mentions import ROWS, write_csv


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional posts, each given a model label (negative for the first four); built
    once for the module."""
    root = write_project(tmp_path_factory.mktemp("labels"))
    w = Workspace.open(root)
    w.import_files([write_csv(root / "posts.csv", ROWS)])
    store = w.writer()
    for ext, label in zip(("x1", "x2", "x3", "x4", "x5", "x6"),
                          ("negative", "positive", "negative", "negative", "negative",
                           "positive"), strict=True):  # fmt: skip
        store.execute(
            "INSERT INTO enrichments SELECT mention_id, 'sentiment-fast', '9', ?, 0.8, NULL, "
            "now() FROM mentions WHERE external_id = ?",
            [label, ext],
        )
    w.refresh_rollups()
    w.close()
    return root


@pytest.fixture
def ws(built: Path, project_dir: Path) -> Workspace:
    """Each test's own copy of the labelled project."""
    return Workspace.open(copy_project(built, project_dir))


def mid(ws: Workspace, ext: str) -> str:
    return str(ws.reader().scalar("SELECT mention_id FROM mentions WHERE external_id = ?", [ext]))


def volta(ws: Workspace) -> dict[str, object]:
    [cell] = [c for c in ws.opinion() if c.key == {"brand": "volta"}]
    return {"counts": cell.counts, "human": cell.human_labels}


def test_a_correction_changes_the_opinion_and_says_so(ws: Workspace) -> None:
    before = volta(ws)
    assert before == {"counts": {"negative": 3, "neutral": 0, "positive": 2}, "human": 0}
    c = ws.correct_label(mid(ws, "x5"), value="neutral", user="alice", note="une question")
    assert (c.previous, c.previous_model, c.value, c.user) == (
        "negative", "sentiment-fast@9", "neutral", "alice")  # fmt: skip
    assert volta(ws) == {"counts": {"negative": 2, "neutral": 1, "positive": 2}, "human": 1}
    [row] = [r for r in ws.mentions(ws.mention_filter(limit=None)) if r["external_id"] == "x5"]
    assert row["sentiment"] == "neutral" and row["labelled_by"] == "human"
    assert row["sentiment_model"] == "sentiment-human@1"
    [hit] = ws.search_mentions("panne").hits
    assert hit.labelled_by == "human" and hit.sentiment == "neutral"


def test_the_rollups_follow_without_a_rebuild(ws: Workspace) -> None:
    store = ws.writer()
    cells = "SELECT * FROM analytics_hourly ORDER BY ALL"
    authors = "SELECT * FROM analytics_authors ORDER BY ALL"
    ws.correct_label(mid(ws, "x1"), value="positive", user="alice")
    ws.correct_label(mid(ws, "x6"), value="negative", user="bob")
    ws.correct_label(mid(ws, "x6"), value="neutral", user="bob")
    relabelled = (store.query(cells), store.query(authors))
    assert {r["sentiment"] for r in relabelled[0]} >= {"positive", "neutral"}
    ws.refresh_rollups()  # from scratch: the same tables
    assert (store.query(cells), store.query(authors)) == relabelled


def test_history_is_append_only_and_the_newest_wins(ws: Workspace) -> None:
    m = mid(ws, "x2")
    ws.correct_label(m, value="negative", user="alice")
    ws.correct_label(m[:8], value="neutral", user="bob", note="ironie ?")  # a unique prefix
    hist = ws.label_history(m)
    assert [(c.value, c.user, c.previous) for c in hist] == [
        ("negative", "alice", "positive"), ("neutral", "bob", "negative")]  # fmt: skip
    assert hist[0].corrected_at <= hist[1].corrected_at
    [row] = [r for r in ws.mentions(ws.mention_filter(limit=None)) if r["mention_id"] == m]
    assert row["sentiment"] == "neutral"


def test_bad_corrections_are_refused_and_store_nothing(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="valeur inconnue"):
        ws.correct_label(mid(ws, "x1"), value="furieux", user="alice")
    with pytest.raises(UsageError, match="pas de mention"):
        ws.correct_label("nope-nope", value="neutral", user="alice")
    with pytest.raises(UsageError, match="champ"):
        ws.correct_label(mid(ws, "x1"), field="aspects", value="neutral", user="alice")
    with pytest.raises(UsageError, match="qui"):
        ws.correct_label(mid(ws, "x1"), value="neutral", user=" ")
    assert ws.label_history() == []


def test_export_round_trips(ws: Workspace) -> None:
    ws.correct_label(mid(ws, "x5"), value="neutral", user="alice")
    ws.correct_label(mid(ws, "x3"), value="positive", user="bob")
    ws.correct_label(mid(ws, "x3"), value="negative", user="bob")
    out = io.StringIO()
    assert ws.export_labels(out) == 2
    lines = out.getvalue().splitlines()
    records = {r["id"]: r for r in map(json.loads, lines)}
    assert {records[mid(ws, "x5")]["label"], records[mid(ws, "x3")]["label"]} == {
        "neutral", "negative"}  # fmt: skip
    texts = dict(ws.reader().rows("SELECT mention_id, text FROM mentions"))
    assert all(r["text"] == texts[i] and r["corrected_by"] for i, r in records.items())
    # the lines are what `rumeur nlp sentiment` and the training sets read
    assert sorted(parse_lines(lines)) == sorted((i, r["text"]) for i, r in records.items())


def test_erasing_the_author_erases_the_corrections(ws: Workspace) -> None:
    ws.correct_label(mid(ws, "x1"), value="positive", user="alice")  # lea_dupuis's
    ws.correct_label(mid(ws, "x3"), value="positive", user="alice")
    ws.erase_author("lea_dupuis")
    assert [c.mention_id for c in ws.label_history()] == [mid(ws, "x3")]
    out = io.StringIO()
    assert ws.export_labels(out) == 1 and "Très déçue" not in out.getvalue()


def test_cli_set_history_export(ws: Workspace, project_dir: Path) -> None:
    from rumeur.cli import _load, app

    _load()
    m = mid(ws, "x6")
    ws.close()
    runner = CliRunner()
    p = ["--project", str(project_dir)]
    out = runner.invoke(app, ["labels", "set", m, "--sentiment", "negative", "--user", "chloe",
                              "--json", *p])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["labelled_by"] == "human"
    out = runner.invoke(app, ["labels", "set", m, "--sentiment", "fâché", *p])
    assert out.exit_code == 2 and "fâché" in out.output
    out = runner.invoke(app, ["labels", "history", "--json", *p])
    assert [(r["value"], r["user"]) for r in json.loads(out.output)] == [("negative", "chloe")]
    target = project_dir / "corrections.jsonl"
    out = runner.invoke(app, ["labels", "export", str(target), *p])
    assert out.exit_code == 0, out.output
    [line] = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["label"] == "negative"
