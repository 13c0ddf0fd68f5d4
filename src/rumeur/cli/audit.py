"""``rumeur audit ...``: audits with their evidence (``authenticity``; ``conduct`` and
``site`` attach beside it the same way)."""

from __future__ import annotations

from typing import Annotated

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    date_option,
    emit_json,
    load_project,
)
from rumeur.cli.app import app
from rumeur.errors import RumeurError
from rumeur.storage import open_store

audit_app = typer.Typer(
    help="Audits with their evidence: authenticity (fake praise, coordinated campaigns, "
    "review manipulation).",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")


@audit_app.command(
    "authenticity",
    epilog="Examples:\n\n  rumeur audit authenticity --brand nexa\n\n"
    "  rumeur audit authenticity --since 2025-09-01 --json > suspects.json",
)
def authenticity_cmd(
    brand: Annotated[list[str] | None, typer.Option("--brand", "-b", help="Brand id (repeatable).")]
    = None,
    since: Annotated[str | None, typer.Option(help="From this date (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (exclusive).")] = None,
    lang: Annotated[str | None, typer.Option(help="fr or en (default: the project's).")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Fake praise, coordinated campaigns, review bombing: suspicious mentions, accounts and
    campaigns above the default threshold, each with its reasons. ``--json`` prints one
    object {mentions, accounts, campaigns}."""
    from rumeur.audits.authenticity import audit_store
    from rumeur.audits.authenticity.summary import summary

    proj = load_project(project)
    known = {b.id for b in proj.brands}
    for b in brand or ():
        if known and b not in known:
            raise RumeurError(f"--brand : marque inconnue {b!r}",
                              hint="marques du projet : " + ", ".join(sorted(known)))  # fmt: skip
    with open_store(proj, read_only=proj.store_path.exists()) as store:
        result = audit_store(
            store,
            brands=tuple(brand or ()),
            since=date_option(since, proj.timezone, "--since"),
            until=date_option(until, proj.timezone, "--until"),
        )
    if json_:
        emit_json(result.to_dict())
        return
    console.print(summary(result, lang or proj.language, proj.timezone), markup=False)
