"""``rumeur polls``: import poll results and survey answers (CSV), proportions with Wilson
intervals, comparisons between waves or groups, themes of open-ended answers.

Each analysis takes a CSV file or the name of an imported poll/survey."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    emit_json,
    new_table,
    open_workspace,
    say,
)
from rumeur.cli.app import app
from rumeur.cli.metrics import _e

polls_app = typer.Typer(
    rich_markup_mode=None,
    help="Poll results and survey answers (CSV): import, results, compare, themes.",
    no_args_is_help=True,
)
app.add_typer(polls_app, name="polls")
Source = Annotated[str, typer.Argument(help="A CSV file, or the name of an imported one.")]


def _poll(source: str, project: Path | None) -> list[Any]:
    from rumeur.workspace import Workspace

    if Path(source).is_file():
        return Workspace.read_poll(source)
    with open_workspace(project) as ws:
        return ws.poll(source)


def _survey(source: str, project: Path | None) -> tuple[list[str], list[dict[str, str]]]:
    from rumeur.workspace import Workspace

    if Path(source).is_file():
        return Workspace.read_survey(source)
    with open_workspace(project) as ws:
        return ws.survey(source)


@polls_app.command(
    "import",
    epilog="Examples:\n\n  rumeur polls import sondage-offre.csv --name offre-2025\n\n"
    "  rumeur polls import enquete.csv --name satisfaction-t3",
)
def import_cmd(
    file: Annotated[Path, typer.Argument(help="Poll results or survey answers (CSV).")],
    name: Annotated[str | None, typer.Option(help="Name to keep it under (default: file).")]
    = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Import a poll (option + votes, or percent + total) or a survey (one row per
    respondent); importing the same name again replaces it."""
    with open_workspace(project) as ws:
        out = ws.import_poll(file, name)
    if json_:
        emit_json(out)
    else:
        console.print(say("polls.imported", kind=out["kind"], name=out["name"], rows=out["rows"]))


@polls_app.command("list", epilog="Examples:\n\n  rumeur polls list --json")
def list_cmd(project: ProjectOption = None, json_: JsonOption = False) -> None:
    """Imported polls and surveys."""
    with open_workspace(project) as ws:
        rows = ws.polls()
    if json_:
        emit_json(rows)
        return
    for r in rows:
        console.print(
            say("polls.listed", kind=r["kind"], name=r["name"], q=r["questions"], n=r["n"])
        )


@polls_app.command(
    "results",
    epilog="Examples:\n\n  rumeur polls results sondage.csv\n\n"
    "  rumeur polls results offre-2025 --json     # an imported poll",
)
def poll_results(
    source: Source,
    question: Annotated[str | None, typer.Option(help="Only this question.")] = None,
    by_question: Annotated[
        bool, typer.Option("--by-question", help="JSON: always a list of {question, cells}.")
    ] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """One table per question, with its text: each option's share with its Wilson 95%
    interval (e.g. 71.38 % of 1,153 votes). A survey export (Google Forms, Typeform,
    LimeSurvey, SurveyMonkey): several answers counted per option over the respondents
    who answered, open answers grouped into themes."""
    from rumeur.workspace import Workspace

    if _is_survey(source, project):
        _survey_results(source, project, question, json_)
        return
    res = Workspace.poll_results(_poll(source, project), question)
    if json_:
        # one question in scope: the original shape, {cell: {n, options}}; several: one
        # {question, cells} per question (pooling them was the defect), as --by-question
        emit_json(res[0]["cells"] if len(res) == 1 and not by_question else res)
        return
    for q in res:
        for cell, r in q["cells"].items():
            title = f"{q['question'] or '—'} — {cell} (n = {r['n']})"
            t = new_table("option", "share [95 % CI]", title=title)
            for opt, e in r["options"].items():
                t.add_row(opt, _e(e))
            console.print(t)


def _is_survey(source: str, project: Path | None) -> bool:
    from rumeur.workspace import Workspace

    if Path(source).is_file():
        return not Workspace.is_poll_file(source)
    with open_workspace(project) as ws:
        return any(p["name"] == source and p["kind"] == "survey" for p in ws.polls())


def _survey_results(source: str, project: Path | None, question: str | None, json_: bool) -> None:
    from rumeur.workspace import Workspace

    tables = Workspace.survey_tables(*_survey(source, project), question=question)
    if json_:
        emit_json(tables)
        return
    for q in tables:
        many = " (plusieurs réponses possibles)" if q["kind"] == "multi" else ""
        if q["kind"] == "open":
            console.print(f"{q['question']} (n = {q['n']}, réponses libres)", markup=False)
            for th in q["themes"]:
                console.print(f"  {', '.join(th['terms'][:4])} — {_e(th['share'])}", markup=False)
            continue
        t = new_table("option", "share [95 % CI]", title=f"{q['question']}{many} (n = {q['n']})")
        for opt, e in q["options"].items():
            t.add_row(opt, _e(e))
        console.print(t)


@polls_app.command(
    "compare",
    epilog="Examples:\n\n  rumeur polls compare vagues.csv --by wave --option Oui\n\n"
    "  rumeur polls compare offre-2025 --by group --json",
)
def poll_compare(
    source: Source,
    by: Annotated[str, typer.Option(help="wave or group.")] = "wave",
    option: Annotated[str | None, typer.Option(help="Compare this option vs the rest.")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Compare waves or groups: two-proportion z (Cohen's h) or chi-square (Cramér's V)."""
    from rumeur.workspace import Workspace

    r = Workspace.compare_poll(_poll(source, project), by=by, option=option)
    if json_:
        emit_json(r.to_dict())
        return
    dof = say("polls.dof", dof=r.dof) if r.dof else ""
    console.print(say("polls.test", test=r.test, stat=r.statistic, dof=dof, p=r.p_value,
                      effect_name=r.effect_name, effect=r.effect))  # fmt: skip


@polls_app.command(
    "themes",
    epilog="Examples:\n\n  rumeur polls themes enquete.csv --column commentaire -k 6",
)
def poll_themes(
    source: Source,
    column: Annotated[str, typer.Option(help="The open-ended question's column.")],
    k: Annotated[int, typer.Option("-k", help="Number of themes.")] = 5,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Themes of open-ended answers (TF-IDF + k-means) with representative quotes."""
    from rumeur.workspace import Workspace

    _, answers = _survey(source, project)
    th = Workspace.survey_themes([a.get(column, "") for a in answers], k=k)
    if json_:
        emit_json([x.to_dict() for x in th])
        return
    for x in th:
        console.print(f"{', '.join(x.terms[:4])} — {_e(x.share)} ({x.size})")
        for q in x.quotes:
            console.print(f"   « {q} »")
