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
    new_table,
    open_workspace,
)
from rumeur.cli.app import app
from rumeur.errors import ImportFileError
from rumeur.ingest.columns import FIELDS, parse_map_option

if TYPE_CHECKING:
    from rumeur.ingest.pipeline import ImportResult


@app.command(
    "import",
    epilog="Examples:\n\n"
    "  rumeur import avis.csv                  # CSV: encoding, delimiter, columns guessed\n\n"
    "  rumeur import export.csv --map text=Verbatim,created_at='Date de publication'\n\n"
    "  rumeur import statuses.jsonl posts.json data.parquet --platform twitter\n\n"
    "  rumeur import avis.csv --export-time '2025-10-31 18:00'   # for 'Il y a 3 heures'\n\n"
    "Fields for --map: " + ", ".join(FIELDS),
)
def import_(
    files: Annotated[list[Path], typer.Argument(help="CSV, JSONL/JSON or Parquet files.")],
    map_: Annotated[
        str | None,
        typer.Option("--map", help="FIELD=COLUMN pairs, comma-separated, overriding guesses."),
    ] = None,
    platform: Annotated[
        str | None, typer.Option(help="Platform of rows that do not say (e.g. reviews).")
    ] = None,
    export_time: Annotated[
        str | None,
        typer.Option(help="When the export was made, for relative dates (default: file mtime)."),
    ] = None,
    enrich: Annotated[bool, typer.Option(help="Enrich the new mentions afterwards.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Import mentions from files; bad rows go to quarantine, duplicates are skipped.

    Reads CSV (UTF-8 with or without BOM, Windows-1252/Latin-1 or a mix; delimiter
    , ; tab |; any line ends), JSON Lines / JSON (Mastodon statuses, Bluesky posts, or
    any objects) and Parquet. File names are taken literally (no wildcards). Importing
    the same file twice, or a copy of it, adds nothing. A file that cannot be read does
    not stop the others (exit code 5 at the end).
    """
    from rumeur.ingest.summary import closing, describe  # loads the importer: on use

    with open_workspace(project) as ws:
        lang = ws.project.language

        def done(res: ImportResult) -> None:
            if not json_:
                for line in describe(res, lang):
                    console.print(line, markup=False, highlight=False)

        with console.status("Import…") as st:
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
    epilog="Examples:\n\n"
    "  rumeur enrich                         # what is missing, default enrichers\n\n"
    "  rumeur enrich --only sentiment-accurate --limit 2000\n\n"
    "  rumeur enrich --only sentiment-accurate --brand volta --most-seen --limit 500"
    "   # the 500 most-seen mentions of a brand\n\n"
    "  rumeur enrich --only sentiment-accurate --since 2025-10-01   # overnight, a month\n\n"
    "  rumeur enrich --list",
)
def enrich(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--enrichers", "--only", help="Run only these enrichers (repeatable, or a,b)."
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Also run the optional enrichers.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most N mentions per enricher.")] = None,
    brand: Annotated[
        str | None, typer.Option("--brand", "-b", help="Only this brand's mentions (brand id).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only mentions from this date (inclusive).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Only mentions before this date.")] = None,
    most_seen: Annotated[
        bool,
        typer.Option(
            "--most-seen",
            help="Highest estimated reach first (views, else followers × platform factor; "
            "see [audience]), not oldest first: with --limit, the mentions most people saw.",
        ),
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="List enrichers and coverage.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Enrich mentions (language, sentiment...): only what is missing or outdated.

    Resumable: stop it at any time, run it again, it carries on.
    """
    with open_workspace(project) as ws:
        select = ws.selection(brand=brand, since=since, until=until, most_seen=most_seen)
        if list_:
            rows = ws.enrichment_status()
            if json_:
                emit_json([dataclasses.asdict(r) for r in rows])
                return
            table = new_table("enricher", "version", "default", "done", "missing", "description")
            for r in rows:
                table.add_row(
                    r.name,
                    r.version,
                    "yes" if r.default else "on request",
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
        console.print(
            f"Enriched in {secs:.1f} s: " + ", ".join(f"{k}: {v}" for k, v in done.items())
        )
