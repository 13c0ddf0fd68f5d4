"""Alerts: rules in rumeur.toml, evaluation over the store, de-duplicated delivery by
e-mail and signed webhooks, digests. See :mod:`rumeur.alerts.rules` for the settings.

The names below are imported when first used: reading the rules (as loading rumeur.toml
does) must not load the analytics the engine needs.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "DeliveryError": "rumeur.alerts.channels",
    "send": "rumeur.alerts.channels",
    "sign": "rumeur.alerts.channels",
    "verify_signature": "rumeur.alerts.channels",
    "Alert": "rumeur.alerts.engine",
    "digest": "rumeur.alerts.engine",
    "dispatch": "rumeur.alerts.engine",
    "evaluate": "rumeur.alerts.engine",
    "AlertSettings": "rumeur.alerts.rules",
    "Channel": "rumeur.alerts.rules",
    "Rule": "rumeur.alerts.rules",
    "from_project": "rumeur.alerts.rules",
    "parse": "rumeur.alerts.rules",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
