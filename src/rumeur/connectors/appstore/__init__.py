"""App Store Connect customer reviews (API key, ES256 JWT): client (:mod:`.client`),
token signing (:mod:`.auth`), payload types (:mod:`.payloads`), normaliser
(:mod:`.normalise`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.appstore.normalise import response_mention, review_mention

__all__ = ["AppStoreConnector", "response_mention", "review_mention"]


def __getattr__(name: str) -> Any:  # the client (httpx, PyJWT) only when used
    if name == "AppStoreConnector":
        from rumeur.connectors.appstore.client import AppStoreConnector

        return AppStoreConnector
    raise AttributeError(name)
