"""``rumeur labels``: a person's labels over the models' (set, history, export)."""

from __future__ import annotations

import getpass
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
)
from rumeur.cli.app import app

labels_app = typer.Typer(
    rich_markup_mode=None,
    help="Corrige à la main l'étiquette d'une mention ; les mesures préfèrent l'étiquette "
    "d'une personne à celle du modèle (et le disent) ; exporte les corrections pour "
    "l'entraînement.",
    no_args_is_help=True,
)
app.add_typer(labels_app, name="labels")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


@labels_app.command(
    "set",
    epilog="Exemples :\n\n  rumeur labels set 3f9a1c2b7d --sentiment negative\n\n"
    "  rumeur labels set 3f9a1c2b7d --sentiment neutral --user alice "
    "--note 'question, pas une plainte' --json",
)
def labels_set(
    mention_id: Annotated[
        str, typer.Argument(help="Id de la mention (ou un préfixe unique, 6 caractères ou plus).")
    ],
    sentiment: Annotated[
        str, typer.Option(help="La bonne étiquette : negative, neutral ou positive.")
    ],
    user: Annotated[
        str | None, typer.Option(help="Qui corrige (par défaut : votre nom de connexion).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Pourquoi (gardé avec la correction).")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Fixe à la main la tonalité d'une mention (gardée avec qui et quand ; la plus récente
    l'emporte)."""
    with open_workspace(project) as ws:
        c = ws.correct_label(
            mention_id, field="sentiment", value=sentiment, user=user or _default_user(),
            note=note,
        )  # fmt: skip
    if json_:
        emit_json(c.to_dict())
        return
    console.print(
        f"{c.mention_id} : {c.previous or 'sans étiquette'} ({c.previous_model or '-'}) "
        f"-> {c.value}, étiquetée par une personne ({c.user})"
    )


@labels_app.command(
    "history",
    epilog="Exemples :\n\n  rumeur labels history\n\n  rumeur labels history 3f9a1c2b7d --json",
)
def labels_history(
    mention_id: Annotated[str | None, typer.Argument(help="Seulement cette mention.")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Toutes les corrections, les plus anciennes d'abord (la plus récente d'une mention
    fait foi)."""
    with open_workspace(project) as ws:
        rows = ws.label_history(mention_id)
        zone = ws.project.timezone
    if json_:
        emit_json([c.to_dict() for c in rows])
        return
    from zoneinfo import ZoneInfo

    table = new_table(
        *(say(f"col.{k}", zone=zone) for k in ("date", "mention", "before", "label", "by", "note"))
    )
    for c in rows:
        table.add_row(
            c.corrected_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M"),
            c.mention_id, c.previous or "", c.value, c.user, c.note or "",
        )  # fmt: skip
    console.print(table)
    console.print(say("labels.count", n=len(rows)), style="dim")


@labels_app.command(
    "export",
    epilog="Exemples :\n\n  rumeur labels export corrections.jsonl\n\n"
    "  rumeur labels export - | head -3",
)
def labels_export(
    output: Annotated[
        Path, typer.Argument(help="Fichier JSON Lines à écrire, ou - pour la sortie standard.")
    ],
    project: ProjectOption = None,
) -> None:
    """Écrit les corrections en vigueur comme données d'entraînement : un objet JSON par ligne
    avec "id", "text", "label", "corrected_by", "corrected_at"."""
    with open_workspace(project) as ws:
        if str(output) == "-":
            ws.export_labels(sys.stdout)
            return
        tmp = output.with_name(output.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            n = ws.export_labels(out)
        tmp.replace(output)
    console.print(f"{n} correction(s) écrite(s) dans {output}", markup=False)
