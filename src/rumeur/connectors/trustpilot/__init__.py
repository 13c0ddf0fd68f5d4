"""Trustpilot business-unit reviews (API key; OAuth for the private endpoint): client
(:mod:`.client`), payload types (:mod:`.payloads`), normaliser (:mod:`.normalise`)."""

from __future__ import annotations

from typing import Any

from rumeur.connectors.trustpilot.normalise import reply_row, review_row

__all__ = ["TrustpilotConnector", "reply_row", "review_row"]


def __getattr__(name: str) -> Any:  # the client (and httpx) only when used
    if name == "TrustpilotConnector":
        from rumeur.connectors.trustpilot.client import TrustpilotConnector

        return TrustpilotConnector
    raise AttributeError(name)
