"""Rumeur: self-hosted, French-first e-reputation and social listening.

The public API is small: :class:`Workspace` (a project and its store, one method per
use case: import, enrich, collect, metrics, report...), the records and the error tree.
The CLI (``rumeur``), the reports and the API are thin faces over the Workspace.
``import rumeur`` stays light: the Workspace and what it runs load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rumeur.errors import RumeurError

if TYPE_CHECKING:
    from rumeur.records import Author, Engagement, Mention, Source
    from rumeur.workspace import Workspace

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from rumeur.workspace import Workspace

        return Workspace
    if name in ("Author", "Engagement", "Mention", "Source"):
        from rumeur import records

        return getattr(records, name)
    raise AttributeError(f"module 'rumeur' has no attribute {name!r}")


__all__ = [
    "Author",
    "Engagement",
    "Mention",
    "RumeurError",
    "Source",
    "Workspace",
    "__version__",
]
