"""``[[sources]]`` settings of ``type = "appstore"``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import PagedOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class AppStoreOptions(PagedOptions):
    """The customer reviews of one app in App Store Connect, with the developer's
    responses, read with an App Store Connect API key (ES256 JWT)."""

    #: the app's Apple ID (App Store Connect > App Information > Apple ID), digits
    app_id: str
    #: the API key's issuer (Users and Access > Integrations > App Store Connect API)
    issuer_id: str
    #: the API key's id (the ``ABC123DEFG`` of ``AuthKey_ABC123DEFG.p8``)
    key_id: str
    #: path of the ``.p8`` private key file (or ``private_key_env``, or the secrets file)
    private_key_file: str | None = None
    private_key_env: str | None = None
    base_url: str = "https://api.appstoreconnect.apple.com"
    #: only the reviews of this territory (``FRA``, ``BEL``...: ISO 3166-1 alpha-3)
    territory: str | None = None
    #: read the developer responses (``include=response``)
    responses: bool = True
    #: the author handle of those responses (default ``appstore:<app_id>``): list it in
    #: the brand's ``own_accounts`` so they count as the brand's answers
    own_handle: str | None = None
    #: each pass re-reads the reviews of this last period, to pick up the responses
    #: written since (and edited reviews): they are stored when they appear
    revisit: Duration = 14 * 86400.0
    #: a token lives this long (Apple refuses more than 20 minutes)
    token_lifetime: Duration = field(default=1200.0, metadata={"min": 60})
    interval: Duration = 900.0
    max_pages: int = field(default=20, metadata={"min": 1})
