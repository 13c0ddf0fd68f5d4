"""``rumeur audit``: the brand's conduct and trust factors, with evidence."""

from __future__ import annotations

import typer

from rumeur.cli.app import app

audit_app = typer.Typer(
    help="Audits with evidence: the brand's website (site), and more to come.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")
