"""``rumeur audit site URL``: legal pages, their freshness, cookies before consent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from rumeur.cli._common import JsonOption, ProjectOption, console, emit_json, err_console
from rumeur.cli.audit import audit_app
from rumeur.errors import ConfigError


@audit_app.command(
    "site",
    epilog="Exemples :\n\n  rumeur audit site https://www.example.fr\n\n"
    "  rumeur audit site example.fr --json --max-pages 60\n\n"
    "  rumeur audit site https://concurrent.example --no-browser --lang en",
)
def audit_site_cmd(
    url: Annotated[str, typer.Argument(help="L'adresse du site (https:// par défaut).")],
    max_pages: Annotated[int, typer.Option(min=1, max=500, help="Pages lues au plus.")] = 40,
    depth: Annotated[int, typer.Option(min=0, max=10, help="Liens suivis depuis l'accueil.")] = 3,
    delay: Annotated[
        float,
        typer.Option(
            min=0.0, help="Secondes entre deux requêtes (robots.txt peut en demander plus)."
        ),
    ] = 0.5,
    browser: Annotated[
        bool,
        typer.Option(
            "--browser/--no-browser", help="Vérifie le consentement dans Chromium sans interface."
        ),
    ] = True,
    accessibility: Annotated[
        str, typer.Option(help="auto (si le site vend en ligne), required ou skip.")
    ] = "auto",
    lang: Annotated[
        str | None, typer.Option(help="fr ou en (par défaut : celle du projet).")
    ] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Audite les facteurs de confiance d'un site : mentions légales, CGV, CGU, politiques de
    confidentialité et de cookies, déclaration d'accessibilité, contact, bandeau de
    consentement et traceurs avant consentement, HTTPS et en-têtes de sécurité. Chaque
    vérification vient avec la phrase ou l'élément trouvé comme preuve. Dans un projet,
    l'audit est enregistré et comparé au précédent."""
    from rumeur import config
    from rumeur.audits.site import CrawlOptions, SiteAuditOptions, audit_site
    from rumeur.audits.site.render import as_text
    from rumeur.workspace import Workspace
    from rumeur.workspace.choices import check

    check("--accessibility", accessibility, ("auto", "required", "skip"))
    proj = None
    try:
        proj = config.load(project if project is not None else config.find())
    except ConfigError:
        if project is not None:
            raise
    tz = proj.timezone if proj else "Europe/Paris"
    language = lang or (proj.language if proj else "fr")
    check("--lang", language, ("fr", "en"))
    mode: Literal["auto", "required", "skip"] = accessibility  # type: ignore[assignment]
    opts = SiteAuditOptions(
        crawl=CrawlOptions(max_pages=max_pages, max_depth=depth, delay=delay),
        browser=browser,
        accessibility=mode,
        timezone=tz,
    )
    progress = None
    if not json_:

        def progress(page_url: str) -> None:
            err_console.print(f"lu : {page_url}", markup=False, highlight=False, style="dim")

    if proj is None:  # no project: audit and print, nothing to store it in
        audit = audit_site(url, opts, progress=progress)
    else:
        with Workspace(proj) as ws:
            audit = ws.audit_site(url, opts, progress=progress)
    if json_:
        emit_json(audit.to_dict())
        return
    console.print(as_text(audit, language, tz), markup=False, highlight=False)
    if proj is None:
        where = Path.cwd()
        console.print(
            (
                "\n(audit non enregistré : aucun projet rumeur.toml dans "
                if language == "fr"
                else "\n(audit not stored: no rumeur.toml project in "
            )
            + f"{where})",
            markup=False,
            style="dim",
        )
