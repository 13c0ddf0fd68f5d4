"""``rumeur nlp``: run the opinion models on JSON-lines or plain text (a stable contract).

Input (``--input FILE``, ``-`` for stdin, the default): one item per line.

- A line starting with ``{`` is a JSON object with a ``"text"`` string and an optional
  ``"id"`` (any JSON value, echoed as is; missing → the 0-based line number).
- Any other line is plain text; its id is its 0-based line number in the input.
- Empty (blank) lines are skipped; they still count in line numbers.
- A line that starts with ``{`` but is not a JSON object with a string ``"text"`` is an
  error: the message names the line (1-based) on stderr, nothing is written, exit code 1.

Output (``--output FILE``, ``-`` for stdout, the default): one JSON object per input item,
in input order, each with ``"id"``, the model's fields and ``"model"`` (``name@version``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from rumeur.cli._common import (
    err_console,
    fail,
    lang,
    say,
)
from rumeur.cli.app import app
from rumeur.messages import Text

nlp_app = typer.Typer(
    rich_markup_mode=None,
    help="Modèles d'opinion pour le français : tonalité, émotions, aspects (JSON lines en "
    "entrée et en sortie).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(nlp_app, name="nlp")

BATCH = 256
InputOpt = Annotated[
    str, typer.Option("--input", "-i", help="Fichier JSONL ou texte ; - = entrée standard.")
]
OutputOpt = Annotated[
    str, typer.Option("--output", "-o", help="Fichier JSONL ; - = sortie standard.")
]
#: accepted by every command; the nlp filters read no project (models ship in the package)
NoProject = Annotated[
    Path | None,
    typer.Option("--project", "-p", help="Accepté par cohérence ; inutilisé.", hidden=False),
]


class InputLineError(ValueError):
    """A bad input line; ``str(err)`` in French, :meth:`text` in either language."""

    def __init__(self, line: int, reason: Text) -> None:
        self.line, self.reason = line, reason
        super().__init__(self.text("fr"))

    def text(self, lang: str) -> str:
        if lang == "en":
            return f"input line {self.line}: {self.reason.en}"
        return f"ligne d'entrée {self.line} : {self.reason.fr}"


def parse_lines(lines: Sequence[str]) -> list[tuple[Any, str]]:
    """(id, text) per non-blank line; raises :class:`InputLineError` on a bad JSON line."""
    items: list[tuple[Any, str]] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("{"):
            items.append((number, line.rstrip("\r\n")))
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as err:
            raise InputLineError(
                number + 1,
                Text(f"JSON invalide ({err.msg}, colonne {err.colno})",
                     f"invalid JSON ({err.msg}, column {err.colno})"),
            ) from err  # fmt: skip
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputLineError(
                number + 1,
                Text('un objet JSON avec un champ "text" (une chaîne) est attendu',
                     'expected a JSON object with a string "text" field'),
            )  # fmt: skip
        items.append((obj.get("id", number), obj["text"]))
    return items


@contextmanager
def _open(path: str, mode: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin if mode == "r" else sys.stdout
    else:
        with Path(path).open(mode, encoding="utf-8", newline=None if mode == "r" else "\n") as fh:
            yield fh


def run_jsonl(
    input_path: str,
    output_path: str,
    model: Any,
    fields: Callable[[dict[str, Any]], dict],
    reviews: bool = False,
) -> None:
    """Read, predict in batches, write in input order; errors exit with code 1. With
    ``reviews``, every text is passed to the model as a customer review."""
    try:
        with _open(input_path, "r") as fh:
            items = parse_lines(fh.readlines())
    except (InputLineError, OSError, UnicodeDecodeError) as err:
        message = err.text(lang()) if isinstance(err, InputLineError) else str(err)
        err_console.print(say("error", message=message), style="bold red", soft_wrap=True)
        raise typer.Exit(1) from err
    key = f"{model.name}@{model.version}"
    show = sys.stderr.isatty() and len(items) > BATCH
    with _open(output_path, "w") as out:
        if show:
            from rich.progress import track

            starts = track(range(0, len(items), BATCH), description=key, console=err_console)
        else:
            starts = range(0, len(items), BATCH)
        for start in starts:
            chunk = items[start : start + BATCH]
            texts = [t for _, t in chunk]
            if reviews:
                preds = model.predict(texts, reviews=[True] * len(texts))
            else:
                preds = model.predict(texts)
            for (ident, _), pred in zip(chunk, preds, strict=True):
                row = {"id": ident, **fields(pred), "model": key}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()


@nlp_app.command(
    epilog="Exemples :\n\n"
    '  echo \'{"id": 1, "text": "Service client au top !"}\' | rumeur nlp sentiment\n\n'
    "  rumeur nlp sentiment --tier accurate -i mentions.jsonl -o scored.jsonl\n\n"
    "  printf 'Trop cher\\nMerci !\\n' | rumeur nlp sentiment\n\n"
    "  (texte brut : id = numéro de ligne)\n\n"
    "  rumeur nlp sentiment --tier accurate --reviews -i avis.jsonl\n\n"
    "  (des avis clients : les plus courts sont lus par la tête « avis » du niveau accurate)"
)
def sentiment(
    tier: Annotated[str, typer.Option(help="fast (par défaut) ou accurate.")] = "fast",
    input: InputOpt = "-",
    output: OutputOpt = "-",
    reviews: Annotated[
        bool,
        typer.Option(
            "--reviews",
            help="Chaque texte est un avis client (export d'avis) : le niveau accurate lit "
            "les avis courts avec sa tête « avis » ; sans effet sur le niveau fast.",
        ),
    ] = False,
    project: NoProject = None,
) -> None:
    """Tonalité : l'étiquette negative|neutral|positive et les trois probabilités (somme 1).
    Répond toujours l'une des trois étiquettes (pas de filtre de langue ici)."""
    from rumeur.errors import UsageError
    from rumeur.nlp import TIERS, load_sentiment
    from rumeur.workspace.choices import check

    try:
        check("--tier", tier, TIERS)
    except UsageError as err:
        raise fail(err) from None
    run_jsonl(input, output, load_sentiment(tier), lambda p: p, reviews=reviews)


