"""``[[sources]]`` settings of ``type = "google_business"``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class GoogleBusinessOptions(PagedOptions):
    """The reviews of the locations of one Business Profile account, with the owner's
    replies."""

    #: the account's id (``123456789012345678901`` or ``accounts/123...``)
    account_id: str
    #: the OAuth client (Google Cloud console) and the owner's refresh token
    client_id: str
    client_secret_env: str | None = None
    refresh_token_env: str | None = None
    #: only these locations (ids, ``locations/...`` accepted); default: every location
    #: the account lists
    location_ids: list[str] | None = None
    base_url: str = "https://mybusiness.googleapis.com/v4"
    locations_url: str = "https://mybusinessbusinessinformation.googleapis.com/v1"
    token_url: str = "https://oauth2.googleapis.com/token"
    #: reviews are re-read this far back on each pass (newest update first), to catch
    #: the owner's replies made after a review was first collected
    reply_window: Duration = 30 * 86400.0
    #: the handle stored as the author of the owner's replies (default: the location's
    #: title, e.g. "Fibrelia Lyon Part-Dieu"); list it in the brand's own_accounts
    own_handle: str | None = None
    max_pages: int = field(default=10, metadata={"min": 1})
