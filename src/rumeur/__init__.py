"""Rumeur: self-hosted, French-first e-reputation and social listening.

The public API is small: the records, the project file, the store and the pipeline
steps. The CLI (``rumeur``), the reports and the API are thin faces over it.
"""

from rumeur.errors import RumeurError
from rumeur.records import Author, Engagement, Mention, Source

__version__ = "0.1.0"

__all__ = ["Author", "Engagement", "Mention", "RumeurError", "Source", "__version__"]
