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
    estimate,
    numbers,
    open_workspace,
    print_figures,
    say,
)
from rumeur.cli.app import app

polls_app = typer.Typer(
    rich_markup_mode=None,
    help="Résultats de sondages et réponses d'enquêtes (CSV) : import, résultats, comparaison, "
    "thèmes.",
    no_args_is_help=True,
)
app.add_typer(polls_app, name="polls")
Source = Annotated[str, typer.Argument(help="Un fichier CSV, ou le nom d'un sondage importé.")]


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
    epilog="Exemples :\n\n  rumeur polls import sondage-offre.csv --name offre-2025\n\n"
    "  rumeur polls import enquete.csv --name satisfaction-t3",
)
def import_cmd(
    file: Annotated[Path, typer.Argument(help="Résultats de sondage ou réponses d'enquête (CSV).")],
    name: Annotated[str | None, typer.Option(help="Nom sous lequel le garder (par défaut : "
                                                  "le fichier).")]
    = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Importe un sondage (option + votes, ou pourcentage + total) ou une enquête (une ligne
    par répondant) ; importer à nouveau le même nom le remplace."""
    with open_workspace(project) as ws:
        out = ws.import_poll(file, name)
    if json_:
        emit_json(out)
    else:
        console.print(say("polls.imported", kind=out["kind"], name=out["name"], rows=out["rows"]))


@polls_app.command("list", epilog="Exemples :\n\n  rumeur polls list --json")
def list_cmd(project: ProjectOption = None, json_: JsonOption = False) -> None:
    """Les sondages et enquêtes importés."""
    with open_workspace(project) as ws:
        rows = ws.polls()
    if json_:
        emit_json(rows)
        return
    for r in rows:
        console.print(
            say(
                "polls.listed",
                kind=r["kind"],
                name=r["name"],
                q=r["questions"],
                n=numbers().num(r["n"]),
            )
        )


@polls_app.command(
    "results",
    epilog="Exemples :\n\n  rumeur polls results sondage.csv\n\n"
    "  rumeur polls results offre-2025 --json     # un sondage importé",
)
def poll_results(
    source: Source,
    question: Annotated[str | None, typer.Option(help="Seulement cette question.")] = None,
    by_question: Annotated[
        bool, typer.Option("--by-question", help="JSON : toujours une liste de {question, cells}.")
    ] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Un tableau par question, avec son texte : la part de chaque option avec son intervalle
    de Wilson à 95 % (p. ex. 71,38 % de 1 153 votes). Un export d'enquête (Google Forms,
    Typeform, LimeSurvey, SurveyMonkey) : réponses multiples comptées par option sur les
    répondants qui ont répondu, réponses libres regroupées en thèmes."""
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
            title = f"{q['question'] or '—'} — {cell} (n\u00a0=\u00a0{numbers().num(r['n'])})"
            rows = [[opt, estimate(e)] for opt, e in r["options"].items()]
            print_figures([say("col.option"), say("col.share_ci")], rows, title=title)


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
        n = numbers().num(q["n"])
        if q["kind"] == "open":
            console.print(say("polls.open", question=q["question"], n=n), markup=False)
            for th in q["themes"]:
                words = ", ".join(th["terms"][:4]) or say("polls.no_terms")
                console.print(f"  {words} — {estimate(th['share'])}", markup=False)
                for quote in th["quotes"][:2]:
                    console.print(f"     « {quote} »", markup=False)
            continue
        title = say("polls.multi" if q["kind"] == "multi" else "polls.single",
                    question=q["question"], n=n)  # fmt: skip
        rows = [[opt, estimate(e)] for opt, e in q["options"].items()]
        print_figures([say("col.option"), say("col.share_ci")], rows, title=title)


@polls_app.command(
    "compare",
    epilog="Exemples :\n\n  rumeur polls compare vagues.csv --by wave --option Oui\n\n"
    "  rumeur polls compare offre-2025 --by group --json",
)
def poll_compare(
    source: Source,
    by: Annotated[str, typer.Option(help="wave (vague) ou group (groupe).")] = "wave",
    option: Annotated[str | None, typer.Option(help="Compare cette option au reste.")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Compare des vagues ou des groupes : z de deux proportions (h de Cohen) ou khi-deux
    (V de Cramér)."""
    from rumeur.workspace import Workspace

    r = Workspace.compare_poll(_poll(source, project), by=by, option=option)
    if json_:
        emit_json(r.to_dict())
        return
    dof = say("polls.dof", dof=r.dof) if r.dof else ""
    n = numbers()
    console.print(say("polls.test", test=r.test, stat=n.num(r.statistic, 3), dof=dof,
                      p=n.num(r.p_value, 4), effect_name=r.effect_name,
                      effect=n.num(r.effect, 3)))  # fmt: skip


@polls_app.command(
    "themes",
    epilog="Exemples :\n\n  rumeur polls themes enquete.csv --column commentaire -k 6",
)
def poll_themes(
    source: Source,
    column: Annotated[str, typer.Option(help="La colonne de la question ouverte.")],
    k: Annotated[int, typer.Option("-k", help="Nombre de thèmes.")] = 5,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Thèmes des réponses libres (TF-IDF + k-moyennes), avec des citations représentatives."""
    from rumeur.workspace import Workspace

    _, answers = _survey(source, project)
    th = Workspace.survey_themes([a.get(column, "") for a in answers], k=k)
    if json_:
        emit_json([x.to_dict() for x in th])
        return
    for x in th:
        words = ", ".join(x.terms[:4]) or say("polls.no_terms")
        console.print(f"{words} — {estimate(x.share)} ({numbers().num(x.size)})", markup=False)
        for q in x.quotes:
            console.print(f"   « {q} »")
