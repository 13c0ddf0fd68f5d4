"""The part of :class:`~rumeur.workspace.Workspace` every use case shares: the project,
the store (opened on first use, in the mode the use case needs) and the reading of
user-given times in the project's time zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast

from rumeur import config
from rumeur.errors import StoreLockedError, UsageError
from rumeur.messages import Text

if TYPE_CHECKING:
    from rumeur.storage.base import Store

#: a time given by a caller: a datetime (aware, or naive = the project's zone), a string
#: the import's date reader understands ("2025-10-31", "31/10/2025 18:00"...), or None
TimeLike = datetime | str | None


class WorkspaceBase:
    """A project (``rumeur.toml``) and its store."""

    #: the mentions the authenticity audit of the whole store flags (computed on demand)
    _suspicious: frozenset[str] | None = None

    def __init__(self, project: config.Project, store: Store | None = None) -> None:
        self.project = project
        self._store: Store | None = store
        self._writable = store is not None and not getattr(store, "read_only", False)
        self._own_store = store is None

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, project: Path | str | None = None) -> Self:
        """The project in folder (or file) ``project``, else the nearest ``rumeur.toml``
        from the current folder up. The store is opened when first needed."""
        path = Path(project) if project is not None else config.find()
        return cls(config.load(path))

    @property
    def store(self) -> Store:
        """The project's store, open for writing (created and migrated if needed)."""
        return self.writer()

    def writer(self) -> Store:
        """The store, open for writing (reopened if it was open read-only)."""
        if self._store is not None and self._writable:
            return self._store
        self._close_store()
        from rumeur.storage import open_store

        try:
            self._store = open_store(self.project)
        except StoreLockedError as exc:
            from rumeur.storage.remote import read_runtime

            info = read_runtime(self.project)
            if info is None:
                raise
            raise StoreLockedError(
                Text(
                    f"le magasin {self.project.store_path} est tenu par rumeur serve "
                    f"({info['url']})",
                    f"the store {self.project.store_path} is held by rumeur serve ({info['url']})",
                ),
                hint=Text(
                    "les commandes de lecture passent par le serveur ; pour modifier le "
                    "magasin, passez par le serveur (son API ou son tableau de bord ; "
                    "rumeur serve --watch collecte), ou arrêtez-le",
                    "reading commands go through the server; to change the store, use the "
                    "server (its API or dashboard; rumeur serve --watch collects), or stop it",
                ),
            ) from exc
        self._writable = True
        return self._store

    def reader(self) -> Store:
        """The store for reading: read-only when the file exists (so several readers
        can share it), else a new empty store."""
        if self._store is not None:
            return self._store
        from rumeur.storage import open_store

        exists = self.project.store_path.exists()
        try:
            self._store = open_store(self.project, read_only=exists)
        except StoreLockedError:
            # `rumeur serve` holds the store: read through it (docs/server.md)
            from rumeur.storage.remote import served_store

            remote = served_store(self.project)
            if remote is None:
                raise
            self._store = cast("Store", remote)  # the reading half of the protocol
        self._writable = not exists
        return self._store

    def _close_store(self) -> None:
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None
            self._writable = False

    def close(self) -> None:
        """Close the store if this workspace opened it."""
        self._close_store()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading user input --------------------------------------------------------
    def time(self, value: TimeLike, option: str = "time") -> datetime | None:
        """``value`` as an aware datetime, read in the project's time zone when it
        carries none; a clear error names ``option`` when it cannot be read."""
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.tzinfo is None:
                from zoneinfo import ZoneInfo

                return value.replace(tzinfo=ZoneInfo(self.project.timezone))
            return value
        from rumeur.ingest.dates import parse_date

        parsed = parse_date(value, timezone=self.project.timezone)
        if parsed is None:
            raise UsageError(
                Text(
                    f"{option} : date illisible {value!r}",
                    f"{option}: unreadable date {value!r}",
                ),
                hint=Text(
                    "par exemple 2025-10-01, '2025-10-31 18:00' ou '31/10/2025 18:00' "
                    f"(heure de {self.project.timezone})",
                    "for example 2025-10-01, '2025-10-31 18:00' or '31/10/2025 18:00' "
                    f"({self.project.timezone} time)",
                ),
            )
        return parsed

    def check_brands(self, brands: Iterable[str], option: str = "--brand") -> tuple[str, ...]:
        """``brands`` if ``rumeur.toml`` declares them all, else a UsageError listing the
        brand ids it declares."""
        from rumeur.suggest import BRAND, listed, unknown

        known = [b.id for b in self.project.brands]
        for brand in brands:
            if brand not in known:
                toml = self.project.root / "rumeur.toml"
                raise UsageError(
                    unknown(BRAND, brand, known, option=option),
                    hint=listed(known, Text(f"marques de {toml}", f"brand ids in {toml}")),
                )
        return tuple(brands)

    def refresh_rollups(self) -> dict[str, int]:
        """Rebuild the pre-aggregated analytics tables (what dashboards read) from the
        mentions and their newest enrichments, with the authenticity audit's flags (key
        figures with and without suspicious mentions), and bring the search index up to
        date; returns the tables' row counts."""
        from rumeur.analytics import rollup

        store = self.writer()
        store.refresh_search_index()
        stored = rollup.fresh_flags(store)
        if stored is not None:
            # same mentions as at the last audit: its flags stand (enrichment alone does
            # not change what the authenticity audit reads)
            self._suspicious = frozenset(stored)
            return rollup.refresh(store, self._audience(), None)
        from rumeur.audits.authenticity import audit_store

        result = audit_store(store)
        flags = [(m.mention_id, m.score, m.campaign) for m in result.mentions]
        self._suspicious = frozenset(m for m, _, _ in flags)
        return rollup.refresh(store, self._audience(), flags)

    def _audience(self) -> Any:
        from rumeur.analytics.audience import from_project

        return from_project(self.project)
