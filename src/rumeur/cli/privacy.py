"""``rumeur privacy``: the rights people have over their data (RGPD), and the register.

rumeur privacy erase --author HANDLE [--platform P]    art. 17, erasure
rumeur privacy export --author HANDLE [--platform P]   art. 15, access (JSON)
rumeur privacy log                                     the privacy operations log
rumeur privacy register                                art. 30, the record of processing
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rumeur.cli._common import JsonOption, ProjectOption, console, emit_json, open_workspace
from rumeur.cli.app import app

privacy_app = typer.Typer(
    help="Droits des personnes (RGPD) : effacement, accès, journal, registre.",
    no_args_is_help=True,
)
app.add_typer(privacy_app, name="privacy")

AuthorOption = Annotated[
    list[str],
    typer.Option(
        "--author",
        help="L'identifiant de la personne (@ et casse ignorés) ; répétez-le pour un autre "
        "identifiant de la même personne (le nom complet qu'affiche un export d'avis).",
    ),
]
PlatformOption = Annotated[
    str | None, typer.Option("--platform", help="Seulement cette plateforme (par défaut : toutes).")
]

_MSG = {
    "fr": {
        "erased": "Effacé : {m} mention(s), {r} élément(s) brut(s), {q} ligne(s) en quarantaine, "
        "{a} ligne(s) de {f} fichier(s) archivé(s) réécrit(s) ; {s} trace(s) effacée(s) "
        "ailleurs. Référence au journal : {log}.",
        "dry": "Effacerait : {m} mention(s), {f} fichier(s) archivé(s) à réécrire (rien n'a "
        "été modifié).",
        "none": "Aucune donnée trouvée pour {h} ; la personne est tout de même mémorisée : "
        "une importation future ne la fera pas entrer.",
        "written": "Écrit : {p}",
        "empty": "Journal vide.",
        "line": "{when} ({tz}) {op}{who}{where} par {actor} : {counts}",
        "subject": " sujet=",
        "platform": " plateforme=",
    },
    "en": {
        "erased": "Erased: {m} mention(s), {r} raw item(s), {q} quarantined row(s), {a} row(s) "
        "of {f} archived file(s) rewritten; {s} trace(s) scrubbed elsewhere. Log reference: "
        "{log}.",
        "dry": "Would erase: {m} mention(s), {f} archived file(s) to rewrite (nothing changed).",
        "none": "No data found for {h}; the person is remembered anyway: a future import "
        "will not bring them in.",
        "written": "Wrote: {p}",
        "empty": "The log is empty.",
        "line": "{when} ({tz}) {op}{who}{where} by {actor}: {counts}",
        "subject": " subject=",
        "platform": " platform=",
    },
}


@privacy_app.command(
    "erase",
    epilog="Exemples :\n\n  rumeur privacy erase --author @jeanne_fictive --dry-run\n\n"
    "  rumeur privacy erase --author jeanne_fictive --platform mastodon\n\n"
    "  rumeur privacy erase --author jeanne_fictive --author 'Jeanne Fictive-Lambert'",
)
def erase_cmd(
    author: AuthorOption,
    platform: PlatformOption = None,
    dry_run: Annotated[bool, typer.Option(help="Compte seulement ; ne change rien.")] = False,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Efface une personne (RGPD art. 17) : ses mentions, enrichissements, agrégats, éléments
    bruts, lignes en quarantaine et lignes archivées ; et la tient à l'écart des imports et
    collectes à venir (seule une empreinte à clé est gardée, jamais son nom)."""
    with open_workspace(project) as ws:
        done = ws.erase_author(author, platform, dry_run=dry_run)
        proj = ws.project
    if json_:
        emit_json(done.as_dict())
        return
    msg, c = _MSG[proj.language], done.counts
    if dry_run:
        console.print(
            msg["dry"].format(m=c["mentions"], f=c["raw_files"]), markup=False, soft_wrap=True
        )
    elif not c["mentions"] and not c["raw_items"] and not c["archived_rows"]:
        console.print(msg["none"].format(h=", ".join(author)), markup=False, soft_wrap=True)
    else:
        scrubbed = sum(v for k, v in c.items() if k.startswith("scrubbed:"))
        console.print(
            msg["erased"].format(
                m=c["mentions"],
                r=c["raw_items"],
                q=c["quarantine"],
                a=c["archived_rows"],
                f=c["archives_rewritten"],
                s=scrubbed,
                log=done.log_id,
            ),
            markup=False,
            soft_wrap=True,
        )


@privacy_app.command(
    "export",
    epilog="Exemples :\n\n  rumeur privacy export --author @jeanne_fictive > jeanne.json\n\n"
    "  rumeur privacy export --author jeanne_fictive --platform mastodon -o acces.json",
)
def export_cmd(
    author: AuthorOption,
    platform: PlatformOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Écrit le JSON ici (par défaut : sortie standard)."),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Tout ce qui est détenu sur une personne, en JSON (RGPD art. 15, demande d'accès)."""
    with open_workspace(project) as ws:
        data = ws.export_author(author, platform)
        proj = ws.project
    if output is None:
        emit_json(data)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=2) + "\n", "utf-8")
    tmp.replace(output)
    console.print(_MSG[proj.language]["written"].format(p=output), markup=False, soft_wrap=True)


@privacy_app.command(
    "log",
    epilog="Exemples :\n\n  rumeur privacy log\n\n  rumeur privacy log --operation erase --json",
)
def log_cmd(
    limit: Annotated[int, typer.Option(help="Nombre d'entrées récentes à afficher.")] = 50,
    operation: Annotated[
        str | None,
        typer.Option(help="Seulement cette opération (erase, export, register, retention)."),
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Le journal des opérations sur les données personnelles : quand, quoi, par qui, sur qui
    (une référence à clé, jamais un nom), et ce qui a été fait."""
    with open_workspace(project) as ws:
        rows = ws.privacy_log(limit=limit, operation=operation)
        proj = ws.project
    if json_:
        emit_json(rows)
        return
    if not rows:
        console.print(_MSG[proj.language]["empty"])
        return
    from zoneinfo import ZoneInfo

    tz, msg = ZoneInfo(proj.timezone), _MSG[proj.language]
    for r in rows:
        counts = ", ".join(f"{k}={v}" for k, v in r["counts"].items() if v)
        line = msg["line"].format(
            when=r["occurred_at"].astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            tz=proj.timezone,
            op=r["operation"],
            who=msg["subject"] + r["subject"] if r["subject"] else "",
            where=msg["platform"] + r["platform"] if r["platform"] else "",
            actor=r["actor"],
            counts=counts or "-",
        )
        console.print(line, markup=False, soft_wrap=True)


@privacy_app.command(
    "register",
    epilog="Exemples :\n\n  rumeur privacy register                 # registre-rgpd.md\n\n"
    "  rumeur privacy register -o docs/registre.md --lang en",
)
def register_cmd(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Par défaut : registre-rgpd.md dans le projet."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="fr ou en (par défaut : celle du projet).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Écrit le registre des activités de traitement (RGPD art. 30) à partir de rumeur.toml."""
    if lang is not None:
        from rumeur.workspace.choices import check

        check("--lang", lang, ("fr", "en"))
    with open_workspace(project) as ws:
        target = ws.privacy_register(output, lang=lang)
        proj = ws.project
    console.print(_MSG[proj.language]["written"].format(p=target), markup=False, soft_wrap=True)
