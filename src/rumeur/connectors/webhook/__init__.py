"""Webhook intake: signed JSON pushes (:mod:`.intake` verifies, :mod:`.normalise` reads,
:mod:`.server` serves), stored by the store's owner."""

from rumeur.connectors.webhook.intake import PushRefused, Verifier, sign
from rumeur.connectors.webhook.normalise import read_body
from rumeur.connectors.webhook.server import WebhookServer

__all__ = ["PushRefused", "Verifier", "WebhookServer", "read_body", "sign"]
