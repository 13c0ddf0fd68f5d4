"""``rumeur demo``: the whole job, end to end, on the bundled fictional corpus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rumeur.cli._common import (
    JsonOption,
    Steps,
    console,
    emit_json,
    enrich_bar,
    say,
)
from rumeur.cli.app import app

if TYPE_CHECKING:
    from rumeur.ingest.pipeline import ImportResult


@app.command(
    "demo",
    epilog="Examples:\n\n"
    "  rumeur demo                        # ./rumeur-demo: corpus, store, report\n\n"
    "  rumeur demo /tmp/demo --mentions 30000 --seed 7 --lang en",
)
def demo(
    folder: Annotated[Path, typer.Argument(help="Folder for the demo project.")] = Path(
        "rumeur-demo"
    ),
    mentions: Annotated[int, typer.Option(help="Mentions to generate.")] = 24_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same corpus).")] = 42,
    lang: Annotated[str, typer.Option(help="Report language: fr or en.")] = "fr",
    json_: JsonOption = False,
    project: Annotated[
        Path | None, typer.Option("--project", "-p", help="Same as FOLDER.", show_default=False)
    ] = None,
) -> None:
    """Generate a fictional 90-day corpus about three French operators, import it,
    enrich it and write the report: the whole Rumeur job in one command.

    The brands, people and posts are invented. The corpus hides scripted events for the
    analyses to find (a bad buzz, a fake-praise campaign, a spamming brand account,
    complaints about intrusive ads); their ground truth is in ground_truth.json. A
    fictional poll (two waves) and a subscriber survey are imported too.
    """
    from rumeur.workspace import DEMO_ACCURATE, Workspace

    folder = project if project is not None else folder

    def done(res: ImportResult) -> None:
        if not json_:
            console.print(
                f"  {Path(res.origin).name}: {res.imported:,} imported, {res.duplicates:,} "
                f"duplicates, {res.quarantined:,} quarantined"
            )

    steps = Steps()
    try:
        with enrich_bar(quiet=json_, steps=steps) as progress:
            result = Workspace.demo(
                folder, mentions=mentions, seed=seed, lang=lang, say=steps.say,
                on_file=done, enrich_progress=progress,
            )  # fmt: skip
    finally:
        steps.stop()
    if json_:
        emit_json(result.to_dict())
        return
    timings = result.seconds
    console.print(
        f"\n{result.mentions:,} mentions in {result.store_path} "
        f"({timings['total']:.0f} s: generate {timings['generate']:.0f}, import "
        f"{timings['import']:.0f}, enrich {timings['enrich']:.0f}, report {timings['report']:.0f})"
    )
    console.print(
        f"Sentiment: fast tier on every mention, accurate tier on the {DEMO_ACCURATE} most "
        "seen (rumeur enrich --only sentiment-accurate --most-seen)"
    )
    console.print(say("report.written", path=result.report.resolve()))
    console.print(say("demo.try", folder=folder))
    console.print(
        say("demo.dashboard", folder=folder, project=result.folder.resolve().name.lower())
    )
