"""Privacy by design (RGPD): erasure and access on request, keyed pseudonyms, redaction,
the log of privacy operations and the record of processing (art. 30).

Public API:

- :func:`erase_author` (art. 17) and :func:`export_author` (art. 15);
- :class:`IngestGuard`: what every import and collection does (erased people stay
  erased, pseudonyms, redaction), run by :class:`rumeur.ingest.Ingestor`;
- :func:`redact`: e-mails, French phone numbers, IBANs and card numbers out of a text;
- :func:`register`: the record of processing activities, from ``rumeur.toml``;
- :func:`log_entries`: the privacy operations log.

See docs/privacy.md.
"""

from __future__ import annotations

from rumeur.privacy.audit import entries as log_entries
from rumeur.privacy.erase import Erasure, erase_author
from rumeur.privacy.guard import IngestGuard
from rumeur.privacy.redact import redact
from rumeur.privacy.settings import PrivacySettings, settings

__all__ = [
    "Erasure",
    "IngestGuard",
    "PrivacySettings",
    "erase_author",
    "log_entries",
    "redact",
    "settings",
]
