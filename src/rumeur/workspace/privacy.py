"""The privacy use cases of :class:`~rumeur.workspace.Workspace` (RGPD): erasure and
access on request, the privacy log, the record of processing. See docs/privacy.md."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rumeur.workspace._base import WorkspaceBase

if TYPE_CHECKING:
    from rumeur.privacy.erase import Erasure


class PrivacyMixin(WorkspaceBase):
    def erase_author(
        self, authors: Sequence[str] | str, platform: str | None = None, *, dry_run: bool = False
    ) -> Erasure:
        """Erase the person known by ``authors`` (a handle, or several identifiers of the
        same person) everywhere in the store and its archives, or on ``platform`` only,
        and keep them out of later imports and collections (art. 17)."""
        from rumeur.privacy.erase import erase_author

        return erase_author(self.writer(), self.project, authors, platform, dry_run=dry_run)

    def export_author(
        self, authors: Sequence[str] | str, platform: str | None = None
    ) -> dict[str, Any]:
        """Everything held about the person, as a JSON-ready dict (art. 15); logged."""
        from rumeur.privacy.export import export_author

        return export_author(self.writer(), self.project, authors, platform)

    def privacy_log(
        self, *, limit: int = 100, operation: str | None = None
    ) -> list[dict[str, Any]]:
        """The privacy operations log, newest first."""
        from rumeur.privacy.audit import entries

        return entries(self.reader(), limit=limit, operation=operation)

    def privacy_register(self, output: Path | None = None, *, lang: str | None = None) -> Path:
        """Write the record of processing activities (art. 30) generated from
        ``rumeur.toml`` (default: ``registre-rgpd.md`` in the project); logged."""
        from rumeur.privacy import audit
        from rumeur.privacy.register import register

        text = register(self.project, lang=lang)
        target = output or self.project.root / "registre-rgpd.md"
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        store = self.writer()
        with store.transaction():
            audit.record(store, "register", note=target.name)
        return target
