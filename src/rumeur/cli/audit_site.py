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
    epilog="Examples:\n\n  rumeur audit site https://www.example.fr\n\n"
    "  rumeur audit site example.fr --json --max-pages 60\n\n"
    "  rumeur audit site https://concurrent.example --no-browser --lang en",
)
def audit_site_cmd(
    url: Annotated[str, typer.Argument(help="The site's address (https:// is assumed).")],
    max_pages: Annotated[int, typer.Option(min=1, max=500, help="Pages read at most.")] = 40,
    depth: Annotated[int, typer.Option(min=0, max=10, help="Links followed from home.")] = 3,
    delay: Annotated[
        float, typer.Option(min=0.0, help="Seconds between two requests (robots.txt may ask more).")
    ] = 0.5,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Check consent in headless Chromium.")
    ] = True,
    accessibility: Annotated[
        str, typer.Option(help="auto (when the site sells online), required or skip.")
    ] = "auto",
    lang: Annotated[str | None, typer.Option(help="fr or en (default: the project's).")] = None,
    project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:
    """Audit a website's trust factors: legal notice, CGV, CGU, privacy and cookie
    policies, accessibility statement, contact, consent banner and trackers before
    consent, HTTPS and security headers. Each check comes with the sentence or element
    found as evidence. In a project, the audit is stored and compared with the last one."""
    from rumeur import config
    from rumeur.audits.site import CrawlOptions, SiteAuditOptions, audit_site
    from rumeur.audits.site.render import as_text
    from rumeur.workspace import Workspace

    if accessibility not in ("auto", "required", "skip"):
        raise typer.BadParameter(
            f"{accessibility!r}: expected auto, required or skip", param_hint="--accessibility"
        )
    proj = None
    try:
        proj = config.load(project if project is not None else config.find())
    except ConfigError:
        if project is not None:
            raise
    tz = proj.timezone if proj else "Europe/Paris"
    language = lang or (proj.language if proj else "fr")
    if language not in ("fr", "en"):
        raise typer.BadParameter(f"{language!r}: expected fr or en", param_hint="--lang")
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
