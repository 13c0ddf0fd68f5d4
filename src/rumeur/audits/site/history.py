"""Audits kept in the project's store, and what changed since the previous one.

A legal page's fingerprint is the SHA-256 of its text (white space collapsed), so a
change of markup, scripts or tokens is not a change. When a page's text changed and the
date it states did not, the change was *silent*: the public was not told that the terms
they agreed to moved. That is what the ``site`` alert rule raises.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from rumeur.audits.site.model import SiteAudit
from rumeur.storage.base import Store

_KIND_FR = {
    "legal_notice": "les mentions légales",
    "cgv": "les CGV",
    "cgu": "les CGU",
    "privacy": "la politique de confidentialité",
    "cookies": "la politique cookies",
    "accessibility": "la déclaration d'accessibilité",
}


def site_key(url: str) -> str:
    """The site an audit is about: its host without ``www.`` (and its port, if any)."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}:{parts.port}" if parts.port else host


def previous(store: Store, site: str) -> dict[str, Any] | None:
    """The newest stored audit of ``site``, as its JSON result."""
    rows = store.query(
        "SELECT result FROM site_audits WHERE site = ? ORDER BY checked_at DESC, id DESC LIMIT 1",
        [site],
    )
    if not rows:
        return None
    raw = rows[0]["result"]
    return json.loads(raw) if isinstance(raw, str) else raw


def history(store: Store, site: str, limit: int = 20) -> list[dict[str, Any]]:
    """The last audits of a site, newest first: when, score and changes."""
    rows = store.query(
        "SELECT id, checked_at, score, result FROM site_audits WHERE site = ? "
        "ORDER BY checked_at DESC, id DESC LIMIT ?",
        [site, limit],
    )
    out = []
    for r in rows:
        result = json.loads(r["result"]) if isinstance(r["result"], str) else r["result"]
        out.append(
            {
                "id": r["id"],
                "checked_at": r["checked_at"],
                "score": r["score"],
                "changes": result.get("changes", []),
            }
        )
    return out


def diff(before: dict[str, Any] | None, audit: SiteAudit) -> list[dict[str, Any]]:
    """What changed since ``before`` (a stored result): checks whose status moved, legal
    pages whose text changed (``silent`` when their stated date did not), pages gone."""
    if before is None:
        return []
    changes: list[dict[str, Any]] = []
    old_checks = {c["id"]: c["status"] for c in before.get("checks", [])}
    for c in audit.checks:
        was = old_checks.get(c.id)
        if was is not None and was != c.status:
            changes.append({"type": "check", "id": c.id, "before": was, "after": c.status})
    old_pages = {p["kind"]: p for p in before.get("pages", [])}
    for page in audit.pages:
        old = old_pages.pop(page.kind, None)
        if old is None or old["sha256"] == page.sha256:
            continue
        silent = old.get("updated") == page.updated
        what = _KIND_FR.get(page.kind, page.kind)
        changes.append(
            {
                "type": "page",
                "kind": page.kind,
                "url": page.url,
                "silent": silent,
                "before_updated": old.get("updated"),
                "after_updated": page.updated,
                "message": (
                    f"{what} ont changé sans nouvelle date de mise à jour"
                    if silent
                    else f"{what} ont été mises à jour ({old.get('updated')} → {page.updated})"
                ),
            }
        )
    for kind, old in old_pages.items():
        changes.append(
            {
                "type": "page_gone",
                "kind": kind,
                "url": old["url"],
                "silent": False,
                "message": f"{_KIND_FR.get(kind, kind)} ne sont plus trouvées",
            }
        )
    return changes


def record(store: Store, audit: SiteAudit) -> int:
    """Store an audit (after computing its changes against the previous one)."""
    site = site_key(audit.url)
    audit.changes = diff(previous(store, site), audit)
    with store.transaction():
        rows = store.query("SELECT coalesce(max(id), 0) + 1 AS n FROM site_audits")
        new_id = int(rows[0]["n"])
        store.execute(
            "INSERT INTO site_audits VALUES (?, ?, ?, ?, ?, ?)",
            [
                new_id,
                site,
                audit.url,
                audit.checked_at,
                round(audit.score, 1),
                json.dumps(audit.to_dict(), ensure_ascii=False),
            ],
        )
    return new_id


def silent_changes(store: Store) -> list[dict[str, Any]]:
    """Silent legal-page changes found by each site's latest audit (for the alert rule)."""
    rows = store.query(
        "SELECT site, url, checked_at, result FROM ("
        " SELECT *, row_number() OVER (PARTITION BY site ORDER BY checked_at DESC, id DESC) AS n"
        " FROM site_audits) WHERE n = 1"
    )
    out = []
    for r in rows:
        result = json.loads(r["result"]) if isinstance(r["result"], str) else r["result"]
        for ch in result.get("changes", []):
            if ch.get("silent") or ch.get("type") == "page_gone":
                out.append({"site": r["site"], "checked_at": r["checked_at"], **ch})
    return out


def sites(store: Store) -> list[dict[str, Any]]:
    """Every audited site: how many audits, the last one's time and score."""
    return store.query(
        "SELECT site, count(*) AS audits, max(checked_at) AS last_checked_at, "
        "arg_max(score, checked_at) AS last_score FROM site_audits GROUP BY site ORDER BY site"
    )
