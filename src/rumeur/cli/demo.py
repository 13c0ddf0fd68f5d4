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
    numbers,
    say,
)
from rumeur.cli.app import app

if TYPE_CHECKING:
    from rumeur.ingest.pipeline import ImportResult


@app.command(
    "demo",
    epilog="Exemples :\n\n"
    "  rumeur demo                        # ./rumeur-demo : corpus, base, rapport\n\n"
    "  rumeur demo /tmp/demo --mentions 30000 --seed 7 --lang en",
)
def demo(
    folder: Annotated[Path, typer.Argument(help="Dossier du projet de démonstration.")] = Path(
        "rumeur-demo"
    ),
    mentions: Annotated[
        int,
        typer.Option(
            min=2000,
            help="Nombre de mentions à générer (au moins 2 000 : les événements "
            "scénarisés doivent y tenir).",
        ),
    ] = 24_000,
    seed: Annotated[int, typer.Option(help="Graine aléatoire (même graine, même corpus).")] = 42,
    lang: Annotated[str, typer.Option(help="Langue du rapport : fr ou en.")] = "fr",
    json_: JsonOption = False,
    project: Annotated[
        Path | None, typer.Option("--project", "-p", help="Comme FOLDER.", show_default=False)
    ] = None,
) -> None:
    """Génère un corpus fictif de 90 jours sur trois opérateurs français, l'importe,
    l'enrichit et écrit le rapport : tout le travail de Rumeur en une commande.

    Marques, personnes et posts sont inventés. Le corpus cache des événements scénarisés
    que les analyses doivent trouver (un bad buzz, une campagne de faux éloges, un compte de
    marque qui spamme, des plaintes sur des publicités intrusives) ; leur vérité terrain est
    dans ground_truth.json. Un sondage fictif (deux vagues) et une enquête auprès des abonnés
    sont importés aussi.
    """
    from rumeur.workspace import DEMO_ACCURATE, Workspace

    folder = project if project is not None else folder

    def done(res: ImportResult) -> None:
        if not json_:
            n = numbers()
            console.print(say("demo.file", file=Path(res.origin).name, imported=n.num(res.imported),
                              duplicates=n.num(res.duplicates),
                              quarantined=n.num(res.quarantined)))  # fmt: skip

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
    console.print("\n" + say("demo.summary", n=numbers().num(result.mentions),
                              store=result.store_path,
                              **{k: numbers().num(v) for k, v in timings.items()}))  # fmt: skip
    console.print(say("demo.tiers", n=DEMO_ACCURATE))
    console.print(say("report.written", path=result.report.resolve()))
    console.print(say("demo.try", folder=folder))
    console.print(
        say("demo.dashboard", folder=folder, project=result.folder.resolve().name.lower())
    )
