"""The project's privacy key and what is computed with it.

The key (32 random bytes, hex) lives in the project's secrets file, under ``[privacy]``
``key``: the file named by ``[secrets] file`` in ``rumeur.toml``, else ``secrets.toml``
beside it. It is created (mode 600) the first time it is needed: the first erasure, or
the first import with ``pseudonymise_authors = true``.

With it, Rumeur computes:

- the *digest* of an erased person's identifier (HMAC-SHA256): what the store keeps to
  recognise them at the next import or collection, without keeping who they were. A
  handle is hashed folded (no ``@``, case-insensitive) and for every platform; a platform
  account id is hashed with its platform (``137`` on Mastodon is not ``137`` elsewhere);
- the *pseudonym* of an author (``anon-`` and 12 hex digits of another HMAC): the same
  person always gets the same pseudonym, so analytics per author keep working.

Lose the key and erased people are no longer recognised, and pseudonyms change: back the
secrets file up with the store (and keep it out of version control).
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import tomllib
from collections.abc import Mapping, Sequence
from hashlib import sha256
from pathlib import Path

from rumeur.config import Project
from rumeur.errors import ConfigError
from rumeur.messages import Text

_HEX = re.compile(r"^[0-9a-f]{64}$")


def secrets_path(project: Project) -> Path:
    """The project's secrets file: ``[secrets] file``, else ``secrets.toml`` beside
    ``rumeur.toml``."""
    table = project.extra.get("secrets") or {}
    name = table.get("file") if isinstance(table, Mapping) else None
    path = Path(name or "secrets.toml")
    return path if path.is_absolute() else project.root / path


def fold_handle(handle: str) -> str:
    """A handle as Rumeur compares them: trimmed, no leading ``@``, lower-case (as SQL lower())."""
    return handle.strip().lstrip("@").strip().lower()


def load_key(project: Project, *, create: bool = False) -> bytes | None:
    """The project's privacy key; None if there is none and ``create`` is false."""
    path = secrets_path(project)
    data: dict[str, object] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:  # never echo it
            raise ConfigError(
                Text(
                    "le fichier des secrets n'est pas du TOML valide",
                    "secrets file is not valid TOML",
                ),
                path=path,
            ) from exc
    table = data.get("privacy")
    if isinstance(table, Mapping) and "key" in table:
        key = table["key"]
        if not isinstance(key, str) or not _HEX.match(key):
            raise ConfigError(
                Text(
                    "la clé de confidentialité doit faire 64 chiffres hexadécimaux",
                    "the privacy key must be 64 hexadecimal digits",
                ),
                path=path,
                key="privacy.key",
                hint=Text(
                    "restaurez-la depuis votre sauvegarde ; une nouvelle clé oublie qui a été "
                    "effacé",
                    "restore it from your backup; a new key forgets who was erased",
                ),
            )
        return bytes.fromhex(key)
    if not create:
        return None
    if table is not None:
        raise ConfigError(
            Text("la table [privacy] n'a pas de clé", "the [privacy] table has no key"),
            path=path,
            key="privacy.key",
            hint=Text(
                'ajoutez key = "<64 chiffres hexadécimaux>" (python -c "import secrets; '
                'print(secrets.token_hex(32))")',
                'add key = "<64 hex digits>" (python -c "import secrets; '
                'print(secrets.token_hex(32))")',
            ),
        )
    key_hex = secrets.token_hex(32)
    block = (
        "\n# Rumeur's privacy key: recognises erased people and makes pseudonyms.\n"
        "# Back it up with the store; losing it forgets who was erased.\n"
        f'[privacy]\nkey = "{key_hex}"\n'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(block)
    return bytes.fromhex(key_hex)


class Keyed:
    """Digests and pseudonyms computed with the project's key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, *parts: str) -> str:
        return hmac.new(self._key, "\x1f".join(parts).encode("utf-8"), sha256).hexdigest()

    def handle_digest(self, handle: str) -> str:
        return self._mac("handle", fold_handle(handle))

    def id_digest(self, platform: str, author_id: str) -> str:
        return self._mac("id", platform.strip().casefold(), author_id.strip())

    def pseudonym(self, kind: str, value: str) -> str:
        """``anon-`` + 12 hex digits; ``kind`` is "handle" or "id:<platform>"."""
        folded = fold_handle(value) if kind == "handle" else value.strip()
        return "anon-" + self._mac("pseudonym", kind, folded)[:12]

    def subject(self, handles: Sequence[str], platform: str | None) -> str:
        """The short keyed reference of a request's subject, for the privacy log."""
        folded = sorted({fold_handle(h) for h in handles})
        return self._mac("subject", *folded, platform or "*")[:16]


def project_keyed(project: Project, *, create: bool = False) -> Keyed | None:
    key = load_key(project, create=create)
    return Keyed(key) if key is not None else None


__all__ = ["Keyed", "fold_handle", "load_key", "project_keyed", "secrets_path"]