@nlp_app.command(
    epilog="Exemples :\n\n"
    '  echo \'{"id": "a", "text": "J ai peur pour mes données 😨"}\' | rumeur nlp emotions\n\n'
    "  rumeur nlp emotions -i mentions.jsonl -o emotions.jsonl"
)
def emotions(input: InputOpt = "-", output: OutputOpt = "-", project: NoProject = None) -> None:
    """Émotions : scores dans [0, 1] pour anger, joy, sadness, fear, surprise, disgust, trust
    (colère, joie, tristesse, peur, surprise, dégoût, confiance), et "labels", les émotions
    au-dessus de leur seuil."""
    from rumeur.nlp import load_emotions

    run_jsonl(input, output, load_emotions(), lambda p: p)


@nlp_app.command(
    epilog="Exemples :\n\n"
    '  echo \'{"id": 7, "text": "Livraison rapide mais trop cher"}\' | rumeur nlp aspects\n\n'
    "  rumeur nlp aspects -i mentions.jsonl -o aspects.jsonl"
)
def aspects(input: InputOpt = "-", output: OutputOpt = "-", project: NoProject = None) -> None:
    """Aspects : {"aspects": {aspect: positive|negative|mixed|no_opinion}} pour les aspects
    que le texte aborde (price, quality, service, delivery, website, trust, privacy,
    intrusiveness : prix, qualité, service, livraison, site, confiance, vie privée,
    intrusion)."""
    from rumeur.nlp import load_aspects

    run_jsonl(input, output, load_aspects(), lambda p: p)


@nlp_app.command(
    epilog="Exemples :\n\n"
    "  rumeur nlp train                       # lit /work/shared/data (ou $RUMEUR_DATA)\n\n"
    "  rumeur nlp train --data ./data --out ./models --only fast"
)
def train(
    data: Annotated[Path | None, typer.Option(help="Dossier shared/data.")] = None,
    out: Annotated[Path | None, typer.Option(help="Où écrire les modèles.")] = None,
    only: Annotated[str, typer.Option(help="Étapes : fast,accurate,aspects,crisis.")] = (
        "fast,accurate,aspects,crisis"
    ),
    cache: Annotated[
        Path | None,
        typer.Option(
            help="Dossier de travail : plongements, prédictions hors pli (défaut /tmp/rumeur-nlp)."
        ),
    ] = None,
    project: NoProject = None,
) -> None:
    """Réentraîne les modèles d'opinion (graine fixe, reproductible ; l'étape accurate prend
    ~10 min sur 2 cœurs la première fois, les plongements sont gardés dans le dossier de
    travail, --cache)."""
    from rumeur.nlp.train import main

    argv = ["--only", only]
    if data is not None:
        argv += ["--data", str(data)]
    if out is not None:
        argv += ["--out", str(out)]
    if cache is not None:
        argv += ["--cache", str(cache)]
    raise typer.Exit(main(argv))


@nlp_app.command(
    epilog="Exemples :\n\n  rumeur nlp evaluate            # jeu de défis, par phénomène\n\n"
    "  rumeur nlp evaluate --tier accurate"
)
def evaluate(
    tier: Annotated[str, typer.Option(help="fast, accurate ou all.")] = "all",
    project: NoProject = None,
) -> None:
    """Exactitude par phénomène sur le jeu de défis écrit à la main, et sur les jeux de
    validation des émotions et des aspects."""
    from rumeur.nlp.evaluate import main

    raise typer.Exit(main(["--tier", tier]))
