"""``rumeur mentions`` (list, search, filter) and ``rumeur quarantine`` (list, export, retry)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    date_option,
    emit_json,
    load_project,
)
from rumeur.cli.app import app
from rumeur.ingest import Ingestor
from rumeur.ingest.columns import parse_map_option
from rumeur.ingest.quarantine import export_quarantine, quarantine_rows, retry_quarantine
from rumeur.query import MentionFilter, find_mentions
from rumeur.storage import open_store


@app.command(
    "mentions",
    epilog="Examples:\n\n"
    "  rumeur mentions --brand volta --since 2025-10-01 --sentiment negative\n\n"
    "  rumeur mentions --search 'panne réseau' --sort reach --limit 20\n\n"
    "  rumeur mentions --unmatched --json > sans-marque.json",
)
def mentions(
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help="Words that must all appear (accents and case ignored)."
        ),
    ] = None,
    brand: Annotated[str | None, typer.Option(help="Brand id.")] = None,
    platform: Annotated[str | None, typer.Option(help="Platform (twitter, reviews...).")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (exclusive).")] = None,
    sentiment: Annotated[
        str | None, typer.Option(help="negative, neutral, positive or unsupported.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Language code (fr, en...).")] = None,
    author: Annotated[str | None, typer.Option(help="Author handle.")] = None,
    unmatched: Annotated[bool, typer.Option(help="Only mentions matching no brand.")] = False,
    own: Annotated[
        bool | None,
        typer.Option("--own/--not-own", help="Only the brands' own posts / only the public's."),
    ] = None,
    sort: Annotated[str, typer.Option(help="date, reach or engagement.")] = "date",
    limit: Annotated[int, typer.Option(help="At most N rows.")] = 50,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """List, search and filter the stored mentions (newest first)."""
    proj = load_project(project)
    tz = proj.timezone
    flt = MentionFilter(
        search=search, brand=brand, platform=platform,
        since=date_option(since, tz, "--since"), until=date_option(until, tz, "--until"),
        sentiment=sentiment, language=language, author=author, unmatched=unmatched,
        own=own, sort=sort, limit=limit,
    )  # fmt: skip
    with open_store(proj, read_only=proj.store_path.exists()) as store:
        rows = find_mentions(store, flt)
    if json_:
        emit_json(rows)
        return
    table = Table("date", "platform", "author", "brands", "sentiment", "text", show_lines=False)
    for r in rows:
        table.add_row(
            r["created_at"].astimezone().strftime("%Y-%m-%d %H:%M"), r["platform"],
            r["author_handle"] or "", ",".join(r["brands"]), r.get("sentiment") or "",
            (r["text"] or "").replace("\n", " ")[:100],
        )  # fmt: skip
    console.print(table)
    console.print(f"[dim]{len(rows)} mention(s)[/]")


quarantine_app = typer.Typer(
    help="Rows that could not be imported, with the file, line, field and reason.",
    no_args_is_help=True,
)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command(
    "list",
    epilog="Examples:\n\n  rumeur quarantine list\n\n  rumeur quarantine list --reason date --json",
)
def quarantine_list(
    reason: Annotated[str | None, typer.Option(help="Only reasons containing this.")] = None,
    status: Annotated[str, typer.Option(help="open, resolved, retried or all.")] = "open",
    limit: Annotated[int, typer.Option(help="At most N rows.")] = 100,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Show quarantined rows (newest first) and a count per reason."""
    proj = load_project(project)
    with open_store(proj) as store:
        rows = quarantine_rows(store, reason, status, limit)
        summary = store.query(
            "SELECT split_part(reason, ':', 1) AS reason, count(*) AS n FROM quarantine "
            "WHERE status = 'open' GROUP BY 1 ORDER BY n DESC"
        )
    if json_:
        emit_json(rows)
        return
    table = Table("id", "file", "line", "field", "reason", "row")
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
    console.print("Open: " + (", ".join(f"{s['reason']} {s['n']}" for s in summary) or "none"))


@quarantine_app.command(
    "export",
    epilog="Examples:\n\n  rumeur quarantine export rejets.csv\n\n"
    "  rumeur quarantine export - --format jsonl | jq .reason",
)
def quarantine_export(
    output: Annotated[Path, typer.Argument(help="File to write, or - for stdout.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "csv",
    status: Annotated[str, typer.Option(help="open, resolved, retried or all.")] = "open",
    project: ProjectOption = None,
) -> None:
    """Write quarantined rows (with their original content) to fix them by hand.

    In CSV, cells a spreadsheet would run as formulas (=, +, -, @...) start with '.
    """
    proj = load_project(project)
    with open_store(proj) as store:
        if str(output) == "-":
            n = export_quarantine(store, sys.stdout, fmt, status)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                n = export_quarantine(store, out, fmt, status)
    if str(output) != "-":
        console.print(f"Wrote {n} row(s) to {output}", markup=False)


@quarantine_app.command(
    "retry",
    epilog="Examples:\n\n  rumeur quarantine retry\n\n"
    "  rumeur quarantine retry --map created_at=Publié --export-time '2025-10-31 18:00'",
)
def quarantine_retry(
    ids: Annotated[
        list[str] | None, typer.Argument(help="Quarantine ids (default: all open).")
    ] = None,
    map_: Annotated[str | None, typer.Option("--map", help="FIELD=COLUMN overrides.")] = None,
    export_time: Annotated[
        str | None, typer.Option(help="Reference time for relative dates.")
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Run open quarantined rows through the import again; fixed ones are resolved."""
    proj = load_project(project)
    reference = date_option(export_time, proj.timezone, "--export-time")
    with open_store(proj) as store:
        full_ids = None
        if ids:
            full_ids = [
                r["quarantine_id"]
                for r in store.query(
                    "SELECT quarantine_id FROM quarantine WHERE "
                    + " OR ".join("quarantine_id LIKE ?" for _ in ids),
                    [f"{i}%" for i in ids],
                )
            ]
        result, resolved = retry_quarantine(
            Ingestor(store, proj), ids=full_ids, mapping=parse_map_option(map_),
            reference=reference)  # fmt: skip
        still = int(store.scalar("SELECT count(*) FROM quarantine WHERE status = 'open'") or 0)
    if json_:
        emit_json(
            {
                "retried": result.rows,
                "resolved": resolved,
                "imported": result.imported,
                "still_open": still,
            }
        )
    else:
        console.print(
            f"Retried {result.rows} row(s): {resolved} resolved "
            f"({result.imported} new mentions), {still} still open."
        )
