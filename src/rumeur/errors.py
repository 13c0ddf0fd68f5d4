"""Rumeur's exception tree: every error Rumeur raises on purpose is one of these.

    RumeurError                      base class; ``str(err)`` is the user-facing message
    ├── UsageError                   a value given on the command line (or to a Workspace
    │                                method) is not one Rumeur knows; lists the valid ones
    ├── ConfigError                  rumeur.toml is missing, unreadable or invalid
    │                                (carries ``path``, ``line`` and ``key`` when known)
    ├── StoreError                   the store cannot be opened, migrated or written
    │   └── StoreLockedError         another process holds the DuckDB file for writing
    ├── ImportFileError              a file cannot be imported at all (missing, unknown
    │                                format, no text column); single bad rows are never
    │                                raised: they go to the quarantine table
    ├── EnrichError                  an enricher failed on a whole batch
    ├── ModelError                   a shipped model file is missing or unusable
    └── ConnectorError               a source cannot be reached or refuses us
        └── CredentialsError         missing, expired or revoked credentials

Each message says what was wrong, where (file, line, field, source) and what to do.
The CLI prints the message and exits with :data:`EXIT_CODES` for the class.
"""

from __future__ import annotations

from pathlib import Path


class RumeurError(Exception):
    """Base class of every deliberate Rumeur error."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n  hint: {hint}")


class UsageError(RumeurError):
    """A value given by the caller (an option, a filter) is not a valid one."""

    exit_code = 2


class ConfigError(RumeurError):
    """The project file is missing or invalid."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.key = key
        where = []
        if path is not None:
            where.append(f"{path}" + (f":{line}" if line else ""))
        if key:
            where.append(f"key '{key}'")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message, hint=hint)


class StoreError(RumeurError):
    """The store cannot be opened, migrated or written."""

    exit_code = 4


class StoreLockedError(StoreError):
    """Another process holds the store for writing (DuckDB allows one writer)."""


class ImportFileError(RumeurError):
    """A whole file cannot be imported (bad rows are quarantined, not raised)."""

    exit_code = 5


class EnrichError(RumeurError):
    """An enricher failed on a batch."""

    exit_code = 6


class ModelError(RumeurError):
    """A shipped model file is missing or cannot be loaded."""

    exit_code = 6


class ConnectorError(RumeurError):
    """A source cannot be reached or refused the request."""

    exit_code = 7


class CredentialsError(ConnectorError):
    """Credentials are missing, expired or revoked."""


EXIT_CODES = {
    "ok": 0,
    "error": 1,
    "usage": UsageError.exit_code,
    "config": ConfigError.exit_code,
    "store": StoreError.exit_code,
    "import": ImportFileError.exit_code,
    "enrich": EnrichError.exit_code,
    "connector": ConnectorError.exit_code,
}

__all__ = [
    "EXIT_CODES",
    "ConfigError",
    "ConnectorError",
    "CredentialsError",
    "EnrichError",
    "ImportFileError",
    "ModelError",
    "RumeurError",
    "StoreError",
    "StoreLockedError",
    "UsageError",
]
