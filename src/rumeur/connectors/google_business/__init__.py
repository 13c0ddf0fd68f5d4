"""Google Business Profile reviews of the brand's locations (the owner's OAuth
credentials): client (:mod:`.client`), payload types (:mod:`.payloads`), normaliser
(:mod:`.normalise`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.google_business.normalise import reply_row, review_row

__all__ = ["GoogleBusinessConnector", "reply_row", "review_row"]


def __getattr__(name: str) -> Any:  # the client (and httpx) only when used
    if name == "GoogleBusinessConnector":
        from rumeur.connectors.google_business.client import GoogleBusinessConnector

        return GoogleBusinessConnector
    raise AttributeError(name)
