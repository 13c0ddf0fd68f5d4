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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from rumeur.messages import Text


class RumeurError(Exception):
    """Base class of every deliberate Rumeur error. ``message`` and ``hint`` may be a
    :class:`rumeur.messages.Text` (French and English): ``.message`` is then the French
    one, and :meth:`render` gives either."""

    exit_code = 1

    def __init__(self, message: str | Text, *, hint: str | Text | None = None) -> None:
        self._texts = (message, hint)
        self.message = str(message)
        self.hint = None if hint is None else str(hint)
        super().__init__(
            self.message if self.hint is None else f"{self.message}\n  hint: {self.hint}"
        )

    @property
    def texts(self) -> tuple[str | Text, str | Text | None]:
        """The message and hint as given (a Text keeps both languages), to raise them
        again as another class (``message, hint = err.texts``)."""
        return self._texts

    def render(self, lang: str) -> tuple[str, str | None]:
        """(message, hint) in ``lang`` where the error has both languages."""
        from rumeur.messages import of

        message, hint = self._texts
        return of(message, lang), None if hint is None else of(hint, lang)


class UsageError(RumeurError):
    """A value given by the caller (an option, a filter) is not a valid one."""

    exit_code = 2


class ScopeTooLargeError(UsageError):
    """An analysis that reads every mention of its scope into memory was asked for more
    rows than the project allows (``[analysis] max_rows``): ``rows`` against ``limit``;
    the selection's last ``days`` days (from ``since``) would hold about 90 % of it."""

    def __init__(
        self,
        message: str | Text,
        *,
        rows: int,
        limit: int,
        since: datetime,
        days: int,
        hint: str | Text | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.rows = rows
        self.limit = limit
        #: where a period of the selection's last ``days`` days, under the limit, starts
        self.since = since
        self.days = days


class ConfigError(RumeurError):
    """The project file is missing or invalid."""

    exit_code = 3

    def __init__(
        self,
        message: str | Text,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | Text | None = None,
    ) -> None:
        from rumeur.messages import Text, of

        self.path = Path(path) if path is not None else None
        self.line = line
        self.key = key

        def where(lang: str) -> str:
            parts = []
            if path is not None:
                parts.append(f"{path}" + (f":{line}" if line else ""))
            if key:
                parts.append(("key" if lang == "en" else "clé") + f" '{key}'")
            return (", ".join(parts) + (": " if lang == "en" else " : ")) if parts else ""

        full = Text(where("fr") + of(message, "fr"), where("en") + of(message, "en"))
        super().__init__(full, hint=hint)


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
