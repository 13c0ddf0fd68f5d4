"""``rumeur import`` and ``rumeur enrich``."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    clean,
    console,
    emit_json,
    enrich_bar,
    lang,
    new_table,
    numbers,
    open_workspace,
    say,
)
from rumeur.cli.app import app
from rumeur.errors import ImportFileError
from rumeur.ingest.columns import FIELDS, parse_map_option

if TYPE_CHECKING:
    from rumeur.ingest.pipeline import ImportResult


@app.command(
    "import",
    epilog="Exemples :\n\n"
    "  rumeur import avis.csv                  # CSV : encodage, séparateur, colonnes devinés\n\n"
    "  rumeur import export.csv --map text=Verbatim,created_at='Date de publication'\n\n"
    "  rumeur import statuses.jsonl posts.json data.parquet --platform twitter\n\n"
    "  rumeur import avis.csv --export-time '2025-10-31 18:00'   # pour « Il y a 3 heures »\n\n"
    "Champs pour --map : " + ", ".join(FIELDS),
)
def import_(
    files: Annotated[list[Path], typer.Argument(help="Fichiers CSV, JSONL/JSON ou Parquet.")],
    map_: Annotated[
        str | None,
        typer.Option(
            "--map",
            help="Paires CHAMP=COLONNE, séparées par des virgules, qui remplacent les "
            "colonnes devinées.",
        ),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(help="Plateforme des lignes qui ne la donnent pas (p. ex. reviews)."),
    ] = None,
    export_time: Annotated[
        str | None,
        typer.Option(
            help="Date de l'export, pour les dates relatives (par défaut : date de "
            "modification du fichier)."
        ),
    ] = None,
    enrich: Annotated[bool, typer.Option(help="Enrichit ensuite les nouvelles mentions.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Importe des mentions depuis des fichiers ; les lignes invalides vont en quarantaine,
    les doublons sont ignorés.

    Lit le CSV (UTF-8 avec ou sans BOM, Windows-1252/Latin-1 ou un mélange ; séparateur
    , ; tabulation |; toutes fins de ligne), le JSON Lines / JSON (statuts Mastodon, posts
    Bluesky, ou tous objets) et le Parquet. Les noms de fichiers sont pris tels quels (pas de
    jokers). Importer deux fois le même fichier, ou une copie, n'ajoute rien. Un fichier
    illisible n'arrête pas les autres (code de sortie 5 à la fin).
    """
    from rumeur.ingest.summary import closing, describe  # loads the importer: on use

    with open_workspace(project) as ws:
        lang = ws.project.language

        def done(res: ImportResult) -> None:
            if not json_:
                for line in describe(res, lang):
                    console.print(line, markup=False, highlight=False)

        with console.status(say("import.progress")) as st:
            results = ws.import_files(
                files, mapping=parse_map_option(map_), platform=platform,
                reference=export_time, progress=lambda msg: st.update(clean(msg)), on_file=done,
            )  # fmt: skip
        if enrich:
            with enrich_bar(quiet=json_) as progress:
                ws.enrich(progress=progress)
    if json_:
        emit_json([r.as_dict() for r in results])
    else:
        for line in closing(results, lang):
            console.print(line, markup=False, highlight=False)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(ImportFileError.exit_code)


@app.command(
    "enrich",
    epilog="Exemples :\n\n"
    "  rumeur enrich                         # ce qui manque, enrichisseurs par défaut\n\n"
    "  rumeur enrich --only sentiment-accurate --limit 2000\n\n"
    "  rumeur enrich --only sentiment-accurate --brand volta --most-seen --limit 500"
    "   # les 500 mentions les plus vues d'une marque\n\n"
    "  rumeur enrich --only sentiment-accurate --since 2025-10-01   # la nuit, un mois\n\n"
    "  rumeur enrich --list",
)
def enrich(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--enrichers", "--only", help="Seulement ces enrichisseurs (répétable, ou a,b)."
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Lance aussi les enrichisseurs facultatifs.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="Au plus N mentions par enrichisseur.")] = None,
    brand: Annotated[
        str | None,
        typer.Option("--brand", "-b", help="Seulement les mentions de cette marque (son id)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Seulement les mentions à partir de cette date (incluse).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Seulement les mentions avant cette date.")
    ] = None,
    most_seen: Annotated[
        bool,
        typer.Option(
            "--most-seen",
            help="La plus forte audience estimée d'abord (vues, sinon abonnés × facteur de la "
            "plateforme ; voir [audience]), pas la plus ancienne : avec --limit, les mentions "
            "que le plus de gens ont vues.",
        ),
    ] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="Liste les enrichisseurs et ce qu'ils couvrent.")
    ] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Enrichit les mentions (langue, tonalité...) : seulement ce qui manque ou est périmé.

    Reprend où il s'est arrêté : interrompez-le quand vous voulez, relancez-le, il continue.
    """
    with open_workspace(project) as ws:
        select = ws.selection(brand=brand, since=since, until=until, most_seen=most_seen)
        if list_:
            rows = ws.enrichment_status()
            if json_:
                emit_json([dataclasses.asdict(r) for r in rows])
                return
            table = new_table(
                *(
                    say(f"col.{c}")
                    for c in ("enricher", "version", "default", "done", "missing", "description")
                )
            )
            for r in rows:
                table.add_row(
                    r.name,
                    r.version,
                    say("enrich.default" if r.default else "enrich.on_request"),
                    str(r.done),
                    str(r.missing),
                    r.description,
                )
            console.print(table)
            return
        started = datetime.now()
        with enrich_bar(quiet=json_) as progress:
            names = [n for item in only or () for n in item.split(",") if n] or None
            done = ws.enrich(
                names, include_optional=all_, limit=limit, select=select, progress=progress
            )
    if json_:
        emit_json({"enriched": done})
    else:
        secs = (datetime.now() - started).total_seconds()
        n = numbers()
        counts = ", ".join(
            f"{k} : {n.num(v)}" if lang() == "fr" else f"{k}: {n.num(v)}" for k, v in done.items()
        )
        console.print(say("enrich.done", secs=n.num(secs, 1), counts=counts))
