"""Google Play reviews (service account, OAuth 2.0 JWT-bearer): client
(:mod:`.client`), token exchange (:mod:`.auth`), payload types (:mod:`.payloads`),
normaliser (:mod:`.normalise`). The API lists the last seven days only."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.googleplay.normalise import reply_mention, review_mention

__all__ = ["GooglePlayConnector", "reply_mention", "review_mention"]


def __getattr__(name: str) -> Any:  # the client (httpx, PyJWT) only when used
    if name == "GooglePlayConnector":
        from rumeur.connectors.googleplay.client import GooglePlayConnector

        return GooglePlayConnector
    raise AttributeError(name)
