"""``rumeur demo``: the whole job, end to end, on the bundled fictional corpus."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from rumeur import config
from rumeur.cli._common import JsonOption, console, emit_json
from rumeur.cli.app import app
from rumeur.cli.ingest import _enrich
from rumeur.enrich.pipeline import Selection
from rumeur.ingest import Ingestor
from rumeur.report import build_report
from rumeur.storage.duckdb import DuckDBStore

#: the accurate tier runs on this many of the most-seen mentions (~5 s on 2 cores)
DEMO_ACCURATE = 200

_DEMO_ALERTS = """
# Alert rules (docs/analytics.md). No channel is configured in the demo: add an e-mail or
# webhook channel to receive them; `rumeur alerts check` evaluates, the report replays.
[alerts]
cooldown_minutes = 120

[[alerts.rules]]
name = "bad-buzz-volta"
type = "spike"
brand = "volta"
metrics = ["volume", "negative"]

[[alerts.rules]]
name = "detracteur-influent"
type = "detractor"
min_reach = 500000

[[alerts.rules]]
name = "donnees-personnelles"
type = "keyword"
terms = ["revente de nos données", "revendre mes données"]
"""


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
) -> None:
    """Generate a fictional 90-day corpus about three French operators, import it,
    enrich it and write the report: the whole Rumeur job in one command.

    The brands, people and posts are invented. The corpus hides scripted events for the
    analyses to find (a bad buzz, a fake-praise campaign, a spamming brand account,
    complaints about intrusive ads); their ground truth is in ground_truth.json. A
    fictional poll (two waves) and a subscriber survey are imported too.
    """
    from rumeur.analytics.polls import read_poll_csv, read_survey_csv, save_poll, save_survey
    from rumeur.demo import generate
    from rumeur.demo.polls import write_polls

    t0 = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    store_path = folder / "rumeur.duckdb"
    for stale in (store_path, store_path.with_name(store_path.name + ".wal")):
        stale.unlink(missing_ok=True)  # the demo always starts from a fresh store
    timings: dict[str, float] = {}
    with console.status("Generating the corpus…"):
        corpus = generate(folder / "data", seed=seed, n_mentions=mentions)
    timings["generate"] = time.perf_counter() - t0
    toml = folder / config.CONFIG_NAME
    toml.write_text(
        config.template(name="Démo — opérateurs fictifs", brands=corpus.brands, language=lang)
        + _DEMO_ALERTS,
        encoding="utf-8",
    )
    project = config.load(toml)
    results = []
    with DuckDBStore(project.store_path) as store:
        ingestor = Ingestor(store, project)
        t = time.perf_counter()
        for f in corpus.files:
            with console.status(f"Importing {f.name}…"):
                res = ingestor.import_file(f, reference=corpus.end)
            results.append(res)
            if not json_:
                console.print(
                    f"  {f.name}: {res.imported:,} imported, {res.duplicates:,} "
                    f"duplicates, {res.quarantined:,} quarantined"
                )
        poll, survey = write_polls(folder / "data", seed=seed)
        save_poll(store, "sondage-reseaux", read_poll_csv(poll), source=str(poll))
        save_survey(store, "enquete-abonnes", *read_survey_csv(survey), source=str(survey))
        timings["import"] = time.perf_counter() - t
        t = time.perf_counter()
        _enrich(store, project, None, False, None, quiet=json_, refresh_rollups=False)
        # the accurate tier on request, where it matters: the most-seen mentions
        _enrich(
            store, project, ["sentiment-accurate"], False, DEMO_ACCURATE, quiet=json_,
            select=Selection(most_seen=True),
        )  # fmt: skip
        timings["enrich"] = time.perf_counter() - t
        t = time.perf_counter()
        report = build_report(store, project, folder / "rapport.html", lang=lang)
        timings["report"] = time.perf_counter() - t
        total = int(store.scalar("SELECT count(*) FROM mentions") or 0)
    timings["total"] = time.perf_counter() - t0
    if json_:
        emit_json(
            {
                "folder": str(folder.resolve()),
                "report": str(report.resolve()),
                "mentions": total,
                "imports": [r.as_dict() for r in results],
                "ground_truth": str(corpus.ground_truth.resolve()),
                "seconds": {k: round(v, 2) for k, v in timings.items()},
            }
        )
        return
    console.print(
        f"\n{total:,} mentions in {project.store_path} "
        f"({timings['total']:.0f} s: generate {timings['generate']:.0f}, import "
        f"{timings['import']:.0f}, enrich {timings['enrich']:.0f}, report {timings['report']:.0f})"
    )
    console.print(
        f"Sentiment: fast tier on every mention, accurate tier on the {DEMO_ACCURATE} most "
        "seen (rumeur enrich --only sentiment-accurate --most-seen)"
    )
    console.print(f"Report: [bold]{report.resolve()}[/]")
    console.print(f"Try: rumeur mentions -p {folder} --search panne --sort reach")
