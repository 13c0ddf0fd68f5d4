"""``[[sources]]`` settings of ``type = "googleplay"``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration

#: Google Play lists only the reviews written or edited in the last 7 days
WINDOW = 7 * 86400.0


@dataclass(frozen=True, kw_only=True)
class GooglePlayOptions(PagedOptions):
    """The reviews of one Android app, read with a Google Cloud service account that
    the Play Console lets see the app's reviews."""

    #: the app's package name, e.g. ``fr.fibrelia.monespace``
    package_name: str
    #: path of the service account's JSON key (or ``service_account_env``, or the
    #: secrets file's ``service_account``)
    service_account_file: str | None = None
    service_account_env: str | None = None
    base_url: str = "https://androidpublisher.googleapis.com"
    #: where the token is asked for (default: the key's ``token_uri``)
    token_url: str | None = None
    #: translate the reviews into this language (``fr``); the original text is kept
    #: in ``extra.originalText``
    translation_language: str | None = None
    #: the author handle of the developer's replies (default ``googleplay:<package>``):
    #: list it in the brand's ``own_accounts`` so they count as the brand's answers
    own_handle: str | None = None
    #: each pass re-reads this last period, to pick up the replies written since and
    #: the edited reviews (default: all the API lists)
    revisit: Duration = WINDOW
    #: requests per hour allowed to this source (Google's default for reading reviews
    #: is 200 an hour per app)
    hourly_requests: int = field(default=200, metadata={"min": 1})
    #: the API keeps a week: poll well within it (hourly by default)
    interval: Duration = 3600.0
    since: Duration = WINDOW
