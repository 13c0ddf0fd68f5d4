"""Rumeur's server: the HTTP API (and the dashboard) over the same Workspace as the CLI.

``rumeur serve --project DOSSIER`` runs it (uvicorn); :func:`create_app` builds the
FastAPI application for tests and for other ASGI servers. Users, roles, tokens and
sessions: :mod:`rumeur.server.accounts`; the dependencies every route uses:
:mod:`rumeur.server.auth`. See docs/server.md.
"""

from __future__ import annotations

from rumeur.server.app import create_app

__all__ = ["create_app"]
