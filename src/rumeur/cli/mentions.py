"""``rumeur mentions`` (list, search, filter) and ``rumeur quarantine`` (list, export, retry)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    emit_json,
    lang,
    new_table,
    open_workspace,
    say,
    term,
)
from rumeur.cli.app import app
from rumeur.ingest.columns import parse_map_option
from rumeur.records import PLATFORMS


@app.command(
    "mentions",
    epilog="Exemples :\n\n"
    "  rumeur mentions --brand volta --since 2025-10-01 --sentiment negative\n\n"
    "  rumeur mentions --search 'panne réseau' --sort reach --limit 20\n\n"
    "  rumeur mentions --search 'déçu remboursement' --brand volta --offset 50\n\n"
    "  rumeur mentions --unmatched --json > sans-marque.json",
)
def mentions(
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Mots qui doivent tous figurer (index plein texte : racines françaises, "
            "accents et casse ignorés, mots vides sautés ; classés par pertinence, BM25).",
        ),
    ] = None,
    brand: Annotated[str | None, typer.Option("--brand", "-b", help="Id de la marque.")] = None,
    platform: Annotated[
        str | None, typer.Option(help="Plateforme : " + ", ".join(PLATFORMS) + ".")
    ] = None,
    since: Annotated[str | None, typer.Option(help="À partir de cette date (incluse).")] = None,
    until: Annotated[str | None, typer.Option(help="Jusqu'à cette date (exclue).")] = None,
    sentiment: Annotated[
        str | None, typer.Option(help="negative, neutral, positive ou unsupported.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--lang", "--language", help="Code de langue (fr, en...).")
    ] = None,
    author: Annotated[str | None, typer.Option(help="Identifiant de l'auteur.")] = None,
    unmatched: Annotated[
        bool, typer.Option(help="Seulement les mentions qui ne citent aucune marque.")
    ] = False,
    own: Annotated[
        bool | None,
        typer.Option(
            "--own/--not-own",
            help="Seulement les posts des marques elles-mêmes / seulement ceux du public.",
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            help="date, reach, engagement ou relevance (par défaut : relevance avec "
            "--search, sinon date)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="Au plus N lignes.")] = 50,
    offset: Annotated[
        int, typer.Option(help="Saute les N premières lignes (pages suivantes).")
    ] = 0,
    reindex: Annotated[
        bool, typer.Option("--reindex", help="Reconstruit d'abord tout l'index de recherche.")
    ] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Liste, cherche et filtre les mentions enregistrées (les plus récentes d'abord)."""
    with open_workspace(project) as ws:
        if reindex:
            ws.refresh_search_index(full=True)
        flt = ws.mention_filter(
            search=search, brand=brand, platform=platform, since=since, until=until,
            sentiment=sentiment, language=language, author=author, unmatched=unmatched,
            own=own, sort=sort, limit=limit, offset=offset,
        )  # fmt: skip
        rows = ws.mentions(flt)
    if json_:
        emit_json(rows)
        return
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(ws.project.timezone)  # times shown in the project's zone, labelled
    table = new_table(say("col.date", zone=ws.project.timezone), say("col.platform"),
                      say("col.author"), say("col.brands"), say("col.sentiment"), say("col.text"),
                      show_lines=False)  # fmt: skip
    for r in rows:
        table.add_row(
            r["created_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"), r["platform"],
            r["author_handle"] or "", ",".join(r["brands"]),
            term("sentiment", r["sentiment"]) if r.get("sentiment") else "",
            (r["text"] or "").replace("\n", " ")[:100],
        )  # fmt: skip
    console.print(table)
    console.print(say("mentions.count", n=len(rows)), style="dim")


quarantine_app = typer.Typer(
    rich_markup_mode=None,
    help="Les lignes qui n'ont pas pu être importées, avec fichier, ligne, champ et raison.",
    no_args_is_help=True,
)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command(
    "list",
    epilog="Exemples :\n\n  rumeur quarantine list\n\n"
    "  rumeur quarantine list --reason date --json",
)
def quarantine_list(
    reason: Annotated[
        str | None,
        typer.Option(
            help="Seulement les raisons dont le code, le nom (français ou anglais) ou le "
            "texte contient ce mot (date, encodage, csv...)."
        ),
    ] = None,
    status: Annotated[str, typer.Option(help="open, resolved, retried ou all.")] = "open",
    limit: Annotated[int, typer.Option(help="Au plus N lignes.")] = 100,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Montre les lignes en quarantaine (les plus récentes d'abord) et leur nombre par raison."""
    with open_workspace(project) as ws:
        rows = ws.quarantine(reason=reason, status=status, limit=limit, lang=lang())
        summary = ws.quarantine_summary(lang())
    if json_:
        emit_json(rows)
        return
    table = new_table("id", say("col.file"), say("col.line"), say("col.field"), say("col.reason"),
                      say("col.row"))  # fmt: skip
    for r in rows:
        table.add_row(
            r["quarantine_id"][:10],
            r["origin"] or r["source"],
            str(r["line"] or ""),
            r["field"] or "",
            r["reason"],
            (r["payload"] or "")[:60],
        )
    console.print(table)
    counts = ", ".join(f"{s['reason']} {s['n']}" for s in summary)
    console.print(say("quarantine.open", counts=counts or say("none")))


@quarantine_app.command(
    "export",
    epilog="Exemples :\n\n  rumeur quarantine export rejets.csv\n\n"
    "  rumeur quarantine export - --format jsonl | jq .reason",
)
def quarantine_export(
    output: Annotated[Path, typer.Argument(help="Fichier à écrire, ou - pour la sortie standard.")],
    fmt: Annotated[str, typer.Option("--format", help="csv ou jsonl.")] = "csv",
    status: Annotated[str, typer.Option(help="open, resolved, retried ou all.")] = "open",
    project: ProjectOption = None,
) -> None:
    """Écrit les lignes en quarantaine (avec leur contenu d'origine) pour les corriger à la main.

    En CSV, les cellules qu'un tableur exécuterait comme formules (=, +, -, @...) commencent
    par '.
    """
    from rumeur.workspace.choices import check

    check("--format", fmt, ("csv", "jsonl"))  # before the output file is opened (and emptied)
    with open_workspace(project) as ws:
        if str(output) == "-":
            n = ws.export_quarantine(sys.stdout, fmt=fmt, status=status, lang=lang())
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                n = ws.export_quarantine(out, fmt=fmt, status=status, lang=lang())
    if str(output) != "-":
        console.print(say("export.written", n=n, output=output), markup=False)


@quarantine_app.command(
    "retry",
    epilog="Exemples :\n\n  rumeur quarantine retry\n\n"
    "  rumeur quarantine retry --map created_at=Publié --export-time '2025-10-31 18:00'",
)
def quarantine_retry(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Ids de quarantaine (par défaut : toutes les ouvertes)."),
    ] = None,
    map_: Annotated[
        str | None, typer.Option("--map", help="CHAMP=COLONNE, à la place des colonnes devinées.")
    ] = None,
    export_time: Annotated[
        str | None, typer.Option(help="Date de référence des dates relatives.")
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Repasse les lignes ouvertes de la quarantaine par l'import ; celles qui passent sont
    résolues."""
    with open_workspace(project) as ws:
        out = ws.retry_quarantine(ids, mapping=parse_map_option(map_), reference=export_time)
    if json_:
        emit_json(out.to_dict())
    else:
        console.print(say("quarantine.retried", retried=out.retried, resolved=out.resolved,
                          imported=out.imported, still_open=out.still_open))  # fmt: skip
