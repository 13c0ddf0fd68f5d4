"""The ``[privacy]`` section of ``rumeur.toml``.

.. code-block:: toml

    [privacy]
    pseudonymise_authors = false   # authors replaced by keyed pseudonyms at ingest
    redact_text = false            # e-mails, phones, IBANs, cards removed from texts
    controller = "Volta Mobile SAS, 1 rue de l'Exemple, 75000 Paris"   # for the register
    contact = "dpo@volta.example"
    dpo = "Délégué à la protection des données, dpo@volta.example"
    purpose = "Suivi de la réputation de nos marques sur les réseaux publics"
    legal_basis = "Intérêt légitime (art. 6.1.f RGPD)"
    recipients = ["Équipe communication", "Service client"]

Everything is optional; the register says "à compléter" where a field is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rumeur.config import CONFIG_NAME, Project
from rumeur.errors import ConfigError
from rumeur.messages import Text

_BOOLS = ("pseudonymise_authors", "redact_text")
_TEXTS = ("controller", "contact", "dpo", "purpose", "legal_basis")
_LISTS = ("recipients",)


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    pseudonymise_authors: bool = False
    redact_text: bool = False
    controller: str | None = None
    contact: str | None = None
    dpo: str | None = None
    purpose: str | None = None
    legal_basis: str | None = None
    recipients: tuple[str, ...] = ()


def settings(project: Project) -> PrivacySettings:
    """The project's privacy settings; a bad value is a ConfigError naming the key."""
    table: Any = project.extra.get("privacy") or {}
    path = project.root / CONFIG_NAME
    if not isinstance(table, Mapping):
        raise ConfigError(
            Text("doit être une table : [privacy]", "must be a table: [privacy]"),
            path=path,
            key="privacy",
        )
    known = {*_BOOLS, *_TEXTS, *_LISTS}
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"privacy.{key}"
        if key not in known:
            raise ConfigError(
                Text(
                    f"réglage de confidentialité inconnu ; attendu : {sorted(known)}",
                    f"unknown privacy setting; expected one of {sorted(known)}",
                ),
                path=path,
                key=where,
            )
        if key in _BOOLS and not isinstance(value, bool):
            raise ConfigError(
                Text(
                    f"doit valoir true ou false, pas {value!r}",
                    f"must be true or false, got {value!r}",
                ),
                path=path,
                key=where,
            )
        if key in _TEXTS and not (isinstance(value, str) and value.strip()):
            raise ConfigError(
                Text(
                    f"doit être un texte non vide, pas {value!r}",
                    f"must be a non-empty string, got {value!r}",
                ),
                path=path,
                key=where,
            )
        if key in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    Text(
                        f"doit être une liste de textes, pas {value!r}",
                        f"must be a list of strings, got {value!r}",
                    ),
                    path=path,
                    key=where,
                )
            value = tuple(value)
        values[key] = value.strip() if isinstance(value, str) else value
    return PrivacySettings(**values)


__all__ = ["PrivacySettings", "settings"]
