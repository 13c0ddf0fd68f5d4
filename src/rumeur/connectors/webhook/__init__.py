"""Webhook intake: signed JSON pushes, verified and stored by the store's owner."""

from rumeur.connectors.webhook.intake import PushRefused, Verifier, read_body, sign
from rumeur.connectors.webhook.server import WebhookServer

__all__ = ["PushRefused", "Verifier", "WebhookServer", "read_body", "sign"]
