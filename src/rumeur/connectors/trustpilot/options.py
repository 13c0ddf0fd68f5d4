"""``[[sources]]`` settings of ``type = "trustpilot"``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class TrustpilotOptions(PagedOptions):
    """The reviews of one business unit, newest first, with the company's replies."""

    business_unit_id: str
    base_url: str = "https://api.trustpilot.com/v1"
    #: "public": ``/business-units/{id}/reviews`` (API key only); "private":
    #: ``/private/business-units/{id}/reviews`` (an OAuth token of the business)
    endpoint: Literal["public", "private"] = "public"
    api_key_env: str | None = None
    #: private endpoint: the API secret, and how the token is obtained
    api_secret_env: str | None = None
    grant: Literal["client_credentials", "password"] = "client_credentials"
    #: grant = "password": a user of the Trustpilot Business account
    username: str | None = None
    password_env: str | None = None
    #: only reviews in this language (``fr``)
    language: str | None = None
    #: reviews are re-read this far back on each pass, to catch the company's replies
    #: (and edits) made after a review was first collected
    reply_window: Duration = 30 * 86400.0
    #: the handle stored as the author of the company's replies (default: the business
    #: unit's identifying name, e.g. ``fibrelia.fr``); list it in the brand's own_accounts
    own_handle: str | None = None
    max_pages: int = field(default=10, metadata={"min": 1})
