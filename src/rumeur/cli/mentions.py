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
    new_table,
    open_workspace,
    say,
    term,
)
from rumeur.cli.app import app
from rumeur.errors import RumeurError
from rumeur.ingest.columns import parse_map_option
from rumeur.records import PLATFORMS


@app.command(
    "mentions",
    epilog="Examples:\n\n"
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
            help="Words that must all appear (full-text index: French stems, accents and "
            "case ignored, stop words skipped; ranked by relevance, BM25).",
        ),
    ] = None,
    brand: Annotated[str | None, typer.Option("--brand", "-b", help="Brand id.")] = None,
    platform: Annotated[
        str | None, typer.Option(help="Platform: " + ", ".join(PLATFORMS) + ".")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (exclusive).")] = None,
    sentiment: Annotated[
        str | None, typer.Option(help="negative, neutral, positive or unsupported.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--lang", "--language", help="Language code (fr, en...).")
    ] = None,
    author: Annotated[str | None, typer.Option(help="Author handle.")] = None,
    unmatched: Annotated[bool, typer.Option(help="Only mentions matching no brand.")] = False,
    own: Annotated[
        bool | None,
        typer.Option("--own/--not-own", help="Only the brands' own posts / only the public's."),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            help="date, reach, engagement or relevance (default: relevance with "
            "--search, else date)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most N rows.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip the first N rows (next pages).")] = 0,
    reindex: Annotated[
        bool, typer.Option("--reindex", help="Rebuild the search index first (all of it).")
    ] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """List, search and filter the stored mentions (newest first)."""
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
    with open_workspace(project) as ws:
        rows = ws.quarantine(reason=reason, status=status, limit=limit)
        summary = ws.quarantine_summary()
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
            term("reason", r["reason"]),
            (r["payload"] or "")[:60],
        )
    console.print(table)
    counts = ", ".join(f"{term('reason', s['reason'])} {s['n']}" for s in summary)
    console.print(say("quarantine.open", counts=counts or say("none")))


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
    if fmt not in ("csv", "jsonl"):  # before the output file is opened (and emptied)
        raise RumeurError(f"--format must be csv or jsonl, not {fmt!r}")
    with open_workspace(project) as ws:
        if str(output) == "-":
            n = ws.export_quarantine(sys.stdout, fmt=fmt, status=status)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                n = ws.export_quarantine(out, fmt=fmt, status=status)
    if str(output) != "-":
        console.print(say("export.written", n=n, output=output), markup=False)


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
    with open_workspace(project) as ws:
        out = ws.retry_quarantine(ids, mapping=parse_map_option(map_), reference=export_time)
    if json_:
        emit_json(out.to_dict())
    else:
        console.print(
            f"Retried {out.retried} row(s): {out.resolved} resolved "
            f"({out.imported} new mentions), {out.still_open} still open."
        )
