"""Alerts: rules in rumeur.toml, evaluation over the store, de-duplicated delivery by
e-mail and signed webhooks, digests. See :mod:`rumeur.alerts.rules` for the settings."""

from rumeur.alerts.channels import DeliveryError, send, sign, verify_signature
from rumeur.alerts.engine import Alert, digest, dispatch, evaluate
from rumeur.alerts.rules import AlertSettings, Channel, Rule, from_project, parse

__all__ = [
    "Alert",
    "AlertSettings",
    "Channel",
    "DeliveryError",
    "Rule",
    "digest",
    "dispatch",
    "evaluate",
    "from_project",
    "parse",
    "send",
    "sign",
    "verify_signature",
]
