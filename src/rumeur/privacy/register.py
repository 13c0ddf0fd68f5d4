"""The record of processing activities (registre des activités de traitement, RGPD
art. 30), generated from ``rumeur.toml``: ``rumeur privacy register``.

Each heading is one item of art. 30.1: controller and DPO (a), purposes (b), people and
data concerned (c), recipients (d), transfers (e), time limits (f), security (g); plus
the sources (art. 14: the data is not collected from the people themselves), the legal
basis and how rights are exercised. What the configuration does not say is written
"à compléter" (to be completed), and risky settings are flagged ("Points d'attention").
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from rumeur.config import Project
from rumeur.privacy.settings import settings

#: hosts a source type talks to when ``base_url`` is not set
_DEFAULT_HOSTS = {
    "bluesky": "bsky.social",
    "reddit": "oauth.reddit.com",
    "youtube": "www.googleapis.com",
}

_T: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Registre des activités de traitement (RGPD, art. 30)",
        "generated": "Généré par `rumeur privacy register` le {d} à partir de `rumeur.toml` "
        "(projet « {p} »). Ne pas éditer à la main : modifier la configuration et régénérer.",
        "todo": "à compléter ([privacy] {k} dans rumeur.toml)",
        "a": "1. Responsable du traitement et délégué à la protection des données",
        "controller": "Responsable du traitement",
        "contact": "Contact",
        "dpo": "DPO",
        "b": "2. Finalité et base légale",
        "purpose_default": "Suivi de la réputation des marques {b} dans les publications "
        "publiques (veille, e-réputation, alertes)",
        "purpose": "Finalité",
        "basis": "Base légale",
        "c": "3. Personnes concernées et catégories de données",
        "people": "Personnes concernées : auteurs de publications publiques qui citent les "
        "marques suivies ou y répondent ; comptes officiels des marques.",
        "data": "Données : identifiant public (pseudonyme, @handle), identifiant de compte, "
        "nom affiché, nombre d'abonnés, texte et titre des publications, date, lien, "
        "interactions (j'aime, partages, réponses, vues), note d'un avis ; données dérivées "
        "(langue, tonalité, émotions, thèmes, audience estimée).",
        "no_sensitive": "Aucune catégorie particulière (art. 9) n'est recherchée ; des "
        "textes publics peuvent en révéler incidemment.",
        "pseudo_on": "Pseudonymisation des auteurs à la collecte : **activée** (clé HMAC "
        "dans le fichier de secrets ; le même auteur garde le même pseudonyme).",
        "pseudo_off": "Pseudonymisation des auteurs à la collecte : désactivée "
        "([privacy] pseudonymise_authors).",
        "redact_on": "Masquage des e-mails, téléphones, IBAN et numéros de carte dans les "
        "textes : **activé**.",
        "redact_off": "Masquage des e-mails, téléphones, IBAN et cartes dans les textes : "
        "désactivé ([privacy] redact_text).",
        "sources": "4. Sources des données (art. 14)",
        "file_import": "Fichiers importés à la main (`rumeur import`) : exports d'autres "
        "outils, avis clients.",
        "no_source": "Aucune source de collecte automatique configurée.",
        "d": "5. Destinataires",
        "recipients": "Destinataires internes",
        "channels": "Canaux d'alerte",
        "no_channel": "aucun canal d'alerte configuré",
        "e": "6. Transferts hors de l'Union européenne",
        "transfers": "Rumeur fonctionne en local : aucune donnée n'est envoyée à un tiers. "
        "Les connecteurs interrogent les hôtes suivants pour collecter : {h}. Les alertes "
        "partent vers : {a}. Vérifier pour chacun la localisation et les garanties.",
        "none": "aucun",
        "f": "7. Durées de conservation",
        "days": "{n} jours",
        "forever": "sans limite (0)",
        "mentions": "Mentions, enrichissements et tables agrégées (analytics_*)",
        "raw": "Éléments bruts et fichiers archivés (`rumeur.duckdb.raw/`)",
        "quarantine": "Lignes en quarantaine",
        "keep_note": "Appliquées par `rumeur retention` (à planifier, p. ex. chaque nuit). "
        "Les empreintes des personnes effacées (HMAC, sans nom) et le journal des "
        "opérations de confidentialité sont conservés pour prouver et maintenir "
        "l'effacement.",
        "g": "8. Mesures de sécurité",
        "security": [
            "Base DuckDB et archives locales, sur la machine de l'organisation ; "
            "sauvegarder avec le fichier de secrets.",
            "Secrets (jetons d'API, clé de confidentialité) hors de rumeur.toml, dans un "
            "fichier de secrets (droits 600) ou des variables d'environnement.",
            "Connexions TLS vérifiées ; aucun téléchargement à l'exécution.",
            "Personnes effacées mémorisées par empreinte HMAC : une réimportation ou une "
            "nouvelle collecte ne les fait pas revenir.",
            "Journal des opérations de confidentialité (`rumeur privacy log`).",
        ],
        "rights": "9. Exercice des droits",
        "rights_text": "Accès (art. 15) : `rumeur privacy export --author HANDLE` ; "
        "effacement (art. 17) : `rumeur privacy erase --author HANDLE` ; "
        "opposition (art. 21) : même commande. Contact : {c}.",
        "warn": "Points d'attention",
        "warn_raw": "La pseudonymisation ou le masquage s'appliquent aux mentions ; les "
        "originaux restent dans les éléments bruts et archives sans limite de durée : "
        "fixer [retention] raw_days.",
        "warn_mentions": "Aucune durée de conservation des mentions ([retention] "
        "mentions_days = 0) : fixer une durée proportionnée à la finalité.",
        "warn_contact": "Aucun contact pour l'exercice des droits ([privacy] contact).",
    },
    "en": {
        "title": "Record of processing activities (GDPR art. 30)",
        "generated": "Generated by `rumeur privacy register` on {d} from `rumeur.toml` "
        "(project “{p}”). Do not edit by hand: change the configuration and regenerate.",
        "todo": "to be completed ([privacy] {k} in rumeur.toml)",
        "a": "1. Controller and data protection officer",
        "controller": "Controller",
        "contact": "Contact",
        "dpo": "DPO",
        "b": "2. Purpose and legal basis",
        "purpose_default": "Monitoring the reputation of the brands {b} in public posts "
        "(listening, e-reputation, alerts)",
        "purpose": "Purpose",
        "basis": "Legal basis",
        "c": "3. People and categories of data",
        "people": "People: authors of public posts that name or answer the brands "
        "followed; the brands' own accounts.",
        "data": "Data: public handle, account id, display name, follower count, text and "
        "title of posts, date, link, engagement (likes, shares, replies, views), review "
        "rating; derived data (language, sentiment, emotions, aspects, estimated reach).",
        "no_sensitive": "No special category (art. 9) is sought; public texts may reveal "
        "some incidentally.",
        "pseudo_on": "Keyed pseudonymisation of authors at ingest: **on** (HMAC key in "
        "the secrets file; the same author keeps the same pseudonym).",
        "pseudo_off": "Pseudonymisation of authors at ingest: off "
        "([privacy] pseudonymise_authors).",
        "redact_on": "Redaction of e-mails, phones, IBANs and card numbers in texts: **on**.",
        "redact_off": "Redaction of e-mails, phones, IBANs and cards in texts: off "
        "([privacy] redact_text).",
        "sources": "4. Sources (art. 14)",
        "file_import": "Files imported by hand (`rumeur import`): exports of other tools, "
        "customer reviews.",
        "no_source": "No automatic collection source configured.",
        "d": "5. Recipients",
        "recipients": "Internal recipients",
        "channels": "Alert channels",
        "no_channel": "no alert channel configured",
        "e": "6. Transfers outside the European Union",
        "transfers": "Rumeur runs locally: no data is sent to a third party. Connectors "
        "query these hosts to collect: {h}. Alerts go to: {a}. Check each one's location "
        "and safeguards.",
        "none": "none",
        "f": "7. Time limits",
        "days": "{n} days",
        "forever": "no limit (0)",
        "mentions": "Mentions, enrichments and aggregated tables (analytics_*)",
        "raw": "Raw items and archived files (`rumeur.duckdb.raw/`)",
        "quarantine": "Quarantined rows",
        "keep_note": "Applied by `rumeur retention` (schedule it, e.g. nightly). The "
        "digests of erased people (HMAC, no name) and the privacy operations log are kept "
        "to prove and maintain the erasure.",
        "g": "8. Security measures",
        "security": [
            "DuckDB store and archives kept locally, on the organisation's machine; back "
            "them up with the secrets file.",
            "Secrets (API tokens, privacy key) outside rumeur.toml, in a secrets file "
            "(mode 600) or environment variables.",
            "TLS verified; nothing downloaded at run time.",
            "Erased people remembered by HMAC digest: a re-import or a new collection "
            "does not bring them back.",
            "Log of privacy operations (`rumeur privacy log`).",
        ],
        "rights": "9. Exercising rights",
        "rights_text": "Access (art. 15): `rumeur privacy export --author HANDLE`; erasure "
        "(art. 17): `rumeur privacy erase --author HANDLE`; objection (art. 21): same "
        "command. Contact: {c}.",
        "warn": "Points to check",
        "warn_raw": "Pseudonymisation or redaction apply to mentions; the originals stay "
        "in raw items and archives with no time limit: set [retention] raw_days.",
        "warn_mentions": "No retention limit for mentions ([retention] mentions_days = 0): "
        "set one proportionate to the purpose.",
        "warn_contact": "No contact for exercising rights ([privacy] contact).",
    },
}


def _host(url: Any) -> str | None:
    if not isinstance(url, str) or "//" not in url:
        return None
    return urlsplit(url).hostname


def _source_hosts(project: Project) -> list[str]:
    hosts: set[str] = set()
    for s in project.sources:
        urls = [s.options.get(k) for k in ("base_url", "url", "feed")]
        feeds = s.options.get("feeds")
        if isinstance(feeds, list):
            urls += feeds
        found = [h for h in map(_host, urls) if h]
        if not found and s.type in _DEFAULT_HOSTS:
            found = [_DEFAULT_HOSTS[s.type]]
        hosts.update(found)
    return sorted(hosts)


def _alert_channels(project: Project) -> list[tuple[str, str, str | None]]:
    raw = project.extra.get("alerts")
    if not raw:
        return []
    from rumeur.alerts.rules import parse

    out = []
    for c in parse(raw, project.root / "rumeur.toml").channels:
        host = _host(c.options.get("url")) or c.options.get("host") or c.options.get("smtp_host")
        out.append((c.name, c.type, str(host) if host else None))
    return out


def register(project: Project, *, generated: date | None = None, lang: str | None = None) -> str:
    """The register as Markdown, in the project's language (or ``lang``)."""
    t = _T[lang or project.language]
    s = settings(project)
    r = project.retention
    d = (generated or date.today()).isoformat()
    todo = t["todo"]
    brands = ", ".join(b.name for b in project.brands) or "—"
    channels = _alert_channels(project)

    def days(n: int) -> str:
        return t["days"].format(n=n) if n else t["forever"]

    lines = [f"# {t['title']}", "", t["generated"].format(d=d, p=project.name), ""]
    sep = ":" if (lang or project.language) == "en" else " :"
    lines += [f"## {t['a']}", ""]
    for key in ("controller", "contact", "dpo"):
        lines.append(f"- {t[key]}{sep} {getattr(s, key) or todo.format(k=key)}")
    lines += ["", f"## {t['b']}", ""]
    lines.append(f"- {t['purpose']}{sep} {s.purpose or t['purpose_default'].format(b=brands)}")
    lines.append(f"- {t['basis']}{sep} {s.legal_basis or todo.format(k='legal_basis')}")
    lines += [
        "",
        f"## {t['c']}",
        "",
        f"- {t['people']}",
        f"- {t['data']}",
        f"- {t['no_sensitive']}",
        f"- {t['pseudo_on'] if s.pseudonymise_authors else t['pseudo_off']}",
        f"- {t['redact_on'] if s.redact_text else t['redact_off']}",
    ]
    lines += ["", f"## {t['sources']}", ""]
    if project.sources:
        for src in project.sources:
            hosts = ", ".join(_source_hosts(_only(project, src.name)))
            lines.append(f"- `{src.name}` ({src.type})" + (f"{sep} {hosts}" if hosts else ""))
    else:
        lines.append(f"- {t['no_source']}")
    lines.append(f"- {t['file_import']}")
    lines += ["", f"## {t['d']}", ""]
    lines.append(
        f"- {t['recipients']}{sep} "
        f"{', '.join(s.recipients) if s.recipients else todo.format(k='recipients')}"
    )
    chan = ", ".join(f"{n} ({ty}{', ' + h if h else ''})" for n, ty, h in channels)
    lines.append(f"- {t['channels']}{sep} {chan or t['no_channel']}")
    alert_hosts = sorted({h for _n, _t, h in channels if h})
    lines += [
        "",
        f"## {t['e']}",
        "",
        t["transfers"].format(
            h=", ".join(_source_hosts(project)) or t["none"], a=", ".join(alert_hosts) or t["none"]
        ),
    ]
    lines += [
        "",
        f"## {t['f']}",
        "",
        f"- {t['mentions']}{sep} {days(r.mentions_days)}",
        f"- {t['raw']}{sep} {days(r.raw_days)}",
        f"- {t['quarantine']}{sep} {days(r.quarantine_days)}",
        "",
        t["keep_note"],
    ]
    lines += ["", f"## {t['g']}", "", *(f"- {m}" for m in t["security"])]
    lines += [
        "",
        f"## {t['rights']}",
        "",
        t["rights_text"].format(c=s.contact or todo.format(k="contact")),
    ]
    warnings = []
    if (s.pseudonymise_authors or s.redact_text) and not r.raw_days:
        warnings.append(t["warn_raw"])
    if not r.mentions_days:
        warnings.append(t["warn_mentions"])
    if not s.contact:
        warnings.append(t["warn_contact"])
    if warnings:
        lines += ["", f"## {t['warn']}", "", *(f"- {w}" for w in warnings)]
    return "\n".join(lines) + "\n"


def _only(project: Project, name: str) -> Project:
    from dataclasses import replace

    return replace(project, sources=tuple(x for x in project.sources if x.name == name))


__all__ = ["register"]
